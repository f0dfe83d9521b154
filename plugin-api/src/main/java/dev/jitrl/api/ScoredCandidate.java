package dev.jitrl.api;

/**
 * A candidate in a selection's distribution.
 *
 * @param candidate the candidate as proposed (its {@link Candidate#logit()} is the prior logit)
 * @param logit the logit after the plugin's modulation (equal to the prior when nothing changed)
 * @param probability softmax of {@code logit} over the whole distribution, in [0, 1]
 */
public record ScoredCandidate(Candidate candidate, double logit, double probability) {
  public ScoredCandidate {
    Checks.notNull(candidate, "candidate");
    Checks.finite(logit, "logit");
    if (!(probability >= 0.0 && probability <= 1.0)) {
      throw new IllegalArgumentException("probability must be in [0, 1] but was " + probability);
    }
  }
}
