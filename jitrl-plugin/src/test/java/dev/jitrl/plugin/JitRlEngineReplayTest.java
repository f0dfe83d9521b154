package dev.jitrl.plugin;

import static dev.jitrl.plugin.testing.TestData.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.MetricsSink;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.Replay;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.judge.RuleJudge;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
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
 * Replay on a two-step reply form (type the message, press "Post reply") with a real SQLite memory: when memory is
 * sure it decides alone, the typed text is the current goal's, and a failed or impossible replay falls back and
 * lowers the entry's confidence.
 */
class JitRlEngineReplayTest {
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private static final String POST = "Post reply";

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

  private JitRlEngine engine(boolean replay) {
    JitRlConfig config = JitRlConfig.builder().memoryPath(dir.resolve("memory.sqlite")).judge(JudgeKind.RULES)
        .replayEnabled(replay).build();
    return new JitRlEngine(config, SqliteMemoryBank.open(config.memoryPath(), config.memoryMaxSteps(), CLOCK),
        new RuleJudge(), metrics);
  }

  private static TaskGoal goal(String message) {
    // a long goal: other one-word values keep the goals' word Jaccard above jitrl.replay.minGoalSimilarity (0.8)
    return new TaskGoal("In the bike forum, reply to the thread about tubeless tyres and winter riding, saying \""
        + message + "\"");
  }

  /** The reply form in run {@code n}: element ids differ from run to run. */
  private static Observation form(int n, String typed, String buttonLabel) {
    return new Observation("http://forum.test/threads/" + (40 + n) + "/reply", "Reply",
        List.of(new Element("m" + n, "textbox", "Message", "", typed), new Element("b" + n, "button", buttonLabel, buttonLabel, "")),
        "Write your reply");
  }

  private static Element el(Observation o, String role) {
    return o.elements().stream().filter(e -> e.role().equals(role)).findFirst().orElseThrow();
  }

  /** The policy's candidates: typing the goal's text (or {@code literal}) and pressing the button. */
  private static List<Candidate> candidates(Observation page, String text) {
    return List.of(Candidate.fromPolicy(Action.fill(el(page, "textbox"), text), page.elements().get(0).value().isEmpty() ? 1 : 0),
        Candidate.fromPolicy(Action.click(el(page, "button")), page.elements().get(0).value().isEmpty() ? 0 : 1));
  }

  /** What one run did: per step, the replay (if memory decided) and the action taken. */
  private record Run(List<Optional<Replay>> replays, List<Action> actions) {}

  /**
   * One run: at each step replay first, else the policy through {@link JitRlEngine#select}; the reply is posted when
   * the button is pressed after text was typed. {@code typedText} is what the policy types.
   */
  private Run run(JitRlEngine engine, int n, TaskGoal goal, String typedText, boolean succeed) throws Exception {
    String id = "run-" + n;
    List<Step> steps = new ArrayList<>();
    List<Optional<Replay>> replays = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    Observation page = form(n, "", POST);
    for (int i = 0; i < 2; i++) {
      DecisionContext ctx = new DecisionContext(id, goal, page, steps);
      List<Candidate> cands = candidates(page, typedText);
      Optional<Replay> r = engine.replay(ctx, cands);
      Action a = r.map(Replay::action).orElseGet(() -> engine.select(ctx, cands).chosen().action());
      replays.add(r);
      actions.add(a);
      Observation after = a.type() == ActionType.FILL ? form(n, a.firstArg(), POST)
          : new Observation("http://forum.test/threads/" + (40 + n), "Thread", List.of(), "Reply posted");
      steps.add(new Step(i, page, a, StepStatus.EXECUTED, Optional.empty(), after, r.isPresent() ? "jitrl" : "policy"));
      page = after;
    }
    Episode ep = new Episode(id, goal, steps, succeed ? Outcome.success("posted") : Outcome.failure("not posted"), T0,
        T0.plusSeconds(3), Map.of("policy", "fixed"));
    engine.learn(ep).get(30, TimeUnit.SECONDS);
    return new Run(replays, actions);
  }

