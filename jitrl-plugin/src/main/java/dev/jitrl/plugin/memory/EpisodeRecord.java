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
}
