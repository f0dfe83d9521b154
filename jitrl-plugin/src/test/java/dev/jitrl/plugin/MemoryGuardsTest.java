package dev.jitrl.plugin;

import static dev.jitrl.plugin.testing.TestData.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.CandidateSource;
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
import dev.jitrl.plugin.retrieval.Neighbour;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What memory does not push, with a real SQLite memory: other instances' way of a templated task ("click the item with
 * the … icon": open "Playback", click "Stop") where a control carries the word only this goal has; a click on a
 * control this run switched on.
 */
class MemoryGuardsTest {
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private static final String URL = "http://player.test/";

  @TempDir
  Path dir;

  private JitRlEngine engine() {
    return engine("memory.sqlite");
  }

  private JitRlEngine engine(String file) {
    JitRlConfig config = JitRlConfig.builder().memoryPath(dir.resolve(file)).judge(JudgeKind.RULES).build();
    return new JitRlEngine(config, SqliteMemoryBank.open(config.memoryPath(), config.memoryMaxSteps(), CLOCK),
        new RuleJudge(), MetricsSink.NONE);
  }

  private static TaskGoal goal(String icon) {
    return new TaskGoal("Click the \"Menu\" button, and then find and click on the item with the " + icon + " icon.");
  }

  private static Element item(String name, String icon) {
    return new Element("i-" + name, "menuitem", name, name + " " + icon + " icon", "");
  }

  private static final Element MENU = new Element("m", "button", "Menu", "Menu", "");
  private static final Observation CLOSED = new Observation(URL, "Player", List.of(MENU), "Player");
  private static final Observation OPEN = new Observation(URL, "Player", List.of(MENU, item("Save", "disk"),
      item("Playback", "caret"), item("Zoom In", "zoomin")), "Player");
  private static final Observation SUBMENU = new Observation(URL, "Player", List.of(MENU, item("Save", "disk"),
      item("Playback", "caret"), item("Stop", "stop"), item("Zoom In", "zoomin")), "Player");

  private static Step step(int i, Observation before, Element target, Observation after) {
    return new Step(i, before, Action.click(target), StepStatus.EXECUTED, Optional.empty(), after, "policy");
  }

  /** A successful run of another instance: Menu, Playback, Stop. */
  private static void learnStopRun(JitRlEngine engine, int n) throws Exception {
    List<Step> steps = List.of(step(0, CLOSED, MENU, OPEN), step(1, OPEN, OPEN.elements().get(2), SUBMENU),
        step(2, SUBMENU, SUBMENU.elements().get(3), new Observation(URL, "Player", List.of(), "Done")));
    engine.learn(new Episode("stop-" + n, goal("stop"), steps, Outcome.success("clicked"), T0, T0.plusSeconds(2),
        Map.of("policy", "fixed"))).get(30, TimeUnit.SECONDS);
  }

  /** The policy's candidates on the open menu: the menu button most, then the item the goal's icon names. */
  private static List<Candidate> candidates() {
    return candidates(1.0);
  }

  private static List<Candidate> candidates(double menuLogit) {
    List<Candidate> out = new ArrayList<>();
    out.add(Candidate.fromPolicy(Action.click(MENU), menuLogit));
    for (Element e : OPEN.elements().subList(1, OPEN.elements().size())) {
      out.add(Candidate.fromPolicy(Action.click(e), e.name().equals("Zoom In") ? 1.5 : 0.0));
    }
    return out;
  }

