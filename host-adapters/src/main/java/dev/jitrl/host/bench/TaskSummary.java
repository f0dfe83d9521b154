package dev.jitrl.host.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task under one mode: its outcome at each episode index, the episode of its first success and whether it
 * kept succeeding from then on (the learning issue's per-task figures).
 *
 * @param mode {@code static} or {@code jitrl}
 * @param task the task id
 * @param outcomes one character per episode index: {@code 1} success, {@code 0} not
 * @param firstSuccess the episode index (from 1) of the first success, or null if it never succeeded
 * @param stayedSolved whether every episode from the first success on succeeded (false if it never succeeded)
 */
public record TaskSummary(String mode, String task, String outcomes, Integer firstSuccess, boolean stayedSolved) {

  /** The summaries of every (mode, task) of the results, in the order first run; transfer episodes are left out. */
  public static List<TaskSummary> of(List<EpisodeResult> results, List<String> modes) {
    Map<String, Map<String, StringBuilder>> byMode = new LinkedHashMap<>();
    for (EpisodeResult r : results) {
      if (!modes.contains(r.mode())) {
        continue;
      }
      StringBuilder sb = byMode.computeIfAbsent(r.mode(), m -> new LinkedHashMap<>())
          .computeIfAbsent(r.task(), t -> new StringBuilder());
      while (sb.length() < r.episode() - 1) {
        sb.append('-'); // an episode index that did not run
      }
      if (sb.length() == r.episode() - 1) {
        sb.append(r.success() ? '1' : '0');
      }
    }
    List<TaskSummary> out = new ArrayList<>();
    byMode.forEach((mode, tasks) -> tasks.forEach((task, sb) -> {
      String s = sb.toString();
      int first = s.indexOf('1');
      boolean stayed = first >= 0 && s.substring(first).chars().allMatch(c -> c == '1');
      out.add(new TaskSummary(mode, task, s, first < 0 ? null : first + 1, stayed));
    }));
    return List.copyOf(out);
  }
}