  @Test
  void replay_afterTwoSuccessfulRuns_decidesEveryStepWithoutThePolicy() throws Exception {
    try (JitRlEngine engine = engine(true)) {
      for (int n = 1; n <= 2; n++) {
        Run r = run(engine, n, goal("message" + n), "message" + n, true);
        assertTrue(r.replays().stream().allMatch(Optional::isEmpty), "run " + n + ": support below 2 successful runs");
      }
      Run third = run(engine, 3, goal("sealant"), "sealant", true);
      assertTrue(third.replays().stream().allMatch(Optional::isPresent), "two successful runs: memory is sure");
      Replay fill = third.replays().get(0).orElseThrow();
      assertEquals("sealant", fill.action().firstArg(), "the current goal's text, not a remembered one");
      assertEquals("m3", fill.action().target().orElseThrow().id(), "placed on the current page");
      assertEquals(2, fill.support());
      assertTrue(fill.margin() >= 1, "margin " + fill.margin());
      assertEquals("2", fill.explanation().facts().get("support"));
      assertTrue(fill.explanation().summary().contains("2 successful runs"), fill.explanation().summary());
    }
  }

  @Test
  void remembered_afterASuccessfulRun_namesTheCandidatesThatWorkedAndNoOther() throws Exception {
    try (JitRlEngine engine = engine(false)) {
      Observation page = form(9, "", POST);
      Candidate extra = Candidate.fromPolicy(Action.click(new Element("x9", "link", "Home", "Home", "")), 3);
      List<Candidate> cands = new ArrayList<>(candidates(page, "sealant"));
      cands.add(extra);
      DecisionContext ctx = new DecisionContext("probe", goal("sealant"), page, List.of());
      assertEquals(List.of(), engine.remembered(ctx, cands), "empty memory: nothing to name");
      run(engine, 1, goal("message1"), "message1", true);
      List<Candidate> named = engine.remembered(ctx, cands);
      assertEquals(List.of(cands.get(0)), named, "the typed reply worked on this form; Home was never tried");
      run(engine, 2, goal("message2"), "message2", false);
      run(engine, 3, goal("message3"), "message3", false);
      assertTrue(engine.remembered(ctx, cands).stream().noneMatch(extra::equals));
    }
  }

  @Test
  void replay_typedText_isAlwaysTheCurrentGoalsOwn() throws Exception {
    try (JitRlEngine engine = engine(true)) {
      for (int n = 1; n <= 3; n++) {
        run(engine, n, goal("remembered" + n), "remembered" + n, true);
      }
      // the same task with other values: whatever memory replays, its typed text is in the current goal
      for (String value : List.of("sealant", "x", "remembered1!")) {
        TaskGoal now = goal(value);
        Optional<Replay> r = engine.replay(new DecisionContext("probe-" + value, now, form(9, "", POST), List.of()),
            candidates(form(9, "", POST), value));
        assertTrue(r.isPresent());
        assertEquals(value, r.get().action().firstArg());
      }
      // a goal that gives no quoted value: the remembered {goal.q1} cannot be filled, so memory does not type
      TaskGoal unquoted = new TaskGoal("In the bike forum, reply to the thread about tubeless tyres and winter riding, saying sealant");
      Optional<Replay> none = engine.replay(new DecisionContext("probe-unquoted", unquoted, form(9, "", POST), List.of()),
          candidates(form(9, "", POST), "whatever"));
      assertTrue(none.isEmpty() || none.get().action().type() != ActionType.FILL, "no value from the goal, nothing typed");
    }
  }

  @Test
  void replay_textAnotherRunTypedLiterally_isNeverReplayed() throws Exception {
    // the goal gives no value; the policy typed a canned text three times with success: it is stored literally
    TaskGoal polite = new TaskGoal("In the bike forum, reply to the thread about tubeless tyres and winter riding, politely");
    try (JitRlEngine engine = engine(true)) {
      for (int n = 1; n <= 3; n++) {
        run(engine, n, polite, "Thanks, that helped!", true);
      }
      Optional<Replay> r = engine.replay(new DecisionContext("probe", polite, form(9, "", POST), List.of()),
          candidates(form(9, "", POST), "Thanks, that helped!"));
      assertTrue(r.isEmpty(), "a literal typed by another run is not replayed: " + r.map(x -> x.action().describe()));
      // the step after typing (pressing the button) has no typed text and is replayed
      Observation typed = form(9, "Thanks, that helped!", POST);
      Step fill = new Step(0, form(9, "", POST), Action.fill(el(form(9, "", POST), "textbox"), "Thanks, that helped!"),
          StepStatus.EXECUTED, Optional.empty(), typed, "policy");
      Optional<Replay> press = engine.replay(new DecisionContext("probe", polite, typed, List.of(fill)), candidates(typed, ""));
      assertTrue(press.isPresent());
      assertEquals(ActionType.CLICK, press.get().action().type());
    }
  }