  @Test
  void anotherInstancesWay_isNotReplayedNorPushedWhereAControlCarriesThisGoalsOwnWord() throws Exception {
    try (JitRlEngine engine = engine()) {
      learnStopRun(engine, 1);
      learnStopRun(engine, 2);
      List<Step> menuOpened = List.of(step(0, CLOSED, MENU, OPEN));
      // the instance memory knows: sure of its way
      Optional<Replay> same = engine.replay(new DecisionContext("again", goal("stop"), OPEN, menuOpened), candidates());
      assertEquals("Playback", same.orElseThrow().action().target().orElseThrow().name());
      // another instance: "zoomin" is on a control here and in no remembered goal
      DecisionContext zoom = new DecisionContext("zoom", goal("zoomin"), OPEN, menuOpened);
      assertTrue(engine.replay(zoom, candidates()).isEmpty(), "another instance's way was replayed");
      Candidate chosen = engine.select(zoom, candidates()).chosen();
      assertEquals("Zoom In", chosen.action().target().orElseThrow().name());
      // the policy's habit (the menu button) lacks the word too: still only other instances speak for Playback
      Candidate habit = engine.select(new DecisionContext("zoom2", goal("zoomin"), OPEN, menuOpened), candidates(2.0))
          .chosen();
      assertEquals("Menu", habit.action().target().orElseThrow().name());
    }
  }

  @Test
  void aGoalsOwnWord_isOneNoOtherGoalHas() {
    Candidate zoomIn = new Candidate(Action.click(item("Zoom In", "zoomin")), 0, CandidateSource.POLICY);
    Candidate save = new Candidate(Action.click(item("Save", "disk")), 0, CandidateSource.POLICY);
    String g = goal("zoomin").text();
    assertTrue(JitRlEngine.carriesThisGoalsOwnWord(g, Set.of(goal("stop").text()), zoomIn));
    assertFalse(JitRlEngine.carriesThisGoalsOwnWord(g, Set.of(goal("stop").text()), save));
    assertFalse(JitRlEngine.carriesThisGoalsOwnWord(g, Set.of(goal("zoomin").text()), zoomIn), "nothing sets it apart");
    assertFalse(JitRlEngine.carriesThisGoalsOwnWord(g, Set.of(), zoomIn), "no other instance to compare with");
    assertFalse(JitRlEngine.carriesThisGoalsOwnWord("Click on the item with the x icon.", Set.of(g),
        new Candidate(Action.click(item("X", "x")), 0, CandidateSource.POLICY)), "words under three letters");
  }

  @Test
  void aClickOnAControlThisRunSwitchedOn_isNeitherReplayedNorPushed() throws Exception {
    TaskGoal goal = new TaskGoal("Add two copies of the report to the basket and send it");
    Element send = new Element("s", "button", "Send", "Send", "");
    // where memory learnt it, "Add copy" springs back after each click (value false): clicked twice, then Send
    java.util.function.BiFunction<String, String, Observation> basket = (v, text) -> new Observation(URL + "basket",
        "Basket", List.of(new Element("a", "clickable", "", "Add copy", v), send), text);
    Observation p0 = basket.apply("false", "Basket: empty");
    Observation p1 = basket.apply("false", "Basket: 1 copy");
    Observation p2 = basket.apply("false", "Basket: 2 copies");
    Element add = p0.elements().get(0);
    try (JitRlEngine engine = engine()) {
      for (int n = 1; n <= 2; n++) {
        List<Step> steps = List.of(step(0, p0, add, p1), step(1, p1, add, p2),
            new Step(2, p2, Action.click(send), StepStatus.EXECUTED, Optional.empty(),
                new Observation(URL + "sent", "Sent", List.of(), "Sent"), "policy"));
        engine.learn(new Episode("add-" + n, goal, steps, Outcome.success("sent"), T0, T0.plusSeconds(2),
            Map.of("policy", "fixed"))).get(30, TimeUnit.SECONDS);
      }
      // the policy leans to Send a little; memory's evidence for the click would outweigh that
      List<Candidate> springs = List.of(Candidate.fromPolicy(Action.click(add), 0.0),
          Candidate.fromPolicy(Action.click(send), 0.3));
      // where the control springs back, memory's way stands: it replays the second click
      Optional<Replay> r = engine.replay(new DecisionContext("back", goal, p1, List.of(step(0, p0, add, p1))), springs);
      assertEquals("Add copy", r.orElseThrow().action().target().orElseThrow().name());
      // here the control stays on after this run's click (value true): another click would switch it off
      Element on = new Element("a", "clickable", "", "Add copy", "true");
      Observation now = new Observation(URL + "basket", "Basket", List.of(on, send), "Basket: 1 copy");
      List<Candidate> cands = List.of(Candidate.fromPolicy(Action.click(on), 0.0),
          Candidate.fromPolicy(Action.click(send), 0.3));
      DecisionContext ctx = new DecisionContext("now", goal, now, List.of(step(0, p0, add, now)));
      assertTrue(engine.replay(ctx, cands).isEmpty(), "memory replayed a click that would switch it off");
      assertEquals("Send", engine.select(ctx, cands).chosen().action().target().orElseThrow().name());
    }
  }

