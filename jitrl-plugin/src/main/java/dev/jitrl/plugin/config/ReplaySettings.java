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
    if (minEpisodes < 1 || minEpisodes > 1000) {
      throw Setting.REPLAY_MIN_EPISODES.invalid(String.valueOf(minEpisodes));
    }
    if (!(minValue >= -1000 && minValue <= 1000)) {
      throw Setting.REPLAY_MIN_VALUE.invalid(String.valueOf(minValue));
    }
    if (!(minMargin >= 0 && minMargin <= 1000)) {
      throw Setting.REPLAY_MIN_MARGIN.invalid(String.valueOf(minMargin));
    }
    if (!(minGoalSimilarity >= 0 && minGoalSimilarity <= 1)) {
      throw Setting.REPLAY_MIN_GOAL_SIMILARITY.invalid(String.valueOf(minGoalSimilarity));
    }
  }
}
