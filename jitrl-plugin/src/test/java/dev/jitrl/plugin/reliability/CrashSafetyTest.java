package dev.jitrl.plugin.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.HostServices;
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
 * A separate JVM writes episodes through the post-run hook and is killed with SIGKILL at random (seeded)
 * moments, many of them while an episode is being written. After every kill the memory file must open, pass
 * SQLite's integrity check, hold every episode whose {@code stored} line was read with all its steps, show no
 * half episode, and the hot index rebuilt at start must match the file. {@code -Djitrl.long=true}: 500 kills.
 */
class CrashSafetyTest {
  private static final boolean LONG = Boolean.getBoolean("jitrl.long");

  @TempDir
  Path dir;

  @Test
  void learn_childKilledWithSigkillAtRandomMoments_committedEpisodesWholeAndFileIntact() throws Exception {
    int kills = LONG ? 500 : 100;
    Path file = dir.resolve("memory.sqlite");
    SplittableRandom r = new SplittableRandom(20260301L);
    Map<String, Integer> stored = new HashMap<>();
    int duringWrite = 0;
    int inFlightRolledBack = 0;
    int inFlightCommitted = 0;
    int indexQueries = 0;
    long started = System.nanoTime();
    JitRlConfig config = JitRlConfig.builder().memoryPath(file).judge(JudgeKind.RULES).build();
    String lastInFlight = null;
    for (int kill = 0; kill < kills; kill++) {
      final int n = kill;
      try (ChildJvm child = ChildJvm.start(CrashWriterMain.class, dir.resolve("child-" + kill + ".err"), List.of(),
          file.toString(), Integer.toString(kill), Long.toString(r.nextLong()))) {
        assertNotNull(child.awaitLine("ready", 60_000), () -> "child did not start: " + stderr(n));
        int mode = r.nextInt(10);
        if (mode < 4) {
          // right after it announced a write: the kill lands in the judge, the append or the commit
          for (int skip = r.nextInt(4); skip >= 0; skip--) {
            assertNotNull(child.awaitLine("writing", 60_000), () -> "child stopped: " + stderr(n));
          }
          duringWrite++;
          if (r.nextBoolean()) {
            Thread.sleep(0, r.nextInt(1_000_000)); // a random kill moment, not synchronization
          }
        } else if (mode < 7) {
          Thread.sleep(r.nextInt(40)); // a random kill moment
        } else {
          assertNotNull(child.awaitLine("stored", 60_000), () -> "child stopped: " + stderr(n));
          Thread.sleep(0, r.nextInt(999_999));
        }
        int code = child.kill();
        assertEquals(137, code, "killed by SIGKILL (128 + 9)");
        String inFlight = null;
        for (String line : child.lines()) {
          String[] f = line.split(" ");
          if (line.startsWith("stored ")) {
            stored.put(f[1], Integer.parseInt(f[2]));
            inFlight = null;
          } else if (line.startsWith("writing ")) {
            inFlight = f[1];
          }
        }
        lastInFlight = inFlight;
      }
      MemoryFileCheck check = MemoryFileCheck.of(file);
      if (lastInFlight != null) {
        // the episode being written when the kill came: whole (committed before the kill) or absent
        if (check.episodes().containsKey(lastInFlight)) {
          inFlightCommitted++;
        } else {
          inFlightRolledBack++;
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
        assertEquals(check.steps(), engine.index().size(), "hot index size after kill " + kill);
        if (kill % 10 == 9 || kill == kills - 1) {
          indexQueries += agreeWithExport(engine, r);
        }
      }
    }
    MemoryFileCheck last = MemoryFileCheck.of(file);
    double seconds = (System.nanoTime() - started) / 1e9;
    String figures = String.format(java.util.Locale.ROOT,
        "kills=%d killedRightAfterWritingLine=%d inFlightRolledBack=%d inFlightCommittedUnreported=%d"
            + " episodesReportedStored=%d episodesInFile=%d stepsInFile=%d integrityFailures=0 halfEpisodes=0"
            + " indexQueriesCompared=%d fileBytes=%d seconds=%.1f",
        kills, duringWrite, inFlightRolledBack, inFlightCommitted, stored.size(), last.episodes().size(), last.steps(),
        indexQueries, Files.size(file), seconds);
    Figures.write("crash-safety", figures);
    assertTrue(stored.size() >= kills / 2, "the children stored episodes between kills: " + figures);
    assertTrue(inFlightRolledBack >= kills / 10, "many kills landed while an episode was being written: " + figures);
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
    assertEquals(engine.index().size(), other.size());
    int nonEmpty = IndexAgreement.check(engine, other, 50, r);
    assertTrue(nonEmpty > 0 || engine.index().size() == 0, "the queries found neighbours");
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
