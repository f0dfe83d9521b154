package dev.jitrl.host.cli;

import dev.jitrl.api.TaskGoal;
import dev.jitrl.host.act.ActionExecutor;
import dev.jitrl.host.agent.AgentRun;
import dev.jitrl.host.agent.AgentSettings;
import dev.jitrl.host.agent.EpisodeRequest;
import dev.jitrl.host.agent.StepReport;
import dev.jitrl.host.agent.WebAgent;
import dev.jitrl.host.bench.BenchTask;
import dev.jitrl.host.bench.TaskEnvironment;
import dev.jitrl.host.bench.TaskEnvironmentProvider;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.browser.ChromiumLauncher;
import dev.jitrl.host.observe.PageObserver;
import dev.jitrl.host.plugins.HostConfig;
import dev.jitrl.host.plugins.PluginHost;
import dev.jitrl.host.policy.PolicyChoice;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jitrl run --task ID}: one episode, printed step by step. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run one episode of a task and print each step.")
final class RunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  HostOptions host;

  @Mixin
  PolicyOptions policyOptions;

  @Option(names = "--task", required = true, paramLabel = "ID", description = "the task to run")
  String task;

  @Option(names = "--suite", defaultValue = "local", description = "the task suite (default: ${DEFAULT-VALUE})")
  String suite;

  @Option(names = "--seed", paramLabel = "N",
      description = "the instance's seed for suites with seeds (miniwob): runs <task>#<seed>")
  Long seed;

  @Option(names = "--static", description = "do not consult plugins (the frozen policy alone)")
  boolean staticMode;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    HostConfig config = host.hostConfig(Optional.empty());
    try (PolicyChoice policy = policyOptions.open(config);
        TaskEnvironment env = TaskEnvironmentProvider.open(suite);
        PluginHost plugins = staticMode ? null : host.startPlugins(config, env, policy.languageModel());
        ChromiumBrowser browser = ChromiumLauncher.fromEnvironment().launch()) {
      BenchTask t = env.task(seed == null ? task : task + "#" + seed);
      String mode = staticMode ? "static" : "jitrl";
      out.println("task " + t.id() + " (" + mode + "): " + t.goal());
      if (plugins != null) {
        out.println("plugins: " + (plugins.startedPlugins().isEmpty() ? "none in " + plugins.folder()
            : String.join(", ", plugins.startedPlugins())));
      }
      env.reset();
      try (WebAgent agent = new WebAgent(new PageObserver(browser.driver()), new ActionExecutor(browser.driver()),
          policy.policy(), plugins == null ? List.of() : plugins.selectionHooks(),
          plugins == null ? List.of() : plugins.episodeListeners(), AgentSettings.from(config, mode),
          Clock.systemUTC(), r -> print(out, r))) {
        AgentRun run = agent.run(new EpisodeRequest(t.id(), new TaskGoal(t.goal()), env.startUrl(t), t.maxSteps(),
            Map.of("suite", suite), goal -> new TaskGoal(env.prepare(t, browser.driver()))),
            env.successCondition(t));
        if (!run.episode().goal().text().equals(t.goal())) {
          // the instance's own instruction, with what the run typed into secret fields masked (a password)
          out.println("goal: " + maskSecrets(run.episode().goal().text(), run.episode().steps()));
        }
        var o = run.episode().outcome();
        out.println(o.status() + " after " + run.episode().steps().size() + " steps (" + run.stopReason() + "): "
            + o.reason());
        policy.summary().ifPresent(out::println);
        out.flush();
        return o.status() == dev.jitrl.api.OutcomeStatus.SUCCESS ? 0 : 1;
      }
    }
  }

  /** The goal with every text the run typed into a secret field replaced by {@code ***}. */
  static String maskSecrets(String goal, List<dev.jitrl.api.Step> steps) {
    String out = goal;
    for (dev.jitrl.api.Step s : steps) {
      boolean secret = s.action().type() == dev.jitrl.api.ActionType.FILL
          && s.action().target().map(dev.jitrl.api.Element::secret).orElse(false);
      if (secret && !s.action().firstArg().isEmpty()) {
        out = out.replace(s.action().firstArg(), "***");
      }
    }
    return out;
  }

  static void print(PrintWriter out, StepReport r) {
    var s = r.step();
    out.printf("%3d. %s  [%s, p=%.2f] %s%n", s.index() + 1, s.action().describe(), s.chosenBy(),
        r.selection().chosenProbability(), s.error().map(e -> "FAILED: " + e).orElse("ok"));
    r.changedBy().ifPresent(x -> out.println("     why: " + x.summary()));
    r.replay().ifPresent(x -> out.println("     memory, no model call: " + x.explanation().summary()));
    r.fallbacks().forEach(f -> out.println("     plugin ignored: " + f));
    out.flush();
  }
}
