package dev.jitrl.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The result of action selection: the full (possibly modulated) distribution and the chosen candidate.
 *
 * @param chosen the candidate the host should execute; one of {@code distribution}'s candidates
 * @param distribution every candidate with its final logit and probability; never empty
 * @param explanation why
 */
public record Selection(Candidate chosen, List<ScoredCandidate> distribution, Explanation explanation) {
  public Selection {
    Checks.notNull(chosen, "chosen");
    distribution = List.copyOf(Checks.notNull(distribution, "distribution"));
    Checks.notNull(explanation, "explanation");
    if (distribution.isEmpty()) {
      throw new IllegalArgumentException("distribution must not be empty");
    }
    if (distribution.stream().noneMatch(s -> s.candidate().equals(chosen))) {
      throw new IllegalArgumentException("chosen candidate is not in the distribution");
    }
  }

  /**
   * The host's own distribution, unchanged: softmax of the candidates' logits, argmax chosen (first one on
   * ties). This is what a plugin returns when it cannot do better.
   *
   * @throws IllegalArgumentException if there are no candidates
   */
  public static Selection unchanged(List<Candidate> candidates, Explanation explanation) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates must not be empty");
    }
    double max = candidates.stream().mapToDouble(Candidate::logit).max().orElseThrow();
    double sum = 0;
    double[] w = new double[candidates.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.exp(candidates.get(i).logit() - max);
      sum += w[i];
    }
    List<ScoredCandidate> scored = new ArrayList<>(w.length);
    for (int i = 0; i < w.length; i++) {
      Candidate c = candidates.get(i);
      scored.add(new ScoredCandidate(c, c.logit(), w[i] / sum));
    }
    Candidate best = candidates.stream().max(Comparator.comparingDouble(Candidate::logit)).orElseThrow();
    for (Candidate c : candidates) {
      if (c.logit() == best.logit()) {
        best = c;
        break;
      }
    }
    return new Selection(best, scored, explanation);
  }

  /** The probability of the chosen candidate. */
  public double chosenProbability() {
    return distribution.stream()
        .filter(s -> s.candidate().equals(chosen))
        .mapToDouble(ScoredCandidate::probability)
        .findFirst()
        .orElse(0);
  }
}
