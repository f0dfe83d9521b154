package dev.jitrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.HostServices;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.api.Step;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.host.act.ActionExecutor;
import dev.jitrl.host.agent.AgentRun;
import dev.jitrl.host.agent.AgentSettings;
import dev.jitrl.host.agent.EpisodeRequest;
import dev.jitrl.host.agent.WebAgent;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.browser.ChromiumLauncher;
import dev.jitrl.host.observe.PageObserver;
import dev.jitrl.host.plugins.PluginHost;
import dev.jitrl.host.policy.LexicalPolicy;
import dev.jitrl.host.sites.LocalSites;
import dev.jitrl.host.sites.WebTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product end to end: the local sites, a real headless Chromium, the lexical policy, and the real plugin
 * zip loaded from a plugins/ folder by the host's PF4J bootstrap.
 */
class LocalSuiteLearningIT {
  /**
   * A task whose trap the lexical policy falls into every time: order 1033 is on the orders list's second page, and
   * the dashboard's recent "Order #1047" link (with the same "Mark as shipped" button) repeats the goal's word.
   * (admin-cancel-order-1043, the confirm dialog, was this test's trap until the frozen prior learnt to mark down a
   * dialog button that leads back in a circle.)
   */
  static final String TRAP_TASK = "admin-ship-order-1033";
  static final int EPISODES = 5;

  static LocalSites sites;
  static ChromiumBrowser browser;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    sites = LocalSites.start(0);
    browser = ChromiumLauncher.fromEnvironment().launch();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (sites != null) {
      sites.close();
    }
  }

  private PluginHost pluginHost(Path plugins, Map<String, String> config) {
    return PluginHost.start(plugins, HostServices.of(config));
  }

  private Map<String, String> memoryConfig(Path memory) {
    return Map.of("jitrl.memory.path", memory.toString(), "jitrl.judge", "rules");
  }

  /** Runs {@code n} episodes of a task, resetting the sites before each, with the host's plugins or none. */
  private List<AgentRun> run(PluginHost host, String taskId, int n) {
    WebTask task = sites.suite().task(taskId);
    List<AgentRun> runs = new ArrayList<>();
    try (WebAgent agent = new WebAgent(new PageObserver(browser.driver()), new ActionExecutor(browser.driver()),
        new LexicalPolicy(), host == null ? List.of() : host.selectionHooks(),
        host == null ? List.of() : host.episodeListeners(),
        new AgentSettings(Duration.ofSeconds(5), Duration.ofMinutes(1), host == null ? "static" : "jitrl"),
        Clock.systemUTC(), report -> { })) {
      for (int e = 0; e < n; e++) {
        sites.reset();
        EpisodeRequest request = new EpisodeRequest(task.id(), new TaskGoal(task.goal()),
            sites.baseUrl() + task.startPath(), task.maxSteps(), Map.of("policy", "lexical"));
        runs.add(agent.run(request, (page, answer) -> sites.check(task, page.url(), page.text(), answer)));
      }
    }
    return runs;
  }

  private static List<Boolean> successes(List<AgentRun> runs) {
    return runs.stream().map(r -> r.episode().outcome().status() == OutcomeStatus.SUCCESS).toList();
  }

  /** What the agent did, in the plugin-independent form a person would compare: the action descriptions. */
  private static List<List<String>> trajectories(List<AgentRun> runs) {
    return runs.stream().map(r -> r.episode().steps().stream().map(Step::action)
        .map(a -> a.type().verb() + ":" + a.target().map(t -> t.role() + "[" + t.name() + "]").orElse("") + ":"
            + a.args())
        .toList()).toList();
  }

  @Test
  void trapTask_staticFailsEveryEpisode_jitrlSucceedsByEpisode3AndKeepsSucceeding() throws Exception {
    List<Boolean> frozen = successes(run(null, TRAP_TASK, EPISODES));
    assertEquals(List.of(false, false, false, false, false), frozen, "the static agent falls into the trap every time");

    Path plugins = PluginArchive.installInto(dir);
    List<Boolean> learning;
    try (PluginHost host = pluginHost(plugins, memoryConfig(dir.resolve("memory.sqlite")))) {
      learning = successes(run(host, TRAP_TASK, EPISODES));
    }
    int first = learning.indexOf(true);
    assertTrue(first >= 0 && first <= 2, "JitRL succeeds by episode 3: " + learning);
    assertTrue(learning.subList(first, EPISODES).stream().allMatch(s -> s), "and keeps succeeding: " + learning);
  }

  @Test
  void memory_newHostOnTheSameFile_firstEpisodeAfterRestartAvoidsTheTrap() throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    Path memory = dir.resolve("memory.sqlite");
    List<Boolean> before;
    try (PluginHost host = pluginHost(plugins, memoryConfig(memory))) {
      before = successes(run(host, TRAP_TASK, 3));
    }
    assertTrue(before.get(2), "learned within 3 episodes: " + before);
    // A new host instance (new plugin manager, new class loader, new engine) on the same memory file.
    try (PluginHost host = pluginHost(plugins, memoryConfig(memory))) {
      List<AgentRun> after = run(host, TRAP_TASK, 1);
      assertEquals(List.of(true), successes(after), "the first episode after the restart already avoids the trap");
      // memory changed the policy's choice, or (sure after two successful runs) decided steps itself: replay
      assertTrue(after.get(0).changedChoices() + after.get(0).replayedSteps() > 0, "because memory chose");
    }
  }

  @Test
  void enabledFalse_andDisabledTxt_eachBehaveExactlyLikeTheStaticAgent() throws Exception {
    List<List<String>> frozen = trajectories(run(null, TRAP_TASK, 2));

    Path plugins = PluginArchive.installInto(dir.resolve("a"));
    Path memory = dir.resolve("off.sqlite");
    Map<String, String> off = Map.of("jitrl.enabled", "false", "jitrl.memory.path", memory.toString());
    try (PluginHost host = pluginHost(plugins, off)) {
      assertEquals(frozen, trajectories(run(host, TRAP_TASK, 2)), "jitrl.enabled=false");
    }
    assertTrue(Files.notExists(memory), "a switched-off plugin writes no memory");

    Path disabled = PluginArchive.installInto(dir.resolve("b"));
    Files.writeString(disabled.resolve("disabled.txt"), "jitrl\n");
    try (PluginHost host = pluginHost(disabled, memoryConfig(dir.resolve("disabled.sqlite")))) {
      assertTrue(host.selectionHooks().isEmpty());
      assertEquals(frozen, trajectories(run(host, TRAP_TASK, 2)), "disabled.txt");
    }
  }
}
