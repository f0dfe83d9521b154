package dev.jitrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.ActionType;
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
import dev.jitrl.host.plugins.CountingMetrics;
import dev.jitrl.host.plugins.PluginHost;
import dev.jitrl.host.policy.LexicalPolicy;
import dev.jitrl.host.sites.LocalSites;
import dev.jitrl.host.sites.SiteVariant;
import dev.jitrl.host.sites.WebTask;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay against pages that changed after memory was filled: the real plugin zip, the local sites in a real
 * headless Chromium, the lexical policy. Memory is filled on the pages as they are; then the sites serve a
 * {@link SiteVariant} and the next run must still finish, the changed step falling back to the policy.
 */
class ReplayVariantsIT {
  static final int FILL = 4;

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

  @AfterEach
  void plainPages() {
    sites.variants(Set.of());
  }

  private final CountingMetrics metrics = new CountingMetrics();

  private PluginHost plugins() throws Exception {
    return PluginHost.start(PluginArchive.installInto(dir), new HostServices(
        Map.of("jitrl.memory.path", dir.resolve("memory.sqlite").toString(), "jitrl.judge", "rules"),
        Clock.systemUTC(), Optional.empty(), metrics));
  }

  /** Per step of the last run: whether memory decided it (replay). */
  private final List<Boolean> replayedSteps = new ArrayList<>();

  private List<AgentRun> run(PluginHost host, String taskId, int n) {
    WebTask task = sites.suite().task(taskId);
    List<AgentRun> runs = new ArrayList<>();
    try (WebAgent agent = new WebAgent(new PageObserver(browser.driver()), new ActionExecutor(browser.driver()),
        new LexicalPolicy(), host.selectionHooks(), host.episodeListeners(),
        new AgentSettings(Duration.ofSeconds(5), Duration.ofMinutes(1), "jitrl"), Clock.systemUTC(),
        report -> replayedSteps.add(report.replay().isPresent()))) {
      for (int e = 0; e < n; e++) {
        sites.reset();
        replayedSteps.clear();
        EpisodeRequest request = new EpisodeRequest(task.id(), new TaskGoal(task.goal()),
            sites.baseUrl() + task.startPath(), task.maxSteps(), Map.of("policy", "lexical"));
        runs.add(agent.run(request, (page, answer) -> sites.check(task, page.url(), page.text(), answer)));
      }
    }
    return runs;
  }

  private static boolean success(AgentRun r) {
    return r.episode().outcome().status() == OutcomeStatus.SUCCESS;
  }

  /**
   * Fills memory with {@value #FILL} runs on the plain pages (a task whose first run fails is learned by then); the
   * last one succeeds and is replayed from start to end.
   */
  private AgentRun fill(PluginHost host, String task) {
    List<AgentRun> runs = run(host, task, FILL);
    assertTrue(success(runs.get(FILL - 1)) && success(runs.get(FILL - 2)), "solved on the plain pages: " + task);
    AgentRun last = runs.get(FILL - 1);
    assertEquals(last.episode().steps().size(), last.replayedSteps(), "memory is sure of every step by run " + FILL);
    assertEquals(0, last.policyCalls());
    return last;
  }

  @Test
  void renamedButton_replayFallsBackToThePolicyAndTheTaskIsDone() throws Exception {
    try (PluginHost host = plugins()) {
      fill(host, "admin-deliver-order-1045");
      sites.variants(Set.of(SiteVariant.RENAMED_BUTTONS));
      AgentRun changed = run(host, "admin-deliver-order-1045", 1).get(0);
      assertTrue(success(changed), changed.episode().outcome().reason());
      assertTrue(metrics.total("jitrl.replay.declined") >= 1, "memory's button is not on the page: declined");
      assertTrue(changed.policyCalls() >= 1, "the policy decided the changed step");
      assertTrue(changed.replayedSteps() >= 1, "the unchanged link was still replayed");
      int lastIndex = changed.episode().steps().size() - 1;
      Step last = changed.episode().steps().get(lastIndex);
      assertEquals(false, replayedSteps.get(lastIndex), "the renamed button was pressed on the policy's choice");
      assertTrue(last.action().target().orElseThrow().name().endsWith(" now"), last.action().describe());
    }
  }

  @Test
  void extraConfirmDialog_policyAnswersTheDialogAndTheTaskIsDone() throws Exception {
    try (PluginHost host = plugins()) {
      AgentRun before = fill(host, "shop-add-blue-shirt");
      sites.variants(Set.of(SiteVariant.CONFIRM_DIALOG));
      AgentRun changed = run(host, "shop-add-blue-shirt", 1).get(0);
      assertTrue(success(changed), changed.episode().outcome().reason());
      assertEquals(before.episode().steps().size() + 1, changed.episode().steps().size(), "one more step: the dialog");
      assertTrue(changed.policyCalls() >= 1, "memory knew no dialog: the policy answered it");
      List<Step> steps = changed.episode().steps();
      int dialog = -1;
      for (int i = 0; i < steps.size(); i++) {
        if (steps.get(i).action().target().map(t -> t.id().startsWith("dialog-")).orElse(false)) {
          dialog = i;
        }
      }
      assertTrue(dialog >= 0, "the dialog was answered");
      assertEquals(false, replayedSteps.get(dialog), "by the policy");
    }
  }

  @Test
  void movedButton_andNewItemOrder_replayFindsTheSameControlsByNameAndFinishes() throws Exception {
    try (PluginHost host = plugins()) {
      fill(host, "forum-reply-tubeless");
      sites.variants(Set.of(SiteVariant.MOVED_BUTTONS, SiteVariant.REORDERED_ITEMS));
      AgentRun changed = run(host, "forum-reply-tubeless", 1).get(0);
      assertTrue(success(changed), changed.episode().outcome().reason());
      // the controls are found by role and name, not by position: the typed text is the goal's, the run is done
      Step typed = changed.episode().steps().stream().filter(s -> s.action().type() == ActionType.FILL).findFirst()
          .orElseThrow();
      List<dev.jitrl.api.Element> form = typed.observation().elements();
      int button = -1;
      int field = form.indexOf(typed.action().target().orElseThrow());
      for (int i = 0; i < form.size(); i++) {
        if (form.get(i).role().equals("button") && form.get(i).name().equals("Post reply")) {
          button = i;
        }
      }
      assertTrue(button >= 0 && button < field, "the page did change: the button now comes before the field");
      TaskGoal goal = changed.episode().goal();
      assertTrue(goal.text().contains(typed.action().firstArg()), "typed text from the goal: " + typed.action().describe());
    }
  }
}
