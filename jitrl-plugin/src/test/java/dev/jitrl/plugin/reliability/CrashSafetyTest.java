package dev.jitrl.plugin.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.HostServices;
import dev.jitrl.plugin.EngineInternals;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import dev.jitrl.plugin.retrieval.HotIndex;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM writes episodes through the post-run hook and is killed with SIGKILL: 80% of the kills are aimed
 * at the moment its writer reports (a test-only seam) that an episode's transaction holds uncommitted rows, the rest
 * at random (seeded) moments or just after a commit. After every kill the memory file must open, pass SQLite's
 * integrity check, hold every episode whose {@code stored} line was read with all its steps, show no half episode,
 * the episode in flight must be whole or absent, and absent ones are stored again by the next child; the hot index
 * rebuilt at start must match the file. At least half the kills must land inside an open transaction (its rows
 * written, the episode absent afterwards). {@code -Djitrl.long=true}: 500 kills.
 */
class CrashSafetyTest {
  private static final boolean LONG = Boolean.getBoolean("jitrl.long");

  @TempDir
  Path dir;

  @Test
  void learn_childKilledWithSigkillInsideWriteTransactions_committedEpisodesWholeRolledBackOnesAbsentAndRestorable()
      throws Exception {
    int kills = LONG ? 500 : 100;
    Path file = dir.resolve("memory.sqlite");
    SplittableRandom r = new SplittableRandom(20260301L);
    Map<String, Integer> stored = new HashMap<>();
    int aimed = 0;
    int insideTransaction = 0;
    int beforeTransaction = 0;
    int committedUnreported = 0;
    Map<String, Integer> rolledBack = new HashMap<>();
    int indexQueries = 0;
    long started = System.nanoTime();
    JitRlConfig config = JitRlConfig.builder().memoryPath(file).judge(JudgeKind.RULES).build();
    String[] restore = null; // a key lost to the last kill and its steps, stored again by the next child
    for (int kill = 0; kill < kills; kill++) {
      final int n = kill;
      try (ChildJvm child = ChildJvm.start(CrashWriterMain.class, dir.resolve("child-" + kill + ".err"), List.of(),
          childArgs(file, kill, r.nextLong(), "-", restore))) {
        assertNotNull(child.awaitLine("ready", 60_000), () -> "child did not start: " + stderr(n));
        int mode = r.nextInt(10);
        if (mode < 8) {
          // aimed: the writer says its transaction holds uncommitted rows; kill at once
          for (int skip = r.nextInt(3); skip >= 0; skip--) {
            assertNotNull(child.awaitLine("tx ", 60_000), () -> "child stopped: " + stderr(n));
          }
          aimed++;
        } else if (mode < 9) {
          Thread.sleep(r.nextInt(40)); // a random kill moment, not synchronization
        } else {
          assertNotNull(child.awaitLine("stored", 60_000), () -> "child stopped: " + stderr(n));
          Thread.sleep(0, r.nextInt(999_999));
        }
        int code = child.kill();
        assertEquals(137, code, "killed by SIGKILL (128 + 9)");
        String writing = null;
        int writingSteps = 0;
        boolean txOpen = false;
        for (String line : child.lines()) {
          String[] f = line.split(" ");
          if (line.startsWith("stored ")) {
            stored.put(f[1], Integer.parseInt(f[2]));
            writing = null;
            txOpen = false;
          } else if (line.startsWith("writing ")) {
            writing = f[1];
            writingSteps = Integer.parseInt(f[2]);
            txOpen = false;
          } else if (line.startsWith("tx ")) {
            txOpen = f[1].equals(writing);
          }
        }
        MemoryFileCheck check = MemoryFileCheck.of(file);
        if (restore != null && check.episodes().containsKey(restore[0])) {
          restore = null; // stored again (else the child was killed before it got to it: the next one tries)
        }
        if (writing != null) {
          if (check.episodes().containsKey(writing)) {
            committedUnreported++; // the commit finished before the kill; the episode must be whole
            assertEquals(writingSteps, check.episodes().get(writing)[1], "steps of " + writing);
          } else {
            // rolled back: absent, and stored again by the next child
            restore = new String[] {writing, Integer.toString(writingSteps)};
            rolledBack.put(writing, writingSteps);
            if (txOpen) {
              insideTransaction++; // its transaction had written rows: the kill landed inside it
            } else {
              beforeTransaction++;
            }
          }
        }
        assertEquals("ok", check.integrity(), "integrity after kill " + kill);
        assertEquals(Map.of(), check.halfEpisodes(), "half episodes after kill " + kill);
        for (Map.Entry<String, Integer> e : stored.entrySet()) {
          long[] found = check.episodes().get(e.getKey());
          assertNotNull(found, "episode " + e.getKey() + " reported stored is missing after kill " + kill);
          assertEquals(e.getValue().longValue(), found[1], "steps of " + e.getKey());
        }
        try (JitRlEngine engine = JitRlEngine.open(config, HostServices.of(Map.of()))) {
          assertEquals(check.steps(), EngineInternals.index(engine).size(), "hot index size after kill " + kill);
          if (kill % 10 == 9 || kill == kills - 1) {
            indexQueries += agreeWithExport(engine, r);
          }
        }
      }
    }
    if (restore != null) {
      // the last kill's lost episode: a child that only stores it, then exits
      try (ChildJvm child = ChildJvm.start(CrashWriterMain.class, dir.resolve("child-last.err"), List.of(),
          childArgs(file, kills, r.nextLong(), "0", restore))) {
        assertEquals(0, child.await(60_000), () -> "the restoring child failed: " + stderr(kills));
      }
    }
    MemoryFileCheck last = MemoryFileCheck.of(file);
    assertEquals("ok", last.integrity());
    for (Map.Entry<String, Integer> e : rolledBack.entrySet()) {
      long[] found = last.episodes().get(e.getKey());
      assertNotNull(found, "rolled-back episode " + e.getKey() + " was stored again");
      assertEquals(e.getValue().longValue(), found[1], "steps of " + e.getKey() + " stored again");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    String figures = String.format(java.util.Locale.ROOT,
        "kills=%d aimedAtOpenTransaction=%d killedInsideOpenTransaction=%d killedBeforeTransaction=%d"
            + " committedUnreported=%d rolledBackKeysStoredAgain=%d episodesReportedStored=%d episodesInFile=%d"
            + " stepsInFile=%d integrityFailures=0 halfEpisodes=0 indexQueriesCompared=%d fileBytes=%d seconds=%.1f",
        kills, aimed, insideTransaction, beforeTransaction, committedUnreported, rolledBack.size(), stored.size(),
        last.episodes().size(), last.steps(), indexQueries, Files.size(file), seconds);
    Figures.write("crash-safety", figures);
    assertTrue(stored.size() >= kills / 4, "the children stored episodes between kills: " + figures);
    assertTrue(insideTransaction >= kills / 2, "at least half the kills landed inside an open transaction: " + figures);
  }

  private static String[] childArgs(Path file, int run, long seed, String episodes, String[] restore) {
    List<String> a = new ArrayList<>(List.of(file.toString(), Integer.toString(run), Long.toString(seed), episodes));
    if (restore != null) {
      a.add(restore[0]);
      a.add(restore[1]);
    }
    return a.toArray(String[]::new);
  }

  /** The engine's index gives the same neighbours as an index built from an export imported into a new file. */
  private int agreeWithExport(JitRlEngine engine, SplittableRandom r) throws Exception {
    StringWriter export = new StringWriter();
    engine.exportTo(export);
    Path copy = dir.resolve("copy-" + r.nextInt(1 << 30) + ".sqlite");
    HotIndex other = new HotIndex(100, 3);
    try (SqliteMemoryBank bank = SqliteMemoryBank.open(copy, Long.MAX_VALUE, Clock.systemUTC())) {
      bank.importFrom(new StringReader(export.toString()));
      List<dev.jitrl.plugin.memory.StoredStep> steps = new ArrayList<>();
      bank.forEachStepAfter(0, steps::add);
      other.addAll(steps);
    }
    Files.deleteIfExists(copy);
    assertEquals(EngineInternals.index(engine).size(), other.size());
    int nonEmpty = IndexAgreement.check(engine, other, 50, r);
    assertTrue(nonEmpty > 0 || EngineInternals.index(engine).size() == 0, "the queries found neighbours");
    return 50;
  }

  private String stderr(int kill) {
    try {
      return Files.readString(dir.resolve("child-" + kill + ".err"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
