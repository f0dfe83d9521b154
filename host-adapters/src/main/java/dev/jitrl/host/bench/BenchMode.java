package dev.jitrl.host.bench;

import dev.jitrl.api.EpisodeListener;
import dev.jitrl.host.plugins.CountingMetrics;
import dev.jitrl.host.plugins.SelectionHook;
import java.util.List;

/**
 * How the agent runs in one arm of the comparison.
 *
 * @param name {@code static} (plugins not consulted) or {@code jitrl}
 * @param hooks the action-selection extensions consulted at each step
 * @param listeners the post-run hooks called after each episode
 * @param metrics the counters the arm's plugins report to (read per episode: {@code jitrl.replay.declined})
 */
public record BenchMode(String name, List<SelectionHook> hooks, List<EpisodeListener> listeners, CountingMetrics metrics) {
  public BenchMode {
    hooks = List.copyOf(hooks);
    listeners = List.copyOf(listeners);
    java.util.Objects.requireNonNull(metrics, "metrics must not be null");
  }

  /** An arm whose plugins report to no counters the bench reads. */
  public BenchMode(String name, List<SelectionHook> hooks, List<EpisodeListener> listeners) {
    this(name, hooks, listeners, new CountingMetrics());
  }

  public static BenchMode staticMode() {
    return new BenchMode("static", List.of(), List.of());
  }
}
