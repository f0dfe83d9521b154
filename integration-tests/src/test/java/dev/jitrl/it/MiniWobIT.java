package dev.jitrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.HostServices;
import dev.jitrl.host.bench.BenchMode;
import dev.jitrl.host.bench.BenchResults;
import dev.jitrl.host.bench.BenchRunner;
import dev.jitrl.host.bench.EpisodeResult;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.browser.ChromiumLauncher;
import dev.jitrl.host.miniwob.MiniWobEnvironment;
import dev.jitrl.host.miniwob.MiniWobFiles;
import dev.jitrl.host.plugins.PluginHost;
import dev.jitrl.host.policy.LexicalPolicy;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;

/**
 * A MiniWoB++ development-set task end to end: the package's pages served by the environment, a real headless
 * Chromium, the lexical policy and the real plugin zip; the outcome comes from the page's WOB globals.
 * Needs scripts/setup-miniwob.sh to have run (fails naming it; -Djitrl.requireMiniwob=false skips).
 */
class MiniWobIT {
  @TempDir Path dir;

  static MiniWobFiles pages() {
    try {
      return MiniWobFiles.locate();
    } catch (IllegalStateException e) {
      String message = e.getMessage() + " (scripts/setup-miniwob.sh fetches them; -Djitrl.requireMiniwob=false skips"
          + " this test)";
      if ("false".equalsIgnoreCase(System.getProperty("jitrl.requireMiniwob", "true"))) {
        Assumptions.abort(message);
      }
      return Assertions.fail(message);
    }
  }

  @Test
  void clickButtonSeed1_twoEpisodesWithThePlugin_outcomeIsTheRawRewardOfThePage() throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    try (MiniWobEnvironment env = new MiniWobEnvironment(pages(), List.of(1L), 10);
        PluginHost host = PluginHost.start(plugins, HostServices.of(Map.of(
            "jitrl.memory.path", dir.resolve("memory.sqlite").toString(), "jitrl.judge", "rules")));
        ChromiumBrowser browser = ChromiumLauncher.fromEnvironment().launch()) {
      assertFalse(host.selectionHooks().isEmpty(), "the plugin zip was loaded");
      BenchRunner runner = new BenchRunner(browser.driver(), new LexicalPolicy(), Duration.ofSeconds(5),
          Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));
      BenchResults results = runner.run("miniwob", env, List.of(env.task("click-button#1")),
          List.of(new BenchMode("jitrl", host.selectionHooks(), host.episodeListeners())), 2);

      assertEquals(2, results.results().size());
      for (EpisodeResult r : results.results()) {
        assertEquals("click-button#1", r.task());
        assertTrue(r.reason().contains("WOB_DONE_GLOBAL=true"), r.reason());
        assertTrue(r.reason().contains("WOB_RAW_REWARD_GLOBAL="), r.reason());
        assertEquals(r.reward() > 0, r.success(), "success is raw reward > 0: " + r);
      }
      // the last episode's outcome is exactly what the page says
      Object raw = ((JavascriptExecutor) browser.driver()).executeScript("return WOB_RAW_REWARD_GLOBAL;");
      EpisodeResult last = results.results().get(1);
      assertEquals(((Number) raw).doubleValue(), last.reward());
      assertTrue(last.success(), "the lexical policy clicks the button the utterance names: " + last);
    }
  }
  @Test
  void clickLinkSeed1_realModelPolicyAndJudge_episodeRunsEndToEnd() throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    try (dev.jitrl.host.model.LlamaLanguageModel model = dev.jitrl.host.model.LlamaLanguageModel.load(
            dev.jitrl.host.model.LlamaLanguageModel.Settings.defaults(LlmJudgePoisoningIT.modelPath()));
        MiniWobEnvironment env = new MiniWobEnvironment(pages(), List.of(1L), 10);
        PluginHost host = PluginHost.start(plugins, new HostServices(Map.of(
            "jitrl.memory.path", dir.resolve("memory.sqlite").toString(), "jitrl.judge", "llm"),
            Clock.systemUTC(), java.util.Optional.of(model), dev.jitrl.api.MetricsSink.NONE));
        ChromiumBrowser browser = ChromiumLauncher.fromEnvironment().launch()) {
      dev.jitrl.host.policy.LlmPolicy policy = new dev.jitrl.host.policy.LlmPolicy("llama", model);
      BenchRunner runner = new BenchRunner(browser.driver(), policy, Duration.ofSeconds(30),
          Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));
      BenchResults results = runner.run("miniwob", env, List.of(env.task("click-link#1")),
          List.of(new BenchMode("jitrl", host.selectionHooks(), host.episodeListeners())), 1);

      EpisodeResult r = results.results().get(0);
      assertTrue(r.reason().contains("WOB_DONE_GLOBAL=true"), "the episode ran to the page's end: " + r);
      assertEquals(r.reward() > 0, r.success(), "success is raw reward > 0: " + r);
      assertTrue(policy.stats().modelCalls() > 0, "the model chose the actions: " + policy.stats());
      assertEquals(0, policy.stats().fallbacks(), "no fallback to the lexical logits: " + policy.stats());
      var stats = host.memoryAdministrations().get(0).stats();
      assertTrue(stats.get("judge").startsWith("llm:"), stats.toString());
      assertEquals("1", stats.get("episodes"), "the post-run hook stored the episode: " + stats);
    }
  }
}
