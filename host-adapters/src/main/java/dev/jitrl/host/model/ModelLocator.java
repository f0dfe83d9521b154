package dev.jitrl.host.model;

import dev.jitrl.api.JitRlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the local GGUF model file of the llama policy. Looks, in order, at the configuration key
 * {@value #CONFIG_KEY}, the environment variable {@value #ENV_VAR}, and the default path where
 * {@code scripts/setup-model.sh} puts the model ({@code ${JITRL_CACHE:-$HOME/.cache/jitrl}/models/}
 * {@value #DEFAULT_FILE_NAME}). A path that is named explicitly but missing is an error, not a reason to look
 * further: the user meant that file.
 */
public final class ModelLocator {
  /** The configuration key naming the model file. */
  public static final String CONFIG_KEY = "jitrl.model.path";
  /** The environment variable naming the model file. */
  public static final String ENV_VAR = "JITRL_MODEL_PATH";
  /** The file the setup script assembles. */
  public static final String DEFAULT_FILE_NAME = "gemma-3-270m-q4_k_m.gguf";
  /** What to run to get the model. */
  public static final String SETUP_SCRIPT = "scripts/setup-model.sh";

  private final Map<String, String> config;
  private final Map<String, String> env;
  private final Path home;

  /**
   * @param config the host configuration (flat keys)
   * @param env the process environment
   * @param home the user's home folder
   */
  public ModelLocator(Map<String, String> config, Map<String, String> env, Path home) {
    this.config = Map.copyOf(config);
    this.env = Map.copyOf(env);
    this.home = home;
  }

  /** A locator over the real environment and home folder. */
  public static ModelLocator fromEnvironment(Map<String, String> config) {
    return new ModelLocator(config, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** Where the setup script puts the model. */
  public Path defaultPath() {
    String cache = env.get("JITRL_CACHE");
    Path base = cache != null && !cache.isBlank() ? Path.of(cache) : home.resolve(".cache").resolve("jitrl");
    return base.resolve("models").resolve(DEFAULT_FILE_NAME);
  }

  /** The model file if one is found, else empty. Never throws for a missing file. */
  public Optional<Path> find() {
    for (Path p : candidates()) {
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The model file.
   *
   * @throws JitRlException naming every place looked at and the script that fetches the model
   */
  public Path locate() {
    String named = named();
    if (named != null) {
      Path p = Path.of(named);
      if (Files.isRegularFile(p)) {
        return p;
      }
      throw new JitRlException("model file " + p + " (from " + source() + ") does not exist; run "
          + SETUP_SCRIPT + " to fetch the default model, or point " + CONFIG_KEY + " / " + ENV_VAR + " at a GGUF file");
    }
    Path p = defaultPath();
    if (Files.isRegularFile(p)) {
      return p;
    }
    throw new JitRlException("no local model found: " + CONFIG_KEY + " and " + ENV_VAR + " are not set and " + p
        + " does not exist; run " + SETUP_SCRIPT + " (it downloads and assembles " + DEFAULT_FILE_NAME + " there)");
  }

  /** Every place looked at, in order (for messages). */
  public List<Path> candidates() {
    List<Path> out = new ArrayList<>();
    String named = named();
    if (named != null) {
      out.add(Path.of(named));
    } else {
      out.add(defaultPath());
    }
    return out;
  }

  private String named() {
    String c = config.get(CONFIG_KEY);
    if (c != null && !c.isBlank()) {
      return c.strip();
    }
    String e = env.get(ENV_VAR);
    return e != null && !e.isBlank() ? e.strip() : null;
  }

  private String source() {
    String c = config.get(CONFIG_KEY);
    return c != null && !c.isBlank() ? CONFIG_KEY : ENV_VAR;
  }
}
