package dev.jitrl.api;

import java.util.List;

/**
 * Everything a plugin may look at when it rewrites the policy's distribution for one step.
 *
 * @param episodeId the id of the running episode (the same id the finished {@link Episode} will carry)
 * @param goal the task goal
 * @param observation the current page
 * @param history the steps taken so far in this episode, oldest first
 */
public record DecisionContext(String episodeId, TaskGoal goal, Observation observation, List<Step> history) {
  public DecisionContext {
    Checks.notBlank(episodeId, "episodeId");
    Checks.notNull(goal, "goal");
    Checks.notNull(observation, "observation");
    history = List.copyOf(Checks.notNull(history, "history"));
  }

  /** The index the next step will have. */
  public int stepIndex() {
    return history.size();
  }
}
