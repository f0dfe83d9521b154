package dev.jitrl.plugin;

import static dev.jitrl.plugin.testing.TestData.T0;
import static dev.jitrl.plugin.testing.TestData.click;
import static dev.jitrl.plugin.testing.TestData.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jitrl.api.Action;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.CandidateNote;
import dev.jitrl.api.CandidateSource;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.Explanation;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.LanguageModel;
import dev.jitrl.api.MetricsSink;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.api.ScoredCandidate;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.config.AdvantageScaling;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.json.Json;
import dev.jitrl.plugin.judge.RuleJudge;
import dev.jitrl.plugin.memory.EpisodeRecord;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import dev.jitrl.plugin.memory.StoredStep;
import dev.jitrl.plugin.state.NormalizedAction;
import dev.jitrl.plugin.testing.TestData;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded-steps learning scenario: a start page with a tempting wrong link (policy logit 2.0) and the right
 * link (logit 0.5). The wrong link fails the task, the right one succeeds.
 */
class JitRlEngineLearningTest {
  private static final TaskGoal GOAL = new TaskGoal("open the page with my order status");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private static final String WRONG = "Tempting Wrong";
  private static final String RIGHT = "Right Way";

  @TempDir
  Path dir;

  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final MetricsSink metrics = new MetricsSink() {
    @Override
    public void count(String name, long delta) {
      counters.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(delta);
    }

    @Override
    public void record(String name, double value) {}
  };


  private JitRlConfig config(double beta) {
    return JitRlConfig.builder().memoryPath(dir.resolve("memory.sqlite")).judge(JudgeKind.RULES).beta(beta).build();
  }

  private SqliteMemoryBank bank;

  private JitRlEngine engine(JitRlConfig config) {
    bank = SqliteMemoryBank.open(config.memoryPath(), config.memoryMaxSteps(), CLOCK);
    return new JitRlEngine(config, bank, new RuleJudge(), metrics);
  }

  /** The start page as observed in episode {@code n}: element ids differ from one visit to the next. */
  private static Observation start(int n, boolean withRight) {
    List<Element> elements = new ArrayList<>();
    elements.add(link("h" + n, "Home"));
    elements.add(link("w" + n, WRONG));
    if (withRight) {
      elements.add(link("r" + n, RIGHT));
    }
    return new Observation("http://shop.test/start?session=" + n, "Start", elements, "Pick a link");
  }

  private static Element find(Observation o, String label) {
    return o.elements().stream().filter(e -> e.label().equals(label)).findFirst().orElseThrow();
  }

  private static List<Candidate> policy(Observation page) {
    return List.of(Candidate.fromPolicy(Action.click(find(page, WRONG)), 2.0),
        Candidate.fromPolicy(Action.click(find(page, RIGHT)), 0.5));
  }

  private static String label(Candidate c) {
    return c.action().target().orElseThrow().label();
  }

  /** Runs one single-step episode: select, act, record the outcome, learn. */
  private Selection runEpisode(JitRlEngine engine, int n) throws Exception {
    Observation page = start(n, true);
    String id = "ep-" + n;
    Selection s = engine.select(new DecisionContext(id, GOAL, page, List.of()), policy(page));
    boolean right = label(s.chosen()).equals(RIGHT);
    Observation result = right
        ? new Observation("http://shop.test/orders/" + (100 + n), "Order status", List.of(), "Shipped")
        : new Observation("http://shop.test/promo", "Promo", List.of(), "Buy more");
    Step step = new Step(0, page, s.chosen().action(), StepStatus.EXECUTED, Optional.empty(), result, "jitrl");
    Episode ep = new Episode(id, GOAL, List.of(step),
        right ? Outcome.success("status shown") : Outcome.failure("no order status"), T0, T0.plusSeconds(5),
        Map.of("policy", "fixed-logits"));
    engine.learn(ep).get(30, TimeUnit.SECONDS);
    return s;
  }

