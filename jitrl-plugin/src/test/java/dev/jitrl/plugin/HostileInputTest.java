package dev.jitrl.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jitrl.api.Action;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Episode;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.LanguageModel;
import dev.jitrl.api.ModelReply;
import dev.jitrl.api.ModelRequest;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.api.ScoredCandidate;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.json.Json;
import dev.jitrl.plugin.judge.LlmJudge;
import dev.jitrl.plugin.judge.RuleJudge;
import dev.jitrl.plugin.judge.StepReward;
import dev.jitrl.plugin.memory.MemoryException;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import dev.jitrl.plugin.reliability.Episodes;
import dev.jitrl.plugin.reliability.Figures;
import dev.jitrl.plugin.reliability.Hostile;
import dev.jitrl.plugin.reliability.MemoryFileCheck;
import dev.jitrl.plugin.state.ActionNormalizer;
import dev.jitrl.plugin.state.NormalizedAction;
import dev.jitrl.plugin.state.UrlPattern;
import dev.jitrl.plugin.state.UrlRegularizer;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and odd input, generated with fixed seeds: 10,000 cases per target (100,000 with
 * {@code -Djitrl.long=true}). Every target must stay within its contract: no exception where none is allowed,
 * only the documented exception where one is, and never a damaged memory.
 */
class HostileInputTest {
  private static final int CASES = Boolean.getBoolean("jitrl.long") ? 100_000 : 10_000;
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir
  Path dir;

  private JitRlEngine engine(String name) {
    JitRlConfig config = JitRlConfig.builder().memoryPath(dir.resolve(name)).judge(JudgeKind.RULES).build();
    return JitRlEngine.open(config, HostServices.of(Map.of()));
  }

