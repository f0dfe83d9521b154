package dev.jitrl.host.act;

import java.util.Objects;
import java.util.Optional;

/**
 * What came of executing one action.
 *
 * @param executed whether the action was carried out
 * @param error a short message when it was not
 * @param answer the agent's answer, for an {@code answer} action (which ends the episode)
 */
public record ActionResult(boolean executed, Optional<String> error, Optional<String> answer) {
  public ActionResult {
    Objects.requireNonNull(error, "error must not be null");
    Objects.requireNonNull(answer, "answer must not be null");
  }

  public static ActionResult done() {
    return new ActionResult(true, Optional.empty(), Optional.empty());
  }

  public static ActionResult answered(String text) {
    return new ActionResult(true, Optional.empty(), Optional.of(text));
  }

  public static ActionResult failed(String message) {
    return new ActionResult(false, Optional.of(message), Optional.empty());
  }

  /** Whether the action ends the episode. */
  public boolean endsEpisode() {
    return answer.isPresent();
  }
}
