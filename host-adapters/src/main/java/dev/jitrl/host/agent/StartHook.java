package dev.jitrl.host.agent;

import dev.jitrl.api.TaskGoal;

/**
 * What the environment does once an episode's start page has loaded and before the agent first looks at it
 * (MiniWoB++: seed the page's random generator and start the episode). It returns the goal the agent is
 * given, which an environment may read from the page itself.
 */
@FunctionalInterface
public interface StartHook {

  /**
   * @param goal the goal the episode was requested with
   * @return the goal the agent works on (often {@code goal} itself)
   * @throws RuntimeException when the episode cannot start; the episode then fails with that reason
   */
  TaskGoal onStartPage(TaskGoal goal);

  /** Nothing to do: the requested goal stands. */
  static StartHook none() {
    return goal -> goal;
  }
}
