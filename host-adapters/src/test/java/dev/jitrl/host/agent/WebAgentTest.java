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
        .page("/reports", "<html><body><h1>Reports</h1><p>All reports</p></body></html>")
        .page("/stay", "<html><body><h1>Home</h1><button type=\"button\">Nothing</button> "
            + "<a href=\"/reports\">Reports</a></body></html>");
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
      assertEquals(Map.of("policy", "lexical", "task", "open-reports", "instance", "open-reports", "mode", "jitrl"), run.episode().tags());
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

  /** The lexical policy, counting how often the host asks it to score (the model call of a model policy). */
  private static final class CountingPolicy implements dev.jitrl.host.policy.Policy {
    private final LexicalPolicy lexical = new LexicalPolicy();
    int scored;

    @Override
    public String name() {
      return "lexical";
    }

    @Override
    public List<Candidate> propose(TaskGoal goal, dev.jitrl.api.Observation page, List<Step> history) {
      return score(goal, page, history, candidates(goal, page, history));
    }

    @Override
    public List<Candidate> candidates(TaskGoal goal, dev.jitrl.api.Observation page, List<Step> history) {
      return lexical.propose(goal, page, history);
    }

    @Override
    public List<Candidate> score(TaskGoal goal, dev.jitrl.api.Observation page, List<Step> history, List<Candidate> cs) {
      scored++;
      return cs;
    }
  }

  /** A plugin stand-in that is sure of clicking the element named {@code name} wherever the page has one. */
  private static class SureOf implements ActionSelectionExtension {
    private final String name;
    final List<Integer> askedAt = new ArrayList<>();

    SureOf(String name) {
      this.name = name;
    }

    @Override
    public Selection select(dev.jitrl.api.DecisionContext context, List<Candidate> candidates) {
      return Selection.unchanged(candidates, Explanation.unchanged("no opinion"));
    }

    @Override
    public java.util.Optional<dev.jitrl.api.Replay> replay(dev.jitrl.api.DecisionContext context, List<Candidate> cs) {
      askedAt.add(context.stepIndex());
      return context.observation().elements().stream().filter(e -> e.name().equals(name)).findFirst()
          .map(e -> new dev.jitrl.api.Replay(Action.click(e), 3, 8.5, 4.0,
              new Explanation("sure of " + name, false, false, List.of(), Map.of("support", "3"))));
    }
  }

  private static WebAgent agent(dev.jitrl.host.policy.Policy policy, ActionSelectionExtension plugin,
      List<StepReport> reports) {
    return new WebAgent(new PageObserver(browser.driver()), new ActionExecutor(browser.driver()), policy,
        List.of(new SelectionHook("memory", plugin)), List.of(),
        new AgentSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), "jitrl"), Clock.systemUTC(), reports::add);
  }

  @Test
  void run_pluginSureOfTheStep_hostActsWithoutAskingThePolicyToScore() {
    CountingPolicy policy = new CountingPolicy();
    List<StepReport> reports = new ArrayList<>();
    try (WebAgent agent = agent(policy, new SureOf("Reports"), reports)) {
      AgentRun run = agent.run(request(3), ON_REPORTS);
      assertEquals(OutcomeStatus.SUCCESS, run.episode().outcome().status());
      assertEquals(1, run.replayedSteps());
      assertEquals(0, run.policyCalls());
      assertEquals(0, policy.scored, "the policy's expensive part was never called");
      assertEquals("memory", run.episode().steps().get(0).chosenBy());
      assertEquals("sure of Reports", reports.get(0).replay().orElseThrow().explanation().summary());
    }
  }

  @Test
  void run_replayNamesAnElementNotOnThePage_ignoredAndThePolicyDecides() {
    ActionSelectionExtension ghost = new SureOf("Reports") {
      @Override
      public java.util.Optional<dev.jitrl.api.Replay> replay(dev.jitrl.api.DecisionContext context, List<Candidate> cs) {
        Element stale = new Element("e999", "link", "Reports", "Reports", "");
        return java.util.Optional.of(new dev.jitrl.api.Replay(Action.click(stale), 3, 8.5, 4.0,
            new Explanation("stale", false, false, List.of(), Map.of())));
      }
    };
    CountingPolicy policy = new CountingPolicy();
    try (WebAgent agent = agent(policy, ghost, new ArrayList<>())) {
      AgentRun run = agent.run(request(1), ON_REPORTS);
      assertEquals(0, run.replayedSteps());
      assertEquals(1, run.replayFallbacks());
      assertEquals(1, run.policyCalls());
      assertEquals(1, policy.scored);
    }
  }

  @Test
  void run_replayedStepChangesNothing_policyDecidesTheNextStepAndTheEpisodeGoesOn() {
    SureOf sure = new SureOf("Nothing");
    CountingPolicy policy = new CountingPolicy();
    List<StepReport> reports = new ArrayList<>();
    try (WebAgent agent = agent(policy, sure, reports)) {
      AgentRun run = agent.run(new EpisodeRequest("open-reports", new TaskGoal("Open the monthly reports"),
          site.url("/stay"), 4, Map.of()), ON_REPORTS);
      assertEquals(OutcomeStatus.SUCCESS, run.episode().outcome().status(), run.stopReason());
      assertEquals(2, run.episode().steps().size());
      assertTrue(reports.get(0).replay().isPresent(), "step 0 replayed");
      assertFalse(reports.get(1).replay().isPresent(), "step 1: the policy's choice");
      assertEquals(List.of(0), sure.askedAt, "memory is not asked right after its replay changed nothing");
      assertEquals(1, run.replayFallbacks());
      assertEquals(1, run.policyCalls());
    }
  }
}
