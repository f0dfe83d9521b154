package dev.jitrl.api;

/** What the environment says about an episode. */
public enum OutcomeStatus {
  /** The task was done, as checked by the environment (server state, final page). */
  SUCCESS,
  /** The task was not done. */
  FAILURE,
  /** The environment cannot tell (no checker); judges rely on their own reading. */
  UNKNOWN
}
