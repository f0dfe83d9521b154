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
  /** The plugin's shared-memory setting ({@code --memory jdbc:postgresql://...} sets it). */
  static final String MEMORY_URL_KEY = "jitrl.memory.url";

  @Option(names = "--plugins", paramLabel = "DIR",
      description = "plugins folder (default: $JITRL_PLUGINS, else plugins/)")
  Path plugins = Path.of(System.getenv().getOrDefault("JITRL_PLUGINS", PluginHost.DEFAULT_FOLDER.toString()));

  static final String ALIASES_KEY = "jitrl.site.aliases";

  @Option(names = "--config", paramLabel = "FILE", description = "properties file (default: jitrl.properties if present)")
  Path config;

  @Option(names = "--memory", paramLabel = "FILE|URL", description = "the plugin's memory: an SQLite file (sets "
      + MEMORY_KEY + ") or jdbc:postgresql://host:port/db (sets " + MEMORY_URL_KEY + "; credentials from the"
      + " environment variables jitrl.memory.userEnv/passwordEnv name)")
  String memory;

  /** The merged configuration, with {@code memoryOverride} (if any) winning over every source. */
  HostConfig hostConfig(Optional<Path> memoryOverride) {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (memory != null) {
      overrides.putAll(memoryOverrides(memory));
    } else {
      memoryOverride.ifPresent(m -> overrides.putAll(memoryOverrides(m.toString())));
    }
    return HostConfig.load(Optional.ofNullable(config), overrides);
  }

  /** The configuration as it is, except for the memory, which is {@code location}. */
  HostConfig hostConfigWithMemory(String location) {
    return HostConfig.load(Optional.ofNullable(config), memoryOverrides(location));
  }

  /**
   * The settings that point the plugin at a memory: a {@code jdbc:} URL is a shared database; anything else is an
   * SQLite file (and a database configured elsewhere is switched off, so that the file is what is used).
   */
  static Map<String, String> memoryOverrides(String location) {
    Map<String, String> out = new LinkedHashMap<>();
    if (location.startsWith("jdbc:")) {
      out.put(MEMORY_URL_KEY, location);
    } else {
      out.put(MEMORY_KEY, Path.of(location).toAbsolutePath().toString());
      out.put(MEMORY_URL_KEY, "");
    }
    return out;
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
