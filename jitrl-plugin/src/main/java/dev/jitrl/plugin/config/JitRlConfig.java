package dev.jitrl.plugin.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The plugin's validated configuration. Build it with {@link #builder()} or {@link ConfigLoader}; every value
 * is checked against its {@link Setting} when it is set and again here, and a bad one names its key, the value
 * and the allowed range.
 *
 * <p>The replay thresholds ({@code jitrl.replay.*}) are not part of the {@link #fingerprint()}: they change what
 * it costs to decide, not what is learned.
 */
public record JitRlConfig(
    boolean enabled,
    double beta,
    int k,
    double gamma,
    double similarityThreshold,
    double similarityDecay,
    int similarityDecaySteps,
    double taskThreshold,
    double explorationLambda,
    double explorationAlpha,
    double explorationMaxValue,
    AdvantageScaling advantageScaling,
    double rewardScale,
    double successReward,
    double failureReward,
    Path memoryPath,
    long memoryMaxSteps,
    JudgeKind judge,
    Map<String, String> siteAliases,
    long seed,
    int urlCacheSize,
    ReplaySettings replay,
    ServerMemory memoryServer) {

  /**
   * Checks every value against its {@link Setting}, so that a configuration made without the builder obeys the
   * same ranges.
   *
   * @throws dev.jitrl.api.ConfigurationException naming the key, the value and the allowed range
   */
  public JitRlConfig {
    Setting.BETA.require(beta);
    Setting.K.require(k);
    Setting.GAMMA.require(gamma);
    Setting.SIMILARITY_THRESHOLD.require(similarityThreshold);
    Setting.SIMILARITY_DECAY.require(similarityDecay);
    Setting.SIMILARITY_DECAY_STEPS.require(similarityDecaySteps);
    Setting.TASK_THRESHOLD.require(taskThreshold);
    Setting.EXPLORATION_LAMBDA.require(explorationLambda);
    Setting.EXPLORATION_ALPHA.require(explorationAlpha);
    Setting.EXPLORATION_MAX_VALUE.require(explorationMaxValue);
    Objects.requireNonNull(advantageScaling, "advantageScaling");
    Setting.REWARD_SCALE.require(rewardScale);
    Setting.REWARD_SUCCESS.require(successReward);
    Setting.REWARD_FAILURE.require(failureReward);
    Setting.MEMORY_PATH.requirePath(memoryPath);
    Setting.MEMORY_MAX_STEPS.require(memoryMaxSteps);
    Setting.URL_CACHE_SIZE.require(urlCacheSize);
    Objects.requireNonNull(judge, "judge");
    Objects.requireNonNull(memoryServer, "memoryServer");
    siteAliases = Map.copyOf(siteAliases);
    Objects.requireNonNull(replay, "replay");
  }

  /** A builder holding every default. */
  public static JitRlConfigBuilder builder() {
    return new JitRlConfigBuilder();
  }

  /** The defaults, with the memory at {@code memoryPath}. */
  public static JitRlConfig defaults(Path memoryPath) {
    return builder().memoryPath(memoryPath).build();
  }

  /** The similarity threshold for step {@code t}: r lowered linearly by up to {@code similarityDecay}. */
  public double thresholdAt(int stepIndex) {
    double progress = Math.min(1.0, stepIndex / (double) similarityDecaySteps);
    return Math.max(0.0, similarityThreshold - similarityDecay * progress);
  }

  /**
   * A short fingerprint of the values that change what is learned or chosen, stored with each episode so that
   * memories written under different settings can be told apart.
   */
  public String fingerprint() {
    String s = "beta=" + beta + ";k=" + k + ";gamma=" + gamma + ";r=" + similarityThreshold + ";task=" + taskThreshold
        + ";lambda=" + explorationLambda + ";alpha=" + explorationAlpha + ";maxv=" + explorationMaxValue + ";scaling=" + advantageScaling
        + ";judge=" + judge + ";succ=" + successReward + ";fail=" + failureReward;
    return Integer.toHexString(s.hashCode());
  }
}
