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
 * @param results every episode, in the order run
 */
public record BenchResults(
    String suite,
    String policy,
    int episodesPerTask,
    List<String> tasks,
    Instant startedAt,
    long wallMillis,
    List<ModeSummary> summaries,
    List<EpisodeResult> results) {}
