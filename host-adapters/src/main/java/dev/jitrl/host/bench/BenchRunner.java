package dev.jitrl.host.bench;

import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.host.act.ActionExecutor;
import dev.jitrl.host.agent.AgentRun;
import dev.jitrl.host.agent.AgentSettings;
import dev.jitrl.host.agent.EpisodeRequest;
import dev.jitrl.host.agent.StepReport;
import dev.jitrl.host.agent.WebAgent;
import dev.jitrl.host.observe.PageObserver;
import dev.jitrl.host.policy.Policy;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.openqa.selenium.WebDriver;

/**
 * Runs the protocol of BENCHMARKS.md §B: for every task and every mode, {@code E} episodes in a row; the
 * {@code jitrl} mode's plugins keep one memory across all of them, the {@code static} mode consults no plugin
 * with the same policy. The environment is reset before every episode.
 */
public final class BenchRunner {
  /** The plugin counter of replays memory was sure of but could not place on the page (they fell back). */
  static final String DECLINED = "jitrl.replay.declined";
  /** Plugin counters of the LLM judge: steps it was asked about, and replies that held a score. */
  static final String JUDGE_ASKED = "jitrl.judge.asked";
  static final String JUDGE_PARSED = "jitrl.judge.parsed";
  private final WebDriver driver;
  private final Policy policy;
  private final Duration selectionBudget;
  private final Clock clock;
  private final PrintStream progressOut;
  private final PageObserver observer;
  private final ActionExecutor executor;

