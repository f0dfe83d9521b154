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

  private final Map<Integer, double[]> priors = new ConcurrentHashMap<>();

  /** Records the normalized candidate actions of a step and the policy's probability of each (same order). */
  void candidates(int step, List<String> texts, double[] policyProbabilities) {
    candidates.put(step, List.copyOf(texts));
    priors.put(step, policyProbabilities.clone());
  }

  /** The policy's probability of the action {@code text} at a step, or NaN if not known. */
  double policyProbability(int step, String text) {
    List<String> texts = candidates.get(step);
    double[] p = priors.get(step);
    if (texts == null || p == null) {
      return Double.NaN;
    }
    int i = texts.indexOf(text);
    return i >= 0 && i < p.length ? p[i] : Double.NaN;
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

  private final java.util.Set<Integer> deadEnds = ConcurrentHashMap.newKeySet();

  /**
   * Gives the deviation back because it changed nothing, or led round and back to its page: a dead end,
   * remembered as a failed try (the post-run hook blames it) so that later runs do not take it for a way out.
   */
  synchronized void deadEnd(int step) {
    if (deviationStep == step) {
      deviationStep = -1;
      deadEnds.add(step);
    }
  }

  /** The steps whose deviation was a dead end. */
  java.util.Set<Integer> deadEnds() {
    return java.util.Set.copyOf(deadEnds);
  }

  private final Map<dev.jitrl.api.Observation, Long> signatures =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  /**
   * The page signature of an observation of this run ({@link CulpritLocator#signature}), computed once: the
   * run's history hands the same observation objects to every later decision.
   */
  long signature(dev.jitrl.api.Observation o) {
    return signatures.computeIfAbsent(o, CulpritLocator::signature);
  }

  private final java.util.Set<Integer> deliberate = ConcurrentHashMap.newKeySet();

  /** Marks a step whose action JitRL chose against the policy's choice (a deviation, memory's move, a replay). */
  void deliberate(int step) {
    deliberate.add(step);
  }

  private final java.util.Set<Integer> transferred = ConcurrentHashMap.newKeySet();

  /**
   * Marks a step whose action JitRL chose against the policy's choice on other instances' evidence alone (no run of
   * this goal took it in a similar state): a hypothesis carried over from them, the first suspect when the run fails.
   */
  void transferred(int step) {
    transferred.add(step);
  }

  /** The first step chosen on other instances' evidence alone against the policy, or -1. */
  int firstTransferred() {
    return transferred.isEmpty() ? -1 : java.util.Collections.min(transferred);
  }

  /** Whether JitRL chose the step's action against the policy's choice. */
  boolean isDeliberate(int step) {
    return deliberate.contains(step);
  }

  boolean hasDeviated() {
    return deviationStep >= 0;
  }

  /** The step of the deviation, or -1. */
  int deviationStep() {
    return deviationStep;
  }

  /** Replayed steps not yet checked: step index → the replay entry's key (state and action). */
  private final Map<Integer, String> replays = new ConcurrentHashMap<>();

  /** Records that memory decided {@code step} alone (a replay of the entry {@code key}). */
  void replayed(int step, String key) {
    replays.put(step, key);
  }

  /** The replay entry of {@code step} if it was replayed and not yet checked; checking it is done once. */
  java.util.Optional<String> uncheckedReplay(int step) {
    return java.util.Optional.ofNullable(replays.remove(step));
  }

  private final java.util.Set<Integer> failedReplays = ConcurrentHashMap.newKeySet();

  /** Records that the replayed step {@code step} failed or changed nothing. */
  void replayFailed(int step) {
    failedReplays.add(step);
  }

  /** The replayed steps that failed or changed nothing. */
  java.util.Set<Integer> failedReplays() {
    return java.util.Set.copyOf(failedReplays);
  }
}
