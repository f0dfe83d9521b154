package dev.jitrl.api;

/**
 * How an episode ended.
 *
 * @param status success, failure or unknown, as checked by the environment, never by the agent's claim
 * @param reward the environment's reward, if it gives one (0 otherwise); finite
 * @param reason a short explanation ("order #12 has status shipped", "max steps reached")
 */
public record Outcome(OutcomeStatus status, double reward, String reason) {
  public Outcome {
    Checks.notNull(status, "status");
    Checks.finite(reward, "reward");
    Checks.notNull(reason, "reason");
  }

  public static Outcome success(String reason) {
    return new Outcome(OutcomeStatus.SUCCESS, 1.0, reason);
  }

  public static Outcome failure(String reason) {
    return new Outcome(OutcomeStatus.FAILURE, 0.0, reason);
  }

  public static Outcome unknown(String reason) {
    return new Outcome(OutcomeStatus.UNKNOWN, 0.0, reason);
  }
}
