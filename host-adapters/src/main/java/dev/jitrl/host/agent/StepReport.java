package dev.jitrl.host.agent;

import dev.jitrl.api.Explanation;
import dev.jitrl.api.Replay;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import java.util.List;
import java.util.Optional;

/**
 * What the agent did in one step, for printing.
 *
 * @param step the recorded step
 * @param selection the distribution the host acted on
 * @param changedBy the explanation of the plugin that changed the policy's choice, if one did
 * @param fallbacks why plugins were ignored in this step (one line per plugin; empty when none was)
 * @param replay the plugin's replay when memory decided the step without the policy
 */
public record StepReport(Step step, Selection selection, Optional<Explanation> changedBy, List<String> fallbacks,
    Optional<Replay> replay) {
  public StepReport {
    fallbacks = List.copyOf(fallbacks);
    java.util.Objects.requireNonNull(replay, "replay must not be null");
  }

  /** A step the policy decided. */
  public StepReport(Step step, Selection selection, Optional<Explanation> changedBy, List<String> fallbacks) {
    this(step, selection, changedBy, fallbacks, Optional.empty());
  }
}
