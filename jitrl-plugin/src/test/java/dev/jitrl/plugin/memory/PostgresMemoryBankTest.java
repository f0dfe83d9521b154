package dev.jitrl.plugin.memory;

import dev.jitrl.api.MemoryAdministration.ImportSummary;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.plugin.config.ServerMemory;
import dev.jitrl.plugin.state.NormalizedAction;
import dev.jitrl.plugin.testing.PostgresExtension;
import dev.jitrl.plugin.testing.PostgresServer;
import dev.jitrl.plugin.testing.TestData;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The PostgreSQL memory on a real PostgreSQL server: migrations, idempotence, eviction, text, change feed, secrets. */
@ExtendWith(PostgresExtension.class)
class PostgresMemoryBankTest {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @TempDir
  Path dir;

  private static String freshDatabase(PostgresServer pg) {
    return pg.createDatabase("bank_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid());
  }

  private static ServerMemory server(String url, Path outbox, long catchUpMillis) {
    return new ServerMemory(url, "JITRL_PG_USER", "JITRL_PG_PASSWORD", outbox, catchUpMillis);
  }

  private PostgresMemoryBank open(PostgresServer pg, String url, long maxSteps) {
    return MemoryBanks.openPostgres(server(url, dir.resolve("outbox.sqlite"), 1000), maxSteps, Clock.systemUTC(),
        pg.environment());
  }

  @Test
  void open_tenHostsAtOnce_migrationsAppliedOnceAndEveryHostOpens(PostgresServer pg) throws Exception {
    String url = freshDatabase(pg);
    int hosts = 10;
    ExecutorService pool = Executors.newFixedThreadPool(hosts);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<PostgresMemoryBank>> opened = new ArrayList<>();
    try {
      for (int i = 0; i < hosts; i++) {
        opened.add(pool.submit(() -> {
          go.await();
          return open(pg, url, 1_000_000);
        }));
      }
      go.countDown();
      List<PostgresMemoryBank> banks = new ArrayList<>();
      for (Future<PostgresMemoryBank> f : opened) {
        banks.add(f.get(60, TimeUnit.SECONDS)); // a lost race would throw here (relation already exists...)
      }
      banks.get(3).append(TestData.episodeOf("e1", "buy a mug", 3, "shop", "/p"));
      assertEquals(3, banks.get(7).stats().steps());
      banks.forEach(PostgresMemoryBank::close);
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = pg.connect(url.substring(url.lastIndexOf('/') + 1)); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT count(*), max(version) FROM jitrl_schema_version")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "one version row");
        assertEquals(PostgresMemoryBank.SCHEMA_VERSION, rs.getInt(2));
      }
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM jitrl_meta")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "the migration's insert ran once");
      }
    }
  }

  @Test
  void append_sameEpisodeTwice_storedOnce(PostgresServer pg) {
    try (PostgresMemoryBank bank = open(pg, freshDatabase(pg), 1_000_000)) {
      EpisodeRecord e = TestData.episodeOf("same", "reply to the post", 4, "forum", "/t/{id}");
      AppendResult first = bank.append(e);
      AppendResult second = bank.append(e);
      assertTrue(first.stored());
      assertFalse(second.stored());
      assertEquals(first.episodeId(), second.episodeId());
      assertEquals(1, bank.stats().episodes());
      assertEquals(4, bank.stats().steps());
    }
  }

  @Test
  void append_sameKeyFromManyHostsAtOnce_storedOnce(PostgresServer pg) throws Exception {
    String url = freshDatabase(pg);
    int hosts = 6;
    List<PostgresMemoryBank> banks = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      banks.add(open(pg, url, 1_000_000));
    }
    ExecutorService pool = Executors.newFixedThreadPool(hosts);
    try {
      for (int round = 0; round < 20; round++) {
        EpisodeRecord e = TestData.episodeOf("k" + round, "cancel order " + round, 5, "admin", "/orders/{id}");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AppendResult>> results = new ArrayList<>();
        for (PostgresMemoryBank b : banks) {
          results.add(pool.submit(() -> {
            go.await();
            return b.append(e);
          }));
        }
        go.countDown();
        int stored = 0;
        for (Future<AppendResult> f : results) {
          stored += f.get(60, TimeUnit.SECONDS).stored() ? 1 : 0;
        }
        assertEquals(1, stored, "round " + round + ": exactly one host stores it");
      }
      assertEquals(20, banks.get(0).stats().episodes());
      assertEquals(100, banks.get(0).stats().steps());
    } finally {
      pool.shutdownNow();
      banks.forEach(PostgresMemoryBank::close);
    }
  }

  @Test
  void append_textWithNulAndTheEscapeCharacter_readBackExactly(PostgresServer pg) throws Exception {
    String odd = "a\u0000b\uE000c\uE0000\u0000\u0000\uE000\uE000 \u202e end";
    NormalizedAction a = new NormalizedAction(dev.jitrl.api.ActionType.FILL, "textbox", odd, 1, odd);
    EpisodeRecord e = TestData.episode(odd, "goal " + odd, OutcomeStatus.FAILURE, List.of(
        TestData.step(0, 0, "goal " + odd, "site" + odd, "/p" + odd, List.of(odd), a, -3)));
    try (PostgresMemoryBank bank = open(pg, freshDatabase(pg), 1_000_000)) {
      bank.append(e);
      EpisodeRecord back = bank.episode(odd).orElseThrow();
      assertEquals(EpisodeJson.write(e), EpisodeJson.write(back));
      List<StoredStep> steps = new ArrayList<>();
      bank.forEachStepAfter(0, steps::add);
      assertEquals(odd, steps.get(0).action().label());
      assertEquals(List.of(odd), steps.get(0).context());
      assertEquals("site" + odd, steps.get(0).site());
    }
  }

  @Test
  void forEachStepAfter_stepsCarryTheInstanceTheirEpisodeNamed_asInSqlite(PostgresServer pg) {
    List<EpisodeRecord> episodes = List.of(
        TestData.episodeOfInstance("e1", "pick the card", "cards#1", List.of(
            TestData.step(0, 0, "pick the card", "s", "/p", List.of(), TestData.click("One"), 1))),
        TestData.episode("e2", "pick the card", OutcomeStatus.SUCCESS, List.of(
            TestData.step(0, 0, "pick the card", "s", "/p", List.of(), TestData.click("Two"), 1))));
    try (PostgresMemoryBank bank = open(pg, freshDatabase(pg), 1_000_000);
        SqliteMemoryBank lite = SqliteMemoryBank.open(dir.resolve("parity.sqlite"), 1_000_000, Clock.systemUTC())) {
      for (EpisodeRecord e : episodes) {
        bank.append(e);
        lite.append(e);
      }
      List<String> pgInstances = new ArrayList<>();
      bank.forEachStepAfter(0, s -> pgInstances.add(s.instance()));
      List<String> liteInstances = new ArrayList<>();
      lite.forEachStepAfter(0, s -> liteInstances.add(s.instance()));
      assertEquals(List.of("cards#1", ""), pgInstances);
      assertEquals(pgInstances, liteInstances);
    }
  }

  @Test
  void append_beyondTheBound_evictsTheSameEpisodesAsSqlite(PostgresServer pg) {
    try (PostgresMemoryBank bank = open(pg, freshDatabase(pg), 25);
        SqliteMemoryBank lite = SqliteMemoryBank.open(dir.resolve("m.sqlite"), 25, Clock.systemUTC())) {
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
      for (int i = 0; i < 40; i++) {
        EpisodeRecord e = TestData.episodeOf("e" + i, "goal " + i, 1 + rnd.nextInt(9), "s", "/p" + (i % 3));
        AppendResult p = bank.append(e);
        AppendResult l = lite.append(e);
        assertEquals(l, p, "append " + i);
        assertEquals(lite.oldestStepId(), bank.oldestStepId(), "oldest step after append " + i);
        assertTrue(bank.stats().steps() <= 25 || bank.stats().episodes() == 1);
      }
      assertEquals(lite.stats().steps(), bank.stats().steps());
      assertEquals(exported(lite), exported(bank));
      assertEquals(lite.evictTo(5), bank.evictTo(5));
      assertEquals(exported(lite), exported(bank));
    }
  }

  private static List<EpisodeRecord> burstEpisodes(String prefix, int n, long seed) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    List<EpisodeRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Text that array literals must quote: braces, commas, quotes, backslashes, U+0000 and the escape character.
      String goal = i % 4 == 0 ? "goal {" + i + ",x} \"q\" \\ \u0000 \uE000 end" : "goal " + prefix + i;
      out.add(TestData.episodeOf(prefix + i, goal, rnd.nextInt(7), "s" + (i % 3), "/p/{id}"));
    }
    return out;
  }

  @Test
  void appendAll_burstsSentTwice_eachEpisodeStoredOnceAndAsSqliteStoresIt(PostgresServer pg) {
    try (PostgresMemoryBank bank = open(pg, freshDatabase(pg), 1_000_000);
        SqliteMemoryBank lite = SqliteMemoryBank.open(dir.resolve("m.sqlite"), 1_000_000, Clock.systemUTC())) {
      List<EpisodeRecord> first = burstEpisodes("a", 12, 3);
      List<EpisodeRecord> second = burstEpisodes("b", 8, 4);
      assertEquals(12, bank.appendAll(first));
      assertEquals(0, bank.appendAll(first), "a burst sent again (the outbox did not forget it) stores nothing");
      List<EpisodeRecord> overlap = new ArrayList<>(first.subList(6, 12));
      overlap.addAll(second);
      overlap.add(second.get(0)); // a key twice in one burst
      assertEquals(8, bank.appendAll(overlap));
      first.forEach(lite::append);
      second.forEach(lite::append);
      assertEquals(lite.stats().episodes(), bank.stats().episodes());
      assertEquals(lite.stats().steps(), bank.stats().steps());
      assertEquals(exported(lite), exported(bank), "same episodes, same text, same order");
      // The step count kept for eviction stayed exact through the skipped rows.
      assertEquals(lite.evictTo(30), bank.evictTo(30));
      assertEquals(exported(lite), exported(bank));
    }
  }

  @Test
  void appendAll_burst_stepIdsFollowBurstOrderThenStepOrder(PostgresServer pg) {
    try (PostgresMemoryBank bank = open(pg, freshDatabase(pg), 1_000_000);
        SqliteMemoryBank lite = SqliteMemoryBank.open(dir.resolve("m.sqlite"), 1_000_000, Clock.systemUTC())) {
      List<EpisodeRecord> burst = burstEpisodes("o", 40, 11);
      bank.appendAll(burst);
      burst.forEach(lite::append);
      List<StoredStep> pgSteps = new ArrayList<>();
      List<StoredStep> liteSteps = new ArrayList<>();
      bank.forEachStepAfter(0, pgSteps::add);
      lite.forEachStepAfter(0, liteSteps::add);
      assertTrue(pgSteps.size() > 40);
      assertEquals(liteSteps.stream().map(st -> st.goal() + "#" + st.stepIndex()).toList(),
          pgSteps.stream().map(st -> st.goal() + "#" + st.stepIndex()).toList(),
          "in id order, the steps come in the order SQLite stores them one episode at a time");
      for (int i = 1; i < pgSteps.size(); i++) {
        StoredStep a = pgSteps.get(i - 1);
        StoredStep b = pgSteps.get(i);
        if (a.episodeId() == b.episodeId()) {
          assertEquals(a.id() + 1, b.id(), "one episode's steps are consecutive");
        } else {
          assertTrue(b.episodeId() > a.episodeId(), "episode ids follow the burst");
        }
      }
    }
  }

  @Test
  void appendAll_whileAnotherHostHoldsTheWriteLock_takesNoIdBeforeItGetsTheLock(PostgresServer pg) throws Exception {
    // The race behind "a follower misses no row", made deterministic: ids taken before the lock would let a later
    // burst commit larger ids first. Sequences move outside transactions, so a waiting burst's ids would show.
    String url = freshDatabase(pg);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (PostgresMemoryBank bank = open(pg, url, 1_000_000);
        Connection other = pg.connect(url.substring(url.lastIndexOf('/') + 1));
        Statement st = other.createStatement()) {
      bank.appendAll(burstEpisodes("before", 3, 1));
      long stepIds = lastValue(st, "jitrl_steps_id_seq");
      long episodeIds = lastValue(st, "jitrl_episodes_id_seq");
      other.setAutoCommit(false);
      st.executeQuery("SELECT step_count FROM jitrl_meta WHERE id = 1 FOR UPDATE").close(); // another host writes
      Future<Long> burst = pool.submit(() -> bank.appendAll(burstEpisodes("waiting", 5, 2)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!waitingForALock(pg, url)) {
        assertTrue(System.nanoTime() < deadline, "the burst never waited for the write lock");
        assertFalse(burst.isDone(), "the burst did not wait for the write lock");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling with a deadline
      }
      assertEquals(stepIds, lastValue(st, "jitrl_steps_id_seq"), "no step id taken while waiting");
      assertEquals(episodeIds, lastValue(st, "jitrl_episodes_id_seq"), "no episode id taken while waiting");
      other.rollback();
      assertEquals(5, burst.get(30, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  private static long lastValue(Statement st, String sequence) throws java.sql.SQLException {
    try (ResultSet rs = st.executeQuery("SELECT last_value FROM " + sequence)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static boolean waitingForALock(PostgresServer pg, String url) throws java.sql.SQLException {
    try (Connection c = pg.connect(url.substring(url.lastIndexOf('/') + 1));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  @Test
  void appendAll_burstsBeyondTheBound_keepTheSameEpisodesAsSqlite(PostgresServer pg) {
    try (PostgresMemoryBank bank = open(pg, freshDatabase(pg), 25);
        SqliteMemoryBank lite = SqliteMemoryBank.open(dir.resolve("m.sqlite"), 25, Clock.systemUTC())) {
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
      int next = 0;
      for (int round = 0; round < 12; round++) {
        List<EpisodeRecord> burst = new ArrayList<>();
        for (int i = 1 + rnd.nextInt(5); i > 0; i--, next++) {
          burst.add(TestData.episodeOf("e" + next, "goal " + next, 1 + rnd.nextInt(9), "s", "/p" + (next % 3)));
        }
        bank.appendAll(burst);
        burst.forEach(lite::append);
        assertEquals(lite.stats().steps(), bank.stats().steps(), "steps after burst " + round);
        assertEquals(exported(lite), exported(bank), "episodes after burst " + round);
      }
    }
  }

  private static String exported(MemoryBank bank) {
    StringWriter w = new StringWriter();
    try {
      bank.exportTo(w);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return w.toString();
  }

  @Test
  void importFrom_invalidLine_nothingStoredAndLineNamed(PostgresServer pg) throws Exception {
    try (PostgresMemoryBank bank = open(pg, freshDatabase(pg), 1_000_000)) {
      String good = EpisodeJson.write(TestData.episodeOf("g", "goal", 2, "s", "/p"));
      MemoryException e = assertThrows(MemoryException.class,
          () -> bank.importFrom(new StringReader(good + "\n{\"format\":1}\n")));
      assertTrue(e.getMessage().contains("line 2"), e.getMessage());
      assertEquals(0, bank.stats().episodes());
      assertEquals(new ImportSummary(1, 0), bank.importFrom(new StringReader(good + "\n")));
      assertEquals(new ImportSummary(0, 1), bank.importFrom(new StringReader(good + "\n")));
    }
  }

  @Test
  void open_newerSchema_refusedAndLeftUntouched(PostgresServer pg) throws Exception {
    String url = freshDatabase(pg);
    open(pg, url, 10).close();
    String db = url.substring(url.lastIndexOf('/') + 1);
    try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
      st.execute("UPDATE jitrl_schema_version SET version = 99");
    }
    MemoryException e = assertThrows(MemoryException.class, () -> open(pg, url, 10));
    assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    try (Connection c = pg.connect(db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM jitrl_schema_version")) {
      rs.next();
      assertEquals(99, rs.getInt(1));
    }
  }

  @Test
  void open_wrongPassword_clearErrorWithoutThePassword(PostgresServer pg) {
    String url = freshDatabase(pg);
    String wrong = "Wr0ngPassw0rdThatMustNotLeak";
    MemoryException e = assertThrows(MemoryException.class, () -> MemoryBanks.openShared(
        server(url, dir.resolve("o.sqlite"), 1000), 10, Clock.systemUTC(),
        Map.of("JITRL_PG_USER", PostgresServer.USER, "JITRL_PG_PASSWORD", wrong)));
    assertFalse(e instanceof MemoryUnavailableException, "a refused password is a configuration error: " + e);
    assertTrue(e.getMessage().contains("127.0.0.1:" + pg.port()), e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(wrong), t.getMessage());
    }
    assertFalse(e.getMessage().contains(pg.password()));
  }

  @Test
  void onChange_anotherHostStores_notifiedWithoutWaitingForTheCatchUp(PostgresServer pg) throws Exception {
    String url = freshDatabase(pg);
    // A catch-up period of a minute: only the notification can be in time.
    ServerMemory slow = server(url, dir.resolve("o.sqlite"), 60_000);
    try (PostgresMemoryBank writer = open(pg, url, 1_000_000);
        PostgresMemoryBank reader = MemoryBanks.openPostgres(slow, 1_000_000, Clock.systemUTC(), pg.environment())) {
      AtomicLong seen = new AtomicLong();
      CountDownLatch listening = new CountDownLatch(1);
      reader.onChange(() -> {
        List<StoredStep> fresh = new ArrayList<>();
        reader.forEachStepAfter(seen.get(), fresh::add);
        fresh.forEach(s -> seen.accumulateAndGet(s.id(), Math::max));
        listening.countDown();
      });
      // The feed fires once when it starts listening; what is written after that arrives by notification.
      assertTrue(listening.await(10, TimeUnit.SECONDS), "the feed started");
      long t0 = System.nanoTime();
      writer.append(TestData.episodeOf("n1", "goal", 2, "s", "/p"));
      long deadline = t0 + TimeUnit.SECONDS.toNanos(5);
      while (seen.get() < 2 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(200_000); // polling with a deadline, not a sleep for synchronization
      }
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(2, seen.get(), "the other host saw both steps");
      assertTrue(millis < 1000, "seen after " + millis + " ms");
    }
  }

  @Test
  void onChange_noNotification_calledAtEveryCatchUpPeriod(PostgresServer pg) throws Exception {
    String url = freshDatabase(pg);
    try (PostgresMemoryBank reader = MemoryBanks.openPostgres(server(url, dir.resolve("o.sqlite"), 100), 1_000_000,
        Clock.systemUTC(), pg.environment())) {
      List<Long> ticks = new CopyOnWriteArrayList<>();
      reader.onChange(() -> ticks.add(System.nanoTime()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (ticks.size() < 5 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(1_000_000);
      }
      assertTrue(ticks.size() >= 5, "ticks: " + ticks.size());
      long span = (ticks.get(4) - ticks.get(0)) / 1_000_000;
      assertTrue(span < 2_000, "4 catch-up periods of 100 ms took " + span + " ms");
    }
  }

  @Test
  void forEachStepAfter_hostsWritingAtOnce_aFollowerMissesNoRow(PostgresServer pg) throws Exception {
    // The hot index follows the table with "ids after the largest I have": that only works if ids are assigned
    // in commit order, which the write lock gives.
    followerMissesNoRow(pg, false);
  }

  @Test
  void forEachStepAfter_hostsWritingBurstsAtOnce_aFollowerMissesNoRow(PostgresServer pg) throws Exception {
    followerMissesNoRow(pg, true); // the same with one transaction per burst of 1..3 episodes
  }

  private void followerMissesNoRow(PostgresServer pg, boolean bursts) throws Exception {
    String url = freshDatabase(pg);
    int writers = 4;
    List<PostgresMemoryBank> banks = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      banks.add(open(pg, url, 1_000_000));
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    java.util.Set<Long> followed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (PostgresMemoryBank follower = open(pg, url, 1_000_000)) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        PostgresMemoryBank b = banks.get(w);
        int writer = w;
        done.add(pool.submit(() -> {
          List<EpisodeRecord> burst = new ArrayList<>();
          for (int e = 0; e < 60; e++) {
            EpisodeRecord episode = TestData.episodeOf("w" + writer + "-" + e, "goal " + e, 1 + e % 5, "s", "/p");
            if (!bursts) {
              b.append(episode);
              continue;
            }
            burst.add(episode);
            if (burst.size() == 1 + (e * 7 + writer) % 3 || e == 59) {
              assertEquals(burst.size(), b.appendAll(burst));
              burst.clear();
            }
          }
          return null;
        }));
      }
      long last = 0;
      while (done.stream().anyMatch(f -> !f.isDone())) {
        List<StoredStep> fresh = new ArrayList<>();
        follower.forEachStepAfter(last, fresh::add);
        for (StoredStep st : fresh) {
          followed.add(st.id());
          last = Math.max(last, st.id());
        }
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      List<StoredStep> rest = new ArrayList<>();
      follower.forEachStepAfter(last, rest::add);
      rest.forEach(st -> followed.add(st.id()));
      List<StoredStep> all = new ArrayList<>();
      follower.forEachStepAfter(0, all::add);
      assertEquals(writers * 60 * 3, all.size());
      assertEquals(all.size(), followed.size(), "rows the follower never saw: "
          + all.stream().map(StoredStep::id).filter(id -> !followed.contains(id)).toList());
    } finally {
      pool.shutdownNow();
      banks.forEach(PostgresMemoryBank::close);
    }
  }
}
