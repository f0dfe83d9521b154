package dev.jitrl.host.agent;

import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import java.util.Optional;

/**
 * The caller's judgement of an episode, checked by the environment (server state, final page), never by the
 * agent's claim. Called after every step (a {@link dev.jitrl.api.OutcomeStatus#SUCCESS} ends the episode
 * early) and once at the end.
 */
@FunctionalInterface
public interface SuccessCondition {

  /**
   * @param page the page now
   * @param answer the agent's answer, once it has given one
   */
  Outcome check(Observation page, Optional<String> answer);

  /** No checker: the outcome is unknown. */
  static SuccessCondition none() {
    return (page, answer) -> Outcome.unknown("no success check for this task");
  }
}
