package dev.jitrl.plugin;

import static dev.jitrl.plugin.testing.TestData.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.CandidateSource;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.MetricsSink;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.config.AdvantageScaling;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JitRlConfigBuilder;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.judge.RuleJudge;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learning scenarios that failed before blame, deviation and evidence scaling: small deterministic sites whose
 * policy (fixed logits per control) makes a trap's mistake every time. Each test runs real engine decisions and
 * real post-run learning on a real SQLite memory, episode after episode.
 */
class TrapLearningTest {
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private static final String SUCCESS = "!success";

  @TempDir
  Path dir;

  /** One control of a page: where it leads ({@link #SUCCESS}, a page name, or the same page) and its logit. */
  private record Control(String role, String label, double logit, String to) {}

  /** A page: its path and controls; every page also has the site's navigation (Home, Help). */
  private record Page(String path, List<Control> controls) {}

  /** A deterministic site: pages by name, a start page and a step budget. */
  private static final class Site {
    final Map<String, Page> pages = new LinkedHashMap<>();
    final String start;
    final int maxSteps;

    Site(String start, int maxSteps) {
      this.start = start;
      this.maxSteps = maxSteps;
    }

    Site page(String name, String path, Control... controls) {
      List<Control> all = new ArrayList<>(List.of(controls));
      all.add(new Control("link", "Home", 0.0, "home"));
      all.add(new Control("link", "Help", 0.0, "help"));
      pages.put(name, new Page(path, all));
      return this;
    }
  }

  private static Control c(String role, String label, double logit, String to) {
    return new Control(role, label, logit, to);
  }

  private JitRlEngine engine(UnaryOperator<JitRlConfigBuilder> tune) {
    JitRlConfig config = tune.apply(JitRlConfig.builder().memoryPath(dir.resolve("memory.sqlite"))
        .judge(JudgeKind.RULES)).build();
    SqliteMemoryBank bank = SqliteMemoryBank.open(config.memoryPath(), config.memoryMaxSteps(), CLOCK);
    return new JitRlEngine(config, bank, new RuleJudge(), MetricsSink.NONE);
  }

  private static Observation observe(Site site, String name, int episode, int step) {
    Page page = site.pages.get(name);
    List<Element> elements = new ArrayList<>();
    int i = 0;
    for (Control c : page.controls()) {
      elements.add(new Element("e" + episode + "-" + step + "-" + i++, c.role(), c.label(), "", ""));
    }
    // the text counts the steps, so that a step that stays on its page still changes it (a posted reply)
    return new Observation("http://site.test" + page.path(), name, elements, "page " + name + ", step " + step);
  }

  /** Runs one episode and learns it; returns whether it succeeded. */
  private boolean run(JitRlEngine engine, Site site, TaskGoal goal, int episode) throws Exception {
    String id = "ep-" + episode;
    String at = site.start;
    List<Step> steps = new ArrayList<>();
    boolean success = false;
    for (int t = 0; t < site.maxSteps && !success; t++) {
      Observation page = observe(site, at, episode, t);
      List<Candidate> candidates = new ArrayList<>();
      for (Element e : page.elements()) {
        Control c = site.pages.get(at).controls().stream().filter(x -> x.label().equals(e.label())).findFirst()
            .orElseThrow();
        candidates.add(Candidate.fromPolicy(Action.click(e), c.logit()));
      }
      Selection s = engine.select(new DecisionContext(id, goal, page, List.copyOf(steps)), candidates);
      String label = s.chosen().action().target().orElseThrow().label();
      Control chosen = site.pages.get(at).controls().stream().filter(x -> x.label().equals(label)).findFirst()
          .orElseThrow();
      success = chosen.to().equals(SUCCESS);
      String next = success ? at : chosen.to();
      Observation after = success ? new Observation("http://site.test/done", "Done", List.of(), "done")
          : observe(site, next, episode, t + 1);
      steps.add(new Step(t, page, s.chosen().action(), StepStatus.EXECUTED, Optional.empty(), after, "jitrl"));
      if (Boolean.getBoolean("trap.debug")) {
        System.out.println(id + " " + at + " -> " + label);
      }
      at = next;
    }
    Episode ep = new Episode(id, goal, steps, success ? Outcome.success("done") : Outcome.failure("not done"), T0,
        T0.plusSeconds(5), Map.of("policy", "fixed"));
    engine.learn(ep).get(30, TimeUnit.SECONDS);
    return success;
  }

