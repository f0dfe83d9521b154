package dev.jitrl.host.bench;

import dev.jitrl.api.EpisodeListener;
import dev.jitrl.host.plugins.SelectionHook;
import java.util.List;

/**
 * How the agent runs in one arm of the comparison.
 *
 * @param name {@code static} (plugins not consulted) or {@code jitrl}
 * @param hooks the action-selection extensions consulted at each step
 * @param listeners the post-run hooks called after each episode
 */
public record BenchMode(String name, List<SelectionHook> hooks, List<EpisodeListener> listeners) {
  public BenchMode {
    hooks = List.copyOf(hooks);
    listeners = List.copyOf(listeners);
  }

  public static BenchMode staticMode() {
    return new BenchMode("static", List.of(), List.of());
  }
}
