package dev.jitrl.host.model;

import java.util.List;

/**
 * A model's log-probabilities over numbered options.
 *
 * @param logProbs one finite value per option (option {@code i+1} at index {@code i}); their exponentials sum
 *     to 1 up to rounding
 * @param method how they were obtained: {@code logit-gap} (in-process llama.cpp), {@code logprobs} (an HTTP
 *     endpoint's token log-probabilities) or {@code verbalized} (confidences the model wrote out)
 * @param promptTokens tokens read (0 when unknown)
 * @param completionTokens tokens generated (0 when unknown)
 */
public record OptionScores(List<Double> logProbs, String method, int promptTokens, int completionTokens) {
  /** Log-probabilities are floored here so that no option is impossible and every logit stays finite. */
  public static final double FLOOR = -20.0;

  public OptionScores {
    logProbs = List.copyOf(logProbs);
    if (logProbs.isEmpty()) {
      throw new IllegalArgumentException("logProbs must not be empty");
    }
    for (double v : logProbs) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("logProbs must be finite but contain " + v);
      }
    }
  }

  /**
   * Normalizes scores (unnormalized log-weights, {@code NaN} or {@code -Infinity} for "no evidence") into
   * floored log-probabilities.
   *
   * @throws IllegalArgumentException if no score is finite
   */
  public static List<Double> normalize(double[] logWeights) {
    double max = Double.NEGATIVE_INFINITY;
    for (double w : logWeights) {
      if (Double.isFinite(w)) {
        max = Math.max(max, w);
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("no option has a finite score");
    }
    double sum = 0;
    for (double w : logWeights) {
      if (Double.isFinite(w)) {
        sum += Math.exp(w - max);
      }
    }
    double logZ = max + Math.log(sum);
    Double[] out = new Double[logWeights.length];
    for (int i = 0; i < logWeights.length; i++) {
      double w = logWeights[i];
      out[i] = Double.isFinite(w) ? Math.max(FLOOR, w - logZ) : FLOOR;
    }
    return List.of(out);
  }

  /** The index (0-based) of the most likely option; the first among equals. */
  public int best() {
    int best = 0;
    for (int i = 1; i < logProbs.size(); i++) {
      if (logProbs.get(i) > logProbs.get(best)) {
        best = i;
      }
    }
    return best;
  }
}
