package dev.jitrl.plugin.memory;

import dev.jitrl.api.ActionType;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.plugin.json.Json;
import dev.jitrl.plugin.state.NormalizedAction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Turns rows of the {@code steps} and {@code episodes} tables into records, reading each column by its name. The
 * SQLite and PostgreSQL memories store the same columns; they differ only in how text is stored (PostgreSQL text
 * cannot hold NUL, so that bank escapes it and passes its decoder here).
 *
 * <p>One reader serves one query: texts that repeat across rows (goals, sites, contexts) are parsed and kept once.
 */
final class MemoryRows {
  /** The step columns {@link #step} reads, for a SELECT list. */
  static final String STEP_COLUMNS = "id, episode_id, step_index, goal, site, url_pattern, context, action_type,"
      + " action_role, action_label, action_ordinal, action_arg, raw_action, reward, ret, reason";
  /**
   * The FROM clause and columns for the hot index: the steps ({@code s}) with their episode's tags ({@code e}), from
   * which each step takes the task instance the host named ({@link dev.jitrl.api.Episode#INSTANCE_TAG}).
   *
   * @param steps the steps table's name
   * @param episodes the episodes table's name
   */
  static String indexSelect(String steps, String episodes) {
    StringBuilder sb = new StringBuilder("SELECT ");
    for (String column : STEP_COLUMNS.split(",\\s*")) {
      sb.append("s.").append(column).append(", ");
    }
    return sb.append("e.tags AS episode_tags FROM ").append(steps).append(" s JOIN ").append(episodes)
        .append(" e ON e.id = s.episode_id").toString();
  }

  /** As {@link #STEP_COLUMNS}, with the decision's explanation (which the hot index does not keep). */
  static final String STEP_COLUMNS_WITH_EXPLANATION = STEP_COLUMNS + ", explanation";
  /** The episode columns {@link #episodeHead} reads. */
  static final String EPISODE_COLUMNS = "id, episode_key, goal, outcome, env_reward, outcome_reason, started_at,"
      + " ended_at, policy, config_fingerprint, judge, tags";

  private final UnaryOperator<String> decode;
  private final boolean withExplanation;
  private final Map<String, String> strings = new HashMap<>();
  private final Map<String, List<String>> contexts = new HashMap<>();
  private final Map<String, String> instances = new HashMap<>();

  private MemoryRows(UnaryOperator<String> decode, boolean withExplanation) {
    this.decode = decode;
    this.withExplanation = withExplanation;
  }

  /**
   * Rows for the hot index ({@link #STEP_COLUMNS}): no explanation, and each step knows its episode's row id.
   *
   * @param decode how the bank's stored text becomes the text that was written
   */
  static MemoryRows forIndex(UnaryOperator<String> decode) {
    return new MemoryRows(decode, false);
  }

  /**
   * Rows of whole episodes ({@link #STEP_COLUMNS_WITH_EXPLANATION}), as exported: with the explanation; the steps
   * carry no episode id, as episodes built by the engine do not.
   */
  static MemoryRows forEpisodes(UnaryOperator<String> decode) {
    return new MemoryRows(decode, true);
  }

  StoredStep step(ResultSet rs) throws SQLException {
    NormalizedAction action = new NormalizedAction(
        ActionType.valueOf(rs.getString("action_type").toUpperCase(Locale.ROOT)), text(rs, "action_role"),
        text(rs, "action_label"), rs.getInt("action_ordinal"), text(rs, "action_arg"));
    return StoredStep.builder()
        .id(rs.getLong("id"))
        .episodeId(withExplanation ? 0 : rs.getLong("episode_id"))
        .stepIndex(rs.getInt("step_index"))
        .goal(text(rs, "goal"))
        .site(text(rs, "site"))
        .urlPattern(text(rs, "url_pattern"))
        .context(contexts.computeIfAbsent(rs.getString("context"), this::parseContext))
        .action(action)
        .rawAction(decode.apply(rs.getString("raw_action")))
        .reward(rs.getDouble("reward"))
        .ret(rs.getDouble("ret"))
        .reason(decode.apply(rs.getString("reason")))
        .explanation(withExplanation ? Optional.ofNullable(decode.apply(rs.getString("explanation"))) : Optional.empty())
        .instance(withExplanation ? "" : instances.computeIfAbsent(rs.getString("episode_tags"), this::instanceOf))
        .build();
  }

  /** The task instance named in an episode's stored tags ("" when none or when the tags cannot be read). */
  private String instanceOf(String storedTags) {
    if (storedTags == null) {
      return "";
    }
    try {
      Object v = Json.object(Json.parse(decode.apply(storedTags)), "tags").get(dev.jitrl.api.Episode.INSTANCE_TAG);
      return v == null ? "" : String.valueOf(v);
    } catch (RuntimeException e) {
      return ""; // tags are the host's free-form labels: unreadable ones name no instance
    }
  }

  /** The episode of the row, without its steps (see {@link EpisodeRecord#withSteps}). */
  EpisodeRecord episodeHead(ResultSet rs) throws SQLException {
    Map<String, String> tags = new LinkedHashMap<>();
    Json.object(Json.parse(decode.apply(rs.getString("tags"))), "tags")
        .forEach((k, v) -> tags.put(k, String.valueOf(v)));
    return EpisodeRecord.builder()
        .key(decode.apply(rs.getString("episode_key")))
        .goal(decode.apply(rs.getString("goal")))
        .outcome(OutcomeStatus.valueOf(rs.getString("outcome").toUpperCase(Locale.ROOT)))
        .envReward(rs.getDouble("env_reward"))
        .outcomeReason(decode.apply(rs.getString("outcome_reason")))
        .startedAt(Instant.parse(rs.getString("started_at")))
        .endedAt(Instant.parse(rs.getString("ended_at")))
        .policy(decode.apply(rs.getString("policy")))
        .configFingerprint(decode.apply(rs.getString("config_fingerprint")))
        .judge(decode.apply(rs.getString("judge")))
        .tags(tags)
        .build();
  }

  /** A text that repeats across rows: decoded once, the same instance after. */
  private String text(ResultSet rs, String column) throws SQLException {
    String raw = rs.getString(column);
    return raw == null ? null : strings.computeIfAbsent(raw, decode);
  }

  private List<String> parseContext(String stored) {
    List<String> out = new ArrayList<>();
    for (Object o : Json.array(Json.parse(decode.apply(stored)), "context")) {
      out.add(String.valueOf(o));
    }
    return List.copyOf(out);
  }
}
