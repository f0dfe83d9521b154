package dev.jitrl.plugin.bench;

import dev.jitrl.plugin.memory.AppendResult;
import dev.jitrl.plugin.memory.EpisodeRecord;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import dev.jitrl.plugin.memory.StoredStep;
import dev.jitrl.plugin.retrieval.HotIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Memory growth (docs/reliability.md): writes synthetic episodes (10 steps, a 400-byte explanation each, like
 * the plugin's decisions) into a fresh file with and without a bound on stored steps, keeping a hot index in
 * step as the engine does, and prints file and index sizes along the way. Never fails on size.
 *
 * <pre>java -cp ... dev.jitrl.plugin.bench.GrowthBenchmark [--steps 1000000] [--bound 100000] [--dir target/bench]</pre>
 */
public final class GrowthBenchmark {
  private GrowthBenchmark() {}

  public static void main(String[] args) throws Exception {
    long steps = 1_000_000;
    long bound = 100_000;
    Path dir = Path.of("target", "bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--steps" -> steps = Long.parseLong(args[++i]);
        case "--bound" -> bound = Long.parseLong(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(dir);
    System.out.println("# machine: " + Runtime.getRuntime().availableProcessors() + " cpus visible, java "
        + System.getProperty("java.version") + ", " + System.getProperty("os.name"));
    for (long maxSteps : new long[] {bound, 1_000_000_000L}) {
      run(dir.resolve("growth-" + maxSteps + ".sqlite"), steps, maxSteps);
    }
  }

  private static void run(Path file, long steps, long maxSteps) throws Exception {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
    SyntheticMemory synthetic = new SyntheticMemory();
    SplittableRandom rnd = new SplittableRandom(20260302L);
    HotIndex index = new HotIndex(10_000, 3);
    String explanation = "{\"summary\":\"" + "x".repeat(380) + "\"}";
    long written = 0;
    long next = Math.min(steps, 100_000);
    long t0 = System.nanoTime();
    try (SqliteMemoryBank bank = SqliteMemoryBank.open(file, maxSteps, Clock.systemUTC())) {
      for (int e = 0; written < steps; e++) {
        EpisodeRecord r = synthetic.episode("g-" + e, 10, rnd);
        List<StoredStep> withExplanation = new ArrayList<>();
        for (StoredStep s : r.steps()) {
          withExplanation.add(StoredStep.builder().stepIndex(s.stepIndex()).goal(s.goal()).site(s.site())
              .urlPattern(s.urlPattern()).context(s.context()).action(s.action()).rawAction(s.rawAction())
              .reward(s.reward()).ret(s.ret()).reason(s.reason()).explanation(java.util.Optional.of(explanation))
              .build());
        }
        AppendResult result = bank.append(r.withSteps(withExplanation));
        if (result.evictedThroughStepId() > 0) {
          index.evictThrough(result.evictedThroughStepId());
        }
        List<StoredStep> fresh = new ArrayList<>();
        bank.forEachStepAfter(index.maxStepId(), fresh::add);
        index.addAll(fresh);
        written += 10;
        if (written >= next) {
          long main = Files.size(file);
          Path wal = Path.of(file + "-wal");
          long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
          System.out.printf(Locale.ROOT,
              "maxSteps=%d written=%d storedSteps=%d indexSteps=%d fileMB=%.1f walMB=%.1f indexColumnMB=%.1f"
                  + " seconds=%.1f%n",
              maxSteps, written, bank.stats().steps(), index.size(), main / 1e6, walBytes / 1e6,
              index.columnBytes() / 1e6, (System.nanoTime() - t0) / 1e9);
          next = Math.min(steps, next * 2 > steps ? steps : next + (next < 250_000 ? 150_000 : 250_000));
          if (written >= steps) {
            break;
          }
        }
      }
    }
  }
}
