package dev.jitrl.plugin.config;

import static dev.jitrl.plugin.config.Range.above;
import static dev.jitrl.plugin.config.Range.closed;

import dev.jitrl.api.ConfigurationException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Every {@code jitrl.*} configuration key: its default, what it allows and what it does. This table is the one
 * source of those facts: the builder takes its defaults from it, {@link JitRlConfig} and its parts check their
 * values against its ranges, and the README's configuration table is {@link #markdownTable()} (a test compares
 * them).
 */
enum Setting {
  ENABLED("jitrl.enabled", "true", "true|false", "Switches the plugin on; false gives exactly the frozen policy."),
  BETA("jitrl.beta", "2.0", closed(0, 100), "Trust-region strength: z′ = z + beta·A. 0 is the frozen policy."),
  K("jitrl.k", "10", closed(1, 1000), "Most neighbours per decision (useful range 8–14)."),
  GAMMA("jitrl.gamma", "0.95", closed(0, 1), "Discount of returns G_t = Σ gamma^u · r_{t+u}."),
  SIMILARITY_THRESHOLD("jitrl.similarity.threshold", "0.8", closed(0, 1),
      "Least similarity r of a neighbour (0.7·J(context) + 0.3·J(goal))."),
  SIMILARITY_DECAY("jitrl.similarity.decay", "0.1", closed(0, 1),
      "How far r is lowered, linearly, as the episode gets longer."),
  SIMILARITY_DECAY_STEPS("jitrl.similarity.decaySteps", "20", closed(1, 10_000),
      "Step index at which the full decay applies."),
  TASK_THRESHOLD("jitrl.task.threshold", "0.27", closed(0, 1), "Least word-token Jaccard between task goals."),
  EXPLORATION_LAMBDA("jitrl.exploration.lambda", "1.0", closed(0, 1),
      "Probability that a run may deviate at a blamed state (1: always). 0 switches exploration off."),
  EXPLORATION_ALPHA("jitrl.exploration.alpha", "1.0", closed(0, 1000),
      "Optimism of the deviation's value, V + alpha/sqrt(|N|+1) (the deviation gets at least the advantage that"
          + " makes it the choice)."),
  EXPLORATION_MAX_VALUE("jitrl.exploration.maxValue", "-5", closed(-1000, 1000),
      "A run deviates (one untried action, at most one state per run) only where no remembered action has a value"
          + " above this: where memory blames what was done. A state with a working action is never put at risk."),
  ADVANTAGE_SCALING("jitrl.advantage.scaling", "evidence", "evidence|max|reward",
      "`evidence`: A/`jitrl.reward.scale` clipped to [-1, 1] times sqrt(support), against the mean of the"
          + " remembered actions' values; `max`: divide by the step's largest |A|; `reward`: A/`jitrl.reward.scale`"
          + " clipped."),
  REWARD_SCALE("jitrl.reward.scale", "5", above(0, 1000),
      "Divisor of A for `evidence` and `reward` scaling: a difference of 10 between two actions moves their logits"
          + " 2·beta apart."),
  REWARD_SUCCESS("jitrl.reward.success", "10", closed(0, 1000), "Reward a known success puts on the last step."),
  REWARD_FAILURE("jitrl.reward.failure", "-10", closed(-1000, 0),
      "Reward a known failure puts on the blamed step (the culprit)."),
  MEMORY_PATH("jitrl.memory.path", "~/.jitrl/memory.sqlite", "a file path",
      "The SQLite memory (created if absent)."),
  MEMORY_MAX_STEPS("jitrl.memory.maxSteps", "1000000", closed(1, 1_000_000_000),
      "Bound on stored steps: the oldest whole episodes are evicted first; the newest is never evicted."),
  MEMORY_URL("jitrl.memory.url", "", "empty, or jdbc:postgresql://host[:port]/database (no password in it)",
      "A PostgreSQL memory shared by a fleet (see below); empty: the SQLite file. A password in the URL is"
          + " refused."),
  MEMORY_USER_ENV("jitrl.memory.userEnv", "JITRL_PG_USER", "an environment variable name",
      "The environment variable that holds the database user (read once, never logged)."),
  MEMORY_PASSWORD_ENV("jitrl.memory.passwordEnv", "JITRL_PG_PASSWORD", "an environment variable name",
      "The environment variable that holds the database password (read once, never logged)."),
  MEMORY_OUTBOX("jitrl.memory.outbox", "~/.jitrl/outbox.sqlite", "a file path",
      "With a URL: the local SQLite file where episodes wait while the server cannot be reached."),
  MEMORY_CATCH_UP_MILLIS("jitrl.memory.catchUpMillis", "1000", closed(50, 60_000),
      "With a URL: how often the hot index looks for other hosts' episodes without a notification."),
  JUDGE("jitrl.judge", "llm", "llm|rules|env",
      "Reflective evaluator; `llm` uses the host's language model and falls back to `rules` without one. The model"
          + " is asked only about steps that changed the page (one call per step, reply schema"
          + " `{\"score\": -3..3}`) and can only lower what the environment supports (≤ 0): page text can make a"
          + " step look harmful, never useful (docs/reliability.md §5)."),
  SITE_ALIASES("jitrl.site.aliases", "", "host[:port]=alias,...",
      "Maps hosts to site names so that mirrors share memory."),
  SEED("jitrl.seed", "0", "a 64-bit integer",
      "Seed of the exploration coin (deterministic per episode, step and action)."),
  URL_CACHE_SIZE("jitrl.cache.urls", "10000", closed(16, 10_000_000),
      "Bound of the URL-regularization cache (entries)."),
  REPLAY_ENABLED("jitrl.replay.enabled", "true", "true|false",
      "Lets memory decide a step without the host's policy (no model call) where it is sure; false: the policy is"
          + " always asked."),
  REPLAY_MIN_EPISODES("jitrl.replay.minEpisodes", "2", closed(1, 1000),
      "Least number of distinct successful runs that took the action in a similar state (same page kind, similar"
          + " goal)."),
  REPLAY_MIN_VALUE("jitrl.replay.minValue", "1", closed(-1000, 1000), "Least remembered value Q of the action."),
  REPLAY_MIN_MARGIN("jitrl.replay.minMargin", "1", closed(0, 1000),
      "Least margin: Q less the standard error of the action's returns, above the best other remembered action's"
          + " Q and above 0."),
  REPLAY_MIN_GOAL_SIMILARITY("jitrl.replay.minGoalSimilarity", "0.8", closed(0, 1),
      "Least word Jaccard between the current goal and a remembered step's goal for the step to count as"
          + " support.");

