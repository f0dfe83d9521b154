package dev.jitrl.plugin.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.plugin.config.ServerMemory;
import dev.jitrl.plugin.testing.PostgresServer;
import dev.jitrl.plugin.testing.TestData;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server going away loses nothing: episodes wait in the local outbox and are written once when it is back,
 * also by the next process after a restart. These tests stop and start their own PostgreSQL server.
 */
class OutboxMemoryBankTest {
  private static PostgresServer pg;
  private static int databases;

  @TempDir
  Path dir;

  @BeforeAll
  static void startServer() {
    pg = PostgresServer.launch();
  }

  @AfterAll
  static void stopServer() {
    pg.close();
  }

  private String freshDatabase() {
    pg.start();
    return pg.createDatabase("outbox_" + (++databases));
  }

  private OutboxMemoryBank open(String url) {
    return MemoryBanks.openShared(new ServerMemory(url, "JITRL_PG_USER", "JITRL_PG_PASSWORD", dir.resolve("outbox.sqlite"),
        100), 1_000_000, Clock.systemUTC(), pg.environment());
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling with a deadline
    }
  }

  private static EpisodeRecord episode(int i) {
    return TestData.episodeOf("ep" + i, "close ticket " + i, 3, "desk", "/tickets/{id}");
  }

  @Test
  void append_serverStopped_episodesWaitAndAreStoredOnceWhenItIsBack() throws Exception {
    String url = freshDatabase();
    try (OutboxMemoryBank bank = open(url)) {
      assertTrue(bank.append(episode(0)).stored());
      assertEquals(0, bank.pendingWrites());
      long oldest = bank.oldestStepId(); // as the engine's refresh reads it
      assertTrue(oldest > 0);
      pg.stop();
      for (int i = 1; i <= 5; i++) {
        bank.append(episode(i)); // no error while the server is away
      }
      assertEquals(5, bank.pendingWrites());
      List<StoredStep> none = new ArrayList<>();
      bank.forEachStepAfter(0, none::add); // reads for the hot index do not fail either
      assertEquals(List.of(), none);
      assertEquals(oldest, bank.oldestStepId(), "the last known value");
      pg.start();
      await("the outbox is sent", () -> bank.pendingWrites() == 0);
      MemoryStats stats = bank.stats();
      assertEquals(6, stats.episodes());
      assertEquals(18, stats.steps());
      assertFalse(bank.server().append(episode(3)).stored(), "stored once");
    }
  }

  @Test
  void open_restartWithEpisodesInTheOutbox_sendsThem() throws Exception {
    String url = freshDatabase();
    try (OutboxMemoryBank bank = open(url)) {
      bank.append(episode(0));
    }
    pg.stop();
    try (OutboxMemoryBank bank = open(url)) { // starts while the server is away
      for (int i = 1; i <= 4; i++) {
        bank.append(episode(i));
      }
      assertEquals(4, bank.pendingWrites());
    }
    // The host died after the server stored an episode but before the outbox forgot it: it is sent again.
    try (EpisodeOutbox outbox = EpisodeOutbox.open(dir.resolve("outbox.sqlite"))) {
      outbox.add(episode(0));
      assertEquals(5, outbox.size());
    }
    pg.start();
    try (OutboxMemoryBank bank = open(url)) {
      await("the outbox of the earlier run is sent", () -> bank.pendingWrites() == 0);
      MemoryStats stats = bank.stats();
      assertEquals(5, stats.episodes(), "each episode once");
      assertEquals(15, stats.steps());
    }
  }

  @Test
  void append_contentTheServerRefuses_failsAndIsKeptNotDropped() throws Exception {
    String url = freshDatabase();
    try (OutboxMemoryBank bank = open(url);
        java.sql.Connection c = pg.connect(url.substring(url.lastIndexOf('/') + 1));
        java.sql.Statement st = c.createStatement()) {
      // A rule of this site's database that the episode breaks: the server refuses its content, not its address.
      st.execute("ALTER TABLE jitrl_episodes ADD CONSTRAINT short_goal CHECK (length(goal) < 40)");
      EpisodeRecord tooLong = TestData.episodeOf("long", "x".repeat(60), 2, "s", "/p");
      MemoryException e = org.junit.jupiter.api.Assertions.assertThrows(MemoryException.class, () -> bank.append(tooLong));
      assertFalse(e instanceof MemoryUnavailableException);
      assertEquals(1, bank.rejectedWrites());
      assertEquals(0, bank.pendingWrites(), "a refused episode does not block the outbox");
      assertTrue(bank.append(episode(1)).stored());
    }
  }

  @Test
  void engine_serverStopped_decisionsAndPostRunHooksGoOnAndNothingIsLost() throws Exception {
    String url = freshDatabase();
    var config = dev.jitrl.plugin.config.JitRlConfig.builder().judge(dev.jitrl.plugin.config.JudgeKind.RULES)
        .memoryUrl(url).memoryOutbox(dir.resolve("engine-outbox.sqlite")).memoryPath(dir.resolve("unused.sqlite"))
        .memoryCatchUpMillis(100).build();
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    try (var engine = dev.jitrl.plugin.JitRlEngine.open(config, dev.jitrl.api.HostServices.of(java.util.Map.of()),
        pg.environment())) {
      for (int i = 0; i < 5; i++) {
        engine.learn(dev.jitrl.plugin.reliability.Episodes.run(engine, "up" + i, 4, r)).get(60, TimeUnit.SECONDS);
      }
      long indexed = engine.index().size();
      assertEquals(20, indexed);
      pg.stop();
      for (int i = 0; i < 5; i++) {
        // Episodes.run checks every selection; learn's future completes normally: no error reaches the host.
        engine.learn(dev.jitrl.plugin.reliability.Episodes.run(engine, "down" + i, 4, r)).get(60, TimeUnit.SECONDS);
      }
      assertEquals(5, engine.memory().pendingWrites());
      pg.start();
      await("sent and indexed", () -> engine.memory().pendingWrites() == 0 && engine.index().size() == 40);
      assertEquals(10, engine.memory().stats().episodes());
    }
  }
}
