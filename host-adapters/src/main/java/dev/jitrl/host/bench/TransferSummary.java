package dev.jitrl.host.bench;

import java.util.List;

/**
 * BENCHMARKS.md §B's transfer figure: a fresh memory is filled by running the {@code fill} instances
 * ({@code fillEpisodes} episodes each, as in the main protocol), then every {@code fresh} instance — never
 * seen, same tasks, other seeds — is scored on its first episode with that memory.
 *
 * @param fill the instances that filled the memory
 * @param fresh the instances scored
 * @param fillEpisodes episodes per fill instance
 * @param fillSuccess success rate over the fill episodes
 * @param transferSuccess success rate of the fresh instances' first episode with the filled memory
 * @param staticSuccess the static agent's first-episode success on the same fresh instances, when the static
 *     arm ran (null otherwise)
 * @param wallMillis the transfer run's wall time
 */
public record TransferSummary(
    List<String> fill,
    List<String> fresh,
    int fillEpisodes,
    double fillSuccess,
    double transferSuccess,
    Double staticSuccess,
    long wallMillis) {
  public TransferSummary {
    fill = List.copyOf(fill);
    fresh = List.copyOf(fresh);
  }

  /** The mode name of the fill episodes in {@link BenchResults#results()}. */
  public static final String FILL_MODE = "transfer-fill";
  /** The mode name of the scored fresh episodes in {@link BenchResults#results()}. */
  public static final String FRESH_MODE = "transfer";

  /**
   * Splits instances {@code <task>#<seed>} per task: the first half of each task's instances (in the given
   * order, rounded down, at least one) fill, the rest are fresh. Tasks with a single instance are left out.
   *
   * @return {fill, fresh}
   * @throws IllegalArgumentException when no task has two instances
   */
  public static List<List<BenchTask>> split(List<BenchTask> instances) {
    java.util.Map<String, List<BenchTask>> byTask = new java.util.LinkedHashMap<>();
    for (BenchTask t : instances) {
      int at = t.id().lastIndexOf('#');
      byTask.computeIfAbsent(at < 0 ? t.id() : t.id().substring(0, at), k -> new java.util.ArrayList<>()).add(t);
    }
    List<BenchTask> fill = new java.util.ArrayList<>();
    List<BenchTask> fresh = new java.util.ArrayList<>();
    for (List<BenchTask> same : byTask.values()) {
      if (same.size() < 2) {
        continue;
      }
      int n = Math.max(1, same.size() / 2);
      fill.addAll(same.subList(0, n));
      fresh.addAll(same.subList(n, same.size()));
    }
    if (fresh.isEmpty()) {
      throw new IllegalArgumentException("--transfer needs at least two instances <task>#<seed> of a task "
          + "(give two or more --seeds): the memory is filled on the first half of the seeds and scored on the rest");
    }
    return List.of(List.copyOf(fill), List.copyOf(fresh));
  }
}
