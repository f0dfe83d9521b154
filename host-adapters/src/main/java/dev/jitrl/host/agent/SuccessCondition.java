package dev.jitrl.host.agent;

import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import java.util.Optional;

/**
 * The caller's judgement of an episode, checked by the environment (server state, final page), never by the
 * agent's claim. Called after every step (a {@link dev.jitrl.api.OutcomeStatus#SUCCESS} ends the episode
 * early) and once at the end. An environment whose episodes can end without success (a MiniWoB++ task ends
 * at the first wrong click) says so through {@link #ended()}: the agent then stops and keeps the check's
 * outcome.
 */
@FunctionalInterface
public interface SuccessCondition {

  /**
   * @param page the page now
   * @param answer the agent's answer, once it has given one
   */
  Outcome check(Observation page, Optional<String> answer);

  /** Whether the environment has ended the episode by itself, whatever the outcome; asked after every step. */
  default boolean ended() {
    return false;
  }

  /** {@code check}, with the episode over as soon as {@code ended} says so. */
  static SuccessCondition endingWhen(SuccessCondition check, java.util.function.BooleanSupplier ended) {
    return new SuccessCondition() {
      @Override
      public Outcome check(Observation page, Optional<String> answer) {
        return check.check(page, answer);
      }

      @Override
      public boolean ended() {
        return ended.getAsBoolean();
      }
    };
  }

  /** No checker: the outcome is unknown. */
  static SuccessCondition none() {
    return (page, answer) -> Outcome.unknown("no success check for this task");
  }
}
