package dev.jitrl.plugin.memory;

import dev.jitrl.api.ActionType;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.plugin.json.Json;
import dev.jitrl.plugin.state.NormalizedAction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The JSON Lines form of an episode: one object per line with its steps inline. */
final class EpisodeJson {
  static final int FORMAT = 1;

  private EpisodeJson() {}

  /** Episodes read in row-id order, and the row id of the last one (to continue after it). */
  record Batch(List<EpisodeRecord> episodes, long lastId) {}

  /** Reads the batch of episodes stored after a row id. */
  @FunctionalInterface
  interface BatchReader {
    Batch after(long rowId, int limit);
  }

  /**
   * Writes a whole memory as JSON Lines, 500 episodes at a time, oldest first.
   *
   * @return the number of episodes written
   */
  static long writeLines(BatchReader memory, Writer out) throws IOException {
    long written = 0;
    long after = 0;
    while (true) {
      Batch batch = memory.after(after, 500);
      if (batch.episodes().isEmpty()) {
        break;
      }
      for (EpisodeRecord e : batch.episodes()) {
        out.write(write(e));
        out.write('\n');
        written++;
      }
      after = batch.lastId();
    }
    out.flush();
    return written;
  }

  /**
   * Reads and validates every line before anything is stored; blank lines are skipped (and counted).
   *
   * @param location the memory being imported into, for the message
   * @throws MemoryException naming the first invalid line (nothing was imported)
   */
  static List<EpisodeRecord> readLines(Reader in, String location) throws IOException {
    List<EpisodeRecord> parsed = new ArrayList<>();
    BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        parsed.add(read(line));
      } catch (RuntimeException e) {
        throw new MemoryException("import into " + location + " refused, line " + number
            + " is not a valid episode: " + e.getMessage() + " (nothing was imported)", e);
      }
    }
    return parsed;
  }

  static String write(EpisodeRecord e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("key", e.key());
    m.put("goal", e.goal());
    m.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
    m.put("envReward", e.envReward());
    m.put("outcomeReason", e.outcomeReason());
    m.put("startedAt", e.startedAt().toString());
    m.put("endedAt", e.endedAt().toString());
    m.put("policy", e.policy());
    m.put("config", e.configFingerprint());
    m.put("judge", e.judge());
    m.put("tags", new java.util.TreeMap<>(e.tags())); // sorted: exports of one memory are identical byte for byte
    List<Object> steps = new ArrayList<>();
    for (StoredStep s : e.steps()) {
      Map<String, Object> sm = new LinkedHashMap<>();
      sm.put("index", s.stepIndex());
      sm.put("site", s.site());
      sm.put("urlPattern", s.urlPattern());
      sm.put("context", s.context());
      NormalizedAction a = s.action();
      sm.put("action", a.text());
      sm.put("type", a.type().verb());
      sm.put("role", a.role());
      sm.put("label", a.label());
      sm.put("ordinal", a.ordinal());
      sm.put("arg", a.arg());
      sm.put("rawAction", s.rawAction());
      sm.put("reward", s.reward());
      sm.put("return", s.ret());
      sm.put("reason", s.reason());
      s.explanation().ifPresent(x -> sm.put("explanation", x));
      steps.add(sm);
    }
    m.put("steps", steps);
    return Json.write(m);
  }

  static EpisodeRecord read(String line) {
    Map<String, Object> m = Json.object(Json.parse(line), "episode");
    Object format = m.get("format");
    if (!(format instanceof Long f) || f != FORMAT) {
      throw new Json.JsonException("field \"format\" must be " + FORMAT + " but was " + format);
    }
    String goal = Json.string(m, "goal");
    List<StoredStep> steps = new ArrayList<>();
    for (Object o : Json.array(m.get("steps"), "steps")) {
      Map<String, Object> s = Json.object(o, "step");
      List<String> context = new ArrayList<>();
      for (Object c : Json.array(s.get("context"), "context")) {
        if (!(c instanceof String cs)) {
          throw new Json.JsonException("context entries must be strings");
        }
        context.add(cs);
      }
      NormalizedAction action = new NormalizedAction(
          actionType(Json.string(s, "type")), Json.string(s, "role"), Json.string(s, "label"),
          (int) Json.number(s, "ordinal"), Json.string(s, "arg"));
      Object expl = s.get("explanation");
      steps.add(StoredStep.builder().stepIndex((int) Json.number(s, "index")).goal(goal)
          .site(Json.string(s, "site")).urlPattern(Json.string(s, "urlPattern")).context(context).action(action)
          .rawAction(Json.string(s, "rawAction")).reward(Json.number(s, "reward")).ret(Json.number(s, "return"))
          .reason(Json.string(s, "reason")).explanation(expl instanceof String es ? Optional.of(es) : Optional.empty())
          .build());
    }
    Map<String, String> tags = new LinkedHashMap<>();
    Object t = m.get("tags");
    if (t != null) {
      for (Map.Entry<String, Object> e : Json.object(t, "tags").entrySet()) {
        tags.put(e.getKey(), String.valueOf(e.getValue()));
      }
    }
    return EpisodeRecord.builder().key(Json.string(m, "key")).goal(goal).outcome(outcome(Json.string(m, "outcome")))
        .envReward(Json.number(m, "envReward")).outcomeReason(Json.string(m, "outcomeReason"))
        .startedAt(instant(Json.string(m, "startedAt"))).endedAt(instant(Json.string(m, "endedAt")))
        .policy(Json.string(m, "policy")).configFingerprint(Json.string(m, "config")).judge(Json.string(m, "judge"))
        .tags(tags).steps(steps).build();
  }

  private static ActionType actionType(String verb) {
    try {
      return ActionType.valueOf(verb.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Json.JsonException("unknown action type \"" + verb + "\"");
    }
  }

  private static OutcomeStatus outcome(String s) {
    try {
      return OutcomeStatus.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Json.JsonException("unknown outcome \"" + s + "\"");
    }
  }

  private static Instant instant(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new Json.JsonException("bad timestamp \"" + s + "\"");
    }
  }
}
