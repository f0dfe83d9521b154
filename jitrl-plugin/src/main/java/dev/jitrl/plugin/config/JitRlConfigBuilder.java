package dev.jitrl.plugin.config;

import dev.jitrl.api.ConfigurationException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a {@link JitRlConfig}. Each setter validates its value at once against the setting's range;
 * {@code set(Setting, String)}, used by {@link ConfigLoader}, parses the textual form used in properties files,
 * system properties and the environment.
 */
public final class JitRlConfigBuilder {
  private boolean enabled;
  private double beta;
  private int k;
  private double gamma;
  private double similarityThreshold;
  private double similarityDecay;
  private int similarityDecaySteps;
  private double taskThreshold;
  private double explorationLambda;
  private double explorationAlpha;
  private double explorationMaxValue;
  private AdvantageScaling advantageScaling;
  private double rewardScale;
  private double successReward;
  private double failureReward;
  private Path memoryPath;
  private long memoryMaxSteps;
  private String memoryUrl;
  private String memoryUserEnv;
  private String memoryPasswordEnv;
  private Path memoryOutbox;
  private long memoryCatchUpMillis;
  private JudgeKind judge;
  private Map<String, String> siteAliases;
  private long seed;
  private int urlCacheSize;
  private boolean replayEnabled;
  private int replayMinEpisodes;
  private double replayMinValue;
  private double replayMinMargin;
  private double replayMinGoalSimilarity;

  /** Starts from the defaults of the {@link Setting} table, parsed as a properties file would be. */
  JitRlConfigBuilder() {
    for (Setting s : Setting.values()) {
      set(s, s.defaultValue());
    }
  }

  public JitRlConfigBuilder enabled(boolean value) {
    this.enabled = value;
    return this;
  }

  public JitRlConfigBuilder beta(double value) {
    this.beta = Setting.BETA.require(value);
    return this;
  }

  public JitRlConfigBuilder k(int value) {
    this.k = Setting.K.require(value);
    return this;
  }

  public JitRlConfigBuilder gamma(double value) {
    this.gamma = Setting.GAMMA.require(value);
    return this;
  }

  public JitRlConfigBuilder similarityThreshold(double value) {
    this.similarityThreshold = Setting.SIMILARITY_THRESHOLD.require(value);
    return this;
  }

  public JitRlConfigBuilder similarityDecay(double value) {
    this.similarityDecay = Setting.SIMILARITY_DECAY.require(value);
    return this;
  }

  public JitRlConfigBuilder similarityDecaySteps(int value) {
    this.similarityDecaySteps = Setting.SIMILARITY_DECAY_STEPS.require(value);
    return this;
  }

  public JitRlConfigBuilder taskThreshold(double value) {
    this.taskThreshold = Setting.TASK_THRESHOLD.require(value);
    return this;
  }

  public JitRlConfigBuilder explorationLambda(double value) {
    this.explorationLambda = Setting.EXPLORATION_LAMBDA.require(value);
    return this;
  }

  public JitRlConfigBuilder explorationAlpha(double value) {
    this.explorationAlpha = Setting.EXPLORATION_ALPHA.require(value);
    return this;
  }

  public JitRlConfigBuilder explorationMaxValue(double value) {
    this.explorationMaxValue = Setting.EXPLORATION_MAX_VALUE.require(value);
    return this;
  }

  public JitRlConfigBuilder advantageScaling(AdvantageScaling value) {
    this.advantageScaling = value;
    return this;
  }

  public JitRlConfigBuilder rewardScale(double value) {
    this.rewardScale = Setting.REWARD_SCALE.require(value);
    return this;
  }

  public JitRlConfigBuilder successReward(double value) {
    this.successReward = Setting.REWARD_SUCCESS.require(value);
    return this;
  }

  public JitRlConfigBuilder failureReward(double value) {
    this.failureReward = Setting.REWARD_FAILURE.require(value);
    return this;
  }

  public JitRlConfigBuilder memoryPath(Path value) {
    this.memoryPath = Setting.MEMORY_PATH.requirePath(value);
    return this;
  }

  public JitRlConfigBuilder memoryMaxSteps(long value) {
    this.memoryMaxSteps = Setting.MEMORY_MAX_STEPS.require(value);
    return this;
  }

  /** A PostgreSQL memory ({@code jdbc:postgresql://host:port/db}); empty for the SQLite file. */
  public JitRlConfigBuilder memoryUrl(String value) {
    this.memoryUrl = ServerMemory.requireUrl(value == null ? "" : value.strip());
    return this;
  }

  public JitRlConfigBuilder memoryUserEnv(String value) {
    this.memoryUserEnv = Setting.MEMORY_USER_ENV.requireVariableName(value);
    return this;
  }

  public JitRlConfigBuilder memoryPasswordEnv(String value) {
    this.memoryPasswordEnv = Setting.MEMORY_PASSWORD_ENV.requireVariableName(value);
    return this;
  }

  public JitRlConfigBuilder memoryOutbox(Path value) {
    this.memoryOutbox = Setting.MEMORY_OUTBOX.requirePath(value);
    return this;
  }

  public JitRlConfigBuilder memoryCatchUpMillis(long value) {
    this.memoryCatchUpMillis = Setting.MEMORY_CATCH_UP_MILLIS.require(value);
    return this;
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
    this.urlCacheSize = Setting.URL_CACHE_SIZE.require(value);
    return this;
  }

  public JitRlConfigBuilder replayEnabled(boolean value) {
    this.replayEnabled = value;
    return this;
  }

  public JitRlConfigBuilder replayMinEpisodes(int value) {
    this.replayMinEpisodes = Setting.REPLAY_MIN_EPISODES.require(value);
    return this;
  }

  public JitRlConfigBuilder replayMinValue(double value) {
    this.replayMinValue = Setting.REPLAY_MIN_VALUE.require(value);
    return this;
  }

  public JitRlConfigBuilder replayMinMargin(double value) {
    this.replayMinMargin = Setting.REPLAY_MIN_MARGIN.require(value);
    return this;
  }

  public JitRlConfigBuilder replayMinGoalSimilarity(double value) {
    this.replayMinGoalSimilarity = Setting.REPLAY_MIN_GOAL_SIMILARITY.require(value);
    return this;
  }

  /**
   * Sets a value from its textual form.
   *
   * @throws dev.jitrl.api.ConfigurationException naming the key, the value and the allowed range
   */
  JitRlConfigBuilder set(Setting setting, String text) {
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
