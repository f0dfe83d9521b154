package dev.jitrl.host.cli;

import dev.jitrl.host.bench.BenchMode;
import dev.jitrl.host.bench.BenchReport;
import dev.jitrl.host.bench.BenchResults;
import dev.jitrl.host.bench.BenchRunner;
import dev.jitrl.host.bench.BenchTask;
import dev.jitrl.host.bench.ModeSummary;
import dev.jitrl.host.bench.TaskEnvironment;
import dev.jitrl.host.bench.TaskEnvironmentProvider;
import dev.jitrl.host.bench.TaskSummary;
import dev.jitrl.host.bench.TransferSummary;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.browser.ChromiumLauncher;
import dev.jitrl.host.plugins.HostConfig;
import dev.jitrl.host.plugins.CountingMetrics;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  @Option(names = "--tasks", split = ",", paramLabel = "ID", description = "only these tasks (default: the suite's tasks; miniwob: the development set)")
  List<String> tasks = new ArrayList<>();

  @Option(names = "--seeds", split = ",", paramLabel = "N",
      description = "for suites with seeds (miniwob): run every task as the instances <task>#<seed> of these seeds")
  List<Long> seeds = new ArrayList<>();

  @Option(names = "--transfer", description = "also measure transfer: a fresh memory filled on the first half of "
      + "each task's seeds, then the first episode of each remaining (never seen) instance")
  boolean transfer;

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
    // the report folder is checked before the runs, not after an hour of them
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new IllegalArgumentException("--out " + folder + " is a file, not a folder");
    }
    Files.createDirectories(folder);
    if (!Files.isWritable(folder)) {
      throw new IllegalArgumentException("--out " + folder + " is not writable");
    }
    CountingMetrics pluginCounters = new CountingMetrics();
    try (PolicyChoice policy = policyOptions.open(config);
        TaskEnvironment env = TaskEnvironmentProvider.open(suite);
        PluginHost plugins = host.startPlugins(config, env, policy.languageModel(), pluginCounters);
        ChromiumBrowser browser = ChromiumLauncher.fromEnvironment().launch()) {
      List<BenchTask> selected = select(env);
      List<List<BenchTask>> split = transfer ? TransferSummary.split(selected) : List.of();
      if (plugins.startedPlugins().isEmpty()) {
        spec.commandLine().getErr().println("jitrl: no plugin started from " + plugins.folder()
            + ": the jitrl arm is the static agent");
      }
      List<BenchMode> modes = new ArrayList<>();
      if (compare) {
        modes.add(BenchMode.staticMode());
      }
      modes.add(new BenchMode("jitrl", plugins.selectionHooks(), plugins.episodeListeners(), pluginCounters));
      Duration budget = Duration.ofMillis(config.getInt("host.selection.budgetMillis", 2_000, 1, 600_000));
      BenchRunner runner = new BenchRunner(browser.driver(), policy.policy(), budget, Clock.systemUTC(),
          System.err);
      BenchResults results = runner.run(suite, env, selected, modes, episodes);
      if (transfer) {
        Path transferMemory = Files.createTempDirectory("jitrl-transfer-memory-");
        // always a fresh memory, even with --memory: the fresh instances must be unseen
        Map<String, String> transferConfig = new LinkedHashMap<>(config.asMap());
        transferConfig.keySet().removeIf(k -> k.equalsIgnoreCase("jitrl.memory.path"));
        transferConfig.put("jitrl.memory.path", transferMemory.resolve("memory.db").toString());
        CountingMetrics freshCounters = new CountingMetrics();
        try (PluginHost fresh = host.startPlugins(HostConfig.of(transferConfig), env, policy.languageModel(), freshCounters)) {
          results = runner.transfer(results, env, split.get(0), split.get(1),
              new BenchMode("jitrl", fresh.selectionHooks(), fresh.episodeListeners(), freshCounters));
        } finally {
          deleteTree(transferMemory);
        }
      }
      Path html = BenchReport.write(results, folder);
      for (ModeSummary s : results.summaries()) {
        stdout.printf("%-7s success by episode %s  Avg %s  Final %s  steps/success %s  (%d episodes, %.1f s)%n",
            s.mode(), s.successByEpisode().stream().map(BenchReport::fmt).toList(), BenchReport.fmt(s.avg()),
            BenchReport.fmt(s.last()), BenchReport.fmt(s.meanStepsPerSuccess()), s.episodes(), s.wallMillis() / 1000.0);
        stdout.printf("        by episode: policy calls %s  replayed share %s  replay fallbacks %s  s/episode %s%n",
            s.costByEpisode().stream().map(c -> c.policyCalls()).toList(),
            s.costByEpisode().stream().map(c -> BenchReport.fmt(c.replayedShare())).toList(),
            s.costByEpisode().stream().map(c -> c.replayFallbacks()).toList(),
            s.costByEpisode().stream().map(c -> BenchReport.fmt(c.millisPerEpisode() / 1000.0)).toList());
      }
      java.util.List<TaskSummary> perTask =
          TaskSummary.of(results.results(), results.summaries().stream().map(ModeSummary::mode).toList());
      for (String task : results.tasks()) {
        StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "  %-36s", task));
        for (TaskSummary ts : perTask) {
          if (ts.task().equals(task)) {
            line.append(String.format(java.util.Locale.ROOT, "  %s %s (first %s%s)", ts.mode(), ts.outcomes(),
                ts.firstSuccess() == null ? "never" : ts.firstSuccess(), ts.firstSuccess() == null ? ""
                    : ts.stayedSolved() ? ", stayed" : ", not kept"));
          }
        }
        stdout.println(line);
      }
      TransferSummary t = results.transfer();
      if (t != null) {
        stdout.printf("transfer: fresh instances %s with memory filled on %d instances (static %s; %d fresh, %.1f s)%n",
            BenchReport.fmt(t.transferSuccess()), t.fill().size(),
            t.staticSuccess() == null ? "not run" : BenchReport.fmt(t.staticSuccess()), t.fresh().size(),
            t.wallMillis() / 1000.0);
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

  /** The instances to run: --tasks (all of the suite's by default), each expanded to its --seeds. */
  private List<BenchTask> select(TaskEnvironment env) {
    if (seeds.isEmpty()) {
      return tasks.isEmpty() ? env.tasks() : tasks.stream().map(env::task).toList();
    }
    List<String> names = tasks.isEmpty()
        ? env.tasks().stream().map(t -> baseName(t.id())).distinct().toList() : tasks;
    List<BenchTask> out = new ArrayList<>();
    for (String name : names) {
      if (name.indexOf('#') >= 0) {
        throw new IllegalArgumentException("--tasks " + name + " names a seed and --seeds gives seeds: use one of them");
      }
      for (long seed : seeds) {
        String id = name + "#" + seed;
        BenchTask t;
        try {
          t = env.task(id);
        } catch (IllegalArgumentException e) {
          if (env.tasks().stream().anyMatch(x -> x.id().equals(name))) {
            throw new IllegalArgumentException("the " + suite + " suite has no seeds: --seeds does not apply");
          }
          throw e;
        }
        out.add(t);
      }
    }
    return out;
  }

  private static String baseName(String id) {
    int at = id.lastIndexOf('#');
    return at < 0 ? id : id.substring(0, at);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