  @Test
  void anActionBlamedHereAfterItHadSucceededHere_isNotPushedUntilItSucceedsAgain() throws Exception {
    TaskGoal goal = new TaskGoal("Select all the shades of blue and press Submit.");
    Element blue = new Element("b", "clickable", "", "blue", "");
    Element submit = new Element("s", "button", "Submit", "Submit", "");
    Observation page = new Observation(URL + "shades", "Shades", List.of(blue, submit), "Shades");
    Observation done = new Observation(URL + "shades", "Shades", List.of(), "Done");
    try (JitRlEngine engine = engine()) {
      // two instances with this very goal text: on theirs Submit was right here, on the third it was not
      for (int n = 1; n <= 3; n++) {
        Step s = new Step(0, page, Action.click(submit), StepStatus.EXECUTED, Optional.empty(), done, "policy");
        engine.learn(new Episode("run-" + n, goal, List.of(s), n < 3 ? Outcome.success("all picked")
            : Outcome.failure("one shade left"), T0, T0.plusSeconds(1), Map.of("policy", "fixed")))
            .get(30, TimeUnit.SECONDS);
      }
      List<Candidate> cands = List.of(Candidate.fromPolicy(Action.click(blue), 0.3),
          Candidate.fromPolicy(Action.click(submit), 0.0));
      DecisionContext ctx = new DecisionContext("now", goal, page, List.of());
      assertEquals("blue", engine.select(ctx, cands).chosen().action().target().orElseThrow().name());
      assertTrue(engine.replay(ctx, cands).isEmpty());
    }
  }

  @Test
  void otherInstancesWalk_isNotReplayedWhereThePolicyChoosesThisGoalsDay() throws Exception {
    Element prev = new Element("p", "clickable", "Prev", "Prev", "");
    java.util.function.Function<String, Observation> month = m -> new Observation(URL + "date", "Date",
        List.of(prev, new Element("d3", "link", "3", "3", ""), new Element("d12", "link", "12", "12", "")), m);
    Observation done = new Observation(URL + "date", "Date", List.of(), "Done");
    try (JitRlEngine engine = engine()) {
      // another instance, run twice, whose day was a month back: Prev, then its day
      for (int n = 1; n <= 2; n++) {
        List<Step> steps = List.of(step(0, month.apply("March 2016"), prev, month.apply("February 2016")),
            step(1, month.apply("February 2016"), month.apply("February 2016").elements().get(1), done));
        engine.learn(new Episode("walk-" + n, new TaskGoal("Select 02/03/2016 as the date and hit submit."), steps,
            Outcome.success("picked"), T0, T0.plusSeconds(2), Map.of("policy", "fixed"))).get(30, TimeUnit.SECONDS);
      }
      Observation march = month.apply("March 2016");
      List<Candidate> walkOn = List.of(Candidate.fromPolicy(Action.click(prev), 1.5),
          Candidate.fromPolicy(Action.click(march.elements().get(1)), 0.0));
      TaskGoal other = new TaskGoal("Select 02/13/2016 as the date and hit submit.");
      assertTrue(engine.replay(new DecisionContext("feb", other, march, List.of()), walkOn).isPresent(),
          "where the policy itself walks on, the other instances' walk is replayed");
      // this goal's day is shown: the policy picks it; the others' Prev is theirs
      TaskGoal goal = new TaskGoal("Select 03/03/2016 as the date and hit submit.");
      List<Candidate> day = List.of(Candidate.fromPolicy(Action.click(prev), 0.0),
          Candidate.fromPolicy(Action.click(march.elements().get(1)), 2.0));
      assertTrue(engine.replay(new DecisionContext("mar", goal, march, List.of()), day).isEmpty(),
          "another instance's month walk was replayed over this goal's own day");
    }
  }