  public BenchRunner(WebDriver driver, Policy policy, Duration selectionBudget, Clock clock, PrintStream progressOut) {
    this.driver = Objects.requireNonNull(driver, "driver must not be null");
    this.policy = Objects.requireNonNull(policy, "policy must not be null");
    this.selectionBudget = Objects.requireNonNull(selectionBudget, "selectionBudget must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.progressOut = Objects.requireNonNull(progressOut, "progressOut must not be null");
    this.observer = new PageObserver(driver);
    this.executor = new ActionExecutor(driver);
  }

  /**
   * The transfer protocol of BENCHMARKS.md §B, run after {@code main} with {@code mode}'s plugins on a fresh
   * memory: {@code fill} instances {@code main.episodesPerTask()} episodes each, then one scored episode of
   * every {@code fresh} instance.
   *
   * @return {@code main} with the transfer figure and episodes
   */
  public BenchResults transfer(BenchResults main, TaskEnvironment env, List<BenchTask> fill, List<BenchTask> fresh,
      BenchMode mode) {
    int episodes = main.episodesPerTask();
    long t0 = System.nanoTime();
    List<EpisodeResult> filled = new ArrayList<>();
    List<EpisodeResult> scored = new ArrayList<>();
    try (ProgressBar bar = progressBar("transfer", fill.size() * episodes + fresh.size())) {
      for (BenchTask task : fill) {
        filled.addAll(runEpisodes(main.suite(), env, task, mode, TransferSummary.FILL_MODE, episodes, bar));
      }
      for (BenchTask task : fresh) {
        scored.addAll(runEpisodes(main.suite(), env, task, mode, TransferSummary.FRESH_MODE, 1, bar));
      }
    }
    Set<String> freshIds = fresh.stream().map(BenchTask::id).collect(Collectors.toSet());
    List<EpisodeResult> staticFirst = main.results().stream()
        .filter(r -> r.mode().equals("static") && r.episode() == 1 && freshIds.contains(r.task())).toList();
    Double staticSuccess = staticFirst.size() == fresh.size() ? rate(staticFirst) : null;
    TransferSummary t = new TransferSummary(fill.stream().map(BenchTask::id).toList(),
        fresh.stream().map(BenchTask::id).toList(), episodes, rate(filled), rate(scored), staticSuccess,
        (System.nanoTime() - t0) / 1_000_000);
    List<EpisodeResult> all = new ArrayList<>(filled);
    all.addAll(scored);
    return main.withTransfer(t, all);
  }

  /** One line redrawn in place: done/total, elapsed / ETA, episodes per minute, the episode just finished. */
  private ProgressBar progressBar(String name, long episodes) {
    return new ProgressBarBuilder().setTaskName(name).setInitialMax(episodes).setUnit(" ep", 1)
        .showSpeed(new DecimalFormat("0.0")).setSpeedUnit(ChronoUnit.MINUTES).setStyle(ProgressBarStyle.ASCII)
        .setConsumer(System.console() != null
            ? new ConsoleProgressBarConsumer(progressOut) // as wide as the terminal
            : new ConsoleProgressBarConsumer(progressOut, 110)) // a log file or a test: no width to ask for
        .build();
  }

  private static double rate(List<EpisodeResult> rs) {
    return rs.stream().mapToDouble(r -> r.success() ? 1 : 0).average().orElse(0);
  }

  /** {@code episodes} episodes of {@code task} in a row with one agent of {@code mode}'s plugins. */
  private List<EpisodeResult> runEpisodes(String suite, TaskEnvironment env, BenchTask task, BenchMode mode,
      String label, int episodes, ProgressBar bar) {
    List<EpisodeResult> results = new ArrayList<>();
    long[] candidates = new long[1];
    Consumer<StepReport> quiet = r -> candidates[0] += r.selection().distribution().size();
    AgentSettings settings = new AgentSettings(selectionBudget, Duration.ofMinutes(2), label);
    try (WebAgent agent = new WebAgent(observer, executor, policy, mode.hooks(), mode.listeners(), settings, clock,
        quiet)) {
      for (int e = 1; e <= episodes; e++) {
        env.reset();
        long declinedBefore = mode.metrics().total(DECLINED);
        long askedBefore = mode.metrics().total(JUDGE_ASKED);
        long parsedBefore = mode.metrics().total(JUDGE_PARSED);
        candidates[0] = 0;
        long start = System.nanoTime();
        AgentRun run = agent.run(request(env, task, suite, e), env.successCondition(task));
        long millis = (System.nanoTime() - start) / 1_000_000;
        int declined = (int) (mode.metrics().total(DECLINED) - declinedBefore);
        var outcome = run.episode().outcome();
        results.add(new EpisodeResult(task.id(), label, e, outcome.status() == OutcomeStatus.SUCCESS,
            run.episode().steps().size(), millis, outcome.status().name(), outcome.reason(), run.changedChoices(),
            run.fallbacks(), outcome.reward(), run.policyCalls(), run.replayedSteps(), run.replayFallbacks() + declined,
            run.replayNanosMax() / 1_000,
            run.episode().steps().isEmpty() ? 0 : candidates[0] / (double) run.episode().steps().size(),
            (int) (mode.metrics().total(JUDGE_ASKED) - askedBefore), (int) (mode.metrics().total(JUDGE_PARSED) - parsedBefore)));
        bar.setExtraMessage(" " + label + " " + task.id() + " #" + e);
        bar.step();
      }
    }
    return results;
  }

  /** The episode request for one episode of {@code task}: the environment prepares the start page. */
  private EpisodeRequest request(TaskEnvironment env, BenchTask task, String suite, int episodeIndex) {
    return new EpisodeRequest(task.id(), new TaskGoal(task.goal()), env.startUrl(task), task.maxSteps(),
        Map.of("suite", suite, "episodeIndex", Integer.toString(episodeIndex)),
        goal -> new TaskGoal(env.prepare(task, driver)));
  }

  /**
   * Runs the bench.
   *
   * @param suite the suite's name, for the report
   * @param env the tasks and their checker
   * @param tasks the tasks to run (in this order)
   * @param modes the arms, each run on every task (static first reads best in reports)
   * @param episodes E, &gt; 0
   */
  public BenchResults run(String suite, TaskEnvironment env, List<BenchTask> tasks, List<BenchMode> modes, int episodes) {
    if (episodes <= 0) {
      throw new IllegalArgumentException("episodes must be > 0 but was " + episodes);
    }
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    List<EpisodeResult> results = new ArrayList<>();
    try (ProgressBar bar = progressBar(suite, tasks.size() * modes.size() * episodes)) {
      for (BenchTask task : tasks) {
        for (BenchMode mode : modes) {
          results.addAll(runEpisodes(suite, env, task, mode, mode.name(), episodes, bar));
        }
      }
    }
    List<ModeSummary> summaries = new ArrayList<>();
    for (BenchMode mode : modes) {
      summaries.add(ModeSummary.of(mode.name(), results, episodes));
    }
    return new BenchResults(suite, policy.name(), episodes, tasks.stream().map(BenchTask::id).toList(), started,
        (System.nanoTime() - t0) / 1_000_000, summaries, results);
  }
}
