package dev.jitrl.plugin;

import static dev.jitrl.plugin.testing.TestData.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.Candidate;
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
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.judge.RuleJudge;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run does not repeat an action that changed nothing on the very page it stands on (a Submit the page answered
 * with the feedback it already shows): the next step does something else, with or without memory of the page. Real
 * SQLite memory.
 */
class RepeatedNoOpTest {
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private static final String URL = "http://guess.test/";
  private static final TaskGoal GOAL = new TaskGoal("Guess the number between 0-3 and press Submit.");

  @TempDir
  Path dir;

  private JitRlEngine engine(double beta) {
    JitRlConfig config = JitRlConfig.builder().memoryPath(dir.resolve("memory-" + beta + ".sqlite"))
        .judge(JudgeKind.RULES).beta(beta).build();
    return new JitRlEngine(config, SqliteMemoryBank.open(config.memoryPath(), config.memoryMaxSteps(), CLOCK),
        new RuleJudge(), MetricsSink.NONE);
  }

  private static Observation page(String value, String feedback) {
    return new Observation(URL, "Guess", List.of(new Element("tt", "textbox", "tt", "", value),
        new Element("s", "button", "Submit", "Submit", "")), "Guess the number. " + feedback);
  }

  private static final Observation EMPTY = page("", "");
  private static final Observation TYPED = page("0", "");
  private static final Observation HIGHER = page("0", "Higher than 0.");

  private static Step step(int i, Observation before, Action action, Observation after) {
    return new Step(i, before, action, StepStatus.EXECUTED, Optional.empty(), after, "policy");
  }

  private static Action submit(Observation o) {
    return Action.click(o.elements().get(1));
  }

  private static List<Candidate> candidates(Observation o) {
    Element field = o.elements().get(0);
    return List.of(Candidate.fromPolicy(submit(o), 1.0), Candidate.fromPolicy(Action.fill(field, "1"), 0.8),
        Candidate.fromPolicy(Action.fill(field, "2"), 0.8));
  }

  private static String chosen(Selection s) {
    Action a = s.chosen().action();
    return a.type().verb() + (a.args().isEmpty() ? "" : " " + a.firstArg());
  }

  /**
   * Typed 0, submitted (the page answered), submitted twice more (nothing changed): now on that same page. Submit
   * changed the page at an earlier step, so one miss here could be chance (a button that draws a random number may
   * draw the same one); two are not.
   */
  private static List<Step> guessedOnce() {
    return List.of(step(0, EMPTY, Action.fill(EMPTY.elements().get(0), "0"), TYPED),
        step(1, TYPED, submit(TYPED), HIGHER), step(2, HIGHER, submit(HIGHER), HIGHER),
        step(3, HIGHER, submit(HIGHER), HIGHER));
  }

  @Test
  void aSubmitThatChangedNothingHere_isNotTakenAgain_evenWithoutMemory() {
    try (JitRlEngine engine = engine(2.0)) {
      Selection s = engine.select(new DecisionContext("run", GOAL, HIGHER, guessedOnce()), candidates(HIGHER));
      assertEquals("fill 1", chosen(s));
      assertTrue(s.explanation().changedChoice());
      assertTrue(s.explanation().summary().contains("changed nothing"), s.explanation().summary());
      // a Submit that changed the page is no repeat: the policy's choice stands
      Selection first = engine.select(new DecisionContext("run2", GOAL, HIGHER, guessedOnce().subList(0, 2)),
          candidates(HIGHER));
      assertEquals("click", chosen(first));
      // one miss here of a control that worked at another step may be chance: it stands
      Selection once = engine.select(new DecisionContext("run3", GOAL, HIGHER, guessedOnce().subList(0, 3)),
          candidates(HIGHER));
      assertEquals("click", chosen(once));
      // nor is one that changed nothing on another page than this one (the field holds another value now)
      Observation other = page("1", "Higher than 0.");
      List<Step> typedAgain = new java.util.ArrayList<>(guessedOnce());
      typedAgain.add(step(4, HIGHER, Action.fill(HIGHER.elements().get(0), "1"), other));
      assertEquals("click", chosen(engine.select(new DecisionContext("run4", GOAL, other, typedAgain),
          candidates(other))));
    }
  }

  @Test
  void aControlThatNeverChangedAnything_isNotTakenAgainAfterOneMiss() {
    Element date = new Element("d", "clickable", "", "Departure Date", "");
    Element field = new Element("tt", "textbox", "To", "", "");
    Observation form = new Observation(URL + "flights", "Flights", List.of(date, field), "Book a flight");
    List<Candidate> cands = List.of(Candidate.fromPolicy(Action.click(date), 1.0),
        Candidate.fromPolicy(Action.fill(field, "ICT"), 0.8));
    try (JitRlEngine engine = engine(2.0)) {
      List<Step> clicked = List.of(step(0, form, Action.click(date), form));
      assertEquals("fill ICT", chosen(engine.select(new DecisionContext("run", GOAL, form, clicked), cands)));
      assertEquals("click", chosen(engine.select(new DecisionContext("run2", GOAL, form, List.of()), cands)));
    }
  }

  @Test
  void aRepeatIsLowered_withMemoryOfThePageToo_andNotWithJitRlSwitchedOff() throws Exception {
    try (JitRlEngine engine = engine(2.0)) {
      // an earlier run of this goal stood on the answered page and submitted: it failed
      List<Step> failed = List.of(step(0, EMPTY, Action.fill(EMPTY.elements().get(0), "0"), TYPED),
          step(1, TYPED, submit(TYPED), HIGHER), step(2, HIGHER, Action.fill(HIGHER.elements().get(0), "3"),
              page("3", "Higher than 0.")));
      engine.learn(new Episode("before", GOAL, failed, Outcome.failure("out of time"), T0, T0.plusSeconds(2),
          Map.of("policy", "fixed"))).get(30, TimeUnit.SECONDS);
      Selection s = engine.select(new DecisionContext("run", GOAL, HIGHER, guessedOnce()), candidates(HIGHER));
      assertTrue(chosen(s).startsWith("fill"), chosen(s));
      assertTrue(s.explanation().facts().containsKey("repeats"), s.explanation().facts().toString());
    }
    try (JitRlEngine off = engine(0.0)) {
      assertEquals("click", chosen(off.select(new DecisionContext("run", GOAL, HIGHER, guessedOnce()),
          candidates(HIGHER))), "beta 0 leaves the policy's distribution as it is");
    }
  }

  @Test
  void aWaitThatShowedNothing_mayBeRepeated() {
    Observation button = new Observation(URL + "delay", "Delay", List.of(
        new Element("b", "button", "Go", "Go", "")), "Wait for the button.");
    List<Candidate> cands = List.of(Candidate.fromPolicy(Action.waitSeconds("1"), 1.0),
        Candidate.fromPolicy(Action.click(button.elements().get(0)), 0.5));
    try (JitRlEngine engine = engine(2.0)) {
      List<Step> waited = List.of(step(0, button, Action.waitSeconds("1"), button));
      assertEquals("wait 1", chosen(engine.select(new DecisionContext("run", GOAL, button, waited), cands)));
    }
  }
}
