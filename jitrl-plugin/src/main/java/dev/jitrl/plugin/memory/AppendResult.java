package dev.jitrl.plugin.memory;

/**
 * What an append did.
 *
 * @param stored false when an episode with the same key was already there (nothing written)
 * @param episodeId the row id of the episode
 * @param evictedThroughStepId every step with an id up to this one was evicted to respect the bound (0: none)
 */
public record AppendResult(boolean stored, long episodeId, long evictedThroughStepId) {}
