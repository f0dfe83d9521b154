package dev.jitrl.plugin.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.plugin.EngineInternals;
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
      await("the sender sends it", () -> bank.pendingWrites() == 0);
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
  void send_contentTheServerRefusesInABurst_setAsideAndTheOthersStored() throws Exception {
    String url = freshDatabase();
    try (OutboxMemoryBank bank = openHeld(url);
        java.sql.Connection c = pg.connect(url.substring(url.lastIndexOf('/') + 1));
        java.sql.Statement st = c.createStatement()) {
      // A rule of this site's database that the episode breaks: the server refuses its content, not its address.
      st.execute("ALTER TABLE jitrl_episodes ADD CONSTRAINT short_goal CHECK (length(goal) < 40)");
      EpisodeRecord tooLong = TestData.episodeOf("long", "x".repeat(60), 2, "s", "/p");
      bank.append(episode(1));
      assertTrue(bank.append(tooLong).stored(), "acknowledged once it is in the outbox");
      bank.append(episode(2));
      assertEquals(0, bank.sendPending(), "a refused episode does not block the outbox");
      assertEquals(1, bank.rejectedWrites(), "kept in the outbox's table of rejected episodes");
      assertEquals(2, bank.stats().episodes(), "the others of its burst are stored");
    }
  }

  /** The shared memory with a sender that never runs: what is appended stays in the outbox until sendPending. */
  private OutboxMemoryBank openHeld(String url) {
    return MemoryBanks.openShared(new ServerMemory(url, "JITRL_PG_USER", "JITRL_PG_PASSWORD", dir.resolve("outbox.sqlite"),
        100), 1_000_000, Clock.systemUTC(), pg.environment(), task -> { });
  }

  /** Keys of stored episodes in id order (the order they were committed in). */
  private static List<String> storedKeys(String url) throws Exception {
    List<String> keys = new ArrayList<>();
    try (java.sql.Connection c = pg.connect(url.substring(url.lastIndexOf('/') + 1));
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT e.episode_key, e.step_count, (SELECT count(*) FROM jitrl_steps s"
            + " WHERE s.episode_id = e.id) FROM jitrl_episodes e ORDER BY e.id")) {
      while (rs.next()) {
        assertEquals(rs.getInt(2), rs.getInt(3), "episode " + rs.getString(1) + " is whole");
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }

  private dev.jitrl.plugin.reliability.ChildJvm crashHost(String url, int episodes, String mode) throws Exception {
    return dev.jitrl.plugin.reliability.ChildJvm.start(OutboxCrashMain.class, dir.resolve("child.err"), List.of(),
        pg.environment(), url, dir.resolve("outbox.sqlite").toString(), String.valueOf(episodes), mode);
  }

  private static List<String> acked(dev.jitrl.plugin.reliability.ChildJvm child) {
    return child.lines().stream().filter(l -> l.startsWith("acked ")).map(l -> l.substring(6)).toList();
  }

  @Test
  void append_acknowledgedButNotSentWhenTheHostIsKilled_sentOnceInOrderByTheNextStart() throws Exception {
    String url = freshDatabase();
    List<String> acked;
    try (var child = crashHost(url, 120, "hold")) {
      assertTrue(child.awaitLine("done", 60_000) != null, "child finished appending: " + child.lines());
      assertEquals(137, child.kill(), "SIGKILL");
      acked = acked(child);
    }
    assertEquals(120, acked.size());
    assertEquals(List.of(), storedKeys(url), "nothing was sent before the kill: every episode was only in the outbox");
    try (EpisodeOutbox outbox = EpisodeOutbox.open(dir.resolve("outbox.sqlite"))) {
      assertEquals(120, outbox.size(), "every acknowledged episode survived the kill in the outbox file");
    }
    try (OutboxMemoryBank bank = open(url)) {
      await("the outbox of the killed host is sent", () -> bank.pendingWrites() == 0);
    }
    assertEquals(acked, storedKeys(url), "each acknowledged episode stored once, in the order it was acknowledged");
  }

  @Test
  void append_hostKilledWhileBurstsAreSent_nothingLostOrDoubledAndOrderKept() throws Exception {
    String url = freshDatabase();
    List<String> acked;
    try (var child = crashHost(url, 100_000, "send")) {
      assertTrue(child.awaitLine("acked c300", 60_000) != null, "child appends: " + child.lines());
      assertEquals(137, child.kill(), "SIGKILL");
      acked = acked(child);
    }
    List<String> beforeRestart = storedKeys(url);
    assertTrue(!beforeRestart.isEmpty(), "the sender was sending when the host was killed");
    try (OutboxMemoryBank bank = open(url)) {
      await("the outbox of the killed host is sent", () -> bank.pendingWrites() == 0);
    }
    List<String> stored = storedKeys(url);
    assertTrue(stored.containsAll(acked), "every acknowledged episode is stored; missing: "
        + acked.stream().filter(k -> !stored.contains(k)).toList());
    assertEquals(stored.size(), new java.util.HashSet<>(stored).size(), "none twice");
    // One writer thread, an outbox sent oldest first: c0, c1, ... in commit order, across the kill and restart.
    // (An episode may be stored without its "acked" line: the kill fell between the outbox write and the print.)
    for (int i = 0; i < stored.size(); i++) {
      assertEquals("c" + i, stored.get(i), "commit order at " + i);
    }
    System.out.printf("crash while sending: %d acknowledged, %d stored before the restart, %d after%n", acked.size(),
        beforeRestart.size(), stored.size());
  }

  @Test
  void forEachStepAfter_anotherHostSendsAfterAReadFoundNothing_seenAtItsNotification() throws Exception {
    // Reads answer "nothing new" without a round trip while nothing changed: another host's burst must count as a
    // change as soon as its notification arrives, long before the catch-up period (60 s here).
    String url = freshDatabase();
    ServerMemory slow = new ServerMemory(url, "JITRL_PG_USER", "JITRL_PG_PASSWORD", dir.resolve("a.sqlite"), 60_000);
    ServerMemory other = new ServerMemory(url, "JITRL_PG_USER", "JITRL_PG_PASSWORD", dir.resolve("b.sqlite"), 60_000);
    try (OutboxMemoryBank a = MemoryBanks.openShared(slow, 1_000_000, Clock.systemUTC(), pg.environment());
        OutboxMemoryBank b = MemoryBanks.openShared(other, 1_000_000, Clock.systemUTC(), pg.environment())) {
      List<StoredStep> seen = new ArrayList<>();
      a.forEachStepAfter(0, seen::add);
      a.forEachStepAfter(0, seen::add);
      assertEquals(List.of(), seen);
      b.append(episode(7));
      long t0 = System.nanoTime();
      await("host a sees host b's episode", () -> {
        a.forEachStepAfter(0, seen::add);
        return !seen.isEmpty();
      });
      assertEquals(3, seen.size());
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "well before the 60 s catch-up");
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(120) // a writer that waits for nothing would hang the build, not fail it
  void append_backlogBeyondTheBoundWhileTheServerAnswers_writerWaitsUntilItIsSent() throws Exception {
    // Back-pressure: a host that produces faster than the server takes waits, as a direct write would make it wait,
    // instead of growing its outbox without bound while the server is there.
    String url = freshDatabase();
    PostgresMemoryBank server = MemoryBanks.openPostgres(new ServerMemory(url, "JITRL_PG_USER", "JITRL_PG_PASSWORD",
        dir.resolve("unused.sqlite"), 100), 1_000_000, Clock.systemUTC(), pg.environment());
    try (OutboxMemoryBank bank = new OutboxMemoryBank(server, EpisodeOutbox.open(dir.resolve("outbox.sqlite")),
        Clock.systemUTC(), false, task -> { }, 2)) {
      bank.append(episode(1));
      bank.append(episode(2)); // at the bound: still acknowledged at once
      java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
      Thread writer = new Thread(() -> {
        bank.append(episode(3));
        returned.set(true);
      });
      writer.start();
      await("the writer waits for the backlog", () -> writer.getState() == Thread.State.WAITING || returned.get());
      assertFalse(returned.get(), "the third append returned while 3 episodes waited for a server that answers");
      assertEquals(3, bank.pendingWrites(), "it is in the outbox all the same (durable before the wait)");
      assertEquals(0, bank.sendPending());
      writer.join(TimeUnit.SECONDS.toMillis(30));
      assertTrue(returned.get(), "the writer goes on once the backlog is sent");
      assertEquals(3, bank.stats().episodes());
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
      // Own episodes reach the hot index once sent, as other hosts' ones do.
      await("the first episodes indexed", () -> EngineInternals.index(engine).size() == 20);
      pg.stop();
      for (int i = 0; i < 5; i++) {
        // Episodes.run checks every selection; learn's future completes normally: no error reaches the host.
        engine.learn(dev.jitrl.plugin.reliability.Episodes.run(engine, "down" + i, 4, r)).get(60, TimeUnit.SECONDS);
      }
      assertEquals(5, EngineInternals.memory(engine).pendingWrites());
      pg.start();
      await("sent and indexed", () -> EngineInternals.memory(engine).pendingWrites() == 0 && EngineInternals.index(engine).size() == 40);
      assertEquals(10, EngineInternals.memory(engine).stats().episodes());
    }
  }
}
