package dev.jitrl.host.cli;

import dev.jitrl.api.HostServices;
import dev.jitrl.api.LanguageModel;
import dev.jitrl.api.MetricsSink;
import dev.jitrl.host.plugins.HostConfig;
import dev.jitrl.host.plugins.PluginHost;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that loads plugins shares. */
final class HostOptions {
  /** The plugin's memory-file setting ({@code --memory} sets it). */
  static final String MEMORY_KEY = "jitrl.memory.path";

  @Option(names = "--plugins", paramLabel = "DIR", description = "plugins folder (default: plugins/)")
  Path plugins = PluginHost.DEFAULT_FOLDER;

  @Option(names = "--config", paramLabel = "FILE", description = "properties file (default: jitrl.properties if present)")
  Path config;

  @Option(names = "--memory", paramLabel = "FILE", description = "the plugin's memory file (sets " + MEMORY_KEY + ")")
  Path memory;

  /** The merged configuration, with {@code memoryOverride} (if any) winning over every source. */
  HostConfig hostConfig(Optional<Path> memoryOverride) {
    Map<String, String> overrides = new LinkedHashMap<>();
    Optional.ofNullable(memory).or(() -> memoryOverride)
        .ifPresent(m -> overrides.put(MEMORY_KEY, m.toAbsolutePath().toString()));
    return HostConfig.load(Optional.ofNullable(config), overrides);
  }

  PluginHost startPlugins(HostConfig config) {
    return PluginHost.start(plugins, HostServices.of(config.asMap()));
  }

  /** Plugins that may call {@code model} (the LLM judge) when the host has one. */
  PluginHost startPlugins(HostConfig config, Optional<LanguageModel> model) {
    return PluginHost.start(plugins,
        new HostServices(config.asMap(), Clock.systemUTC(), model, MetricsSink.NONE));
  }
}
