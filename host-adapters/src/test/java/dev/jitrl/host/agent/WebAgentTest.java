package dev.jitrl.host.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionSelectionExtension;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.EpisodeListener;
import dev.jitrl.api.Explanation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.api.ScoredCandidate;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.host.act.ActionExecutor;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.observe.PageObserver;
import dev.jitrl.host.plugins.SelectionHook;
import dev.jitrl.host.policy.LexicalPolicy;
import dev.jitrl.host.testing.Browsers;
import dev.jitrl.host.testing.FixtureSite;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent loop in a real browser, with plugin stand-ins passed directly (not through PF4J). */
class WebAgentTest {
  private static FixtureSite site;
  private static ChromiumBrowser browser;

  @BeforeAll
  static void start() throws Exception {
    site = new FixtureSite()
        .page("/start", "<html><body><h1>Home</h1><a href=\"/monthly\">Monthly reports archive</a> "
            + "<a href=\"/reports\">Reports</a></body></html>")
        .page("/monthly", "<html><body><h1>Archive</h1><p>Nothing here</p></body></html>")
        .page("/reports", "<html><body><h1>Reports</h1><p>All reports</p></body></html>");
    browser = Browsers.launch();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (site != null) {
      site.close();
    }
  }

  private static final SuccessCondition ON_REPORTS = (page, answer) -> page.url().endsWith("/reports")
      ? Outcome.success("on the reports page") : Outcome.failure("not on the reports page: " + page.url());

  private static WebAgent agent(List<SelectionHook> hooks, List<EpisodeListener> listeners, Duration budget,
      List<StepReport> reports) {
    return new WebAgent(new PageObserver(browser.driver()), new ActionExecutor(browser.driver()), new LexicalPolicy(),
        hooks, listeners, new AgentSettings(budget, Duration.ofSeconds(10), hooks.isEmpty() ? "static" : "jitrl"),
        Clock.systemUTC(), reports::add);
  }

  private static EpisodeRequest request(int maxSteps) {
    return new EpisodeRequest("open-reports", new TaskGoal("Open the monthly reports"), site.url("/start"), maxSteps,
        Map.of());
  }

  @Test
  void run_pluginThrowsOrChoosesForeignCandidate_hostFallsBackAndEpisodeGoesOn() {
    ActionSelectionExtension throwing = (ctx, cs) -> {
      throw new IllegalStateException("boom");
    };
    ActionSelectionExtension foreign = (ctx, cs) -> {
      Candidate alien = Candidate.fromPolicy(Action.goTo("http://127.0.0.1:1/elsewhere"), 9);
      List<ScoredCandidate> dist = new ArrayList<>(Selection.unchanged(cs, Explanation.unchanged("x")).distribution());
      dist.add(new ScoredCandidate(alien, 9, 1.0));
      return new Selection(alien, dist, new Explanation("alien", true, false, List.of(), Map.of()));
    };
    List<Episode> heard = new ArrayList<>();
    EpisodeListener listener = e -> {
      heard.add(e);
      return CompletableFuture.completedFuture(null);
    };
    List<StepReport> reports = new ArrayList<>();
    try (WebAgent agent = agent(List.of(new SelectionHook("thrower", throwing), new SelectionHook("alien", foreign)),
        List.of(listener), Duration.ofSeconds(2), reports)) {
      AgentRun run = agent.run(request(2), ON_REPORTS);
      // the policy falls into the tempting archive link, then has nothing to do there
      assertEquals(1, run.episode().steps().size());
      assertTrue(run.episode().steps().get(0).result().url().endsWith("/monthly"));
      assertEquals(OutcomeStatus.FAILURE, run.episode().outcome().status());
      assertEquals(2, run.fallbacks());
      assertEquals(WebAgent.POLICY, run.episode().steps().get(0).chosenBy());
      assertTrue(reports.get(0).fallbacks().get(0).startsWith("thrower: threw java.lang.IllegalStateException: boom"));
      assertTrue(reports.get(0).fallbacks().get(1).contains("not among the candidates"), reports.get(0).fallbacks().toString());
      assertEquals(List.of(run.episode()), heard);
      assertEquals(Map.of("policy", "lexical", "task", "open-reports", "mode", "jitrl"), run.episode().tags());
    }
  }