  private final String key;
  private final String defaultValue;
  private final Range range;
  private final String allowed;
  private final String description;

  /** A numeric setting: what it allows is its range. */
  Setting(String key, String defaultValue, Range range, String description) {
    this(key, defaultValue, range, range.toString(), description);
  }

  /** A setting whose allowed values are described in words (a choice, a path, a pattern). */
  Setting(String key, String defaultValue, String allowed, String description) {
    this(key, defaultValue, null, allowed, description);
  }

  Setting(String key, String defaultValue, Range range, String allowed, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.range = range;
    this.allowed = allowed;
    this.description = description;
  }

  public String key() {
    return key;
  }

  /** The default as text, in the form a properties file would hold it. */
  public String defaultValue() {
    return defaultValue;
  }

  /** What a value may be, as error messages and the README show it. */
  public String allowed() {
    return allowed;
  }

  public String description() {
    return description;
  }

  /** The environment variable that carries this key: {@code jitrl.memory.maxSteps → JITRL_MEMORY_MAXSTEPS}. */
  public String environmentName() {
    return key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /**
   * The README's configuration table: one row per setting, in this order.
   */
  public static String markdownTable() {
    StringBuilder out = new StringBuilder("| key | default | allowed | meaning |\n|---|---|---|---|\n");
    for (Setting s : values()) {
      out.append("| `").append(s.key).append("` | ")
          .append(s.defaultValue.isEmpty() ? "(none)" : "`" + s.defaultValue + "`").append(" | ")
          .append(cell(s.allowed)).append(" | ")
          .append(cell(s.description)).append(" |\n");
    }
    return out.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  /** Checks a value of a numeric setting against its range; returns it. */
  double require(double value) {
    if (!range().contains(value)) {
      throw invalid(String.valueOf(value));
    }
    return value;
  }

  /** As {@link #require(double)}, reporting an integer as written ({@code 0}, not {@code 0.0}). */
  long require(long value) {
    if (!range().contains(value)) {
      throw invalid(String.valueOf(value));
    }
    return value;
  }

  int require(int value) {
    return (int) require((long) value);
  }

  /** Checks a file setting: a path with a name. */
  Path requirePath(Path value) {
    if (value == null || value.toString().isBlank()) {
      throw invalid(String.valueOf(value));
    }
    return value;
  }

  /** Checks a setting that names an environment variable; returns the name without surrounding blanks. */
  String requireVariableName(String value) {
    if (value == null || !value.strip().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw invalid(String.valueOf(value));
    }
    return value.strip();
  }

  /** The range of a numeric setting; empty for the others. */
  Optional<Range> numericRange() {
    return Optional.ofNullable(range);
  }

  private Range range() {
    return Objects.requireNonNull(range, () -> key + " has no numeric range");
  }

  ConfigurationException invalid(String value) {
    // A URL may carry credentials (user:password@, ?password=): only its address part is shown.
    return new ConfigurationException(key, this == MEMORY_URL ? ServerMemory.redact(value) : value, allowed);
  }
}
