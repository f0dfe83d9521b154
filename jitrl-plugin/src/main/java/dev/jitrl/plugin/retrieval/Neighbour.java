package dev.jitrl.plugin.retrieval;

import dev.jitrl.plugin.state.NormalizedAction;

/**
 * A remembered step similar to the current one.
 *
 * @param stepId the stored step's id
 * @param action what was done there
 * @param ret the return that followed
 * @param similarity {@code 0.7·J(context) + 0.3·J(goal)}
 * @param goalSimilarity {@code J(goal)}
 * @param episode the step's episode, as the index knows it (a compact id; equal for steps of one episode)
 * @param goal the goal of the step's episode ("" when not known)
 */
public record Neighbour(long stepId, NormalizedAction action, double ret, double similarity, double goalSimilarity,
    long episode, String goal) {
  public Neighbour {
    java.util.Objects.requireNonNull(goal, "goal");
  }

  /** A neighbour whose goal is not known. */
  public Neighbour(
      long stepId, NormalizedAction action, double ret, double similarity, double goalSimilarity, long episode) {
    this(stepId, action, ret, similarity, goalSimilarity, episode, "");
  }

  /** A neighbour that is an episode of its own. */
  public Neighbour(long stepId, NormalizedAction action, double ret, double similarity, double goalSimilarity) {
    this(stepId, action, ret, similarity, goalSimilarity, -stepId - 1);
  }
}