  private static Episode hostileEpisode(SplittableRandom r, String id) {
    int n = r.nextInt(6);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Observation o = r.nextInt(20) == 0 ? Hostile.observation(r) : small(r);
      steps.add(new Step(i, o, Hostile.action(r, o), r.nextBoolean() ? StepStatus.EXECUTED : StepStatus.FAILED,
          r.nextBoolean() ? Optional.empty() : Optional.of(Hostile.text(r)), small(r), Hostile.nonBlank(r)));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      tags.put(Hostile.text(r), Hostile.text(r));
    }
    OutcomeStatus status = OutcomeStatus.values()[r.nextInt(3)];
    return new Episode(id, new TaskGoal(Hostile.nonBlank(r)), steps, new Outcome(status, Hostile.logit(r), Hostile.text(r)),
        T0, T0.plusSeconds(r.nextInt(100)), tags);
  }

  /** A hostile observation without the 10,000-element case (which is exercised separately), to keep CI short. */
  private static Observation small(SplittableRandom r) {
    Observation o;
    do {
      o = Hostile.observation(r);
    } while (o.elements().size() > 100);
    return o;
  }

  @Test
  void select_hostileObservationsAndCandidates_neverThrowsAndKeepsEveryCandidate() {
    SplittableRandom r = new SplittableRandom(41);
    int fallbacks = 0;
    int modulated = 0;
    int huge = 0;
    try (JitRlEngine engine = engine("select.sqlite")) {
      for (int e = 0; e < 200; e++) { // memory to find neighbours in
        engine.learn(Episodes.run(engine, "seed-" + e, 1 + r.nextInt(6), r)).join();
      }
      for (int c = 0; c < CASES; c++) {
        Observation page = r.nextInt(3) == 0 ? Episodes.page(r.nextInt(3), c, r) : Hostile.observation(r);
        huge += page.elements().size() >= 10_000 ? 1 : 0;
        List<Candidate> candidates = Hostile.candidates(r, page);
        List<Step> history = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
          Observation o = small(r);
          history.add(new Step(history.size(), o, Hostile.action(r, o), StepStatus.EXECUTED, Optional.empty(), o, "x"));
        }
        DecisionContext ctx = new DecisionContext(Hostile.nonBlank(r), new TaskGoal(
            r.nextBoolean() ? "show the orders of customer alice" : Hostile.nonBlank(r)), page, history);
        Selection s = engine.select(ctx, candidates);
        String where = "case " + c + ": " + s.explanation().summary();
        List<Candidate> given = s.distribution().stream().map(ScoredCandidate::candidate).toList();
        assertTrue(given.containsAll(candidates), where);
        assertTrue(given.contains(s.chosen()), where);
        double sum = s.distribution().stream().mapToDouble(ScoredCandidate::probability).sum();
        assertEquals(1.0, sum, 1e-6, where);
        assertFalse(s.explanation().summary().startsWith("internal error"), where);
        if (s.explanation().fallback()) {
          fallbacks++;
          assertFalse(s.explanation().summary().isBlank());
          assertEquals(candidates.size(), s.distribution().size(), where);
          for (int i = 0; i < candidates.size(); i++) {
            assertEquals(candidates.get(i).logit(), s.distribution().get(i).logit(), where);
          }
        } else {
          modulated++;
        }
      }
    }
    Figures.write("fuzz-select", "cases=" + CASES + " fallbacks=" + fallbacks + " modulated=" + modulated
        + " observationsWith10kElements=" + huge + " internalErrors=0");
    assertTrue(modulated > CASES / 20, "memory was used in a share of the cases: " + modulated);
  }

  @Test
  void candidate_nonFiniteLogit_rejectedByTheApiWithAClearMessage() {
    Action a = Action.scroll("down");
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Candidate.fromPolicy(a, bad));
      assertEquals("logit must be finite but was " + bad, e.getMessage());
    }
  }

  @Test
  void learn_hostileEpisodes_storedWholeOrFailedClearlyAndMemoryIntact() throws Exception {
    SplittableRandom r = new SplittableRandom(42);
    Path file = dir.resolve("learn.sqlite");
    int stored = 0;
    List<String> failures = new ArrayList<>();
    try (JitRlEngine engine = engine("learn.sqlite")) {
      for (int c = 0; c < CASES; c++) {
        Episode e = hostileEpisode(r, "case-" + c);
        try {
          engine.learn(e).get();
          stored++;
        } catch (java.util.concurrent.ExecutionException x) {
          failures.add(x.getCause().getMessage());
          assertTrue(x.getCause().getMessage().contains("case-" + c), x.getCause().getMessage());
        }
      }
      MemoryFileCheck check = MemoryFileCheck.of(file);
      assertEquals("ok", check.integrity());
      assertEquals(Map.of(), check.halfEpisodes());
      assertEquals(stored, check.episodes().size());
      assertEquals(check.steps(), engine.index().size());
    }
    Figures.write("fuzz-learn", "cases=" + CASES + " stored=" + stored + " failed=" + failures.size()
        + " integrity=ok halfEpisodes=0");
    assertEquals(List.of(), failures, "valid (if odd) episodes are all stored");
  }

  @Test
  void regularize_anyUrl_neverThrowsAndIsDeterministic() {
    SplittableRandom r = new SplittableRandom(43);
    UrlRegularizer urls = new UrlRegularizer(Map.of("shop.test", "shop"), 64);
    UrlRegularizer fresh = new UrlRegularizer(Map.of("shop.test", "shop"), 64);
    for (int c = 0; c < CASES; c++) {
      String url = r.nextInt(10) == 0 ? Hostile.text(r) : Hostile.url(r);
      UrlPattern p = urls.regularize(url);
      assertEquals(p, fresh.regularize(url), url);
      assertTrue(p.site() != null && p.pattern() != null);
    }
    assertEquals("?", urls.regularize(null).site());
    Figures.write("fuzz-url", "cases=" + CASES + " failures=0");
  }

  private static final String[] WORDS = {"orders", "customers", "admin", "edit", "view", "reports", "cart", "checkout",
      "settings", "profile", "search", "catalog", "product", "review", "forum", "thread", "wiki", "page", "api", "v"};
  private static final String[] QUERY_KEYS = {"page", "sort", "q", "id", "filter", "lang", "ref", "limit"};

  /** An id of the given kind: a number, a UUID, a long hex hash, or a mixed-case token with digits. */
  private static String id(SplittableRandom r, int kind) {
    return switch (kind) {
      case 0 -> Long.toString(r.nextLong(0, Long.MAX_VALUE));
      case 1 -> String.format("%08x", r.nextInt() & 0xffffffffL) + "-" + String.format("%04x-%04x-%04x-%012x", r.nextInt(0x10000), r.nextInt(0x10000), r.nextInt(0x10000),
              r.nextLong(0, 1L << 48));
      case 2 -> String.format("%016x%08x", r.nextLong(1L << 60, Long.MAX_VALUE), r.nextInt(1 << 30)) ;
      default -> {
        StringBuilder sb = new StringBuilder("aB3");
        for (int i = 0; i < 12; i++) {
          sb.append("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789".charAt(r.nextInt(54)));
        }
        yield sb.toString();
      }
    };
  }

  /**
   * A URL of one page kind: {@code kind} lists its path parts (a word, or {@code #k} for an id of kind k) and its
   * query keys; every id, query value and fragment is drawn anew at each call.
   */
  private static String urlOfKind(List<String> path, List<String> keys, SplittableRandom r) {
    StringBuilder sb = new StringBuilder(r.nextBoolean() ? "http://shop.test" : "https://shop.test:443");
    for (String part : path) {
      sb.append('/').append(part.startsWith("#") ? id(r, part.charAt(1) - '0') : part);
    }
    if (r.nextBoolean()) {
      sb.append('/');
    }
    for (int i = 0; i < keys.size(); i++) {
      sb.append(i == 0 ? '?' : '&').append(keys.get(i)).append('=').append(r.nextBoolean() ? id(r, 0) : id(r, 3));
    }
    if (r.nextBoolean()) {
      sb.append('#').append(id(r, 3));
    }
    return sb.toString();
  }

  private static List<String> randomPath(SplittableRandom r) {
    List<String> path = new java.util.ArrayList<>();
    for (int i = r.nextInt(1, 6); i > 0; i--) {
      path.add(r.nextInt(3) == 0 ? "#" + r.nextInt(4) : WORDS[r.nextInt(WORDS.length)]);
    }
    return path;
  }

  private static List<String> randomKeys(SplittableRandom r) {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      keys.add(QUERY_KEYS[r.nextInt(QUERY_KEYS.length)]);
    }
    return List.copyOf(keys);
  }

  @Test
  void regularize_sameKindOtherIdsValuesAndFragment_samePattern() {
    SplittableRandom r = new SplittableRandom(48);
    UrlRegularizer urls = new UrlRegularizer(Map.of("shop.test", "shop"), 64);
    for (int c = 0; c < CASES; c++) {
      List<String> path = randomPath(r);
      List<String> keys = randomKeys(r);
      String a = urlOfKind(path, keys, r);
      String b = urlOfKind(path, keys, r);
      assertEquals(urls.regularize(a), urls.regularize(b), a + " vs " + b);
      assertEquals("shop", urls.regularize(a).site());
    }
    Figures.write("fuzz-url-ids", "cases=" + CASES + " failures=0");
  }

  @Test
  void regularize_differentPageKinds_differentPatterns() {
    SplittableRandom r = new SplittableRandom(49);
    UrlRegularizer urls = new UrlRegularizer(Map.of("shop.test", "shop"), 64);
    int compared = 0;
    for (int c = 0; c < CASES; c++) {
      List<String> path = randomPath(r);
      List<String> keys = randomKeys(r);
      List<String> otherPath = new java.util.ArrayList<>(path);
      List<String> otherKeys = keys;
      switch (r.nextInt(4)) {
        case 0 -> otherPath.add(WORDS[r.nextInt(WORDS.length)]); // one level deeper
        case 1 -> otherPath.remove(otherPath.size() - 1); // one level up
        case 2 -> otherPath.set(r.nextInt(otherPath.size()), WORDS[r.nextInt(WORDS.length)]); // another word
        default -> { // another set of query keys
          java.util.Set<String> k = new java.util.TreeSet<>(keys);
          String extra = QUERY_KEYS[r.nextInt(QUERY_KEYS.length)];
          if (!k.remove(extra)) {
            k.add(extra);
          }
          otherKeys = List.copyOf(k);
        }
      }
      if (kindOf(otherPath).equals(kindOf(path)) && new java.util.TreeSet<>(otherKeys).equals(new java.util.TreeSet<>(keys))) {
        continue; // the change drew the same word again: the same page kind
      }
      String a = urlOfKind(path, keys, r);
      String b = urlOfKind(otherPath, otherKeys, r);
      assertNotEquals(urls.regularize(a), urls.regularize(b), a + " vs " + b);
      compared++;
    }
    Figures.write("fuzz-url-kinds", "cases=" + CASES + " compared=" + compared + " failures=0");
    assertTrue(compared > CASES / 2, "compared " + compared);
  }

  /** The path as the regularizer should see it: numbers one kind, every other id another. */
  private static List<String> kindOf(List<String> path) {
    return path.stream().map(p -> p.startsWith("#") ? (p.equals("#0") ? "{id}" : "{token}") : p).toList();
  }

  /** A random JSON value as the reader gives it back: maps (unique keys), lists, strings, longs, doubles, booleans, NULL. */
  private static Object value(SplittableRandom r, int depth) {
    int kind = depth > 4 ? r.nextInt(5) : r.nextInt(7);
    return switch (kind) {
      case 0 -> Hostile.text(r);
      case 1 -> r.nextLong();
      case 2 -> r.nextBoolean() ? r.nextDouble(-1e9, 1e9) : Double.longBitsToDouble(r.nextLong()); // any bit pattern
      case 3 -> r.nextBoolean();
      case 4 -> Json.NULL;
      case 5 -> {
        List<Object> list = new java.util.ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          list.add(value(r, depth + 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          map.put(Hostile.text(r), value(r, depth + 1));
        }
        yield map;
      }
    };
  }

  /**
   * What {@code value} must read back as: a double that is not finite is written as null; one that is a whole
   * number below 1e15 in magnitude is written without a fraction and read back as a long.
   */
  private static boolean hasNonFinite(Object v) {
    if (v instanceof Double d) {
      return !Double.isFinite(d);
    }
    if (v instanceof List<?> list) {
      return list.stream().anyMatch(HostileInputTest::hasNonFinite);
    }
    return v instanceof Map<?, ?> map && map.values().stream().anyMatch(HostileInputTest::hasNonFinite);
  }

  private static Object expected(Object v) {
    if (v instanceof Double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) (double) d : d;
    }
    if (v instanceof List<?> list) {
      return list.stream().map(HostileInputTest::expected).toList();
    }
    if (v instanceof Map<?, ?> map) {
      Map<Object, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, x) -> out.put(k, expected(x)));
      return out;
    }
    return v;
  }

  /** Where two parsed values first differ, for the failure message. */
  private static String firstDifference(Object a, Object b) {
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) {
        return "keys " + x.keySet() + " vs " + y.keySet();
      }
      for (Object k : x.keySet()) {
        if (!java.util.Objects.equals(x.get(k), y.get(k))) {
          return "at " + Json.write(k) + ": " + firstDifference(x.get(k), y.get(k));
        }
      }
    }
    if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
      for (int i = 0; i < x.size(); i++) {
        if (!java.util.Objects.equals(x.get(i), y.get(i))) {
          return "at [" + i + "]: " + firstDifference(x.get(i), y.get(i));
        }
      }
    }
    return (a == null ? "null" : a.getClass().getSimpleName() + " " + Json.write(a)) + " vs "
        + (b == null ? "null" : b.getClass().getSimpleName() + " " + Json.write(b));
  }

  @Test
  void parse_ofWrite_givesTheInputValueBack() {
    SplittableRandom r = new SplittableRandom(50);
    int refused = 0;
    for (int c = 0; c < CASES; c++) {
      Object v = value(r, 0);
      if (hasNonFinite(v)) { // NaN or an infinity has no JSON number: refused, never written as null
        assertThrows(Json.JsonException.class, () -> Json.write(v), "case " + c);
        refused++;
        continue;
      }
      String text = Json.write(v);
      Object back = Json.parse(text);
      if (!expected(v).equals(back)) {
        fail("case " + c + ": " + firstDifference(expected(v), back));
      }
    }
    assertTrue(refused > 0 && refused < CASES / 2, "refused: " + refused);
    Figures.write("fuzz-json-roundtrip", "cases=" + CASES + " refused_non_finite=" + refused + " failures=0");
  }

  @Test
  void normalize_hostileActions_neverThrowsAndDenormalizesToTheSameRoleAndLabel() {
    SplittableRandom r = new SplittableRandom(44);
    ActionNormalizer normalizer = new ActionNormalizer();
    int roundTrips = 0;
    for (int c = 0; c < CASES; c++) {
      Observation o = small(r);
      Action a = Hostile.action(r, o);
      NormalizedAction n = normalizer.normalize(a, o);
      assertTrue(n.label().length() <= 80 && n.arg().length() <= 200, n.text());
      n.text();
      Optional<Action> back = normalizer.denormalize(n, o);
      if (back.isPresent() && back.get().target().isPresent()) {
        assertEquals(n, normalizer.normalize(back.get(), o), "case " + c);
        roundTrips++;
      }
    }
    Figures.write("fuzz-actions", "cases=" + CASES + " roundTrips=" + roundTrips + " failures=0");
    assertTrue(roundTrips > CASES / 4, "round trips: " + roundTrips);
  }

  /** A random JSON document, as text. */
  private static String json(SplittableRandom r, int depth) {
    int kind = depth > 4 ? r.nextInt(4) : r.nextInt(6);
    return switch (kind) {
      case 0 -> Json.write(Hostile.text(r));
      case 1 -> List.of("0", "-0", "1e308", "1e999", "-1e-400", "123456789012345678901234567890", "3.25", "true",
          "false", "null").get(r.nextInt(10));
      case 2 -> Long.toString(r.nextLong());
      case 3 -> Json.write(r.nextDouble(-1e9, 1e9));
      case 4 -> {
        StringBuilder sb = new StringBuilder("[");
        for (int i = r.nextInt(4); i > 0; i--) {
          sb.append(json(r, depth + 1)).append(i > 1 ? "," : "");
        }
        yield sb.append(']').toString();
      }
      default -> {
        StringBuilder sb = new StringBuilder("{");
        for (int i = r.nextInt(4); i > 0; i--) {
          sb.append(Json.write(Hostile.text(r))).append(':').append(json(r, depth + 1)).append(i > 1 ? "," : "");
        }
        yield sb.append('}').toString();
      }
    };
  }

  /** Truncated, with a character changed, inserted or removed, or deeply nested. */
  private static String mutate(SplittableRandom r, String s) {
    if (s.isEmpty()) {
      return "{";
    }
    int at = r.nextInt(s.length());
    return switch (r.nextInt(5)) {
      case 0 -> s.substring(0, at);
      case 1 -> s.substring(0, at) + (char) r.nextInt(0x10000) + s.substring(at + 1);
      case 2 -> s.substring(0, at) + "{[\",:}]\\0e-".charAt(r.nextInt(11)) + s.substring(at);
      case 3 -> s.substring(0, at) + s.substring(at + 1);
      default -> "[".repeat(r.nextInt(1, 100_000)) + s;
    };
  }

  @Test
  void parse_mutatedAndTruncatedJson_returnsOrThrowsJsonExceptionOnly() {
    SplittableRandom r = new SplittableRandom(45);
    int rejected = 0;
    for (int c = 0; c < CASES; c++) {
      String valid = json(r, 0);
      try {
        assertEquals(Json.write(Json.parse(valid)), Json.write(Json.parse(Json.write(Json.parse(valid)))), valid);
      } catch (Json.JsonException e) {
        // JSON's grammar allows 1e999; a double cannot hold it, and the reader says so
        assertTrue(valid.contains("1e999") && e.getMessage().contains("out of range"), e.getMessage());
      }
      String bad = mutate(r, valid);
      try {
        Json.parse(bad);
      } catch (Json.JsonException e) {
        rejected++;
        assertFalse(e.getMessage().isBlank());
      }
    }
    Figures.write("fuzz-json", "cases=" + CASES + " rejectedMutations=" + rejected + " otherExceptions=0");
    assertTrue(rejected > CASES / 2, "most mutations break the JSON: " + rejected);
  }

  @Test
  void importFrom_mutatedAndTruncatedLines_storesWholeEpisodesOrRefusesNamingTheLine() throws Exception {
    SplittableRandom r = new SplittableRandom(46);
    StringWriter export = new StringWriter();
    try (JitRlEngine engine = engine("source.sqlite")) {
      for (int e = 0; e < 30; e++) {
        engine.learn(Episodes.run(engine, "src-" + e, 1 + r.nextInt(4), r)).join();
      }
      engine.exportTo(export);
    }
    List<String> lines = export.toString().lines().toList();
    Path file = dir.resolve("import.sqlite");
    int refused = 0;
    int stored = 0;
    try (SqliteMemoryBank bank = SqliteMemoryBank.open(file, Long.MAX_VALUE, Clock.systemUTC())) {
      for (int c = 0; c < CASES; c++) {
        int source = r.nextInt(lines.size());
        String line = lines.get(source).replace("\"key\":\"src-", "\"key\":\"c" + c + "-");
        String input = r.nextInt(10) == 0 ? line : mutate(r, line);
        if (r.nextInt(5) == 0) {
          input = lines.get(0).replace("\"key\":\"src-", "\"key\":\"ok" + c + "-") + "\n" + input; // line 2 is the bad one
        }
        try {
          var result = bank.importFrom(new StringReader(input));
          stored += (int) result.stored();
        } catch (MemoryException e) {
          refused++;
          assertTrue(e.getMessage().contains("line ") && e.getMessage().contains(file.toAbsolutePath().toString()),
              e.getMessage());
          assertTrue(bank.episode("ok" + c + "-0").isEmpty(), "a refused import stores nothing");
          assertTrue(bank.episode("c" + c + "-" + source).isEmpty(), "a refused import stores nothing");
        }
      }
    }
    MemoryFileCheck check = MemoryFileCheck.of(file);
    assertEquals("ok", check.integrity());
    assertEquals(Map.of(), check.halfEpisodes());
    Figures.write("fuzz-import", "cases=" + CASES + " refused=" + refused + " episodesStored=" + stored
        + " integrity=ok halfEpisodes=0");
    assertTrue(refused > CASES / 2 && stored > 0, "refused " + refused + ", stored " + stored);
  }

  @Test
  void score_judgeRepliesNotJsonOrTruncated_oneFiniteBoundedRewardPerStep() {
    SplittableRandom r = new SplittableRandom(47);
    String[] reply = new String[1];
    LanguageModel model = new LanguageModel() {
      @Override
      public String name() {
        return "fuzz";
      }

      @Override
      public ModelReply complete(ModelRequest request) {
        return new ModelReply(reply[0], 1, 1);
      }
    };
    LlmJudge judge = new LlmJudge(model, new RuleJudge());
    int fromModel = 0;
    for (int c = 0; c < CASES; c++) {
      Episode e = hostileEpisode(r, "judge-" + c);
      String valid = "{\"score\":" + (r.nextInt(4) == 0 ? json(r, 3) : Integer.toString(r.nextInt(-1000, 1000)))
          + ",\"reason\":" + (r.nextInt(3) == 0 ? json(r, 3) : Json.write(Hostile.text(r))) + "}";
      reply[0] = switch (r.nextInt(4)) {
        case 0 -> valid;
        case 1 -> "Sure! Here are the scores: " + valid + " Hope this helps.";
        case 2 -> mutate(r, valid);
        default -> Hostile.text(r);
      };
      List<StepReward> rewards = judge.score(e);
      assertEquals(e.steps().size(), rewards.size());
      for (StepReward s : rewards) {
        assertTrue(Double.isFinite(s.reward()) && Math.abs(s.reward()) <= 3, s.toString());
        fromModel += s.reason().startsWith("llm:") ? 1 : 0;
      }
    }
    Figures.write("fuzz-judge", "cases=" + CASES + " stepRewardsFromModel=" + fromModel + " failures=0");
    assertTrue(fromModel > 0);
  }
}
