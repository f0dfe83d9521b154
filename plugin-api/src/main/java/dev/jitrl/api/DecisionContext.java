package dev.jitrl.api;

import java.util.List;

/**
 * Everything a plugin may look at when it rewrites the policy's distribution for one step.
 *
 * @param episodeId the id of the running episode (the same id the finished {@link Episode} will carry)
 * @param goal the task goal
 * @param observation the current page
 * @param history the steps taken so far in this episode, oldest first
 * @param instance the host's name for the task instance this episode runs, when it knows one ("" otherwise): runs
 *     with the same instance are repeats of one task; runs with the same goal text but other instances are other
 *     tasks (a board game, a card table or a drawing whose goal reads the same every time while the page differs in
 *     what the observation cannot show). Without it, the goal's text alone tells instances apart.
 */
public record DecisionContext(String episodeId, TaskGoal goal, Observation observation, List<Step> history,
    String instance) {
  public DecisionContext {
    Checks.notBlank(episodeId, "episodeId");
    Checks.notNull(goal, "goal");
    Checks.notNull(observation, "observation");
    history = List.copyOf(Checks.notNull(history, "history"));
    Checks.notNull(instance, "instance");
  }

  /** A context whose host names no task instance: the goal's text tells instances apart. */
  public DecisionContext(String episodeId, TaskGoal goal, Observation observation, List<Step> history) {
    this(episodeId, goal, observation, history, "");
  }

  /** The index the next step will have. */
  public int stepIndex() {
    return history.size();
  }
}
