package dev.jitrl.host.agent;

import dev.jitrl.host.plugins.HostConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The agent loop's bounds.
 *
 * @param selectionBudget how long one plugin's selection may take before the host uses its own distribution
 * @param listenerBudget how long the host waits for each post-run hook
 * @param mode the episode's mode tag ({@code jitrl} or {@code static})
 */
public record AgentSettings(Duration selectionBudget, Duration listenerBudget, String mode) {
  public AgentSettings {
    Objects.requireNonNull(selectionBudget, "selectionBudget must not be null");
    Objects.requireNonNull(listenerBudget, "listenerBudget must not be null");
    Objects.requireNonNull(mode, "mode must not be null");
  }

  /** From {@code host.selection.budgetMillis} (default 2000) and {@code host.listener.budgetMillis} (60000). */
  public static AgentSettings from(HostConfig config, String mode) {
    return new AgentSettings(
        Duration.ofMillis(config.getInt("host.selection.budgetMillis", 2_000, 1, 600_000)),
        Duration.ofMillis(config.getInt("host.listener.budgetMillis", 60_000, 1, 3_600_000)),
        mode);
  }
}