  /**
   * One episode of a task instance the host names: the same goal text and page on every instance, the link that
   * succeeds differs (a card table dealt otherwise). Returns the chosen link's label.
   */
  private String runInstance(JitRlEngine engine, String instance, String succeeding, int n) throws Exception {
    Observation page = start(n, true);
    String id = "ep-" + instance + "-" + n;
    Selection s = engine.select(new DecisionContext(id, GOAL, page, List.of(), instance), policy(page));
    boolean ok = label(s.chosen()).equals(succeeding);
    Observation result = new Observation("http://shop.test/after/" + n, "After", List.of(), ok ? "Done" : "Nope");
    Step step = new Step(0, page, s.chosen().action(), StepStatus.EXECUTED, Optional.empty(), result, "jitrl");
    Episode ep = new Episode(id, GOAL, List.of(step), ok ? Outcome.success("ok") : Outcome.failure("wrong link"), T0,
        T0.plusSeconds(5), Map.of("policy", "fixed-logits", Episode.INSTANCE_TAG, instance));
    engine.learn(ep).get(30, TimeUnit.SECONDS);
    return label(s.chosen());
  }

  @Test
  void select_sameGoalTextOnAnotherNamedInstance_isNotThisInstancesEvidence() throws Exception {
    try (JitRlEngine engine = engine(config(2.0))) {
      // instance A: the policy's favourite fails, the other link succeeds; memory learns it
      assertEquals(WRONG, runInstance(engine, "A", RIGHT, 1));
      assertEquals(RIGHT, runInstance(engine, "A", RIGHT, 2));
      assertEquals(RIGHT, runInstance(engine, "A", RIGHT, 3));
      // instance B reads the same, but there the policy's favourite is the way: A's runs may mislead B's first run,
      // after which B's own outcome decides and B keeps its way
      runInstance(engine, "B", WRONG, 4);
      for (int n = 5; n <= 8; n++) {
        assertEquals(WRONG, runInstance(engine, "B", WRONG, n), "instance B, run " + n);
      }
      // and A keeps its own
      assertEquals(RIGHT, runInstance(engine, "A", RIGHT, 9));
      assertEquals(RIGHT, runInstance(engine, "A", RIGHT, 10));
    }
  }

