package dev.jitrl.plugin.config;

/**
 * When memory may decide a step without the host's policy ({@code jitrl.replay.*}, see {@link Setting}).
 *
 * @param enabled whether the plugin ever replays
 * @param minEpisodes least number of distinct successful runs behind the action, in [1, 1000]
 * @param minValue least remembered value of the action
 * @param minMargin least margin of the action's value, less its standard error, over the best alternative
 * @param minGoalSimilarity least goal similarity of a remembered step for it to count as support, in [0, 1]
 */
public record ReplaySettings(
    boolean enabled, int minEpisodes, double minValue, double minMargin, double minGoalSimilarity) {
  public ReplaySettings {
    Setting.REPLAY_MIN_EPISODES.require(minEpisodes);
    Setting.REPLAY_MIN_VALUE.require(minValue);
    Setting.REPLAY_MIN_MARGIN.require(minMargin);
    Setting.REPLAY_MIN_GOAL_SIMILARITY.require(minGoalSimilarity);
  }
}