  @Test
  void replay_replayedStepChangedNothing_fallsBackAndStaysOffUntilANewSuccess() throws Exception {
    try (JitRlEngine engine = engine(true)) {
      run(engine, 1, goal("one"), "one", true);
      run(engine, 2, goal("two"), "two", true);
      TaskGoal g = goal("three");
      Observation page = form(3, "", POST);
      Optional<Replay> first = engine.replay(new DecisionContext("run-3", g, page, List.of()), candidates(page, "three"));
      assertTrue(first.isPresent());
      // the page ignored the typing: the step changed nothing
      Step noop = new Step(0, page, first.get().action(), StepStatus.EXECUTED, Optional.empty(), page, "jitrl");
      assertTrue(engine.replay(new DecisionContext("run-3", g, page, List.of(noop)), candidates(page, "three")).isEmpty(),
          "after a failed replay the policy decides");
      assertEquals(1, counters.get("jitrl.replay.failures").get());
      // another run at the same state: the entry stays off until memory holds a newer success of it
      Observation other = form(4, "", POST);
      assertTrue(engine.replay(new DecisionContext("run-4", goal("four"), other, List.of()), candidates(other, "four"))
          .isEmpty());
      run(engine, 5, goal("five"), "five", true);
      Observation later = form(6, "", POST);
      assertTrue(engine.replay(new DecisionContext("run-6", goal("six"), later, List.of()), candidates(later, "six"))
          .isPresent(), "a new success restores the entry");
    }
  }

  @Test
  void learn_replayedStepChangedNothingInARunThatSucceeded_isNotCountedAsASuccessOfIt() throws Exception {
    try (JitRlEngine engine = engine(true)) {
      run(engine, 1, goal("one"), "one", true);
      run(engine, 2, goal("two"), "two", true);
      TaskGoal g = goal("three");
      Observation page = form(3, "", POST);
      Replay fill = engine.replay(new DecisionContext("run-3", g, page, List.of()), candidates(page, "three"))
          .orElseThrow();
      // the page ignored the typing; the run then posted without it and the task was done anyway
      Step noop = new Step(0, page, fill.action(), StepStatus.EXECUTED, Optional.empty(), page, "jitrl");
      Observation done = new Observation("http://forum.test/threads/43", "Thread", List.of(), "Reply posted");
      Step post = new Step(1, page, Action.click(el(page, "button")), StepStatus.EXECUTED, Optional.empty(), done, "policy");
      engine.learn(new Episode("run-3", g, List.of(noop, post), Outcome.success("posted"), T0, T0.plusSeconds(2),
          Map.of("policy", "fixed"))).get(30, TimeUnit.SECONDS);
      List<dev.jitrl.plugin.memory.StoredStep> stored = new ArrayList<>();
      engine.memory().forEachStepAfter(0, stored::add);
      dev.jitrl.plugin.memory.StoredStep replayed = stored.get(stored.size() - 2);
      assertEquals(0, replayed.stepIndex());
      assertTrue(replayed.ret() <= 0, "the failed replay's step is no success of its action: G=" + replayed.ret());
      assertTrue(stored.get(stored.size() - 1).ret() > 0, "the step that did the work keeps its return");
    }
  }

