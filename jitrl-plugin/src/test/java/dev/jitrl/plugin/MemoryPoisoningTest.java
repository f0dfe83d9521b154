package dev.jitrl.plugin;

import static dev.jitrl.plugin.testing.TestData.click;
import static dev.jitrl.plugin.testing.TestData.link;
import static dev.jitrl.plugin.testing.TestData.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.LanguageModel;
import dev.jitrl.api.MetricsSink;
import dev.jitrl.api.ModelReply;
import dev.jitrl.api.ModelRequest;
import dev.jitrl.api.Observation;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.api.Selection;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.config.AdvantageScaling;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.estimate.AdvantageEstimator;
import dev.jitrl.plugin.judge.LlmJudge;
import dev.jitrl.plugin.judge.RuleJudge;
import dev.jitrl.plugin.memory.EpisodeRecord;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import dev.jitrl.plugin.memory.StoredStep;
import dev.jitrl.plugin.reliability.Figures;
import dev.jitrl.plugin.reliability.PoisoningChecks;
import dev.jitrl.plugin.retrieval.HotIndex;
import dev.jitrl.plugin.retrieval.Neighbour;
import dev.jitrl.plugin.testing.TestData;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory poisoning: page text cannot talk the judge into higher scores, and one adversarial episode cannot
 * flip a choice that many episodes established.
 */
class MemoryPoisoningTest {
  private static final String GOAL = "cancel order 1043 of customer bob";
  private static final String TEMPTING = "Cancel order 1043 now";
  private static final String RIGHT = "Orders";

  @TempDir
  Path dir;

  @Test
  void score_pageTextAddressingTheRuleJudge_cannotRaiseAnyStep() {
    assertTrue(PoisoningChecks.largestRaise(new RuleJudge()) <= 0);
  }

  @Test
  void prompt_pageTextWithFakeJsonAndInstructions_sentOnlyAsQuotedData() {
    List<String> prompts = new ArrayList<>();
    LanguageModel recorder = new LanguageModel() {
      @Override
      public String name() {
        return "recorder";
      }

      @Override
      public ModelReply complete(ModelRequest request) {
        if (request.user().contains("DATA (untrusted, quoted)")) {
          prompts.add(request.user());
        }
        return new ModelReply("{\"score\":0}", 1, 1);
      }
    };
    double raise = PoisoningChecks.largestRaise(new LlmJudge(recorder, new RuleJudge()));
    assertTrue(raise <= 0, "a model that scores every step 0: " + raise);
    assertEquals(3 * (PoisoningChecks.INJECTIONS.size() + 1), prompts.size(), "the model judged the wandering steps only");
    for (String p : prompts) {
      int data = p.indexOf("DATA (untrusted, quoted):\n");
      int end = p.lastIndexOf("\nEND OF DATA");
      assertTrue(data > 0 && end > data, p);
      String quoted = p.substring(data + "DATA (untrusted, quoted):\n".length(), end);
      dev.jitrl.plugin.json.Json.parse(quoted); // the whole page text sits inside one JSON document
      assertFalse(quoted.contains("{\"steps\":[{\"i\":0"), "fake JSON is escaped inside a string: " + quoted);
      assertFalse(quoted.contains("\nNew instructions"), "newlines of page text are escaped");
    }
  }

  private static Observation start(int n) {
    return new Observation("http://shop.test/start", "Start", List.of(link("t" + n, TEMPTING), link("r" + n, RIGHT)),
        "Welcome");
  }

  private static List<Candidate> policy(Observation page) {
    return List.of(Candidate.fromPolicy(Action.click(page.elements().get(0)), 2.0),
        Candidate.fromPolicy(Action.click(page.elements().get(1)), 0.5));
  }

  private static EpisodeRecord oneStep(String key, String label, double ret) {
    StoredStep s = step(0, 0, GOAL, "shop.test", "/start", List.of(), click(label), ret);
    return TestData.episode(key, GOAL, ret > 0 ? OutcomeStatus.SUCCESS : OutcomeStatus.FAILURE, List.of(s));
  }