  private String outcomes(JitRlEngine engine, Site site, TaskGoal goal, int episodes) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int e = 1; e <= episodes; e++) {
      sb.append(run(engine, site, goal, e) ? '1' : '0');
    }
    return sb.toString();
  }

  /**
   * A confirmation dialog three steps deep: the dialog's Cancel repeats the goal's word and always wins, so the run
   * goes round order page → dialog → order page. The circle's own control is blamed, the next run tries OK.
   */
  @Test
  void dialogThreeStepsDeep_learnedByTheSecondRunAndKept() throws Exception {
    Site site = new Site("home", 6)
        .page("home", "/", c("link", "Order #7", 2.5, "order"), c("link", "Order #8", 1.0, "order8"))
        .page("order", "/orders/7", c("button", "Cancel order", 2.5, "dialog"), c("button", "Save", 0, "order"),
            c("link", "Customer", 0, "customer"))
        .page("order8", "/orders/8", c("button", "Cancel order", 2.5, "home"))
        .page("customer", "/customers/1", c("link", "Orders of customer", 0, "home"))
        .page("dialog", "/orders/7", c("button", "Cancel", 1.0, "order"), c("button", "OK", 0, SUCCESS))
        .page("help", "/help", c("link", "Read me", 0, "help"));
    TaskGoal goal = new TaskGoal("Cancel order 7");
    try (JitRlEngine frozen = engine(b -> b.beta(0).memoryPath(dir.resolve("frozen.sqlite")))) {
      assertEquals("00000", outcomes(frozen, site, goal, 5), "the frozen policy repeats the mistake");
    }
    try (JitRlEngine engine = engine(b -> b)) {
      assertEquals("01111", outcomes(engine, site, goal, 5));
    }
  }

  /**
   * A tempting first link two steps before the work: the help thread takes the reply (its page changes) but the
   * task needs the forum's thread. The run that posts in the wrong place blames where it went, not the posting.
   */
  @Test
  void temptingLinkTwoStepsDeep_learnedWithinThreeRunsAndKept() throws Exception {
    Site site = new Site("home", 6)
        .page("home", "/", c("link", "How to reply to a thread", 2.0, "helpthread"), c("link", "Cycling", 0.3, "forum"),
            c("link", "Cooking", 0.2, "cooking"))
        .page("helpthread", "/t/1", c("button", "Post reply", 1.0, "helpthread"))
        .page("forum", "/f/cycling", c("link", "Tubeless tyres thread", 1.5, "thread"))
        .page("cooking", "/f/cooking", c("link", "Pans thread", 0.5, "home"))
        .page("thread", "/t/2", c("button", "Post reply", 1.0, SUCCESS))
        .page("help", "/help", c("link", "Read me", 0, "help"));
    TaskGoal goal = new TaskGoal("Reply to the thread about tubeless tyres");
    try (JitRlEngine engine = engine(b -> b)) {
      String o = outcomes(engine, site, goal, 6);
      int first = o.indexOf('1') + 1;
      assertTrue(first >= 2 && first <= 3, "first success by the third run: " + o);
      assertTrue(o.substring(first - 1).chars().allMatch(ch -> ch == '1'), "kept: " + o);
    }
  }

  /**
   * Three unnamed forward buttons in a row (cart → checkout → review → confirm), each page with a tempting header
   * link and a way back that repeats the goal's word. A backtracking search must return to the deepest page it has
   * reached (the path credit and the frontier rule) and count a way back as a dead end; restarting from the top
   * after each failure does not reach the third button within the runs.
   */
  @Test
  void threeForwardButtonsBehindBackLinks_runReturnsToItsFrontierAndLearns() throws Exception {
    Site site = new Site("home", 8)
        .page("home", "/", c("link", "Track your order", 2.0, "orders"), c("link", "Cart", 1.0, "cart"))
        .page("orders", "/orders", c("link", "Cart", 1.5, "cart"))
        .page("cart", "/cart", c("link", "Track your order", 2.0, "orders"), c("link", "Back to shop", 1.0, "home"),
            c("button", "Proceed to checkout", 0, "checkout"))
        .page("checkout", "/checkout", c("link", "Track your order", 2.0, "orders"),
            c("link", "Back to cart", 1.0, "cart"), c("button", "Continue to review", 0, "review"))
        .page("review", "/checkout/review", c("link", "Track your order", 2.0, "orders"),
            c("link", "Edit cart", 1.0, "cart"), c("button", "Confirm purchase", 0, SUCCESS))
        .page("help", "/help", c("link", "Read me", 0, "help"));
    TaskGoal goal = new TaskGoal("Place an order for the items in your cart");
    try (JitRlEngine engine = engine(b -> b)) {
      String o = outcomes(engine, site, goal, 10);
      int first = o.indexOf('1') + 1;
      assertTrue(first >= 2 && first <= 4, "first success by the fourth run: " + o);
      assertTrue(o.substring(first - 1).chars().allMatch(ch -> ch == '1'), "kept: " + o);
    }
  }

  /**
   * The frontier rule: after a failed run that went Home → Path → (circle at the next page, blamed there), a run
   * whose policy now prefers another first link by 5 logits (more than beta times any path credit can move) still
   * follows the remembered path back to the blamed page, where it deviates.
   */
  @Test
  void newestPathOfTheSameGoal_followedBackToItsBlamedPageAgainstTheHabit() throws Exception {
    Site first = new Site("home", 4)
        .page("home", "/", c("link", "Path", 2.0, "middle"), c("link", "Habit", 0.0, "elsewhere"))
        .page("middle", "/middle", c("link", "Round", 2.0, "home"), c("button", "Forward", 0.0, SUCCESS))
        .page("elsewhere", "/elsewhere", c("link", "Nothing", 1.0, "elsewhere"))
        .page("help", "/help", c("link", "Read me", 0, "help"));
    Site later = new Site("home", 4)
        .page("home", "/", c("link", "Path", 0.0, "middle"), c("link", "Habit", 5.0, "elsewhere"))
        .page("middle", "/middle", c("link", "Round", 2.0, "home"), c("button", "Forward", 0.0, SUCCESS))
        .page("elsewhere", "/elsewhere", c("link", "Nothing", 1.0, "elsewhere"))
        .page("help", "/help", c("link", "Read me", 0, "help"));
    TaskGoal goal = new TaskGoal("Go forward");
    try (JitRlEngine engine = engine(b -> b)) {
      assertFalse(run(engine, first, goal, 1), "the first run goes round Home → Path → Round");
      assertTrue(run(engine, later, goal, 2), "back along Path to the blamed page, then Forward");
    }
  }

  /**
   * A form of toggles (one page, one address: the run's clicks are its state) whose Submit succeeds only with exactly
   * the wanted boxes on. The policy clicks every box that is off, in its order of preference, then Submit.
   */
  private boolean runToggles(JitRlEngine engine, double[] logits, java.util.Set<Integer> wanted, TaskGoal goal,
      int episode) throws Exception {
    String id = "toggles-" + episode;
    boolean[] on = new boolean[logits.length];
    List<Step> steps = new ArrayList<>();
    boolean success = false;
    boolean submitted = false;
    for (int t = 0; t < logits.length + 3 && !submitted; t++) {
      Observation page = toggles(on, episode, t);
      List<Candidate> candidates = new ArrayList<>();
      for (int i = 0; i < logits.length; i++) {
        candidates.add(Candidate.fromPolicy(Action.click(page.elements().get(i)), on[i] ? -1.0 : logits[i]));
      }
      candidates.add(Candidate.fromPolicy(Action.click(page.elements().get(logits.length)), 0.5));
      Selection s = engine.select(new DecisionContext(id, goal, page, List.copyOf(steps)), candidates);
      int i = page.elements().indexOf(s.chosen().action().target().orElseThrow());
      Observation after;
      if (i == logits.length) {
        submitted = true;
        java.util.Set<Integer> chosen = new java.util.HashSet<>();
        for (int j = 0; j < on.length; j++) {
          if (on[j]) {
            chosen.add(j);
          }
        }
        success = chosen.equals(wanted);
        after = new Observation("http://site.test/done", "Done", List.of(), success ? "right" : "wrong");
      } else {
        on[i] = !on[i];
        after = toggles(on, episode, t + 1);
      }
      steps.add(new Step(t, page, s.chosen().action(), StepStatus.EXECUTED, Optional.empty(), after, "jitrl"));
      if (Boolean.getBoolean("trap.debug")) {
        System.out.println(id + " step " + t + " -> " + s.chosen().action().target().orElseThrow().label() + " "
            + s.explanation().summary());
      }
    }
    Episode ep = new Episode(id, goal, steps, success ? Outcome.success("done") : Outcome.failure("not done"), T0,
        T0.plusSeconds(5), Map.of("policy", "fixed"));
    engine.learn(ep).get(30, TimeUnit.SECONDS);
    return success;
  }

  /** Runs {@code episodes} episodes of the form on one engine; a '1' or '0' per episode. */
  private String toggleOutcomes(JitRlEngine engine, double[] logits, java.util.Set<Integer> wanted, int episodes)
      throws Exception {
    StringBuilder o = new StringBuilder();
    for (int e = 1; e <= episodes; e++) {
      o.append(runToggles(engine, logits, wanted, new TaskGoal("Select all the blue shades"), e) ? '1' : '0');
    }
    return o.toString();
  }

  private static Observation toggles(boolean[] on, int episode, int step) {
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < on.length; i++) {
      elements.add(new Element("b" + episode + "-" + step + "-" + i, "checkbox", "Shade " + (i + 1), "",
          Boolean.toString(on[i])));
    }
    elements.add(new Element("s" + episode + "-" + step, "button", "Submit", "", ""));
    return new Observation("http://site.test/shades", "Shades", elements, "Pick the shades");
  }

  /**
   * A form of toggles whose Submit needs one box more than the policy ticks (the policy does not see that the fourth
   * shade is blue too). The state is the set of ticked boxes; the first failure is blamed on Submit; the next run
   * follows its path back, ticks another box (its deviation stays on the page: work on the form, not a step back),
   * then submits; that success is kept, although at the form with one box less Submit was blamed.
   */
  @Test
  void formOfTogglesMissingOneBox_learnedByTheSecondRunAndKept() throws Exception {
    double[] logits = {2.0, 1.9, 1.8, 0.2, 0.1};
    java.util.Set<Integer> wanted = java.util.Set.of(0, 1, 2, 3);
    try (JitRlEngine engine = engine(b -> b.beta(0).memoryPath(dir.resolve("frozen.sqlite")))) {
      assertEquals("00000", toggleOutcomes(engine, logits, wanted, 5), "the frozen policy submits three boxes every time");
    }
    try (JitRlEngine engine = engine(b -> b)) {
      assertEquals("011111", toggleOutcomes(engine, logits, wanted, 6));
    }
    // the ticked box that made the second run succeed is stored as a success (not given back as a dead end: it
    // stayed on its page and changed it)
    List<Double> fourth = new ArrayList<>();
    SqliteMemoryBank bank = SqliteMemoryBank.open(dir.resolve("memory.sqlite"), 100_000, CLOCK);
    try {
      bank.forEachStepAfter(0, st -> {
        if (st.action().text().equals("click(<checkbox[Shade 4]>)")) {
          fourth.add(st.ret());
        }
      });
    } finally {
      bank.close();
    }
    assertFalse(fourth.isEmpty());
    assertTrue(fourth.stream().allMatch(r -> r > dev.jitrl.plugin.judge.Returns.SUCCESS_EVIDENCE), "returns " + fourth);
  }

  /**
   * A form of toggles whose Submit needs one box less than the policy ticks: the policy likes every shade and ticks
   * them all, the least-liked one wrongly. After the failure is blamed on Submit, the next run follows its path back
   * to the full form and its deviation switches off the box the policy ticked most narrowly, submits, and keeps it.
   * This instance's path credits at the forms around (one box less ticked) must not count there as evidence that
   * hides Submit's blame from exploration, and the habit must not tick the box again.
   */
  @Test
  void formOfTogglesOneBoxTooMany_learnedByTheSecondRunAndKept() throws Exception {
    double[] logits = {2.0, 1.9, 1.8, 1.7, 1.6};
    try (JitRlEngine engine = engine(b -> b)) {
      assertEquals("011111", toggleOutcomes(engine, logits, java.util.Set.of(0, 1, 2, 3), 6));
    }
  }

  /**
   * Whichever box the policy got wrong (one too many or one short), the search finds it one box at a time, the
   * policy's narrowest call first (how far the box's logit lay from Submit's when it decided), and keeps it: a
   * failed try blames the box it switched, not the Submit after it, so the next run tries the next box at the same
   * form rather than a second box on top of the first. Policy: ticks boxes 1, 2, 4 and 5 (logits 1.2, 2.0, 1.5 and
   * 0.9 against Submit's 0.5) and leaves 3 (0.3): narrowest calls 3, 5, 1, 4, 2.
   */
  @Test
  void formOfTogglesOneBoxOff_searchedNarrowestCallFirstAndKept() throws Exception {
    double[] logits = {1.2, 2.0, 0.3, 1.5, 0.9};
    java.util.Set<Integer> ticked = java.util.Set.of(0, 1, 3, 4);
    int[] narrowestFirst = {2, 4, 0, 3, 1};
    for (int rank = 0; rank < narrowestFirst.length; rank++) {
      java.util.Set<Integer> wanted = new java.util.HashSet<>(ticked);
      if (!wanted.remove(narrowestFirst[rank])) {
        wanted.add(narrowestFirst[rank]);
      }
      String o;
      Path mem = dir.resolve("box" + narrowestFirst[rank] + ".sqlite");
      try (JitRlEngine engine = engine(b -> b.memoryPath(mem))) {
        o = toggleOutcomes(engine, logits, wanted, 7);
      }
      String expected = "0".repeat(rank + 1) + "1".repeat(6 - rank);
      assertEquals(expected, o, "box " + (narrowestFirst[rank] + 1) + " off");
    }
  }

  /**
   * A drawing whose Submit is right only after the one point of the grid this instance wants (a line that bisects an
   * angle): the policy would submit at once, and after a point it submits. The search must try one point per run and
   * submit it: a failed run that set a point and submitted blames the point (what it drew), not the Submit; blaming
   * the Submit made every later state after some point look like a Submit that fails, and the runs clicked point
   * after point until their step budget ran out without submitting. The wanted point is the policy's fourth choice.
   */
  @Test
  void drawingWhosePointIsOff_searchedOnePointPerRunAndKept() throws Exception {
    int[][] points = {{50, 50}, {17, 17}, {83, 17}, {17, 83}, {83, 83}, {50, 17}, {17, 50}, {83, 50}, {50, 83}};
    try (JitRlEngine engine = engine(b -> b)) {
      StringBuilder o = new StringBuilder();
      for (int e = 1; e <= 8; e++) {
        o.append(runDrawing(engine, points, 3, e) ? '1' : '0');
      }
      assertEquals("00001111", o.toString(), "a Submit, then one point per run in the policy's order, then kept");
    }
  }

  /**
   * One run of the drawing: a surface whose points the policy scores below Submit (in the order of {@code points}), a
   * dot drawn where it is clicked (the page's text says where the last dot is), at most 12 steps.
   */
  private boolean runDrawing(JitRlEngine engine, int[][] points, int wanted, int episode) throws Exception {
    String id = "drawing-" + episode;
    TaskGoal goal = new TaskGoal("Create a line that bisects the angle evenly in two, then press submit.");
    List<Step> steps = new ArrayList<>();
    int[] dot = null;
    boolean success = false;
    for (int t = 0; t < 12; t++) {
      Observation page = drawing(dot, episode, t);
      Element surface = page.elements().get(0);
      List<Candidate> candidates = new ArrayList<>();
      for (int i = 0; i < points.length; i++) {
        candidates.add(Candidate.fromPolicy(Action.clickAt(surface, points[i][0], points[i][1]), -0.1 * i));
      }
      candidates.add(Candidate.fromPolicy(Action.click(page.elements().get(1)), 0.8));
      Selection s = engine.select(new DecisionContext(id, goal, page, List.copyOf(steps)), candidates);
      Action a = s.chosen().action();
      Observation after;
      boolean submitted = a.clickPoint().isEmpty();
      if (submitted) {
        success = dot != null && java.util.Arrays.equals(dot, points[wanted]);
        after = new Observation("http://site.test/done", "Done", List.of(), success ? "right" : "wrong");
      } else {
        dot = a.clickPoint().orElseThrow();
        after = drawing(dot, episode, t + 1);
      }
      steps.add(new Step(t, page, a, StepStatus.EXECUTED, Optional.empty(), after, "jitrl"));
      if (Boolean.getBoolean("trap.debug")) {
        System.out.println(id + " step " + t + " -> " + a.describe() + " " + s.explanation().summary());
      }
      if (submitted) {
        break;
      }
    }
    Episode ep = new Episode(id, goal, steps, success ? Outcome.success("done") : Outcome.failure("not done"), T0,
        T0.plusSeconds(5), Map.of("policy", "fixed"));
    engine.learn(ep).get(30, TimeUnit.SECONDS);
    return success;
  }

  private static Observation drawing(int[] dot, int episode, int step) {
    List<Element> elements = List.of(new Element("g" + episode + "-" + step, "surface", "svg grid", "", ""),
        new Element("s" + episode + "-" + step, "button", "Submit", "", ""));
    return new Observation("http://site.test/angle", "Angle", elements,
        dot == null ? "an angle" : "an angle, a dot at " + dot[0] + "," + dot[1]);
  }

  /**
   * Memory of another goal's success on a numbered control (Order #1045 for "order 1045") does not push that
   * control when this goal names another number (order 1033): it is another item. Without the guard, four
   * successes on the other goal outweigh the policy's small lead for the right link.
   */
  @Test
  void successOnAnotherNumberedItem_notPushedForAGoalNamingAnotherNumber() throws Exception {
    Site deliver = new Site("home", 3)
        .page("home", "/", c("link", "Order #1045", 1.0, "order"), c("link", "Orders", 0.5, "orders"))
        .page("order", "/orders/1045", c("button", "Mark as delivered", 1.0, SUCCESS))
        .page("orders", "/orders", c("link", "Order #1033", 1.0, "other"))
        .page("other", "/orders/1033", c("button", "Mark as shipped", 1.0, "other"))
        .page("help", "/help", c("link", "Read me", 0, "help"));
    Site ship = new Site("home", 3)
        .page("home", "/", c("link", "Order #1045", 0.9, "order"), c("link", "Orders", 1.0, "orders"))
        .page("order", "/orders/1045", c("button", "Mark as delivered", 1.0, "order"))
        .page("orders", "/orders", c("link", "Order #1033", 1.0, "other"))
        .page("other", "/orders/1033", c("button", "Mark as shipped", 1.0, SUCCESS))
        .page("help", "/help", c("link", "Read me", 0, "help"));
    try (JitRlEngine engine = engine(b -> b)) {
      assertEquals("1111", outcomes(engine, deliver, new TaskGoal("Mark order 1045 as delivered"), 4));
      assertTrue(run(engine, ship, new TaskGoal("Mark order 1033 as shipped"), 5),
          "the other order's success must not lead this goal to order 1045");
    }
  }

  /**
   * Another instance's success carried over against the policy: after runs that widened the text area, an instance
   * that wants it narrower is steered to Widen by their evidence alone and fails. The carried choice takes the blame
   * (not the Submit after it), so the next run hears the policy there again, and it stays solved.
   */
  @Test
  void otherInstancesChoiceThatFailsHere_blamedAndTheRunReturnsToThePolicy() throws Exception {
    Site wide = new Site("home", 3)
        .page("home", "/textarea", c("button", "Widen", 1.0, "widened"), c("button", "Narrow", 0.6, "narrowed"))
        .page("widened", "/textarea", c("button", "Submit", 1.0, SUCCESS))
        .page("narrowed", "/textarea", c("button", "Submit", 1.0, "narrowed"))
        .page("help", "/help", c("link", "Read me", 0, "help"));
    Site narrow = new Site("home", 3)
        .page("home", "/textarea", c("button", "Widen", 0.6, "widened"), c("button", "Narrow", 1.0, "narrowed"))
        .page("widened", "/textarea", c("button", "Submit", 1.0, "widened"))
        .page("narrowed", "/textarea", c("button", "Submit", 1.0, SUCCESS))
        .page("help", "/help", c("link", "Read me", 0, "help"));
    try (JitRlEngine engine = engine(b -> b)) {
      assertEquals("111", outcomes(engine, wide, new TaskGoal("Resize the text area to be wider, then submit"), 3));
      StringBuilder sb = new StringBuilder();
      for (int e = 11; e <= 14; e++) { // episode ids of their own
        sb.append(run(engine, narrow, new TaskGoal("Resize the text area to be narrower, then submit"), e) ? '1' : '0');
      }
      String narrower = sb.toString();
      assertEquals('1', narrower.charAt(1), "the run after the carried choice failed returns to the policy: " + narrower);
      assertTrue(narrower.endsWith("111"), narrower);
    }
  }

  /**
   * A confident wrong choice (a gap of 7 logits, more than beta can move with one observation): once the right
   * action has worked, growing evidence against the habit overturns it for good. With max scaling (the old
   * default) the gap is out of reach for ever.
   */
  @Test
  void confidentWrongChoice_overturnedAsFailedSupportGrows() throws Exception {
    Site site = new Site("home", 1)
        .page("home", "/", c("link", "Tempting", 7.0, "home"), c("link", "Right", 0.0, SUCCESS));
    TaskGoal goal = new TaskGoal("open the right page");
    try (JitRlEngine old = engine(b -> b.advantageScaling(AdvantageScaling.MAX).explorationMaxValue(0)
        .memoryPath(dir.resolve("old.sqlite")))) {
      String o = outcomes(old, site, goal, 12);
      assertFalse(o.endsWith("1111"), "max scaling cannot keep an action 7 logits below the habit: " + o);
    }
    try (JitRlEngine engine = engine(b -> b)) {
      String o = outcomes(engine, site, goal, 12);
      assertEquals('1', o.charAt(1), "the blamed habit is left at once: " + o);
      assertTrue(o.endsWith("1111"), "evidence overturns the 7-logit gap and keeps it: " + o);
    }
  }

  /**
   * A policy that proposes the right action only among options it did not score (floored at -20, as a model
   * policy does beyond its scored options): once memory knows the action worked, it enters within reach.
   */
  @Test
  void memoryOnlyActionWithAModelPolicy_reachableDespiteTheFloor() throws Exception {
    TaskGoal goal = new TaskGoal("open the archive");
    Element tempting = new Element("t", "link", "Tempting", "", "");
    Element right = new Element("r", "link", "Archive", "", "");
    Observation page = new Observation("http://site.test/", "Home", List.of(tempting, right), "home");
    try (JitRlEngine engine = engine(b -> b)) {
      // a run in which the archive link worked (chosen by a person, or when the model scored it)
      Step worked = new Step(0, page, Action.click(right), StepStatus.EXECUTED, Optional.empty(),
          new Observation("http://site.test/archive", "Archive", List.of(), "archive"), "policy");
      engine.learn(new Episode("seed", goal, List.of(worked), Outcome.success("ok"), T0, T0, Map.of())).get(30,
          TimeUnit.SECONDS);
      // now the policy proposes only the tempting link (the archive link is one of its unscored options)
      Selection s = engine.select(new DecisionContext("next", goal, page, List.of()),
          List.of(Candidate.fromPolicy(Action.click(tempting), 0.0),
              Candidate.fromPolicy(Action.click(new Element("x", "link", "Other", "", "")), -20.0)));
      assertEquals("Archive", s.chosen().action().target().orElseThrow().label());
      assertEquals(CandidateSource.MEMORY, s.chosen().source());
    }
  }

  /**
   * A typed value that came from the goal is remembered as a reference to it: the next instance of the task, with
   * another value, gets its own value typed, never the other run's text.
   */
  @Test
  void typedValueFromTheGoal_replayedWithTheNextInstancesValue() throws Exception {
    Element box = new Element("b", "textbox", "Search", "", "");
    Element go = new Element("g", "button", "Go", "", "");
    Observation page = new Observation("http://site.test/search", "Search", List.of(box, go), "");
    try (JitRlEngine engine = engine(b -> b)) {
      TaskGoal first = new TaskGoal("Search the catalogue for \"usb cable\"");
      Step typed = new Step(0, page, Action.fill(box, "usb cable"), StepStatus.EXECUTED, Optional.empty(),
          new Observation("http://site.test/search", "Search", List.of(box, go), "results for usb cable"), "policy");
      engine.learn(new Episode("one", first, List.of(typed), Outcome.success("found"), T0, T0, Map.of())).get(30,
          TimeUnit.SECONDS);
      List<String> stored = new ArrayList<>();
      engine.memory().forEachStepAfter(0, st -> stored.add(st.action().text()));
      assertEquals(List.of("fill(<textbox[Search]>, \"{goal.q1}\")"), stored);

      TaskGoal second = new TaskGoal("Search the catalogue for \"hdmi adapter\"");
      Selection s = engine.select(new DecisionContext("two", second, page, List.of()),
          List.of(Candidate.fromPolicy(Action.click(go), 1.0)));
      assertEquals(ActionType.FILL, s.chosen().action().type(), "the remembered fill is offered and chosen");
      assertEquals(List.of("hdmi adapter"), s.chosen().action().args());
    }
  }

  /**
   * A click at a point a drawing's figure names ("between black dot 1 and black dot 2") is remembered by its name: on
   * the next instance, whose dots lie elsewhere, memory picks that point of the new figure, not the old coordinates.
   */
  @Test
  void pointTheFigureNames_isFoundAgainOnAnotherInstancesFigure() throws Exception {
    String name = "between black dot 1 and black dot 2";
    String url = "http://site.test/midpoint";
    TaskGoal goal = new TaskGoal("Click on the mid-point between the two points, then press submit.");
    Element submit = new Element("s", "button", "Submit", "Submit", "");
    Element board = new Element("d", "surface", "svg grid", "", "2 marks: black dot 10,10; black dot 30,50");
    Observation page = new Observation(url, "Midpoint", List.of(board, submit), "");
    Element marked = new Element("d", "surface", "svg grid", "", "3 marks: black dot 10,10; black dot 30,50; blue dot 20,30");
    Observation clicked = new Observation(url, "Midpoint", List.of(marked, submit), "");
    try (JitRlEngine engine = engine(b -> b)) {
      Step submitAtOnce = new Step(0, page, Action.click(submit), StepStatus.EXECUTED, Optional.empty(), page, "policy");
      engine.learn(new Episode("first", goal, List.of(submitAtOnce), Outcome.failure("nothing marked"), T0, T0,
          Map.of())).get(30, TimeUnit.SECONDS);
      List<Step> solved = List.of(
          new Step(0, page, Action.clickAt(board, 20, 30, name), StepStatus.EXECUTED, Optional.empty(), clicked, "jitrl"),
          new Step(1, clicked, Action.click(submit), StepStatus.EXECUTED, Optional.empty(), clicked, "policy"));
      engine.learn(new Episode("second", goal, solved, Outcome.success("on the mid-point"), T0, T0, Map.of()))
          .get(30, TimeUnit.SECONDS);

      Element elsewhere = new Element("d2", "surface", "svg grid", "", "2 marks: black dot 90,40; black dot 50,52");
      Observation next = new Observation(url, "Midpoint", List.of(elsewhere, submit), "");
      List<Candidate> proposed = new ArrayList<>();
      proposed.add(Candidate.fromPolicy(Action.click(submit), 1.0));
      proposed.add(Candidate.fromPolicy(Action.clickAt(elsewhere, 50, 50), -0.45));
      proposed.add(Candidate.fromPolicy(Action.clickAt(elsewhere, 20, 30), -0.5));
      Selection s = engine.select(new DecisionContext("third", goal, next, List.of()), proposed);
      assertEquals(Action.clickAt(elsewhere, 70, 46, name), s.chosen().action(),
          "the middle of this instance's dots, found by the name memory kept");
    }
  }

  /** Text typed into a secret field is stored neither in the step, nor in its raw form, nor in the goal. */
  @Test
  void secretTypedFromTheGoal_neverStored() throws Exception {
    Element user = new Element("u", "textbox", "Username", "", "");
    Element pass = new Element("p", "textbox", "Password", "", "", true);
    Observation page = new Observation("http://site.test/login", "Login", List.of(user, pass), "");
    TaskGoal goal = new TaskGoal("Log in as \"kim\" with the password \"s3cr3t-Pa55\"");
    try (JitRlEngine engine = engine(b -> b)) {
      List<Step> steps = List.of(
          new Step(0, page, Action.fill(user, "kim"), StepStatus.EXECUTED, Optional.empty(), page, "policy"),
          new Step(1, page, Action.fill(pass, "s3cr3t-Pa55"), StepStatus.EXECUTED, Optional.empty(), page, "policy"),
          new Step(2, page, Action.fill(pass, "typed-not-from-goal"), StepStatus.EXECUTED, Optional.empty(), page,
              "policy"));
      engine.learn(new Episode("login", goal, steps, Outcome.failure("wrong password s3cr3t-Pa55"), T0, T0,
          Map.of())).get(30, TimeUnit.SECONDS);
      java.io.StringWriter export = new java.io.StringWriter();
      engine.exportTo(export);
      String all = export.toString();
      assertTrue(all.contains("{goal.q2}"), "the password from the goal is stored as a reference");
      assertFalse(all.contains("s3cr3t-Pa55"), all);
      assertFalse(all.contains("typed-not-from-goal"), all);
      assertTrue(all.contains("kim"), "a value typed into a field that is not secret is kept");
    }
  }
}
