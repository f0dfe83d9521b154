package dev.jitrl.plugin.modulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Closed-form properties of {@code pi' = softmax(z + beta·A)} with {@code pi_0 = softmax(z)}, each over
 * {@value #CASES} generated cases (hand-rolled generator, fixed seeds).
 */
class LogitModulatorPropertiesTest {
  private static final int CASES = 2000;
  private static final double[] BETA_GRID = {0, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 8, 13, 20};

  /** One generated case: 2..9 candidates, logits in [-10, 10], advantages in [-1, 1], beta in [0, 10]. */
  private record Case(double[] z, double[] a, double beta) {}

  private static Case generate(SplittableRandom r) {
    int n = r.nextInt(2, 10);
    double[] z = new double[n];
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = r.nextDouble(-10, 10);
      a[i] = r.nextInt(5) == 0 ? 0.0 : r.nextDouble(-1, 1); // zeros are common in practice (unknown Q)
    }
    return new Case(z, a, r.nextDouble(0, 10));
  }

  private static double[] policy(Case c, double beta) {
    return LogitModulator.softmax(new LogitModulator(beta).modulate(c.z(), c.a()));
  }

  private static double kl(double[] p, double[] q) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        s += p[i] * Math.log(p[i] / q[i]);
      }
    }
    return s;
  }

  @Test
  void modulate_betaZero_distributionUnchanged() {
    SplittableRandom r = new SplittableRandom(1);
    for (int t = 0; t < CASES; t++) {
      Case c = generate(r);
      double[] z2 = new LogitModulator(0).modulate(c.z(), c.a());
      assertArrayEquals(c.z(), z2, 0.0, "case " + t);
      assertArrayEquals(LogitModulator.softmax(c.z()), LogitModulator.softmax(z2), 0.0, "case " + t);
    }
  }

  @Test
  void softmax_modulated_proportionalToPriorTimesExpBetaA() {
    SplittableRandom r = new SplittableRandom(2);
    for (int t = 0; t < CASES; t++) {
      Case c = generate(r);
      double[] p0 = LogitModulator.softmax(c.z());
      double[] p = policy(c, c.beta());
      // ratios: p_i / p_j == (p0_i / p0_j) · exp(beta·(A_i − A_j)), compared in log space
      for (int i = 0; i < p.length; i++) {
        for (int j = 0; j < p.length; j++) {
          double lhs = Math.log(p[i]) - Math.log(p[j]);
          double rhs = Math.log(p0[i]) - Math.log(p0[j]) + c.beta() * (c.a()[i] - c.a()[j]);
          assertEquals(rhs, lhs, 1e-9 * (1 + Math.abs(rhs)), "case " + t + " pair " + i + "," + j);
        }
      }
      // and directly: p == normalize(p0 · exp(beta·A))
      double[] w = new double[p.length];
      double sum = 0;
      for (int i = 0; i < w.length; i++) {
        w[i] = p0[i] * Math.exp(c.beta() * c.a()[i]);
        sum += w[i];
      }
      for (int i = 0; i < w.length; i++) {
        assertEquals(w[i] / sum, p[i], 1e-12, "case " + t);
      }
    }
  }

  @Test
  void softmax_modulated_klToPriorNonDecreasingInBeta() {
    // d/dbeta KL(pi_beta || pi_0) = beta · Var_{pi_beta}(A) >= 0
    SplittableRandom r = new SplittableRandom(3);
    for (int t = 0; t < CASES; t++) {
      Case c = generate(r);
      double[] p0 = LogitModulator.softmax(c.z());
      double previous = -1;
      for (double beta : BETA_GRID) {
        double d = kl(policy(c, beta), p0);
        assertTrue(d >= previous - 1e-12, "case " + t + ": KL fell from " + previous + " to " + d + " at beta " + beta);
        previous = d;
      }
      assertEquals(0.0, kl(policy(c, 0), p0), 1e-15);
    }
  }

  /*
   * Which candidates can lose probability? With p_i(beta) = softmax(z + beta·A)_i,
   *   d p_i / d beta = p_i · (A_i − E_{p(beta)}[A]).
   * A candidate with A_i >= max_j A_j has A_i >= E_p[A] for every beta, so its probability never decreases.
   * "A_i > 0 never loses" is FALSE in general: if another candidate has a larger advantage, E_p[A] can exceed
   * A_i as beta grows (see modulate_positiveButNotLargestAdvantage_canLoseProbability). It does hold when the
   * advantages are arranged so that only one candidate has A > 0 and all others have A <= 0, because that
   * candidate is then the argmax of A. Symmetrically, the candidate with the smallest advantage never gains.
   */
  @Test
  void softmax_modulated_largestAdvantageNeverLosesAndSmallestNeverGains() {
    SplittableRandom r = new SplittableRandom(4);
    for (int t = 0; t < CASES; t++) {
      Case c = generate(r);
      int best = LogitModulator.argmax(c.a());
      int worst = 0;
      for (int i = 1; i < c.a().length; i++) {
        if (c.a()[i] < c.a()[worst]) {
          worst = i;
        }
      }
      double prevBest = -1;
      double prevWorst = 2;
      for (double beta : BETA_GRID) {
        double[] p = policy(c, beta);
        assertTrue(p[best] >= prevBest - 1e-12, "case " + t + " beta " + beta);
        assertTrue(p[worst] <= prevWorst + 1e-12, "case " + t + " beta " + beta);
        prevBest = p[best];
        prevWorst = p[worst];
      }
    }
  }

  @Test
  void softmax_modulated_onlyPositiveAdvantageNeverLoses() {
    SplittableRandom r = new SplittableRandom(5);
    for (int t = 0; t < CASES; t++) {
      Case c = generate(r);
      int lucky = r.nextInt(c.a().length);
      double[] a = new double[c.a().length];
      for (int i = 0; i < a.length; i++) {
        a[i] = i == lucky ? r.nextDouble(1e-6, 1) : -r.nextDouble(0, 1) * (r.nextBoolean() ? 1 : 0);
      }
      double[] p0 = LogitModulator.softmax(c.z());
      double[] p = LogitModulator.softmax(new LogitModulator(c.beta()).modulate(c.z(), a));
      assertTrue(p[lucky] >= p0[lucky] - 1e-15, "case " + t);
    }
  }

  @Test
  void modulate_positiveButNotLargestAdvantage_canLoseProbability() {
    double[] z = {0, 0};
    double[] a = {0.1, 1.0};
    double before = LogitModulator.softmax(z)[0];
    double after = LogitModulator.softmax(new LogitModulator(2).modulate(z, a))[0];
    assertEquals(0.5, before, 1e-15);
    assertEquals(1 / (1 + Math.exp(1.8)), after, 1e-12);
    assertTrue(after < before);
  }

  @Test
  void softmax_generated_sumsToOneAndNonNegative() {
    SplittableRandom r = new SplittableRandom(6);
    for (int t = 0; t < CASES; t++) {
      Case c = generate(r);
      double[] p = policy(c, c.beta());
      double sum = 0;
      for (double x : p) {
        assertTrue(x >= 0 && x <= 1, "case " + t);
        sum += x;
      }
      assertEquals(1.0, sum, 1e-12, "case " + t);
    }
  }

  @Test
  void softmax_hugeLogits_stable() {
    double[] p = LogitModulator.softmax(new double[] {1e6, -1e6, 1e6 - 1});
    for (double x : p) {
      assertTrue(Double.isFinite(x));
    }
    assertEquals(1.0, p[0] + p[1] + p[2], 1e-15);
    assertEquals(0.0, p[1]);
    assertEquals(Math.E, p[0] / p[2], 1e-12);

    double[] uniform = LogitModulator.softmax(new double[] {-1e6, -1e6, -1e6, -1e6});
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, uniform, 0.0);

    double[] modulated = LogitModulator.softmax(new LogitModulator(100).modulate(new double[] {1e6, 1e6}, new double[] {-1, 1}));
    assertEquals(1.0, modulated[1], 0.0);
    assertEquals(0.0, modulated[0], 1e-80);
  }

  @Test
  void argmax_ties_firstIndex() {
    assertEquals(1, LogitModulator.argmax(new double[] {0, 3, 3, 1}));
    assertEquals(0, LogitModulator.argmax(new double[] {2}));
  }

  @Test
  void modulate_lengthMismatch_throws() {
    assertThrows(IllegalArgumentException.class, () -> new LogitModulator(1).modulate(new double[2], new double[3]));
  }
}
