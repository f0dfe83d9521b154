package dev.jitrl.host.plugins;

import dev.jitrl.api.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The host's configuration as flat {@code key=value} pairs, merged from (lowest precedence first) a
 * properties file, environment variables {@code JITRL_*} ({@code JITRL_MEMORY_PATH} is
 * {@code jitrl.memory.path}), Java system properties {@code jitrl.*}/{@code host.*}, and explicit overrides
 * (command-line options). Keys match case-insensitively, so {@code JITRL_MEMORY_MAXSTEPS} overrides
 * {@code jitrl.memory.maxSteps} from the file and keeps the file's spelling. The merged map is what plugins
 * receive as {@link dev.jitrl.api.HostServices#configuration()}.
 */
public final class HostConfig {
  /** The file read when {@code --config} is not given, if it exists in the working folder. */
  public static final Path DEFAULT_FILE = Path.of("jitrl.properties");

  private final Map<String, String> values;

  private HostConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Loads and merges the configuration.
   *
   * @param file the properties file; when empty, {@link #DEFAULT_FILE} if present
   * @param overrides values that win over every source (may be empty)
   * @throws ConfigurationException if a named file is missing or unreadable
   */
  public static HostConfig load(Optional<Path> file, Map<String, String> overrides) {
    return load(file, overrides, System.getenv(), System.getProperties());
  }

  static HostConfig load(
      Optional<Path> file, Map<String, String> overrides, Map<String, String> env, Properties system) {
    TreeMap<String, String> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Path path = file.orElse(DEFAULT_FILE);
    if (file.isPresent() && !Files.isRegularFile(path)) {
      throw new ConfigurationException("--config", path.toString(), "an existing properties file");
    }
    if (Files.isRegularFile(path)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigurationException("--config", path.toString(), "a readable properties file (" + e.getMessage() + ")");
      }
      for (String k : p.stringPropertyNames()) {
        merged.put(k.strip(), p.getProperty(k).strip());
      }
    }
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().startsWith("JITRL_")) {
        merged.put(e.getKey().toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue());
      }
    }
    for (String k : system.stringPropertyNames()) {
      if (k.startsWith("jitrl.") || k.startsWith("host.")) {
        merged.put(k, system.getProperty(k));
      }
    }
    merged.putAll(overrides);
    return new HostConfig(new LinkedHashMap<>(merged));
  }

  /** A configuration of exactly these values (tests, embedding hosts). */
  public static HostConfig of(Map<String, String> values) {
    return new HostConfig(values);
  }

  /** Every key and value. */
  public Map<String, String> asMap() {
    return values;
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * An integer setting.
   *
   * @throws ConfigurationException if the value is not an integer in [min, max]
   */
  public int getInt(String key, int defaultValue, int min, int max) {
    String v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    try {
      int i = Integer.parseInt(v.strip());
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the allowed range
    }
    throw new ConfigurationException(key, v, "an integer in [" + min + ", " + max + "]");
  }

  /**
   * A yes/no setting ({@code true} or {@code false}, any case).
   *
   * @throws ConfigurationException for any other value
   */
  public boolean getBoolean(String key, boolean defaultValue) {
    String v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    String t = v.strip().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("true") || t.equals("false")) {
      return t.equals("true");
    }
    throw new ConfigurationException(key, v, "true or false");
  }
}