  @Test
  void run_pluginPrefersAnotherCandidate_hostFollowsItAndNamesThePlugin() {
    ActionSelectionExtension preferReports = (ctx, cs) -> {
      Candidate pick = cs.stream()
          .filter(c -> c.action().target().map(Element::name).orElse("").equals("Reports")).findFirst().orElseThrow();
      Selection base = Selection.unchanged(cs, Explanation.unchanged("x"));
      return new Selection(pick, base.distribution(),
          new Explanation("memory prefers Reports", true, false, List.of(), Map.of()));
    };
    List<StepReport> reports = new ArrayList<>();
    try (WebAgent agent = agent(List.of(new SelectionHook("memory", preferReports)), List.of(), Duration.ofSeconds(2),
        reports)) {
      AgentRun run = agent.run(request(3), ON_REPORTS);
      assertEquals(OutcomeStatus.SUCCESS, run.episode().outcome().status());
      assertEquals("success", run.stopReason());
      Step only = run.episode().steps().get(0);
      assertEquals("memory", only.chosenBy());
      assertEquals(1, run.changedChoices());
      assertEquals("memory prefers Reports", reports.get(0).changedBy().orElseThrow().summary());
    }
  }

  @Test
  void run_pluginSlowerThanBudget_isSkippedForThatStep() {
    CountDownLatch never = new CountDownLatch(1);
    ActionSelectionExtension slow = (ctx, cs) -> {
      try {
        never.await(); // released (interrupted) only when the host gives up on it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Selection.unchanged(cs, Explanation.unchanged("late"));
    };
    List<StepReport> reports = new ArrayList<>();
    try (WebAgent agent = agent(List.of(new SelectionHook("slow", slow)), List.of(), Duration.ofMillis(50), reports)) {
      AgentRun run = agent.run(request(1), ON_REPORTS);
      assertEquals(1, run.episode().steps().size());
      assertTrue(reports.get(0).fallbacks().get(0).contains("slower than the budget of 50 ms"));
      assertFalse(run.episode().steps().get(0).chosenBy().equals("slow"));
    } finally {
      never.countDown();
    }
  }

  @Test
  void run_postRunHooksThrowFailOrNeverFinish_hostWaitsAtMostItsBudgetRecordsThemAndGoesOn() {
    CountDownLatch never = new CountDownLatch(1);
    EpisodeListener throwing = e -> {
      throw new IllegalStateException("hook exploded");
    };
    EpisodeListener failing = e -> CompletableFuture.failedFuture(new IllegalStateException("disk full"));
    EpisodeListener neverCompletes = e -> new CompletableFuture<>();
    EpisodeListener blocksInTheCall = e -> {
      try {
        never.await(); // released (interrupted) only when the agent closes
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
      }
      return CompletableFuture.completedFuture(null);
    };
    List<Episode> heard = new ArrayList<>();
    EpisodeListener healthy = e -> {
      heard.add(e);
      return CompletableFuture.completedFuture(null);
    };
    Duration budget = Duration.ofMillis(300);
    long started = System.nanoTime();
    AgentRun first;
    AgentRun second;
    try (WebAgent agent = new WebAgent(new PageObserver(browser.driver()), new ActionExecutor(browser.driver()),
        new LexicalPolicy(), List.of(), List.of(throwing, failing, neverCompletes, blocksInTheCall, healthy),
        new AgentSettings(Duration.ofSeconds(2), budget, "jitrl"), Clock.systemUTC(), r -> { })) {
      first = agent.run(request(1), ON_REPORTS);
      second = agent.run(request(1), ON_REPORTS);
    } finally {
      never.countDown();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    assertEquals(List.of(first.episode(), second.episode()), heard, "the healthy hook got both episodes");
    List<String> f = first.listenerFailures();
    assertEquals(4, f.size(), f.toString());
    assertTrue(f.get(0).contains("failed: java.lang.IllegalStateException: hook exploded"), f.get(0));
    assertTrue(f.get(1).contains("failed: java.lang.IllegalStateException: disk full"), f.get(1));
    assertTrue(f.get(2).contains("did not finish within 300 ms"), f.get(2));
    assertTrue(f.get(3).contains("did not finish within 300 ms"), f.get(3));
    assertEquals(4, second.listenerFailures().size());
    assertTrue(seconds < 30, "the host went on after at most its budget per hook: " + seconds + " s");
  }
}
