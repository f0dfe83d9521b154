package dev.jitrl.host.cli;

import dev.jitrl.host.bench.BenchMode;
import dev.jitrl.host.bench.BenchReport;
import dev.jitrl.host.bench.BenchResults;
import dev.jitrl.host.bench.BenchRunner;
import dev.jitrl.host.bench.BenchTask;
import dev.jitrl.host.bench.ModeSummary;
import dev.jitrl.host.bench.TaskEnvironment;
import dev.jitrl.host.bench.TaskEnvironmentProvider;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.browser.ChromiumLauncher;
import dev.jitrl.host.plugins.HostConfig;
import dev.jitrl.host.plugins.PluginHost;
import dev.jitrl.host.policy.PolicyChoice;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jitrl bench}: the protocol of BENCHMARKS.md §B. Every task runs {@code --episodes} times in a row
 * with the plugins ({@code jitrl} arm) sharing one memory; with {@code --compare} the same tasks first run
 * with plugins not consulted ({@code static} arm, same policy). The memory is a fresh temporary file per
 * bench unless {@code --memory} names one.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run a task suite E episodes per task, JitRL (and with --compare the static agent), and write a report.")
final class BenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host;

  @Mixin
  PolicyOptions policyOptions;

  @Option(names = "--suite", defaultValue = "local", description = "the task suite (default: ${DEFAULT-VALUE})")
  String suite;

  @Option(names = "--episodes", defaultValue = "5", description = "episodes per task, E (default: ${DEFAULT-VALUE})")
  int episodes;

  @Option(names = "--tasks", split = ",", paramLabel = "ID", description = "only these tasks (default: all)")
  List<String> tasks = new ArrayList<>();

  @Option(names = "--compare", description = "also run the static agent (plugins not consulted) and compare")
  boolean compare;

  @Option(names = "--out", paramLabel = "DIR", description = "report folder (default: bench-reports/<suite>-<time>)")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (episodes < 1) {
      throw new IllegalArgumentException("--episodes must be >= 1 but was " + episodes);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    Path tempMemory = host.memory == null ? Files.createTempDirectory("jitrl-bench-memory-") : null;
    HostConfig config = host.hostConfig(Optional.ofNullable(tempMemory).map(d -> d.resolve("memory.db")));
    Path folder = out != null ? out : Path.of("bench-reports",
        suite + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    try (PolicyChoice policy = policyOptions.open(config);
        TaskEnvironment env = TaskEnvironmentProvider.open(suite);
        PluginHost plugins = host.startPlugins(config, env, policy.languageModel());
        ChromiumBrowser browser = ChromiumLauncher.fromEnvironment().launch()) {
      List<BenchTask> selected = tasks.isEmpty() ? env.tasks() : tasks.stream().map(env::task).toList();
      if (plugins.startedPlugins().isEmpty()) {
        spec.commandLine().getErr().println("jitrl: no plugin started from " + plugins.folder()
            + ": the jitrl arm is the static agent");
      }
      List<BenchMode> modes = new ArrayList<>();
      if (compare) {
        modes.add(BenchMode.staticMode());
      }
      modes.add(new BenchMode("jitrl", plugins.selectionHooks(), plugins.episodeListeners()));
      Duration budget = Duration.ofMillis(config.getInt("host.selection.budgetMillis", 2_000, 1, 600_000));
      BenchResults results = new BenchRunner(browser.driver(), policy.policy(), budget, Clock.systemUTC(),
          System.err).run(suite, env, selected, modes, episodes);
      Path html = BenchReport.write(results, folder);
      for (ModeSummary s : results.summaries()) {
        stdout.printf("%-7s success by episode %s  Avg %s  Final %s  steps/success %s  (%d episodes, %.1f s)%n",
            s.mode(), s.successByEpisode().stream().map(BenchReport::fmt).toList(), BenchReport.fmt(s.avg()),
            BenchReport.fmt(s.last()), BenchReport.fmt(s.meanStepsPerSuccess()), s.episodes(), s.wallMillis() / 1000.0);
      }
      policy.summary().ifPresent(stdout::println);
      stdout.println("report: " + html.toAbsolutePath());
      stdout.flush();
      return 0;
    } finally {
      if (tempMemory != null) {
        deleteTree(tempMemory);
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
