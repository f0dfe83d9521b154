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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.openqa.selenium.WebDriver;

/**
 * Runs the protocol of BENCHMARKS.md §B: for every task and every mode, {@code E} episodes in a row; the
 * {@code jitrl} mode's plugins keep one memory across all of them, the {@code static} mode consults no plugin
 * with the same policy. The environment is reset before every episode.
 */
public final class BenchRunner {
  private final WebDriver driver;
  private final Policy policy;
  private final Duration selectionBudget;
  private final Clock clock;
  private final PrintStream progressOut;

  public BenchRunner(WebDriver driver, Policy policy, Duration selectionBudget, Clock clock, PrintStream progressOut) {
    this.driver = Objects.requireNonNull(driver, "driver must not be null");
    this.policy = Objects.requireNonNull(policy, "policy must not be null");
    this.selectionBudget = Objects.requireNonNull(selectionBudget, "selectionBudget must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.progressOut = Objects.requireNonNull(progressOut, "progressOut must not be null");
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
    ProgressBar bar = new ProgressBar(progressOut, tasks.size() * modes.size() * episodes);
    List<EpisodeResult> results = new ArrayList<>();
    Consumer<StepReport> quiet = r -> { };
    PageObserver observer = new PageObserver(driver);
    ActionExecutor executor = new ActionExecutor(driver);
    for (BenchTask task : tasks) {
      for (BenchMode mode : modes) {
        AgentSettings settings = new AgentSettings(selectionBudget, Duration.ofMinutes(2), mode.name());
        try (WebAgent agent = new WebAgent(observer, executor, policy, mode.hooks(), mode.listeners(), settings, clock,
            quiet)) {
          for (int e = 1; e <= episodes; e++) {
            env.reset();
            long start = System.nanoTime();
            EpisodeRequest request = new EpisodeRequest(task.id(), new TaskGoal(task.goal()), env.startUrl(task),
                task.maxSteps(), Map.of("suite", suite, "episodeIndex", Integer.toString(e)));
            AgentRun run = agent.run(request,
                (page, answer) -> env.check(task, page.url(), page.text(), answer));
            long millis = (System.nanoTime() - start) / 1_000_000;
            var outcome = run.episode().outcome();
            results.add(new EpisodeResult(task.id(), mode.name(), e, outcome.status() == OutcomeStatus.SUCCESS,
                run.episode().steps().size(), millis, outcome.status().name(), outcome.reason(), run.changedChoices(),
                run.fallbacks()));
            bar.step(mode.name() + " " + task.id() + " #" + e);
          }
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