  @Test
  void replay_controlNumberedForAnotherItem_notReplayedForThisGoal() throws Exception {
    // long goals that differ only by the order number stay above the goal similarity threshold
    java.util.function.IntFunction<TaskGoal> order = id -> new TaskGoal("In the back office, open order " + id
        + " from the list of recent orders and mark it as delivered for the customer today");
    java.util.function.IntFunction<Observation> list = n -> new Observation("http://admin.test/orders", "Orders",
        List.of(new Element("a" + n, "link", "Order #1045", "Order #1045", ""),
            new Element("b" + n, "link", "Order #1046", "Order #1046", "")), "Recent orders");
    try (JitRlEngine engine = engine(true)) {
      for (int n = 1; n <= 2; n++) {
        Observation page = list.apply(n);
        Step open = new Step(0, page, Action.click(page.elements().get(0)), StepStatus.EXECUTED, Optional.empty(),
            new Observation("http://admin.test/orders/1045", "Order #1045", List.of(), "Delivered"), "policy");
        engine.learn(new Episode("order-" + n, order.apply(1045), List.of(open), Outcome.success("delivered"), T0,
            T0.plusSeconds(1), Map.of("policy", "fixed"))).get(30, TimeUnit.SECONDS);
      }
      Observation page = list.apply(3);
      List<Candidate> cands = List.of(Candidate.fromPolicy(Action.click(page.elements().get(0)), 0),
          Candidate.fromPolicy(Action.click(page.elements().get(1)), 0));
      assertTrue(engine.replay(new DecisionContext("same", order.apply(1045), page, List.of()), cands).isPresent(),
          "the same order: replayed");
      assertTrue(engine.replay(new DecisionContext("other", order.apply(1046), page, List.of()), cands).isEmpty(),
          "order 1046: memory's Order #1045 is another item");
    }
  }

  @Test
  void replay_targetRenamed_declinesAndCounts() throws Exception {
    try (JitRlEngine engine = engine(true)) {
      run(engine, 1, goal("one"), "one", true);
      run(engine, 2, goal("two"), "two", true);
      Observation typed = form(3, "three", "Send reply now");
      Step fill = new Step(0, form(3, "", "Send reply now"), Action.fill(el(typed, "textbox"), "three"),
          StepStatus.EXECUTED, Optional.empty(), typed, "policy");
      Optional<Replay> r = engine.replay(new DecisionContext("run-3", goal("three"), typed, List.of(fill)),
          candidates(typed, "three"));
      assertTrue(r.isEmpty(), "the remembered button is not on the page");
      assertEquals(1, counters.get("jitrl.replay.declined").get());
    }
  }

  @Test
  void replay_targetAmbiguous_declines() throws Exception {
    try (JitRlEngine engine = engine(true)) {
      run(engine, 1, goal("one"), "one", true);
      run(engine, 2, goal("two"), "two", true);
      // the page now shows the button twice (a new item order could put either first): not sure which is meant
      Observation plain = form(3, "three", POST);
      List<Element> twice = new ArrayList<>(plain.elements());
      twice.add(0, new Element("b3x", "button", POST, POST, ""));
      Observation typed = new Observation(plain.url(), plain.title(), twice, plain.text());
      Step fill = new Step(0, form(3, "", POST), Action.fill(el(typed, "textbox"), "three"), StepStatus.EXECUTED,
          Optional.empty(), typed, "policy");
      assertTrue(engine.replay(new DecisionContext("run-3", goal("three"), typed, List.of(fill)),
          candidates(typed, "three")).isEmpty());
      assertEquals(1, counters.get("jitrl.replay.declined").get());
    }
  }

  @Test
  void replay_latestOutcomeAFailure_notSure() throws Exception {
    try (JitRlEngine engine = engine(true)) {
      run(engine, 1, goal("one"), "one", true);
      run(engine, 2, goal("two"), "two", true);
      assertTrue(run(engine, 3, goal("three"), "three", false).replays().get(0).isPresent());
      // run 3 took the same actions and failed: its returns are negative and newer than the last success
      Observation page = form(4, "", POST);
      assertTrue(engine.replay(new DecisionContext("run-4", goal("four"), page, List.of()), candidates(page, "four"))
          .isEmpty());
    }
  }

  @Test
  void replay_switchedOff_neverDecides() throws Exception {
    try (JitRlEngine engine = engine(false)) {
      for (int n = 1; n <= 4; n++) {
        Run r = run(engine, n, goal("m" + n), "m" + n, true);
        assertTrue(r.replays().stream().allMatch(Optional::isEmpty), "run " + n);
      }
      assertFalse(counters.containsKey("jitrl.replays"));
    }
  }
}
