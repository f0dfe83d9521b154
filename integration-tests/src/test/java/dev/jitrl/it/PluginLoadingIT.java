package dev.jitrl.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionSelectionExtension;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.CandidateSource;
import dev.jitrl.api.ConfigurationException;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.EpisodeListener;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.HostServicesExtensionFactory;
import dev.jitrl.api.JitRlException;
import dev.jitrl.api.MemoryAdministration;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/** The built plugin zip, loaded by a real PF4J DefaultPluginManager from a plugins/ folder. */
class PluginLoadingIT {
  @TempDir Path dir;

  private static final Element WRONG = new Element("e1", "link", "Tempting offer", "", "");
  private static final Element RIGHT = new Element("e2", "link", "Orders", "", "");
  private static final Observation HOME =
      new Observation("http://127.0.0.1:7000/admin", "Admin", List.of(WRONG, RIGHT), "Welcome");
  private static final Observation AFTER =
      new Observation("http://127.0.0.1:7000/admin/x", "Next", List.of(), "");

  private record Host(PluginManager manager, HostServicesExtensionFactory factory) implements AutoCloseable {
    @Override
    public void close() {
      manager.stopPlugins();
      factory.close();
      manager.unloadPlugins();
    }
  }

  private Host host(Path plugins, String systemVersion, Map<String, String> config) {
    HostServicesExtensionFactory factory = new HostServicesExtensionFactory(HostServices.of(config));
    DefaultPluginManager manager = new DefaultPluginManager(plugins) {
      @Override
      protected ExtensionFactory createExtensionFactory() {
        return factory;
      }
    };
    manager.setSystemVersion(systemVersion);
    manager.loadPlugins();
    manager.startPlugins();
    return new Host(manager, factory);
  }

  private Map<String, String> config() {
    return Map.of("jitrl.memory.path", dir.resolve("memory.sqlite").toString(), "jitrl.judge", "rules");
  }

