package dev.jitrl.host.bench;

/**
 * One episode of a benchmark, as written to {@code results.json}.
 *
 * @param task the task id
 * @param mode {@code static} or {@code jitrl}
 * @param episode the episode index in its task's run, from 1
 * @param success whether the environment said success
 * @param steps the steps taken
 * @param wallMillis the episode's wall time
 * @param outcome the outcome status
 * @param reason the environment's reason
 * @param changedChoices steps in which a plugin changed the policy's choice
 * @param fallbacks plugin calls the host ignored
 */
public record EpisodeResult(
    String task,
    String mode,
    int episode,
    boolean success,
    int steps,
    long wallMillis,
    String outcome,
    String reason,
    int changedChoices,
    int fallbacks) {}
