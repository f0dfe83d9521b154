package dev.jitrl.plugin;

import static dev.jitrl.plugin.testing.TestData.T0;
import static dev.jitrl.plugin.testing.TestData.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.jitrl.api.Action;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Episode;
import dev.jitrl.api.MetricsSink;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.judge.RuleJudge;
import dev.jitrl.plugin.memory.EpisodeRecord;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's time and threads are injected: a ticker the test moves and a direct executor, so that the periodic
 * index refresh and the expiry of running episodes are checked without sleeping or waiting for a thread.
 */
class JitRlEngineTimeTest {
  private static final TaskGoal GOAL = new TaskGoal("open the page with my order status");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  @TempDir
  Path dir;

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final Ticker ticker = nanos::get;

  private JitRlEngine engine() {
    JitRlConfig config = JitRlConfig.builder().memoryPath(dir.resolve("memory.sqlite")).judge(JudgeKind.RULES).build();
    // the direct executor: a learn() or a queued refresh has finished when the call returns
    return new JitRlEngine(config, SqliteMemoryBank.open(config.memoryPath(), config.memoryMaxSteps(), CLOCK),
        new RuleJudge(), MetricsSink.NONE, ticker, Runnable::run);
  }

  private static Observation page(int n) {
    return new Observation("http://shop.test/start?session=" + n, "Start",
        List.of(link("h" + n, "Home"), link("r" + n, "Order status")), "Pick a link");
  }

  private static List<Candidate> candidates(Observation page) {
    return List.of(Candidate.fromPolicy(Action.click(page.elements().get(0)), 1.0),
        Candidate.fromPolicy(Action.click(page.elements().get(1)), 0.5));
  }

  private static Episode episode(String id, Observation page, Candidate chosen) {
    Observation result = new Observation("http://shop.test/orders/7", "Order status", List.of(), "Shipped");
    Step step = new Step(0, page, chosen.action(), StepStatus.EXECUTED, Optional.empty(), result, "jitrl");
    return new Episode(id, GOAL, List.of(step), Outcome.success("status shown"), T0, T0.plusSeconds(5), Map.of());
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void select_otherEngineLearned_seenOnlyOnceTheRefreshIntervalHasPassed() {
    try (JitRlEngine writer = engine(); JitRlEngine reader = engine()) {
      Observation page = page(1);
      writer.learn(episode("ep-1", page, candidates(page).get(1))).join();
      assertEquals(1, writer.index().size(), "the writer's own index is refreshed after its commit");

      advance(Duration.ofNanos(JitRlEngine.REFRESH_INTERVAL_NANOS - 1));
      reader.select(new DecisionContext("ep-2", GOAL, page(2), List.of()), candidates(page(2)));
      assertEquals(0, reader.index().size(), "within the interval the reader does not look at the memory again");

      advance(Duration.ofNanos(1));
      reader.select(new DecisionContext("ep-2", GOAL, page(2), List.of()), candidates(page(2)));
      assertEquals(1, reader.index().size(), "the interval has passed: the decision queued a refresh");
    }
  }

  @Test
  void score_runningEpisodeIdleLongerThanExpiry_decisionsForgotten() {
    try (JitRlEngine engine = engine()) {
      Observation page = page(1);
      engine.learn(episode("ep-0", page(0), candidates(page(0)).get(1))).join(); // a memory to decide with
      Candidate chosen = engine.select(new DecisionContext("ep-1", GOAL, page, List.of()), candidates(page)).chosen();
      advance(JitRlEngine.RUNNING_EPISODE_EXPIRY.minusNanos(1));
      EpisodeRecord kept = engine.score(episode("ep-1", page, chosen));
      assertTrue(kept.steps().get(0).explanation().isPresent(), "within the expiry the decision is stored with the step");

      Candidate again = engine.select(new DecisionContext("ep-2", GOAL, page, List.of()), candidates(page)).chosen();
      advance(JitRlEngine.RUNNING_EPISODE_EXPIRY);
      EpisodeRecord forgotten = engine.score(episode("ep-2", page, again));
      assertFalse(forgotten.steps().get(0).explanation().isPresent(), "an episode idle for the expiry is forgotten");
    }
  }
}
