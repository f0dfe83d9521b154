package dev.jitrl.plugin.estimate;

/**
 * Decides whether an unseen action gets the optimistic value. Deterministic for a given seed, episode, step
 * and action, so that runs can be replayed, and free of shared mutable state.
 */
public final class ExplorationCoin {
  private final long seed;

  public ExplorationCoin(long seed) {
    this.seed = seed;
  }

  /** True with probability {@code lambda} (always when {@code lambda >= 1}, never when {@code <= 0}). */
  public boolean flip(double lambda, String episodeId, int stepIndex, String action) {
    if (lambda >= 1.0) {
      return true;
    }
    if (lambda <= 0.0) {
      return false;
    }
    long h = mix(seed ^ mix(episodeId.hashCode() * 0x9E3779B97F4A7C15L + stepIndex) ^ action.hashCode());
    double u = (h >>> 11) * 0x1.0p-53;
    return u < lambda;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
