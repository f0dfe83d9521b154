package dev.jitrl.host.bench;

import java.time.Instant;
import java.util.List;

/**
 * Everything a benchmark run produced: what {@code results.json} holds.
 *
 * @param suite the suite's name
 * @param policy the policy's name
 * @param episodesPerTask E
 * @param tasks the task ids run
 * @param startedAt when the bench started
 * @param wallMillis the whole bench's wall time
 * @param summaries one per mode, static first
 * @param results every episode, in the order run (transfer episodes last, with their own mode names)
 * @param transfer the transfer figure, when it was measured (null otherwise)
 */
public record BenchResults(
    String suite,
    String policy,
    int episodesPerTask,
    List<String> tasks,
    Instant startedAt,
    long wallMillis,
    List<ModeSummary> summaries,
    List<EpisodeResult> results,
    TransferSummary transfer) {

  /** Results without a transfer figure. */
  public BenchResults(String suite, String policy, int episodesPerTask, List<String> tasks, Instant startedAt,
      long wallMillis, List<ModeSummary> summaries, List<EpisodeResult> results) {
    this(suite, policy, episodesPerTask, tasks, startedAt, wallMillis, summaries, results, null);
  }

  /** The same results with a transfer figure, its episodes appended and its wall time added. */
  public BenchResults withTransfer(TransferSummary t, List<EpisodeResult> transferEpisodes) {
    List<EpisodeResult> all = new java.util.ArrayList<>(results);
    all.addAll(transferEpisodes);
    return new BenchResults(suite, policy, episodesPerTask, tasks, startedAt, wallMillis + t.wallMillis(), summaries,
        List.copyOf(all), t);
  }
}
