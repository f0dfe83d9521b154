package dev.jitrl.plugin.config;

import java.util.Map;
import java.util.Properties;

/**
 * Reads {@code jitrl.*} settings from three sources, in this order of precedence: the host's configuration
 * (its properties file), then Java system properties, then environment variables
 * ({@code jitrl.memory.maxSteps} is {@code JITRL_MEMORY_MAXSTEPS} there). The first source that has a key
 * wins; keys absent everywhere keep their defaults.
 */
public final class ConfigLoader {
  private final Map<String, String> hostConfiguration;
  private final Properties systemProperties;
  private final Map<String, String> environment;

  public ConfigLoader(Map<String, String> hostConfiguration, Properties systemProperties, Map<String, String> environment) {
    this.hostConfiguration = Map.copyOf(hostConfiguration);
    this.systemProperties = systemProperties;
    this.environment = Map.copyOf(environment);
  }

  /** A loader over the host's configuration and this JVM's system properties and environment. */
  public static ConfigLoader fromHost(Map<String, String> hostConfiguration) {
    return new ConfigLoader(hostConfiguration, System.getProperties(), System.getenv());
  }

  /**
   * Loads and validates.
   *
   * @throws dev.jitrl.api.ConfigurationException for the first invalid value, naming key, value and range
   */
  public JitRlConfig load() {
    JitRlConfigBuilder builder = JitRlConfig.builder();
    for (Setting s : Setting.values()) {
      String value = lookup(s);
      if (value != null) {
        builder.set(s, value);
      }
    }
    return builder.build();
  }

  private String lookup(Setting s) {
    String v = hostConfiguration.get(s.key());
    if (v == null) {
      v = systemProperties.getProperty(s.key());
    }
    if (v == null) {
      v = environment.get(s.environmentName());
    }
    return v;
  }
}
