package dev.jitrl.host.bench;

import java.util.Objects;

/**
 * A task of a benchmark suite, as the bench needs it.
 *
 * @param id the task's id
 * @param goal the goal given to the agent
 * @param maxSteps the step budget, &gt; 0
 */
public record BenchTask(String id, String goal, int maxSteps) {
  public BenchTask {
    Objects.requireNonNull(id, "id must not be null");
    Objects.requireNonNull(goal, "goal must not be null");
    if (maxSteps <= 0) {
      throw new IllegalArgumentException("maxSteps must be > 0 but was " + maxSteps);
    }
  }
}
