package dev.jitrl.api;

import java.util.Optional;

/**
 * One step of an episode: what the agent saw, what it did and what came of it.
 *
 * @param index position in the episode, from 0
 * @param observation the page before the action
 * @param action the action executed (or attempted)
 * @param status whether the action could be executed
 * @param error the host's error message when {@code status} is {@link StepStatus#FAILED}
 * @param result the page after the action
 * @param chosenBy who chose the action: {@code "policy"}, or the id of the plugin whose selection the host
 *     followed
 */
public record Step(
    int index,
    Observation observation,
    Action action,
    StepStatus status,
    Optional<String> error,
    Observation result,
    String chosenBy) {
  public Step {
    Checks.nonNegative(index, "index");
    Checks.notNull(observation, "observation");
    Checks.notNull(action, "action");
    Checks.notNull(status, "status");
    Checks.notNull(error, "error");
    Checks.notNull(result, "result");
    Checks.notBlank(chosenBy, "chosenBy");
  }
}