  /** One episode on a page of three equally likely answers; the instance's answer succeeds. Returns the choice. */
  private String runShapes(JitRlEngine engine, String instance, String answer, int n) throws Exception {
    List<String> shapes = List.of("Rectangle", "Circle", "Triangle");
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      elements.add(new Element("b" + n + "-" + i, "button", shapes.get(i), "", ""));
    }
    Observation page = new Observation("http://shapes.test/task", "Shapes", elements, "Which shape is it?");
    List<Candidate> candidates = elements.stream().map(e -> Candidate.fromPolicy(Action.click(e), 0.0)).toList();
    String id = "shape-" + instance + "-" + n;
    Selection s = engine.select(new DecisionContext(id, new TaskGoal("click the shape shown"), page, List.of(), instance),
        candidates);
    boolean ok = label(s.chosen()).equals(answer);
    Observation result = new Observation("http://shapes.test/done", "Done", List.of(), ok ? "yes" : "no");
    Step step = new Step(0, page, s.chosen().action(), StepStatus.EXECUTED, Optional.empty(), result, "jitrl");
    engine.learn(new Episode(id, new TaskGoal("click the shape shown"), List.of(step),
        ok ? Outcome.success("ok") : Outcome.failure("wrong shape"), T0, T0.plusSeconds(5),
        Map.of("policy", "fixed-logits", Episode.INSTANCE_TAG, instance))).get(30, TimeUnit.SECONDS);
    return label(s.chosen());
  }

  @Test
  void select_everyAnswerFailedOnOtherInstancesOrHere_triesTheOnesNotYetTriedHere() throws Exception {
    try (JitRlEngine engine = engine(config(2.0))) {
      assertEquals("Rectangle", runShapes(engine, "A", "Triangle", 1));
      assertEquals("Circle", runShapes(engine, "A", "Triangle", 2));
      assertEquals("Triangle", runShapes(engine, "A", "Triangle", 3));
      // B reads the same: A's answer is tried first, then what failed only on A, until B's own answer is found
      List<String> tries = new ArrayList<>();
      for (int n = 4; n <= 8; n++) {
        tries.add(runShapes(engine, "B", "Circle", n));
      }
      assertEquals(List.of("Triangle", "Rectangle", "Circle", "Circle", "Circle"), tries);
    }
  }

  @Test
  void select_recordedEpisodes_abandonsTheFailingHabitAndKeepsTheRightLink() throws Exception {
    try (JitRlEngine engine = engine(config(2.0))) {
      Selection first = runEpisode(engine, 1);
      assertEquals(WRONG, label(first.chosen()), "no memory: the policy's argmax");
      assertTrue(first.explanation().fallback());
      assertFalse(first.explanation().changedChoice());

      Selection second = runEpisode(engine, 2);
      assertEquals(RIGHT, label(second.chosen()), "memory holds a failure: the unseen right link is explored");
      assertTrue(second.explanation().changedChoice());
      assertFalse(second.explanation().fallback());
      CandidateNote rightNote = second.explanation().candidates().get(1);
      assertEquals("explore", rightNote.note());
      assertTrue(rightNote.advantage() > 0, "the deviation's advantage makes it the choice");
      assertEquals("seen", second.explanation().candidates().get(0).note());

      // memory of 8 steps at most here, below k = 10: the failure stays among the neighbours
      for (int n = 3; n <= 8; n++) {
        Selection s = runEpisode(engine, n);
        assertEquals(RIGHT, label(s.chosen()), "episode " + n);
        assertTrue(s.chosenProbability() > 0.5, "episode " + n + ": p=" + s.chosenProbability());
        CandidateNote wrong = s.explanation().candidates().get(0);
        assertTrue(wrong.advantage() < 0, "episode " + n + ": the remembered failure keeps a negative advantage");
        assertEquals(1, wrong.support());
        assertEquals(n - 2, s.explanation().candidates().get(1).support());
      }
      assertEquals(8, engine.memory().stats().episodes());
      assertEquals(7, engine.memory().stats().successes());
    }
  }

  @Test
  void select_manyMoreEpisodesThanK_theFailingHabitNeverComesBack() throws Exception {
    // 40 episodes with k = 10: the one remembered failure must stay among the neighbours (ties take turns
    // between actions), otherwise A(right) collapses to 0 and the tempting link wins again.
    try (JitRlEngine engine = engine(config(2.0))) {
      runEpisode(engine, 1);
      for (int n = 2; n <= 40; n++) {
        Selection s = runEpisode(engine, n);
        assertEquals(RIGHT, label(s.chosen()), "episode " + n);
        if (n >= 3) {
          assertEquals(1, s.explanation().candidates().get(0).support(), "the failure is still a neighbour, episode " + n);
          assertTrue(s.explanation().candidates().get(0).advantage() < 0, "episode " + n);
        }
      }
      assertEquals(39, engine.memory().stats().successes());
    }
  }

  @Test
  void select_betaZero_neverChangesThePolicy() throws Exception {
    try (JitRlEngine engine = engine(config(0.0))) {
      double pWrong = 1 / (1 + Math.exp(-1.5));
      for (int n = 1; n <= 6; n++) {
        Selection s = runEpisode(engine, n);
        assertEquals(WRONG, label(s.chosen()), "episode " + n);
        assertFalse(s.explanation().changedChoice());
        assertEquals(2, s.distribution().size());
        assertEquals(pWrong, s.distribution().get(0).probability(), 1e-12);
        assertEquals(2.0, s.distribution().get(0).logit(), 0.0);
        assertEquals(0.5, s.distribution().get(1).logit(), 0.0);
      }
      assertEquals(0, engine.memory().stats().successes());
    }
  }

  @Test
  void select_actionOnlyMemoryKnows_addedAsMemoryCandidateWhenOnThePage() throws Exception {
    try (JitRlEngine engine = engine(config(2.0))) {
      for (int n = 1; n <= 3; n++) {
        runEpisode(engine, n);
      }
      Observation page = start(40, true);
      List<Candidate> onlyWrong = List.of(Candidate.fromPolicy(Action.click(find(page, WRONG)), 2.0));
      Selection s = engine.select(new DecisionContext("ep-40", GOAL, page, List.of()), onlyWrong);

      assertEquals(2, s.distribution().size());
      ScoredCandidate added = s.distribution().get(1);
      assertEquals(CandidateSource.MEMORY, added.candidate().source());
      assertEquals("r40", added.candidate().action().target().orElseThrow().id(), "denormalized onto this page");
      assertEquals(2.0, added.candidate().logit(), 0.0, "prior = lowest proposed logit");
      assertEquals("memory-only", s.explanation().candidates().get(1).note());
      assertEquals(click(RIGHT).text(), s.explanation().candidates().get(1).action());
      assertEquals(added.candidate(), s.chosen());

      Observation without = start(41, false);
      Selection none = engine.select(new DecisionContext("ep-41", GOAL, without, List.of()),
          List.of(Candidate.fromPolicy(Action.click(find(without, WRONG)), 2.0)));
      assertEquals(1, none.distribution().size(), "the remembered target is not on this page");
    }
  }

  @Test
  void select_literalTextTypedOnAnotherPage_isNoMemoryCandidate_aReferenceToTheGoalIs() throws Exception {
    // A word read on another instance's page ("the last word in the text area") is shown on this page too (the same
    // vocabulary), but it is that page's value: memory must not bring it in. A reference to the goal it may.
    JitRlConfig config = config(2.0);
    String goal = "Enter \"viverra\" into the answer field and hit Submit.";
    NormalizedAction literal = new NormalizedAction(dev.jitrl.api.ActionType.FILL, "textbox", "answer", 1, "pharetra");
    NormalizedAction reference = new NormalizedAction(dev.jitrl.api.ActionType.FILL, "textbox", "answer", 1, "{goal.q1}");
    try (SqliteMemoryBank seeded = SqliteMemoryBank.open(config.memoryPath(), 1000, CLOCK)) {
      seeded.append(TestData.episode("a", goal, OutcomeStatus.SUCCESS,
          List.of(TestData.step(0, 0, goal, "shop.test", "/start?session", List.of(), literal, 10.0))));
      seeded.append(TestData.episode("b", goal, OutcomeStatus.SUCCESS,
          List.of(TestData.step(0, 0, goal, "shop.test", "/start?session", List.of(), reference, 10.0))));
    }
    try (JitRlEngine engine = engine(config)) {
      Element box = new Element("t7", "textbox", "answer", "", "");
      Observation page = new Observation("http://shop.test/start?session=7", "Start", List.of(link("w7", WRONG), box),
          "Cursus pharetra justo. Nisl viverra.");
      Selection s = engine.select(new DecisionContext("ep-7", new TaskGoal(goal), page, List.of()),
          List.of(Candidate.fromPolicy(Action.click(find(page, WRONG)), 2.0)));
      List<Action> fromMemory = s.distribution().stream().filter(c -> c.candidate().source() == CandidateSource.MEMORY)
          .map(c -> c.candidate().action()).toList();
      assertEquals(List.of(Action.fill(box, "viverra")), fromMemory, s.explanation().summary());
    }
  }

  @Test
  void select_returnBeyondFloatRangeInMemory_boundedInsteadOfPoisoningTheEstimate() throws Exception {
    // A hand-edited import could carry a return of 1e300; the hot index keeps returns as floats, and an
    // infinite V would make every advantage of the page kind NaN. The index bounds returns instead.
    JitRlConfig config = JitRlConfig.builder().memoryPath(dir.resolve("memory.sqlite")).judge(JudgeKind.RULES)
        .advantageScaling(AdvantageScaling.REWARD).build();
    try (SqliteMemoryBank seeded = SqliteMemoryBank.open(config.memoryPath(), 1000, CLOCK)) {
      StoredStep poisoned = TestData.step(0, 0, GOAL.text(), "shop.test", "/start?session", List.of(), click(WRONG), 1e300);
      seeded.append(TestData.episode("poison", GOAL.text(), OutcomeStatus.FAILURE, List.of(poisoned)));
    }
    try (JitRlEngine engine = engine(config)) {
      Observation page = start(7, true);
      Selection s = engine.select(new DecisionContext("ep-7", GOAL, page, List.of()), policy(page));
      assertFalse(s.explanation().fallback(), s.explanation().summary());
      assertEquals(1.0e6, Double.parseDouble(s.explanation().facts().get("V")), 1.0);
      assertTrue(s.distribution().stream().allMatch(c -> Double.isFinite(c.logit())));
    }
  }

  @Test
  void select_hostMetricsSinkThrows_unchangedDistributionMarkedFallback() throws Exception {
    // The metrics sink is the host's code: if it fails, the decision must still not throw into the host.
    MetricsSink broken = mock(MetricsSink.class);
    doThrow(new IllegalStateException("metrics backend down")).when(broken).count(anyString(), anyLong());
    doThrow(new IllegalStateException("metrics backend down")).when(broken).record(anyString(), anyDouble());
    JitRlConfig config = config(2.0);
    try (JitRlEngine engine = new JitRlEngine(config,
        SqliteMemoryBank.open(config.memoryPath(), config.memoryMaxSteps(), CLOCK), new RuleJudge(), broken)) {
      Observation page = start(7, true);
      List<Candidate> candidates = policy(page);
      Selection s = engine.select(new DecisionContext("ep-7", GOAL, page, List.of()), candidates);

      Selection unchanged = Selection.unchanged(candidates, Explanation.unchanged("x"));
      assertTrue(s.explanation().fallback());
      assertTrue(s.explanation().summary().startsWith("internal error"), s.explanation().summary());
      assertTrue(s.explanation().summary().contains("metrics backend down"), s.explanation().summary());
      assertEquals(unchanged.distribution(), s.distribution());
      assertEquals(candidates.get(0), s.chosen());
    }
  }

  @Test
  void learn_decisionExplanation_storedWithTheStep() throws Exception {
    try (JitRlEngine engine = engine(config(2.0))) {
      runEpisode(engine, 1);
      runEpisode(engine, 2);
      EpisodeRecord stored = bank.episode("ep-2").orElseThrow();
      String json = stored.steps().get(0).explanation().orElseThrow();
      Map<String, Object> e = Json.object(Json.parse(json), "explanation");
      assertEquals(Boolean.TRUE, e.get("changedChoice"));
      assertTrue(Json.string(e, "summary").contains(click(RIGHT).text()));
      assertEquals(2, Json.array(e.get("candidates"), "candidates").size());
      List<Object> neighbours = Json.array(e.get("neighbours"), "neighbours");
      assertEquals(1, neighbours.size());
      // the failed first episode's one step is blamed: its judge reward plus the failure reward
      assertTrue(Json.number(Json.object(neighbours.get(0), "n"), "G") <= -9.0);
      assertEquals(click(RIGHT), stored.steps().get(0).action());
      assertEquals("shop.test", stored.steps().get(0).site());
      assertEquals("/start?session", stored.steps().get(0).urlPattern());
    }
  }

  @Test
  void score_threeStepEpisode_rulesOutcomeAndDiscountedReturns() {
    try (JitRlEngine engine = engine(config(2.0))) {
      Observation a = start(1, true);
      Observation b = new Observation("http://shop.test/orders/5", "Order", List.of(link("x", "Cancel")), "");
      Observation bError = new Observation("http://shop.test/orders/5", "Order", List.of(link("x", "Cancel")),
          "Error: not allowed");
      List<Step> steps = List.of(
          new Step(0, a, Action.click(find(a, RIGHT)), StepStatus.EXECUTED, Optional.empty(), b, "policy"),
          new Step(1, b, Action.click(link("x", "Cancel")), StepStatus.EXECUTED, Optional.empty(), bError, "policy"),
          new Step(2, bError, Action.click(link("x", "Cancel")), StepStatus.FAILED, Optional.of("gone"), bError,
              "policy"));
      EpisodeRecord r = engine.score(new Episode("s", GOAL, steps, Outcome.success("ok"), T0, T0, Map.of()));
      // rules: +0.5, -1, (-2 overridden by success) +10; gamma 0.95
      assertEquals(List.of(0.5, -1.0, 10.0), r.steps().stream().map(StoredStep::reward).toList());
      assertEquals(10.0, r.steps().get(2).ret(), 1e-12);
      assertEquals(-1 + 0.95 * 10, r.steps().get(1).ret(), 1e-12);
      assertEquals(0.5 + 0.95 * (-1) + 0.95 * 0.95 * 10, r.steps().get(0).ret(), 1e-12);
      assertEquals(List.of(), r.steps().get(1).context());
      assertEquals(List.of(click("Cancel").text()), r.steps().get(2).context());
      assertEquals("rules", r.judge());
    }
  }

  @Test
  void open_llmJudgeWithoutHostModel_fallsBackToRules() {
    JitRlConfig config = JitRlConfig.builder().memoryPath(dir.resolve("m.sqlite")).build();
    try (JitRlEngine engine = JitRlEngine.open(config, HostServices.of(Map.of()))) {
      assertEquals("rules", engine.judge().name());
    }
    LanguageModel model = mock(LanguageModel.class); // only its name is read when the engine opens
    when(model.name()).thenReturn("tiny");
    HostServices withModel = new HostServices(Map.of(), CLOCK, Optional.of(model), MetricsSink.NONE);
    try (JitRlEngine engine = JitRlEngine.open(config, withModel)) {
      assertEquals("llm:tiny", engine.judge().name());
    }
  }
}
