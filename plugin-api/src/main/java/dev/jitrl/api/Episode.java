package dev.jitrl.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A finished run of the agent on one task.
 *
 * @param id the host's unique id for the run (also passed in every {@link DecisionContext} of the run)
 * @param goal the task goal
 * @param steps the steps in order; {@code steps.get(i).index() == i}
 * @param outcome how it ended
 * @param startedAt when the first observation was taken
 * @param endedAt when the outcome was known
 * @param tags free-form labels the host attaches (policy name, task id, seed); may be empty; {@link #INSTANCE_TAG}
 *     names the task instance, as {@link DecisionContext#instance()} did during the run
 */
public record Episode(
    String id,
    TaskGoal goal,
    List<Step> steps,
    Outcome outcome,
    Instant startedAt,
    Instant endedAt,
    Map<String, String> tags) {
  /** The tag that names the run's task instance (see {@link DecisionContext#instance()}). */
  public static final String INSTANCE_TAG = "instance";

  public Episode {
    Checks.notBlank(id, "id");
    Checks.notNull(goal, "goal");
    steps = List.copyOf(Checks.notNull(steps, "steps"));
    Checks.notNull(outcome, "outcome");
    Checks.notNull(startedAt, "startedAt");
    Checks.notNull(endedAt, "endedAt");
    tags = Map.copyOf(Checks.notNull(tags, "tags"));
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).index() != i) {
        throw new IllegalArgumentException("step " + i + " has index " + steps.get(i).index());
      }
    }
  }

  /** The task instance the host named for this run ("" when it named none). */
  public String instance() {
    return tags.getOrDefault(INSTANCE_TAG, "");
  }
}
