package dev.jitrl.host.agent;

import dev.jitrl.api.TaskGoal;
import java.util.Map;
import java.util.Objects;

/**
 * One episode to run.
 *
 * @param taskId the task's id (tagged on the episode)
 * @param goal what the agent must do
 * @param startUrl where the episode starts
 * @param maxSteps the step budget, &gt; 0
 * @param tags extra episode tags (the agent adds {@code policy}, {@code task} and {@code mode})
 * @param startHook called once the start page has loaded; gives the goal the agent works on
 */
public record EpisodeRequest(
    String taskId, TaskGoal goal, String startUrl, int maxSteps, Map<String, String> tags, StartHook startHook) {
  public EpisodeRequest {
    Objects.requireNonNull(taskId, "taskId must not be null");
    Objects.requireNonNull(goal, "goal must not be null");
    Objects.requireNonNull(startUrl, "startUrl must not be null");
    if (maxSteps <= 0) {
      throw new IllegalArgumentException("maxSteps must be > 0 but was " + maxSteps);
    }
    tags = Map.copyOf(Objects.requireNonNull(tags, "tags must not be null"));
    Objects.requireNonNull(startHook, "startHook must not be null");
  }

  /** A request whose goal is known before the start page loads. */
  public EpisodeRequest(String taskId, TaskGoal goal, String startUrl, int maxSteps, Map<String, String> tags) {
    this(taskId, goal, startUrl, maxSteps, tags, StartHook.none());
  }
}
