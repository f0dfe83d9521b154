package dev.jitrl.plugin.judge;

import dev.jitrl.api.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns step rewards into returns (DESIGN.md §2.7): a known environment outcome overrides the last step's
 * reward (success: a large positive reward, failure: a large negative one), then
 * {@code G_t = Σ_u gamma^u · r_{t+u}}.
 */
public final class Returns {
  /**
   * The return of a step of a failed run taken before the step that takes the blame, when the judge did not mark
   * it down: the path to the state where the next run should try something else. Small and positive, so that the
   * next run follows that path again and reaches the blamed state (a backtracking search replays its prefix), and
   * below any success's return (success reward discounted over a run), which is what {@link #SUCCESS_EVIDENCE}
   * separates.
   */
  public static final double PATH_CREDIT = 1.0;

  /** A remembered return above this comes from a successful run (not from {@link #PATH_CREDIT}). */
  public static final double SUCCESS_EVIDENCE = PATH_CREDIT;

  /** Whether a stored return is a path credit (above 0, at most {@link #SUCCESS_EVIDENCE}), not a success's. */
  public static boolean isPathCredit(double ret) {
    return ret > 0 && ret <= SUCCESS_EVIDENCE;
  }
  private final double gamma;
  private final double successReward;
  private final double failureReward;

  public Returns(double gamma, double successReward, double failureReward) {
    this.gamma = gamma;
    this.successReward = successReward;
    this.failureReward = failureReward;
  }

  /** The rewards with the outcome applied to the last one; intermediate rewards are clamped to [-3, 3]. */
  public List<StepReward> applyOutcome(List<StepReward> rewards, Outcome outcome) {
    List<StepReward> out = new ArrayList<>(rewards.size());
    for (StepReward r : rewards) {
      out.add(new StepReward(StepReward.clamp(r.reward()), r.reason()));
    }
    if (!out.isEmpty()) {
      int last = out.size() - 1;
      switch (outcome.status()) {
        case SUCCESS -> out.set(last, new StepReward(successReward, "task succeeded: " + outcome.reason()));
        case FAILURE -> out.set(last, new StepReward(failureReward, "task failed: " + outcome.reason()));
        case UNKNOWN -> { }
      }
    }
    return out;
  }

  /**
   * Returns of a failed episode whose failure is blamed on some steps (the culprit and the steps of the branch it
   * led into): a blamed step carries the failure reward on top of its discounted judge rewards, undiscounted; the
   * other steps keep their discounted judge rewards, capped at 0 (a failed run teaches nothing good). The failure is not discounted back to the steps before the culprit: with the outcome on the last
   * step, every earlier step looked as bad as the mistake, and exploration changed the first step instead of the
   * wrong one.
   *
   * @param rewards the judge's rewards, clamped to [-3, 3], without the outcome applied
   * @param blamed which steps carry the failure
   */
  public double[] blamed(List<StepReward> rewards, boolean[] blamed) {
    int first = 0;
    while (first < blamed.length && !blamed[first]) {
      first++;
    }
    return blamed(rewards, blamed, first);
  }

  /**
   * As {@link #blamed(List, boolean[])}, with the path credit on the unblamed steps before {@code culprit} (the step
   * the failure is placed on; a detour blamed before it does not cut the path to it).
   */
  public double[] blamed(List<StepReward> rewards, boolean[] blamed, int culprit) {
    if (blamed.length != rewards.size()) {
      throw new IllegalArgumentException(blamed.length + " blame flags for " + rewards.size() + " steps");
    }
    double[] g = new double[rewards.size()];
    double acc = 0;
    for (int t = rewards.size() - 1; t >= 0; t--) {
      acc = StepReward.clamp(rewards.get(t).reward()) + gamma * acc;
      g[t] = blamed[t] ? acc + failureReward : Math.min(0, acc);
    }
    for (int t = 0; t < Math.min(culprit, rewards.size()); t++) {
      if (!blamed[t] && rewards.get(t).reward() >= 0) {
        g[t] = PATH_CREDIT;
      }
    }
    return g;
  }

  /** Discounted returns, one per reward. */
  public double[] discount(List<StepReward> rewards) {
    double[] g = new double[rewards.size()];
    double acc = 0;
    for (int t = rewards.size() - 1; t >= 0; t--) {
      acc = rewards.get(t).reward() + gamma * acc;
      g[t] = acc;
    }
    return g;
  }
}
