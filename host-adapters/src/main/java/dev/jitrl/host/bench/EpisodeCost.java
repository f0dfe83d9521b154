package dev.jitrl.host.bench;

import java.util.List;

/**
 * What the episodes at one index (over all tasks of a mode) cost.
 *
 * @param episode the episode index, from 1
 * @param episodes how many episodes ran at this index
 * @param steps their steps
 * @param policyCalls steps the policy scored (with a model policy: model calls), summed
 * @param replayedSteps steps memory decided without the policy, summed
 * @param replayFallbacks replays that fell back to the policy, summed
 * @param replayedShare {@code replayedSteps / steps} (0 without steps)
 * @param millisPerStep wall time per step
 * @param millisPerEpisode wall time per episode
 * @param replayMicrosMax the slowest replay question at this index, in microseconds
 */
public record EpisodeCost(int episode, int episodes, int steps, int policyCalls, int replayedSteps, int replayFallbacks,
    double replayedShare, double millisPerStep, double millisPerEpisode, long replayMicrosMax) {

  /** Sums the results of one episode index. */
  static EpisodeCost of(int episode, List<EpisodeResult> atIndex) {
    int steps = 0;
    int calls = 0;
    int replayed = 0;
    int fallbacks = 0;
    long wall = 0;
    long replayMax = 0;
    for (EpisodeResult r : atIndex) {
      steps += r.steps();
      calls += r.policyCalls();
      replayed += r.replayedSteps();
      fallbacks += r.replayFallbacks();
      wall += r.wallMillis();
      replayMax = Math.max(replayMax, r.replayMicrosMax());
    }
    int n = atIndex.size();
    return new EpisodeCost(episode, n, steps, calls, replayed, fallbacks, steps == 0 ? 0 : replayed / (double) steps,
        steps == 0 ? 0 : wall / (double) steps, n == 0 ? 0 : wall / (double) n, replayMax);
  }
}
