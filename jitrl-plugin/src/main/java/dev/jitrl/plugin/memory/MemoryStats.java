package dev.jitrl.plugin.memory;

/**
 * Counts of what a memory holds.
 *
 * @param episodes stored episodes
 * @param successes of which the environment called a success
 * @param steps stored steps
 * @param patterns distinct {@code site + urlPattern}
 * @param goals distinct task goals
 * @param fileBytes size of the database file plus its write-ahead log
 */
public record MemoryStats(long episodes, long successes, long steps, long patterns, long goals, long fileBytes) {}
