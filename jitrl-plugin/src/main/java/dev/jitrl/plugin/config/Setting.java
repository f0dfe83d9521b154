package dev.jitrl.plugin.config;

import dev.jitrl.api.ConfigurationException;
import java.util.Locale;

/**
 * Every {@code jitrl.*} configuration key: its default, what it allows and what it does. One table, used for
 * parsing, validation messages and the README.
 */
public enum Setting {
  ENABLED("jitrl.enabled", "true", "true|false", "Switches the plugin on; false gives exactly the frozen policy."),
  BETA("jitrl.beta", "2.0", "[0, 100]", "Trust-region strength: z' = z + beta·A. 0 is the frozen policy."),
  K("jitrl.k", "10", "[1, 1000]", "Most neighbours used per decision (useful range 8–14)."),
  GAMMA("jitrl.gamma", "0.95", "[0, 1]", "Discount of the returns G_t = Σ gamma^u · r_{t+u}."),
  SIMILARITY_THRESHOLD(
      "jitrl.similarity.threshold", "0.8", "[0, 1]", "Least similarity r of a neighbour (0.7·J(context)+0.3·J(goal))."),
  SIMILARITY_DECAY(
      "jitrl.similarity.decay", "0.1", "[0, 1]", "How far r is lowered, linearly, as the episode gets longer."),
  SIMILARITY_DECAY_STEPS(
      "jitrl.similarity.decaySteps", "20", "[1, 10000]", "Step index at which the full decay applies."),
  TASK_THRESHOLD("jitrl.task.threshold", "0.27", "[0, 1]", "Least word-token Jaccard between task goals."),
  EXPLORATION_LAMBDA(
      "jitrl.exploration.lambda", "1.0", "[0, 1]", "Probability that a run may deviate at a blamed state (1: always, 0: never)."),
  EXPLORATION_ALPHA(
      "jitrl.exploration.alpha", "1.0", "[0, 1000]", "Optimism of the deviation's value: Q = V + alpha/sqrt(|N|+1)."),
  EXPLORATION_MAX_VALUE(
      "jitrl.exploration.maxValue", "-5", "[-1000, 1000]",
      "A state is explored (one untried action, at most one state per episode) only where no remembered action has a value above this: where memory blames what was done."),
  ADVANTAGE_SCALING(
      "jitrl.advantage.scaling", "evidence", "evidence|max|reward",
      "evidence: A/jitrl.reward.scale clipped to [-1, 1] times sqrt(support); max: divide by the step's largest |A|; reward: A/jitrl.reward.scale clipped."),
  REWARD_SCALE("jitrl.reward.scale", "5", "(0, 1000]", "Divisor of A for advantage scaling evidence and reward: a difference of 2×scale between two actions moves their logits apart by 2·beta."),
  REWARD_SUCCESS(
      "jitrl.reward.success", "10", "[0, 1000]", "Reward that a known success puts on the last step."),
  REWARD_FAILURE(
      "jitrl.reward.failure", "-10", "[-1000, 0]", "Reward that a known failure puts on the blamed step (the culprit)."),
  MEMORY_PATH(
      "jitrl.memory.path", "${user.home}/.jitrl/memory.sqlite", "a file path", "The SQLite memory file (created if absent)."),
  MEMORY_URL(
      "jitrl.memory.url", "", "empty, or jdbc:postgresql://host[:port]/database (no password in it)",
      "A PostgreSQL memory shared by a fleet of hosts; empty: the SQLite file jitrl.memory.path."),
  MEMORY_USER_ENV(
      "jitrl.memory.userEnv", "JITRL_PG_USER", "an environment variable name",
      "The environment variable that holds the PostgreSQL user name."),
  MEMORY_PASSWORD_ENV(
      "jitrl.memory.passwordEnv", "JITRL_PG_PASSWORD", "an environment variable name",
      "The environment variable that holds the PostgreSQL password (never logged)."),
  MEMORY_OUTBOX(
      "jitrl.memory.outbox", "${user.home}/.jitrl/outbox.sqlite", "a file path",
      "With jitrl.memory.url: the local SQLite file where episodes wait while the server cannot be reached."),
  MEMORY_CATCH_UP_MILLIS(
      "jitrl.memory.catchUpMillis", "1000", "[50, 60000]",
      "With jitrl.memory.url: how often the hot index looks for other hosts' episodes without a notification."),
  MEMORY_MAX_STEPS(
      "jitrl.memory.maxSteps", "1000000", "[1, 1000000000]",
      "Bound on stored steps; the oldest whole episodes are evicted first."),
  JUDGE("jitrl.judge", "llm", "llm|rules|env", "Reflective evaluator; llm falls back to rules without a host model."),
  SITE_ALIASES(
      "jitrl.site.aliases", "", "host[:port]=alias,...", "Maps hosts to site names so that mirrors share memory."),
  SEED("jitrl.seed", "0", "a 64-bit integer", "Seed of the exploration coin, for reproducible runs."),
  URL_CACHE_SIZE(
      "jitrl.cache.urls", "10000", "[16, 10000000]", "Bound of the URL-regularization cache (entries)."),
  REPLAY_ENABLED(
      "jitrl.replay.enabled", "true", "true|false",
      "Lets memory decide a step without the host's policy (no model call) where it is sure; false: the policy is always asked."),
  REPLAY_MIN_EPISODES(
      "jitrl.replay.minEpisodes", "2", "[1, 1000]",
      "Least number of distinct successful runs that took the action in a similar state (same page kind, similar goal)."),
  REPLAY_MIN_VALUE(
      "jitrl.replay.minValue", "1", "[-1000, 1000]", "Least remembered value Q of the action to replay it."),
  REPLAY_MIN_MARGIN(
      "jitrl.replay.minMargin", "1", "[0, 1000]",
      "Least margin of dominance: Q of the action, less the standard error of its returns, above the best other remembered action's Q (and above 0, an unknown action)."),
  REPLAY_MIN_GOAL_SIMILARITY(
      "jitrl.replay.minGoalSimilarity", "0.8", "[0, 1]",
      "Least word Jaccard between the current goal and a remembered step's goal for the step to count as support.");

  private final String key;
  private final String defaultValue;
  private final String allowed;
  private final String description;

  Setting(String key, String defaultValue, String allowed, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.allowed = allowed;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

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

  ConfigurationException invalid(String value) {
    // A URL may carry credentials (user:password@, ?password=): only its address part is shown.
    return new ConfigurationException(key, this == MEMORY_URL ? ServerMemory.redact(value) : value, allowed);
  }
}
