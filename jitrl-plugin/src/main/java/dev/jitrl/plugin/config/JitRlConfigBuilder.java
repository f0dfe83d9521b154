package dev.jitrl.plugin.config;

import dev.jitrl.api.ConfigurationException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a {@link JitRlConfig}. Each setter validates its value at once; {@link #set(Setting, String)} parses
 * the textual form used in properties files, system properties and the environment.
 */
public final class JitRlConfigBuilder {
  private boolean enabled = true;
  private double beta = 2.0;
  private int k = 10;
  private double gamma = 0.95;
  private double similarityThreshold = 0.8;
  private double similarityDecay = 0.1;
  private int similarityDecaySteps = 20;
  private double taskThreshold = 0.27;
  private double explorationLambda = 1.0;
  private double explorationAlpha = 1.0;
  private double explorationMaxValue = -5.0;
  private AdvantageScaling advantageScaling = AdvantageScaling.EVIDENCE;
  private double rewardScale = 5;
  private double successReward = 10;
  private double failureReward = -10;
  private Path memoryPath = Path.of(System.getProperty("user.home"), ".jitrl", "memory.sqlite");
  private long memoryMaxSteps = 1_000_000;
  private String memoryUrl = "";
  private String memoryUserEnv = "JITRL_PG_USER";
  private String memoryPasswordEnv = "JITRL_PG_PASSWORD";
  private Path memoryOutbox = Path.of(System.getProperty("user.home"), ".jitrl", "outbox.sqlite");
  private long memoryCatchUpMillis = 1000;
  private JudgeKind judge = JudgeKind.LLM;
  private Map<String, String> siteAliases = Map.of();
  private long seed;
  private int urlCacheSize = 10_000;
  private boolean replayEnabled = true;
  private int replayMinEpisodes = 2;
  private double replayMinValue = 1;
  private double replayMinMargin = 1;
  private double replayMinGoalSimilarity = 0.8;

  JitRlConfigBuilder() {}

  public JitRlConfigBuilder enabled(boolean value) {
    this.enabled = value;
    return this;
  }

  public JitRlConfigBuilder beta(double value) {
    this.beta = range(Setting.BETA, value, 0, 100);
    return this;
  }

  public JitRlConfigBuilder k(int value) {
    this.k = (int) range(Setting.K, value, 1, 1000);
    return this;
  }

  public JitRlConfigBuilder gamma(double value) {
    this.gamma = range(Setting.GAMMA, value, 0, 1);
    return this;
  }

  public JitRlConfigBuilder similarityThreshold(double value) {
    this.similarityThreshold = range(Setting.SIMILARITY_THRESHOLD, value, 0, 1);
    return this;
  }

  public JitRlConfigBuilder similarityDecay(double value) {
    this.similarityDecay = range(Setting.SIMILARITY_DECAY, value, 0, 1);
    return this;
  }

  public JitRlConfigBuilder similarityDecaySteps(int value) {
    this.similarityDecaySteps = (int) range(Setting.SIMILARITY_DECAY_STEPS, value, 1, 10_000);
    return this;
  }

  public JitRlConfigBuilder taskThreshold(double value) {
    this.taskThreshold = range(Setting.TASK_THRESHOLD, value, 0, 1);
    return this;
  }

  public JitRlConfigBuilder explorationLambda(double value) {
    this.explorationLambda = range(Setting.EXPLORATION_LAMBDA, value, 0, 1);
    return this;
  }

  public JitRlConfigBuilder explorationAlpha(double value) {
    this.explorationAlpha = range(Setting.EXPLORATION_ALPHA, value, 0, 1000);
    return this;
  }

  public JitRlConfigBuilder explorationMaxValue(double value) {
    this.explorationMaxValue = range(Setting.EXPLORATION_MAX_VALUE, value, -1000, 1000);
    return this;
  }

  public JitRlConfigBuilder advantageScaling(AdvantageScaling value) {
    this.advantageScaling = value;
    return this;
  }

  public JitRlConfigBuilder rewardScale(double value) {
    if (!(value > 0 && value <= 1000)) {
      throw Setting.REWARD_SCALE.invalid(String.valueOf(value));
    }
    this.rewardScale = value;
    return this;
  }

  public JitRlConfigBuilder successReward(double value) {
    this.successReward = range(Setting.REWARD_SUCCESS, value, 0, 1000);
    return this;
  }

  public JitRlConfigBuilder failureReward(double value) {
    this.failureReward = range(Setting.REWARD_FAILURE, value, -1000, 0);
    return this;
  }

  public JitRlConfigBuilder memoryPath(Path value) {
    if (value == null || value.toString().isBlank()) {
      throw Setting.MEMORY_PATH.invalid(String.valueOf(value));
    }
    this.memoryPath = value;
    return this;
  }

  public JitRlConfigBuilder memoryMaxSteps(long value) {
    if (value < 1 || value > 1_000_000_000L) {
      throw Setting.MEMORY_MAX_STEPS.invalid(String.valueOf(value));
    }
    this.memoryMaxSteps = value;
    return this;
  }

  /** A PostgreSQL memory ({@code jdbc:postgresql://host:port/db}); empty for the SQLite file. */
  public JitRlConfigBuilder memoryUrl(String value) {
    String v = value == null ? "" : value.strip();
    if (!v.isEmpty() && !ServerMemory.isValidUrl(v)) {
      throw Setting.MEMORY_URL.invalid(v);
    }
    this.memoryUrl = v;
    return this;
  }

  public JitRlConfigBuilder memoryUserEnv(String value) {
    this.memoryUserEnv = envName(Setting.MEMORY_USER_ENV, value);
    return this;
  }

  public JitRlConfigBuilder memoryPasswordEnv(String value) {
    this.memoryPasswordEnv = envName(Setting.MEMORY_PASSWORD_ENV, value);
    return this;
  }

  public JitRlConfigBuilder memoryOutbox(Path value) {
    if (value == null || value.toString().isBlank()) {
      throw Setting.MEMORY_OUTBOX.invalid(String.valueOf(value));
    }
    this.memoryOutbox = value;
    return this;
  }

  public JitRlConfigBuilder memoryCatchUpMillis(long value) {
    this.memoryCatchUpMillis = range(Setting.MEMORY_CATCH_UP_MILLIS, value, 50, 60_000);
    return this;
  }

  private static String envName(Setting s, String value) {
    if (value == null || !value.strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw s.invalid(String.valueOf(value));
    }
    return value.strip();
  }

  public JitRlConfigBuilder judge(JudgeKind value) {
    this.judge = value;
    return this;
  }

  public JitRlConfigBuilder siteAliases(Map<String, String> value) {
    this.siteAliases = Map.copyOf(value);
    return this;
  }

  public JitRlConfigBuilder seed(long value) {
    this.seed = value;
    return this;
  }

  public JitRlConfigBuilder urlCacheSize(int value) {
    this.urlCacheSize = (int) range(Setting.URL_CACHE_SIZE, value, 16, 10_000_000);
    return this;
  }

  public JitRlConfigBuilder replayEnabled(boolean value) {
    this.replayEnabled = value;
    return this;
  }

  public JitRlConfigBuilder replayMinEpisodes(int value) {
    this.replayMinEpisodes = (int) range(Setting.REPLAY_MIN_EPISODES, value, 1, 1000);
    return this;
  }

  public JitRlConfigBuilder replayMinValue(double value) {
    this.replayMinValue = range(Setting.REPLAY_MIN_VALUE, value, -1000, 1000);
    return this;
  }

  public JitRlConfigBuilder replayMinMargin(double value) {
    this.replayMinMargin = range(Setting.REPLAY_MIN_MARGIN, value, 0, 1000);
    return this;
  }

  public JitRlConfigBuilder replayMinGoalSimilarity(double value) {
    this.replayMinGoalSimilarity = range(Setting.REPLAY_MIN_GOAL_SIMILARITY, value, 0, 1);
    return this;
  }

  /**
   * Sets a value from its textual form.
   *
   * @throws dev.jitrl.api.ConfigurationException naming the key, the value and the allowed range
   */
  public JitRlConfigBuilder set(Setting setting, String text) {
    String v = text.strip();
    try {
      apply(setting, v);
    } catch (ConfigurationException e) {
      // report the value as the user wrote it ("0"), not as it was parsed ("0.0")
      throw e.key().equals(setting.key()) ? setting.invalid(v) : e;
    }
    return this;
  }

  private void apply(Setting setting, String v) {
    switch (setting) {
      case ENABLED -> enabled(parseBoolean(setting, v));
      case BETA -> beta(parseDouble(setting, v));
      case K -> k(parseInt(setting, v));
      case GAMMA -> gamma(parseDouble(setting, v));
      case SIMILARITY_THRESHOLD -> similarityThreshold(parseDouble(setting, v));
      case SIMILARITY_DECAY -> similarityDecay(parseDouble(setting, v));
      case SIMILARITY_DECAY_STEPS -> similarityDecaySteps(parseInt(setting, v));
      case TASK_THRESHOLD -> taskThreshold(parseDouble(setting, v));
      case EXPLORATION_LAMBDA -> explorationLambda(parseDouble(setting, v));
      case EXPLORATION_ALPHA -> explorationAlpha(parseDouble(setting, v));
      case EXPLORATION_MAX_VALUE -> explorationMaxValue(parseDouble(setting, v));
      case ADVANTAGE_SCALING -> advantageScaling(parseEnum(AdvantageScaling.class, setting, v));
      case REWARD_SCALE -> rewardScale(parseDouble(setting, v));
      case REWARD_SUCCESS -> successReward(parseDouble(setting, v));
      case REWARD_FAILURE -> failureReward(parseDouble(setting, v));
      case MEMORY_PATH -> memoryPath(parsePath(setting, v));
      case MEMORY_MAX_STEPS -> memoryMaxSteps(parseLong(setting, v));
      case MEMORY_URL -> memoryUrl(v);
      case MEMORY_USER_ENV -> memoryUserEnv(v);
      case MEMORY_PASSWORD_ENV -> memoryPasswordEnv(v);
      case MEMORY_OUTBOX -> memoryOutbox(parsePath(setting, v));
      case MEMORY_CATCH_UP_MILLIS -> memoryCatchUpMillis(parseLong(setting, v));
      case JUDGE -> judge(parseEnum(JudgeKind.class, setting, v));
      case SITE_ALIASES -> siteAliases(parseAliases(setting, v));
      case SEED -> seed(parseLong(setting, v));
      case URL_CACHE_SIZE -> urlCacheSize(parseInt(setting, v));
      case REPLAY_ENABLED -> replayEnabled(parseBoolean(setting, v));
      case REPLAY_MIN_EPISODES -> replayMinEpisodes(parseInt(setting, v));
      case REPLAY_MIN_VALUE -> replayMinValue(parseDouble(setting, v));
      case REPLAY_MIN_MARGIN -> replayMinMargin(parseDouble(setting, v));
      case REPLAY_MIN_GOAL_SIMILARITY -> replayMinGoalSimilarity(parseDouble(setting, v));
    }
  }

  public JitRlConfig build() {
    return new JitRlConfig(enabled, beta, k, gamma, similarityThreshold, similarityDecay, similarityDecaySteps,
        taskThreshold, explorationLambda, explorationAlpha, explorationMaxValue, advantageScaling, rewardScale, successReward,
        failureReward, memoryPath, memoryMaxSteps, judge, siteAliases, seed, urlCacheSize,
        new ReplaySettings(replayEnabled, replayMinEpisodes, replayMinValue, replayMinMargin, replayMinGoalSimilarity),
        new ServerMemory(memoryUrl, memoryUserEnv, memoryPasswordEnv, memoryOutbox, memoryCatchUpMillis));
  }

  /** For integer settings, so that a bad value reads {@code 0}, not {@code 0.0}. */
  private static long range(Setting s, long value, long min, long max) {
    if (value < min || value > max) {
      throw s.invalid(String.valueOf(value));
    }
    return value;
  }

  private static double range(Setting s, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw s.invalid(String.valueOf(value));
    }
    return value;
  }

  private static boolean parseBoolean(Setting s, String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw s.invalid(v);
    };
  }

  private static double parseDouble(Setting s, String v) {
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        throw s.invalid(v);
      }
      return d;
    } catch (NumberFormatException e) {
      throw s.invalid(v);
    }
  }

  private static int parseInt(Setting s, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw s.invalid(v);
    }
  }

  private static long parseLong(Setting s, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw s.invalid(v);
    }
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, Setting s, String v) {
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw s.invalid(v);
    }
  }

  private static Path parsePath(Setting s, String v) {
    if (v.isEmpty()) {
      throw s.invalid(v);
    }
    String expanded = v.replace("${user.home}", System.getProperty("user.home"));
    if (expanded.startsWith("~/")) {
      expanded = System.getProperty("user.home") + expanded.substring(1);
    }
    try {
      return Path.of(expanded);
    } catch (InvalidPathException e) {
      throw s.invalid(v);
    }
  }

  private static Map<String, String> parseAliases(Setting s, String v) {
    Map<String, String> map = new LinkedHashMap<>();
    if (v.isEmpty()) {
      return map;
    }
    for (String pair : v.split(",")) {
      String p = pair.strip();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw s.invalid(v);
      }
      map.put(p.substring(0, eq).strip().toLowerCase(Locale.ROOT), p.substring(eq + 1).strip());
    }
    return map;
  }
}