  @Test
  void loadPlugins_builtZip_findsAllExtensionsAsOneInstance() throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    try (Host host = host(plugins, "0.1.0", config())) {
      assertEquals(PluginState.STARTED, host.manager().getPlugin("jitrl").getPluginState());
      List<ActionSelectionExtension> selectors = host.manager().getExtensions(ActionSelectionExtension.class);
      List<EpisodeListener> listeners = host.manager().getExtensions(EpisodeListener.class);
      List<MemoryAdministration> admins = host.manager().getExtensions(MemoryAdministration.class);
      assertEquals(1, selectors.size());
      assertEquals(1, listeners.size());
      assertEquals(1, admins.size());
      assertSame(selectors.get(0), listeners.get(0), "selection and post-run hook share one memory");
      // The plugin's classes come from its own class loader, the API from the host's.
      assertTrue(selectors.get(0).getClass().getClassLoader() != getClass().getClassLoader());
    }
  }

  @Test
  void learnThenSelect_throughPluginZip_memoryChangesTheChoiceAndSurvivesRestart() throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    List<Candidate> candidates = List.of(Candidate.fromPolicy(Action.click(WRONG), 2.0),
        Candidate.fromPolicy(Action.click(RIGHT), 0.5));
    try (Host host = host(plugins, "0.1.0", config())) {
      ActionSelectionExtension selector = host.manager().getExtensions(ActionSelectionExtension.class).get(0);
      EpisodeListener listener = host.manager().getExtensions(EpisodeListener.class).get(0);
      // Three runs that clicked the tempting link and failed, one that clicked Orders and succeeded.
      for (int i = 0; i < 3; i++) {
        listener.onEpisodeEnd(episode("fail-" + i, WRONG, Outcome.failure("wrong page"))).toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
      }
      listener.onEpisodeEnd(episode("ok", RIGHT, Outcome.success("done"))).toCompletableFuture().get(30, TimeUnit.SECONDS);
      Selection s = selector.select(context("next"), candidates);
      assertEquals(RIGHT, s.chosen().action().target().orElseThrow());
      assertTrue(s.explanation().changedChoice());
      MemoryAdministration admin = host.manager().getExtensions(MemoryAdministration.class).get(0);
      assertEquals("4", admin.stats().get("episodes"));
      assertEquals("4", admin.stats().get("steps"));
      String why = admin.explain(HOME.url(), "open the orders list", List.of());
      assertTrue(why.contains("similar steps: 4"), why);
      assertTrue(why.contains("click(<link[Orders]>)") && why.contains("click(<link[Tempting offer]>)"), why);
      java.io.StringWriter export = new java.io.StringWriter();
      assertEquals(4, admin.exportTo(export));
      assertEquals(4, export.toString().lines().count());
      MemoryAdministration.ImportSummary again = admin.importFrom(new java.io.StringReader(export.toString()));
      assertEquals(new MemoryAdministration.ImportSummary(0, 4), again, "re-importing the same episodes stores nothing");
    }
    // A new host on the same plugins/ folder and memory file: the first decision already uses memory.
    try (Host host = host(plugins, "0.1.0", config())) {
      Selection s = host.manager().getExtensions(ActionSelectionExtension.class).get(0).select(context("after-restart"), candidates);
      assertEquals(RIGHT, s.chosen().action().target().orElseThrow());
    }
  }

  @Test
  void loadPlugins_disabledTxt_noExtensions() throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    Files.writeString(plugins.resolve("disabled.txt"), "jitrl\n");
    try (Host host = host(plugins, "0.1.0", config())) {
      assertEquals(PluginState.DISABLED, host.manager().getPlugin("jitrl").getPluginState());
      assertTrue(host.manager().getExtensions(ActionSelectionExtension.class).isEmpty());
      assertTrue(host.manager().getExtensions(EpisodeListener.class).isEmpty());
    }
    assertFalse(Files.exists(dir.resolve("memory.sqlite")), "a disabled plugin opens no memory");
  }

  @Test
  void loadPlugins_hostOlderThanRequired_pluginNotStarted() throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    try (Host host = host(plugins, "0.0.9", config())) {
      assertFalse(host.manager().getPlugin("jitrl").getPluginState() == PluginState.STARTED);
      assertTrue(host.manager().getExtensions(ActionSelectionExtension.class).isEmpty());
    }
  }

  @Test
  void getExtensions_enabledFalse_returnsPolicyDistributionUnchanged() throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    Map<String, String> config = Map.of("jitrl.enabled", "false", "jitrl.memory.path", dir.resolve("m.sqlite").toString());
    try (Host host = host(plugins, "0.1.0", config)) {
      ActionSelectionExtension selector = host.manager().getExtensions(ActionSelectionExtension.class).get(0);
      List<Candidate> candidates = List.of(Candidate.fromPolicy(Action.click(WRONG), 2.0),
          Candidate.fromPolicy(Action.click(RIGHT), 0.5));
      Selection s = selector.select(context("e"), candidates);
      assertEquals(Selection.unchanged(candidates, s.explanation()), s);
      assertTrue(s.explanation().fallback());
    }
    assertFalse(Files.exists(dir.resolve("m.sqlite")));
  }

  @Test
  void getExtensions_invalidBeta_failsAtStartNamingKeyValueAndRange() throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    Map<String, String> config = Map.of("jitrl.beta", "-1", "jitrl.memory.path", dir.resolve("m.sqlite").toString());
    try (Host host = host(plugins, "0.1.0", config)) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> host.manager().getExtensions(ActionSelectionExtension.class));
      assertTrue(e.getMessage().contains("jitrl.beta"), e.getMessage());
      assertTrue(e.getMessage().contains("-1"), e.getMessage());
      assertTrue(e.getMessage().contains("[0, 100]"), e.getMessage());
    }
  }

  @Test
  void getExtensions_corruptMemoryFile_clearErrorAndFileUntouched() throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    Path memory = dir.resolve("memory.sqlite");
    byte[] garbage = "this is not a database, it is a shopping list\n".repeat(200).getBytes(StandardCharsets.UTF_8);
    Files.write(memory, garbage);
    try (Host host = host(plugins, "0.1.0", config())) {
      JitRlException e = assertThrows(JitRlException.class,
          () -> host.manager().getExtensions(ActionSelectionExtension.class));
      assertTrue(e.getMessage().contains(memory.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("not an SQLite database"), e.getMessage());
    }
    assertArrayEquals(garbage, Files.readAllBytes(memory));
  }

  private static DecisionContext context(String episode) {
    return new DecisionContext(episode, new TaskGoal("open the orders list"), HOME, List.of());
  }

  private static Episode episode(String id, Element clicked, Outcome outcome) {
    Step step = new Step(0, HOME, Action.click(clicked), StepStatus.EXECUTED, Optional.empty(), AFTER, "policy");
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new Episode(id, new TaskGoal("open the orders list"), List.of(step), outcome, t, t, Map.of("policy", "test"));
  }
}