  /** A text box with two handles: the right one widens it, the bottom one makes it taller. */
  private static final Element RIGHT = new Element("r", "button", "Right handle", "Right handle", "");
  private static final Element BOTTOM = new Element("b", "button", "Bottom handle", "Bottom handle", "");
  private static final Observation BOX = new Observation(URL + "resize", "Resize", List.of(RIGHT, BOTTOM), "Resize");
  private static final List<Candidate> POLICY_BOTTOM = List.of(Candidate.fromPolicy(Action.click(RIGHT), 0.0),
      Candidate.fromPolicy(Action.click(BOTTOM), 1.5));
  private static final List<Candidate> POLICY_RIGHT = List.of(Candidate.fromPolicy(Action.click(RIGHT), 1.5),
      Candidate.fromPolicy(Action.click(BOTTOM), 0.0));

  private static TaskGoal resize(String what) {
    return new TaskGoal("In the editor, resize the text box on this page so that its " + what
        + " than it was before, then press the Submit button.");
  }

  /** Two runs of the goal {@code what}, each dragging {@code handle} and ending as {@code success} says. */
  private static void learnResize(JitRlEngine engine, String what, Element handle, boolean success) throws Exception {
    Observation done = new Observation(URL + "resize", "Resize", List.of(), "Done");
    for (int n = 1; n <= 2; n++) {
      engine.learn(new Episode(what + "-" + handle.id() + "-" + n, resize(what), List.of(step(0, BOX, handle, done)),
          success ? Outcome.success("resized") : Outcome.failure("wrong size"), T0, T0.plusSeconds(1),
          Map.of("policy", "fixed"))).get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void oneOtherInstancesSuccess_isReplayedOnlyWhereThePolicyAgreesOrASecondGoalBacksIt() throws Exception {
    // one instance (wider) succeeded twice with the right-hand handle: sure for that goal, but for another goal
    // (narrower: the policy picks the bottom handle) it is what held for that goal only
    TaskGoal narrower = resize("width is smaller");
    try (JitRlEngine engine = engine()) {
      learnResize(engine, "width is larger", RIGHT, true);
      assertTrue(engine.replay(new DecisionContext("n1", narrower, BOX, List.of()), POLICY_BOTTOM).isEmpty(),
          "one other instance's way was replayed over the policy's own choice for this goal");
      assertTrue(engine.replay(new DecisionContext("n2", narrower, BOX, List.of()), POLICY_RIGHT).isPresent(),
          "where the policy itself chooses it, the other instance's way is replayed (no model call)");
      // memory cannot tell which goals the handle serves: two goals that differ took it, so it takes it as the way
      // whatever the goal
      learnResize(engine, "height is larger", RIGHT, true);
      Optional<Replay> twoGoals = engine.replay(new DecisionContext("n3", narrower, BOX, List.of()), POLICY_BOTTOM);
      assertTrue(twoGoals.isPresent(), "two other goals took it: replayed");
      assertEquals("Right handle", twoGoals.get().action().target().orElseThrow().name());
    }
  }

  @Test
  void oneOtherInstancesSuccess_doesNotMoveAChoiceNoRunTriedHere() throws Exception {
    TaskGoal narrower = resize("width is smaller");
    try (JitRlEngine engine = engine()) {
      learnResize(engine, "width is larger", RIGHT, true);
      assertEquals("Bottom handle", engine.select(new DecisionContext("n1", narrower, BOX, List.of()), POLICY_BOTTOM)
          .chosen().action().target().orElseThrow().name(), "one other instance's way moved an untried choice");
    }
    // the policy's choice failed here for another goal: memory's evidence against it moves the choice
    try (JitRlEngine engine = engine("tried.sqlite")) {
      learnResize(engine, "width is larger", RIGHT, true);
      learnResize(engine, "height is larger", BOTTOM, false);
      assertEquals("Right handle", engine.select(new DecisionContext("n2", narrower, BOX, List.of()), POLICY_BOTTOM)
          .chosen().action().target().orElseThrow().name(), "a choice that failed here was kept");
    }
  }

  @Test
  void aControlCarryingMoreOfThisGoalsOwnWords_speaksAgainstAnotherInstancesItem() {
    TaskGoal goal = new TaskGoal("Click the \"Menu\" button, and then find and click on the item labeled \"Zoom Out\".");
    // another instance (the zoomin icon) succeeded with "Zoom In" here
    Neighbour other = new Neighbour(1, new dev.jitrl.plugin.state.NormalizedAction(dev.jitrl.api.ActionType.CLICK,
        "menuitem", "Zoom In", 1, ""), 10.0, 0.8, 0.7, 1, goal("zoomin").text());
    List<Candidate> cands = List.of(Candidate.fromPolicy(Action.click(MENU), 1.0),
        Candidate.fromPolicy(Action.click(item("Zoom In", "zoomin")), 0.0),
        Candidate.fromPolicy(Action.click(item("Zoom Out", "zoomout")), 0.0));
    List<String> texts = List.of("click menu", "click zoom in", "click zoom out");
    // "zoom" and "out" are this goal's own words: "Zoom In" carries one, "Zoom Out" both
    assertTrue(JitRlEngine.goalSpeaksAgainst(goal.text(), List.of(other), 0, "click zoom in", cands, texts));
    assertFalse(JitRlEngine.goalSpeaksAgainst(goal.text(), List.of(other), 0, "click zoom out", cands, texts));
  }
  @Test
  void anotherGoalsColour_isNotPushedOverTheTileThisGoalNames() throws Exception {
    // "Select all the shades of blue": other instances asked for red and green, and a third one for blue too (the same
    // words, another page); this goal's own run failed (Submit too early), its click on blue innocent; the others'
    // successes with their colours must not win over blue
    Element red = new Element("r", "clickable", "", "red", "");
    Element green = new Element("g", "clickable", "", "green", "");
    Element blue = new Element("b", "clickable", "", "blue", "");
    Element submit = new Element("s", "button", "Submit", "Submit", "");
    Observation page = new Observation(URL + "shades", "Shades", List.of(red, green, blue, submit), "Shades");
    Observation picked = new Observation(URL + "shades", "Shades", List.of(red, green, blue, submit), "Shades picked");
    Observation done = new Observation(URL + "shades", "Shades", List.of(), "Done");
    java.util.function.Function<String, TaskGoal> shades =
        c -> new TaskGoal("Select all the shades of " + c + " and press Submit.");
    try (JitRlEngine engine = engine()) {
      int n = 0;
      for (String c : List.of("red", "green")) {
        Element tile = c.equals("red") ? red : green;
        for (int k = 0; k < 2; k++) {
          List<Step> steps = List.of(step(0, page, tile, picked), step(1, picked, submit, done));
          engine.learn(new Episode("other-" + n++, shades.apply(c), steps, Outcome.success("all picked"), T0,
              T0.plusSeconds(2), Map.of("policy", "fixed"))).get(30, TimeUnit.SECONDS);
        }
      }
      List<Step> twin = List.of(step(0, page, blue, picked), step(1, picked, submit, done));
      engine.learn(new Episode("twin", shades.apply("blue"), twin, Outcome.success("all picked"), T0, T0.plusSeconds(2),
          Map.of("policy", "fixed", Episode.INSTANCE_TAG, "shades#3"))).get(30, TimeUnit.SECONDS);
      List<Step> own = List.of(step(0, page, blue, picked), step(1, picked, submit, done));
      engine.learn(new Episode("own-1", shades.apply("blue"), own, Outcome.failure("one shade left"), T0,
          T0.plusSeconds(2), Map.of("policy", "fixed", Episode.INSTANCE_TAG, "shades#5"))).get(30, TimeUnit.SECONDS);
      List<Candidate> cands = List.of(Candidate.fromPolicy(Action.click(red), 0.0),
          Candidate.fromPolicy(Action.click(green), 0.0), Candidate.fromPolicy(Action.click(blue), 0.3),
          Candidate.fromPolicy(Action.click(submit), 0.0));
      DecisionContext ctx = new DecisionContext("now", shades.apply("blue"), page, List.of(), "shades#5");
      assertEquals("blue", engine.select(ctx, cands).chosen().action().target().orElseThrow().text());
      assertTrue(engine.replay(ctx, cands).isEmpty(), "another colour's click was replayed");
    }
  }

  private static final Element OK = new Element("d-ok", "button", "OK", "OK", "");
  private static final Element CANCEL = new Element("d-cancel", "button", "Cancel", "Cancel", "");
  private static final Element CLOSE = new Element("d-close", "button", "Close", "x", "");
  private static final Observation DIALOG = new Observation("http://dialog.test/", "Dialog", List.of(OK, CANCEL, CLOSE),
      "A dialog");

  private static TaskGoal dialogGoal(String label) {
    return new TaskGoal("Click the button in the dialog box labeled \"" + label + "\".");
  }

  /** Two successful runs of other instances whose goal quoted {@code label}: each clicked {@code button}. */
  private static void learnDialogClicks(JitRlEngine engine, String label, Element button) throws Exception {
    for (int n = 1; n <= 2; n++) {
      Step click = new Step(0, DIALOG, Action.click(button), StepStatus.EXECUTED, Optional.empty(),
          new Observation("http://dialog.test/", "Dialog", List.of(), "closed"), "policy");
      engine.learn(new Episode(label + "-" + n, dialogGoal(label), List.of(click), Outcome.success("clicked"), T0,
          T0.plusSeconds(1), Map.of("policy", "fixed", Episode.INSTANCE_TAG, label + "-" + n))).get(30, TimeUnit.SECONDS);
    }
  }

  /** The button chosen for a fresh instance whose goal quotes {@code label}, under the policy's logits given. */
  private static String dialogChoice(JitRlEngine engine, String label, double ok, double cancel, double close) {
    List<Candidate> candidates = List.of(Candidate.fromPolicy(Action.click(OK), ok),
        Candidate.fromPolicy(Action.click(CANCEL), cancel), Candidate.fromPolicy(Action.click(CLOSE), close));
    return engine.select(new DecisionContext("fresh-" + label, dialogGoal(label), DIALOG, List.of(), "fresh-" + label),
        candidates).chosen().action().target().orElseThrow().name();
  }

  /**
   * Other instances asked for "Cancel" and clicked it; this one asks for the "x" (a word too short to count as one of
   * its own): the Cancel button names what they asked for, so their successes do not push it over the policy's Close
   * (without the rule memory pushed Cancel). An instance that asks for "Cancel" again is still helped.
   */
  @Test
  void anotherInstancesQuotedValueOnTheControl_notPushedForAGoalThatQuotesAnother() throws Exception {
    try (JitRlEngine engine = engine()) {
      learnDialogClicks(engine, "Cancel", CANCEL);
      assertEquals("Close", dialogChoice(engine, "x", 0.0, 0.5, 1.0));
      assertEquals("Cancel", dialogChoice(engine, "Cancel", 0.0, 0.5, 1.0));
    }
  }

  /**
   * Values as short as "OK" and "x" are values too: instances that asked for "OK" do not push it for one that asks for
   * the "x" (no word of three letters tells these goals apart; without the rule memory pushed OK over Close).
   */
  @Test
  void anotherInstancesShortQuotedValue_notPushedEither() throws Exception {
    try (JitRlEngine engine = engine()) {
      learnDialogClicks(engine, "OK", OK);
      assertEquals("Close", dialogChoice(engine, "x", 0.5, 0.0, 1.0));
    }
  }
}
