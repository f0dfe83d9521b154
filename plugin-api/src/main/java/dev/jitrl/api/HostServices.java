package dev.jitrl.api;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What a host offers its plugins. Passed to an extension's constructor by
 * {@link HostServicesExtensionFactory}.
 *
 * @param configuration the host's configuration as flat {@code key=value} pairs (from its properties file);
 *     plugins read their own keys ({@code jitrl.*}) and may fall back to system properties and the
 *     environment
 * @param clock the time source (tests pass a fixed clock)
 * @param languageModel a model plugins may call outside the per-step path, if the host has one
 * @param metrics where to report counters
 */
public record HostServices(
    Map<String, String> configuration, Clock clock, Optional<LanguageModel> languageModel, MetricsSink metrics) {
  public HostServices {
    configuration = Map.copyOf(Checks.notNull(configuration, "configuration"));
    Checks.notNull(clock, "clock");
    Checks.notNull(languageModel, "languageModel");
    Checks.notNull(metrics, "metrics");
  }

  /** Services with the given configuration, the system clock, no model and no metrics. */
  public static HostServices of(Map<String, String> configuration) {
    return new HostServices(configuration, Clock.systemUTC(), Optional.empty(), MetricsSink.NONE);
  }
}
