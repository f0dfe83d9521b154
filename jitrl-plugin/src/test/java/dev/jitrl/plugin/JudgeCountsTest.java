package dev.jitrl.plugin;

import static dev.jitrl.plugin.testing.TestData.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.jitrl.api.Action;
import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.LanguageModel;
import dev.jitrl.api.MetricsSink;
import dev.jitrl.api.ModelReply;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.judge.LlmJudge;
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

/** The engine tells the host how often the LLM judge's replies held a score, per episode, through its metrics. */
class JudgeCountsTest {
  @TempDir
  Path dir;

  @Test
  void learn_llmJudgeWithSomeUnreadableReplies_countsAskedAndParsedSteps() throws Exception {
    Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    MetricsSink metrics = new MetricsSink() {
      @Override
      public void count(String name, long delta) {
        counters.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(delta);
      }

      @Override
      public void record(String name, double value) {}
    };
    // a scripted model (the seam; the counting is under test): every other reply holds no score
    ModelReply score = new ModelReply("{\"score\": -1}", 10, 3);
    ModelReply noScore = new ModelReply("I cannot tell", 10, 3);
    LanguageModel model = mock(LanguageModel.class);
    when(model.name()).thenReturn("scripted");
    when(model.complete(any())).thenReturn(score, noScore, score, noScore);
    JitRlConfig config = JitRlConfig.builder().memoryPath(dir.resolve("memory.sqlite")).judge(JudgeKind.RULES).build();
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    try (JitRlEngine engine = new JitRlEngine(config, SqliteMemoryBank.open(config.memoryPath(), config.memoryMaxSteps(), clock),
        new LlmJudge(model, new RuleJudge()), metrics)) {
      List<Step> steps = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Observation before = page(i);
        Action a = Action.click(before.elements().get(0));
        steps.add(new Step(i, before, a, StepStatus.EXECUTED, Optional.empty(), page(i + 1), "policy"));
      }
      // a fifth step that changed nothing: the environment decides it, the model is not asked
      steps.add(new Step(4, page(4), Action.click(page(4).elements().get(0)), StepStatus.EXECUTED, Optional.empty(), page(4),
          "policy"));
      Episode ep = new Episode("e1", new TaskGoal("Open the next page"), steps, Outcome.failure("not there"), T0,
          T0.plusSeconds(5), Map.of());
      engine.learn(ep).get(30, TimeUnit.SECONDS);
      assertEquals(4, counters.get("jitrl.judge.asked").get());
      assertEquals(2, counters.get("jitrl.judge.parsed").get());
    }
  }

  private static Observation page(int n) {
    return new Observation("http://site.test/list?page=" + n, "Page " + n,
        List.of(new Element("n" + n, "link", "Next", "Next", "")), "Items of page " + n);
  }
}
