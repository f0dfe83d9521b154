package dev.jitrl.plugin.memory;

import dev.jitrl.api.OutcomeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A remembered episode with its scored steps, as written in one transaction.
 *
 * @param key the host's episode id; storing the same key twice stores it once
 * @param goal the task goal
 * @param outcome the environment's verdict
 * @param envReward the environment's reward
 * @param outcomeReason the environment's reason
 * @param startedAt start of the run
 * @param endedAt end of the run
 * @param policy the policy that proposed actions (from the episode's {@code policy} tag)
 * @param configFingerprint the plugin settings it was learned under
 * @param judge the evaluator that scored the steps
 * @param tags the host's tags
 * @param steps the steps, in order
 */
public record EpisodeRecord(
    String key,
    String goal,
    OutcomeStatus outcome,
    double envReward,
    String outcomeReason,
    Instant startedAt,
    Instant endedAt,
    String policy,
    String configFingerprint,
    String judge,
    Map<String, String> tags,
    List<StoredStep> steps) {
  public EpisodeRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(outcomeReason, "outcomeReason");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(configFingerprint, "configFingerprint");
    Objects.requireNonNull(judge, "judge");
    tags = Map.copyOf(tags);
    steps = List.copyOf(steps);
  }

  /** This episode with {@code steps} instead of its steps (an episode read head first, steps after). */
  public EpisodeRecord withSteps(List<StoredStep> steps) {
    return new EpisodeRecord(key, goal, outcome, envReward, outcomeReason, startedAt, endedAt, policy,
        configFingerprint, judge, tags, steps);
  }

  /** A builder: the episode's values by name. Tags and steps default to none. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link EpisodeRecord}; the record's constructor checks the values. */
  public static final class Builder {
    private String key;
    private String goal;
    private OutcomeStatus outcome;
    private double envReward;
    private String outcomeReason;
    private Instant startedAt;
    private Instant endedAt;
    private String policy;
    private String configFingerprint;
    private String judge;
    private Map<String, String> tags = Map.of();
    private List<StoredStep> steps = List.of();

    private Builder() {}

    public Builder key(String value) {
      this.key = value;
      return this;
    }

    public Builder goal(String value) {
      this.goal = value;
      return this;
    }

    public Builder outcome(OutcomeStatus value) {
      this.outcome = value;
      return this;
    }

    public Builder envReward(double value) {
      this.envReward = value;
      return this;
    }

    public Builder outcomeReason(String value) {
      this.outcomeReason = value;
      return this;
    }

    public Builder startedAt(Instant value) {
      this.startedAt = value;
      return this;
    }

    public Builder endedAt(Instant value) {
      this.endedAt = value;
      return this;
    }

    public Builder policy(String value) {
      this.policy = value;
      return this;
    }

    public Builder configFingerprint(String value) {
      this.configFingerprint = value;
      return this;
    }

    public Builder judge(String value) {
      this.judge = value;
      return this;
    }

    public Builder tags(Map<String, String> value) {
      this.tags = value;
      return this;
    }

    public Builder steps(List<StoredStep> value) {
      this.steps = value;
      return this;
    }

    public EpisodeRecord build() {
      return new EpisodeRecord(key, goal, outcome, envReward, outcomeReason, startedAt, endedAt, policy,
          configFingerprint, judge, tags, steps);
    }
  }
}