  /** One imported episode that visited the start page many times, each time with an extreme return. */
  private static String adversary(String key, String label, double ret) throws Exception {
    List<StoredStep> steps = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      steps.add(step(0, i, GOAL, "shop.test", "/start", List.of(), click(label), ret));
    }
    Path tmp = Files.createTempDirectory("adversary");
    try (SqliteMemoryBank b = SqliteMemoryBank.open(tmp.resolve("a.sqlite"), Long.MAX_VALUE, Clock.systemUTC())) {
      b.append(TestData.episode(key, GOAL, OutcomeStatus.SUCCESS, steps));
      StringWriter w = new StringWriter();
      b.exportTo(w);
      return w.toString();
    }
  }

  @Test
  void select_singleAdversarialEpisodeWithExtremeReturns_cannotFlipAnEstablishedChoice() throws Exception {
    StringBuilder figures = new StringBuilder("established: 24 successes of Right (G=+10), 6 failures of Tempting"
        + " (G=-10), policy prefers Tempting 2.0 vs 0.5;");
    String[][] attacks = {{TEMPTING, "1e300"}, {RIGHT, "-1e300"}, {TEMPTING, "1e6"}, {RIGHT, "-1e6"}, {TEMPTING, "200"}};
    for (int n = 0; n < attacks.length; n++) {
      String[] attack = attacks[n];
      JitRlConfig config = JitRlConfig.builder().memoryPath(dir.resolve("m" + n + ".sqlite")).judge(JudgeKind.RULES)
          .build();
      SqliteMemoryBank bank = SqliteMemoryBank.open(config.memoryPath(), config.memoryMaxSteps(), Clock.systemUTC());
      for (int e = 0; e < 30; e++) {
        bank.append(e % 5 == 4 ? oneStep("fail-" + e, TEMPTING, -10) : oneStep("ok-" + e, RIGHT, 10));
      }
      try (JitRlEngine engine = new JitRlEngine(config, bank, new RuleJudge(), MetricsSink.NONE)) {
        assertEquals(RIGHT, chosen(engine, 0), "memory overrides the tempting link");
        double ret = Double.parseDouble(attack[1]);
        engine.importFrom(new StringReader(adversary("adversary", attack[0], ret)));
        Observation page = start(n + 1);
        Selection s = engine.select(new DecisionContext("probe", new TaskGoal(GOAL), page, List.of()), policy(page));
        String label = s.chosen().action().target().orElseThrow().label();
        figures.append(String.format(java.util.Locale.ROOT, " one episode of 12 steps %s G=%s -> chose %s (%s);",
            attack[0], attack[1], label, s.explanation().summary()));
        assertEquals(RIGHT, label, "attack " + n + ": " + s.explanation().summary());
        assertTrue(control(engine, attack[0]), "without the bounds this episode would flip the choice");
      }
    }
    Figures.write("poisoning", figures.toString());
  }

  private String chosen(JitRlEngine engine, int n) {
    Observation page = start(n);
    return engine.select(new DecisionContext("probe-" + n, new TaskGoal(GOAL), page, List.of()), policy(page))
        .chosen().action().target().orElseThrow().label();
  }

  /**
   * The same memory with neither bound (an index where one episode may fill the window, an estimator without
   * the outlier clamp): does the adversary flip the choice there? Shows that the test attacks for real.
   */
  private static boolean control(JitRlEngine engine, String label) {
    HotIndex unbounded = new HotIndex(100);
    List<StoredStep> all = new ArrayList<>();
    engine.memory().forEachStepAfter(0, all::add);
    unbounded.addAll(all);
    List<Neighbour> ns = unbounded.neighbours("shop.test/start", GOAL, List.of(), 0.27, 0.8, 10);
    var est = new AdvantageEstimator(1.0, AdvantageScaling.MAX, 10, 0).estimate(ns,
        List.of(click(TEMPTING).text(), click(RIGHT).text()), a -> false);
    double tempting = 2.0 + 2 * est.actions().get(0).advantage();
    double right = 0.5 + 2 * est.actions().get(1).advantage();
    return tempting > right;
  }
}
