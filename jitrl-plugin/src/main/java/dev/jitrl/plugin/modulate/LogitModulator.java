package dev.jitrl.plugin.modulate;

/**
 * The policy update of DESIGN.md §2.6: {@code z'(s,a) = z(s,a) + beta·A(s,a)}, then softmax.
 *
 * <p>{@code softmax(z + beta·A)} is the exact maximiser of {@code E_pi[A] - (1/beta)·KL(pi || pi_0)} over
 * distributions pi, with {@code pi_0 = softmax(z)}: beta is the trust-region knob, and beta = 0 returns the
 * frozen policy.
 */
public final class LogitModulator {
  private final double beta;

  public LogitModulator(double beta) {
    this.beta = beta;
  }

  public double beta() {
    return beta;
  }

  /** {@code z + beta·A}, element-wise. */
  public double[] modulate(double[] logits, double[] advantages) {
    if (logits.length != advantages.length) {
      throw new IllegalArgumentException(logits.length + " logits but " + advantages.length + " advantages");
    }
    double[] out = new double[logits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = logits[i] + beta * advantages[i];
    }
    return out;
  }

  /** Numerically stable softmax. */
  public static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double z : logits) {
      max = Math.max(max, z);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** Index of the largest value; the first one on ties. */
  public static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
