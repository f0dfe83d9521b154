package dev.jitrl.api;

/** Whether the host managed to execute a step's action. */
public enum StepStatus {
  /** The action ran (whether or not it helped). */
  EXECUTED,
  /** The action could not be carried out (element gone, not clickable, navigation error). */
  FAILED
}
