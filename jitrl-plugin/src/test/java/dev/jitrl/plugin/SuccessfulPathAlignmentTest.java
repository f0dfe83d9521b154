package dev.jitrl.plugin;

import static dev.jitrl.plugin.testing.TestData.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.judge.RuleJudge;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import dev.jitrl.plugin.retrieval.Neighbour;
import dev.jitrl.plugin.state.NormalizedAction;
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
 * A successful run is a path: on the page where it took a step, memory advises that step, not a later one of the same
 * run taken on a page much like it (a Submit remembered from after the style was applied, whose discounted return is
 * the larger). Real SQLite memory.
 */
class SuccessfulPathAlignmentTest {
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  @TempDir
  Path dir;

  private static final String[] FIELDS = {"Name", "Street", "City", "Zip"};
  private static final String[] VALUES = {"Ada", "Main St", "Lyon", "69001"};

  /** The address form with its first {@code filled} fields filled. */
  private static Observation form(int filled) {
    List<Element> es = new java.util.ArrayList<>();
    for (int i = 0; i < FIELDS.length; i++) {
      es.add(new Element("f" + i, "textbox", FIELDS[i], "", i < filled ? VALUES[i] : ""));
    }
    es.add(new Element("s", "button", "Submit", "Submit", ""));
    return new Observation("http://shop.test/address", "Address", es, "Shipping address");
  }

  private static Action fill(int i, Observation o) {
    return Action.fill(o.elements().get(i), VALUES[i]);
  }

  private static Action submit(Observation o) {
    return Action.click(o.elements().get(FIELDS.length));
  }

  private static Step step(int i, Observation before, Action action, Observation after) {
    return new Step(i, before, action, StepStatus.EXECUTED, Optional.empty(), after, "policy");
  }

  @Test
  void threeFieldsFilled_memoryAdvisesTheFourth_notTheSubmitItsRunTookOnceAllWereFilled() throws Exception {
    TaskGoal goal = new TaskGoal("Ship to Ada, Main St, Lyon 69001.");
    JitRlConfig config = JitRlConfig.builder().memoryPath(dir.resolve("memory.sqlite")).judge(JudgeKind.RULES).build();
    try (JitRlEngine engine = new JitRlEngine(config,
        SqliteMemoryBank.open(config.memoryPath(), config.memoryMaxSteps(), CLOCK), new RuleJudge(), MetricsSink.NONE)) {
      List<Step> won = new java.util.ArrayList<>();
      for (int i = 0; i < FIELDS.length; i++) {
        won.add(step(i, form(i), fill(i, form(i)), form(i + 1)));
      }
      won.add(step(FIELDS.length, form(FIELDS.length), submit(form(FIELDS.length)), form(FIELDS.length)));
      engine.learn(new Episode("won", goal, won, Outcome.success("shipped"), T0, T0.plusSeconds(2),
          Map.of("policy", "fixed"))).get(30, TimeUnit.SECONDS);
      // this run filled three fields as that one did; the policy leans to Submit
      Observation here = form(3);
      List<Candidate> cands = List.of(Candidate.fromPolicy(submit(here), 1.0), Candidate.fromPolicy(fill(3, here), 0.9));
      Selection s = engine.select(new DecisionContext("next", goal, here, won.subList(0, 3)), cands);
      assertEquals(ActionType.FILL, s.chosen().action().type(), s.explanation().summary());
    }
  }

  private static Neighbour at(long id, String label, double ret, double sim, long episode) {
    return new Neighbour(id, new NormalizedAction(ActionType.CLICK, "button", label, 1, ""), ret, sim, 1.0, episode);
  }

  @Test
  void laterStepsOfASuccessfulRunThatMatchLess_areLeftOut_failuresAndTiesAreKept() {
    List<Neighbour> in = List.of(at(10, "italic", 9.5, 1.0, 1), at(11, "Submit", 10, 0.9, 1),
        at(20, "Submit", 10, 0.9, 2), // another run's: its own best step here
        at(30, "bold", 9.0, 0.95, 3), at(31, "italic", 9.5, 0.95, 3), // a run that stood here twice
        at(40, "italic", -10, 1.0, 4), at(41, "Submit", -10, 0.9, 4)); // a failed run: all its evidence
    List<String> kept = JitRlEngine.alignedOnSuccessfulRuns(in).stream()
        .map(n -> n.stepId() + " " + n.action().label()).toList();
    assertEquals(List.of("10 italic", "20 Submit", "30 bold", "31 italic", "40 italic", "41 Submit"), kept);
    assertTrue(JitRlEngine.alignedOnSuccessfulRuns(List.of()).isEmpty());
  }
}
