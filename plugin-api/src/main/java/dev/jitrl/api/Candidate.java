package dev.jitrl.api;

/**
 * A candidate action with the policy's logit for it.
 *
 * @param action the action
 * @param logit the unnormalized log-probability the policy gives the action; must be finite (hosts clamp or
 *     drop non-finite values before asking plugins)
 * @param source who proposed it
 */
public record Candidate(Action action, double logit, CandidateSource source) {
  public Candidate {
    Checks.notNull(action, "action");
    Checks.finite(logit, "logit");
    Checks.notNull(source, "source");
  }

  public static Candidate fromPolicy(Action action, double logit) {
    return new Candidate(action, logit, CandidateSource.POLICY);
  }
}
