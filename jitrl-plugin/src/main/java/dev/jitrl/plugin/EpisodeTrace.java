package dev.jitrl.plugin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the plugin saw and did in one running episode: per step the candidates' normalized actions, and the step
 * at which it deviated from memory's and the policy's choice to try an untried action (at most one per episode).
 * The post-run hook reads it to place the blame of a failure (see {@link CulpritLocator}).
 */
final class EpisodeTrace {
  private final Map<Integer, List<String>> candidates = new ConcurrentHashMap<>();
  private volatile int deviationStep = -1;

  /** Records the normalized candidate actions of a step. */
  void candidates(int step, List<String> texts) {
    candidates.put(step, List.copyOf(texts));
  }

  /** The candidates of a step, or null if the plugin did not see that step. */
  List<String> candidatesAt(int step) {
    return candidates.get(step);
  }

  /** Claims the episode's one deviation for {@code step}; false if another step already has it. */
  synchronized boolean deviateAt(int step) {
    if (deviationStep >= 0 && deviationStep != step) {
      return false;
    }
    deviationStep = step;
    return true;
  }

  /**
   * Gives the deviation back when its action changed nothing on the page (a link to the page itself): a try that
   * did nothing is no try, and the next step may deviate again.
   */
  synchronized void refund(int step) {
    if (deviationStep == step) {
      deviationStep = -1;
    }
  }

  boolean hasDeviated() {
    return deviationStep >= 0;
  }

  /** The step of the deviation, or -1. */
  int deviationStep() {
    return deviationStep;
  }
}
