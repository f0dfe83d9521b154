package dev.jitrl.plugin.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.HostServices;
import dev.jitrl.plugin.EngineInternals;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code jitrl.memory.maxSteps}, the file and the hot index stop growing once the bound is reached. */
class BoundedGrowthTest {
  private static final boolean LONG = Boolean.getBoolean("jitrl.long");

  @TempDir
  Path dir;

  @Test
  void learn_fourTimesTheBound_stepsBoundedIndexMatchesAndFileStopsGrowing() throws Exception {
    int bound = 5_000;
    int total = LONG ? 200_000 : 20_000;
    Path file = dir.resolve("bounded.sqlite");
    JitRlConfig config = JitRlConfig.builder().memoryPath(file).judge(JudgeKind.RULES).memoryMaxSteps(bound).build();
    SplittableRandom r = new SplittableRandom(61);
    long sizeAtBound = -1;
    long largestAfter = 0;
    long written = 0;
    try (JitRlEngine engine = JitRlEngine.open(config, HostServices.of(Map.of()))) {
      for (int e = 0; written < total; e++) {
        int steps = 10;
        engine.learn(Episodes.run(engine, "g-" + e, steps, r)).get();
        written += steps;
        if (e % 50 == 49) {
          long stored = EngineInternals.memory(engine).stats().steps();
          assertTrue(stored <= bound, "after " + written + " steps written: " + stored + " stored");
          assertEquals(stored, EngineInternals.index(engine).size(), "the hot index holds what the file holds");
          long size = Files.size(file) + walSize(file);
          if (sizeAtBound < 0 && written >= 2L * bound) {
            sizeAtBound = size; // the bound was reached once, and evicted pages were reused once
          } else if (sizeAtBound >= 0) {
            largestAfter = Math.max(largestAfter, size);
          }
        }
      }
    }
    MemoryFileCheck check = MemoryFileCheck.of(file);
    Figures.write("bounded-growth", "maxSteps=" + bound + " written=" + written + " stored=" + check.steps()
        + " bytesWhenBoundReached=" + sizeAtBound + " largestBytesAfter=" + largestAfter + " finalFileBytes="
        + Files.size(file));
    assertEquals("ok", check.integrity());
    assertTrue(check.steps() <= bound);
    assertTrue(largestAfter <= sizeAtBound * 1.25, "the file stops growing: " + sizeAtBound + " then " + largestAfter);
  }

  private static long walSize(Path file) throws java.io.IOException {
    Path wal = Path.of(file + "-wal");
    return Files.exists(wal) ? Files.size(wal) : 0;
  }
}
