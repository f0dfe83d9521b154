package dev.jitrl.host.cli;

import dev.jitrl.api.HostServices;
import dev.jitrl.api.LanguageModel;
import dev.jitrl.api.MetricsSink;
import dev.jitrl.host.bench.TaskEnvironment;
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

  @Option(names = "--plugins", paramLabel = "DIR",
      description = "plugins folder (default: $JITRL_PLUGINS, else plugins/)")
  Path plugins = Path.of(System.getenv().getOrDefault("JITRL_PLUGINS", PluginHost.DEFAULT_FOLDER.toString()));

  static final String ALIASES_KEY = "jitrl.site.aliases";

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

  /**
   * Plugins for a run on {@code env}: the environment's site names are added to {@code jitrl.site.aliases}, and
   * plugins may call {@code model} (the LLM judge) when the host has one.
   */
  PluginHost startPlugins(HostConfig config, TaskEnvironment env, Optional<LanguageModel> model) {
    return startPlugins(config, env, model, MetricsSink.NONE);
  }

  /** As above, with the plugins' counters going to {@code metrics}. */
  PluginHost startPlugins(HostConfig config, TaskEnvironment env, Optional<LanguageModel> model, MetricsSink metrics) {
    return PluginHost.start(plugins, new HostServices(withSiteAliases(config.asMap(), env.siteAliases()),
        Clock.systemUTC(), model, metrics));
  }

  /** Adds the environment's site names to {@code jitrl.site.aliases}; what the user configured comes first. */
  static Map<String, String> withSiteAliases(Map<String, String> config, Map<String, String> aliases) {
    if (aliases.isEmpty()) {
      return config;
    }
    Map<String, String> out = new LinkedHashMap<>(config);
    String configured = config.getOrDefault(ALIASES_KEY, "").strip();
    StringBuilder sb = new StringBuilder(configured);
    aliases.forEach((host, alias) -> {
      if (!configured.contains(host + "=")) {
        sb.append(sb.length() == 0 ? "" : ",").append(host).append('=').append(alias);
      }
    });
    out.put(ALIASES_KEY, sb.toString());
    return out;
  }
}
