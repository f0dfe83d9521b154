package dev.jitrl.plugin.judge;

import java.util.Objects;

/**
 * A judge's score for one step.
 *
 * @param reward in [-3, +3] (usefulness × certainty; 0 = unsure or no effect), except on a last step that
 *     carries the environment's outcome
 * @param reason why, in a few words
 */
public record StepReward(double reward, String reason) {
  public StepReward {
    Objects.requireNonNull(reason, "reason");
    if (!Double.isFinite(reward)) {
      throw new IllegalArgumentException("reward must be finite but was " + reward);
    }
  }

  public static double clamp(double r) {
    return Math.max(-3.0, Math.min(3.0, r));
  }
}
