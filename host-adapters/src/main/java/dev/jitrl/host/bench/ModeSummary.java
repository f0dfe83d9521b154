package dev.jitrl.host.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures BENCHMARKS.md §B asks for, for one mode over all tasks.
 *
 * @param mode {@code static} or {@code jitrl}
 * @param successByEpisode success rate at episode index 1..E (mean over tasks)
 * @param avg mean success over all episodes
 * @param last success rate at episode E (the paper's "Final")
 * @param meanStepsPerSuccess mean steps of the successful episodes (0 when none)
 * @param episodes how many episodes ran
 * @param wallMillis total wall time of the mode's episodes
 * @param costByEpisode what the episodes at index 1..E cost: policy calls, replayed steps, fallbacks, wall time
 */
public record ModeSummary(
    String mode, List<Double> successByEpisode, double avg, double last, double meanStepsPerSuccess, int episodes,
    long wallMillis, List<EpisodeCost> costByEpisode) {

  /** Summarizes the results of one mode run for {@code episodesPerTask} episodes per task. */
  public static ModeSummary of(String mode, List<EpisodeResult> all, int episodesPerTask) {
    List<EpisodeResult> mine = all.stream().filter(r -> r.mode().equals(mode)).toList();
    List<Double> byIndex = new ArrayList<>();
    for (int i = 1; i <= episodesPerTask; i++) {
      final int index = i;
      byIndex.add(mine.stream().filter(r -> r.episode() == index).mapToDouble(r -> r.success() ? 1 : 0)
          .average().orElse(0));
    }
    double avg = mine.stream().mapToDouble(r -> r.success() ? 1 : 0).average().orElse(0);
    double steps = mine.stream().filter(EpisodeResult::success).mapToInt(EpisodeResult::steps).average().orElse(0);
    long wall = mine.stream().mapToLong(EpisodeResult::wallMillis).sum();
    List<EpisodeCost> costs = new ArrayList<>();
    for (int i = 1; i <= episodesPerTask; i++) {
      final int index = i;
      costs.add(EpisodeCost.of(index, mine.stream().filter(r -> r.episode() == index).toList()));
    }
    return new ModeSummary(mode, List.copyOf(byIndex), avg, byIndex.isEmpty() ? 0 : byIndex.get(byIndex.size() - 1),
        steps, mine.size(), wall, List.copyOf(costs));
  }
}
