package dev.jitrl.plugin.bench;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.bench.SyntheticMemory.Query;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import dev.jitrl.plugin.state.NormalizedAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Benchmarks A (decision overhead) and C (write path and footprint) of BENCHMARKS.md. A plain harness that
 * prints one {@code key=value} line per configuration; it never fails on speed.
 *
 * <pre>
 * java -cp ... dev.jitrl.plugin.bench.DecisionBenchmark [--sizes 1000,10000,100000,1000000] [--queries 5000]
 *     [--dir target/bench] [--write-episodes 2000]
 * </pre>
 */
public final class DecisionBenchmark {
  private static final long SEED = 20260118L;

  public static void main(String[] args) throws Exception {
    long[] sizes = {1_000, 10_000, 100_000, 1_000_000};
    int queries = 5_000;
    int writeEpisodes = 2_000;
    Path dir = Path.of("target", "bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToLong(Long::parseLong).toArray();
        case "--queries" -> queries = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--write-episodes" -> writeEpisodes = Integer.parseInt(args[++i]);
        case "--candidates" -> candidatesPerQuery = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(dir);
    System.out.println("# candidates per decision: " + (candidatesPerQuery == 0 ? "3-5" : candidatesPerQuery));
    System.out.println("# machine: " + Runtime.getRuntime().availableProcessors() + " cpus visible, java "
        + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    writePath(dir, writeEpisodes);
    decisions(dir, sizes, queries);
  }

  /** Benchmark C: episodes of 20 steps through the post-run hook (judge, returns, transaction, index refresh). */
  static void writePath(Path dir, int episodes) throws Exception {
    Path file = dir.resolve("write-bench.sqlite");
    deleteDb(file);
    JitRlConfig config = JitRlConfig.builder().memoryPath(file).judge(dev.jitrl.plugin.config.JudgeKind.RULES).build();
    SyntheticMemory synth = new SyntheticMemory();
    SplittableRandom rnd = new SplittableRandom(SEED);
    List<Episode> eps = new ArrayList<>(episodes);
    for (int e = 0; e < episodes; e++) {
      eps.add(hostEpisode("w" + e, synth, rnd, 20));
    }
    long stored;
    try (JitRlEngine engine = JitRlEngine.open(config, HostServices.of(Map.of()))) {
      // warm-up on a separate key range
      for (int e = 0; e < Math.min(100, episodes); e++) {
        engine.learn(hostEpisode("warm" + e, synth, rnd, 20)).get();
      }
      long t0 = System.nanoTime();
      CompletableFuture<?> last = null;
      for (Episode ep : eps) {
        last = engine.learn(ep);
      }
      last.get();
      double secs = (System.nanoTime() - t0) / 1e9;
      long steps = episodes * 20L;
      engine.flush();
      stored = engine.memory().stats().steps();
      System.out.printf(Locale.ROOT,
          "bench=write episodes=%d steps_per_episode=20 steps=%d seconds=%.2f steps_per_s=%.0f",
          episodes, steps, secs, steps / secs);
    }
    // Closed: the write-ahead log is checkpointed into the file, so its size is the footprint.
    System.out.printf(Locale.ROOT, " file_bytes_per_100k_steps=%d%n", Files.size(file) * 100_000L / stored);
  }

  /** Benchmark A: grow one synthetic memory to each size; reopen (load time); time full decisions. */
  static void decisions(Path dir, long[] sizes, int queries) throws Exception {
    Path file = dir.resolve("decision-bench.sqlite");
    deleteDb(file);
    SyntheticMemory synth = new SyntheticMemory();
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    long written = 0;
    int episode = 0;
    for (long n : sizes) {
      try (SqliteMemoryBank bank = SqliteMemoryBank.open(file, Long.MAX_VALUE / 4, Clock.systemUTC())) {
        while (written < n) {
          int steps = (int) Math.min(20, n - written);
          bank.append(synth.episode("s" + episode++, steps, rnd));
          written += steps;
        }
      }
      JitRlConfig config = JitRlConfig.builder().memoryPath(file).memoryMaxSteps(1_000_000_000L)
          .judge(dev.jitrl.plugin.config.JudgeKind.RULES).build();
      long heapBefore = usedHeap();
      long t0 = System.nanoTime();
      try (JitRlEngine engine = JitRlEngine.open(config, HostServices.of(Map.of()))) {
        double loadMs = (System.nanoTime() - t0) / 1e6;
        long heapIndex = usedHeap() - heapBefore;
        long[] nanos = new long[queries];
        SplittableRandom qr = new SplittableRandom(SEED + 2);
        long neighbourSum = 0;
        int changed = 0;
        // Warm up to the steady state: at least 20,000 decisions, then more until the JIT compiler stopped working
        // for a whole round (pinned to one core, its compilations preempt the measured thread for a time slice).
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        int warmups = 0;
        long compiledBefore = -1;
        while (warmups < 200_000) {
          for (int w = 0; w < (warmups == 0 ? 20_000 : 5_000); w++, warmups++) {
            Query q = query(synth, qr);
            engine.select(q.context(), q.candidates());
          }
          long compiled = jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
          if (compiled == compiledBefore) {
            break;
          }
          compiledBefore = compiled;
        }
        long[] gcBefore = new long[queries];
        long[] gcAfter = new long[queries];
        long[] startedAt = new long[queries];
        long tMeasure = System.nanoTime();
        for (int i = 0; i < queries; i++) {
          Query q = query(synth, qr);
          gcBefore[i] = gcCount();
          long s = System.nanoTime();
          Selection sel = engine.select(q.context(), q.candidates());
          nanos[i] = System.nanoTime() - s;
          gcAfter[i] = gcCount();
          startedAt[i] = s - tMeasure;
          neighbourSum += Long.parseLong(sel.explanation().facts().getOrDefault("neighbours", "0"));
          changed += sel.explanation().changedChoice() ? 1 : 0;
        }
        // the tail: which queries were slow, when, and whether a collection ran during them
        Integer[] order = new Integer[queries];
        for (int i = 0; i < queries; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(nanos[b], nanos[a]));
        int withGc = 0;
        int tail = Math.max(1, queries / 100);
        for (int r = 0; r < tail; r++) {
          withGc += gcAfter[order[r]] > gcBefore[order[r]] ? 1 : 0;
        }
        StringBuilder slow = new StringBuilder();
        for (int r = 0; r < Math.min(5, queries); r++) {
          int i = order[r];
          slow.append(String.format(Locale.ROOT, " #%d@%.2fs=%.0fus%s", i, startedAt[i] / 1e9, nanos[i] / 1e3,
              gcAfter[i] > gcBefore[i] ? "(gc)" : ""));
        }
        System.out.printf(Locale.ROOT, "bench=decision-tail N=%d slowest_1pct_with_gc=%d/%d slowest:%s%n",
            engine.index().size(), withGc, tail, slow);
        long over1ms = Arrays.stream(nanos).filter(x -> x > 1_000_000).count();
        System.out.printf(Locale.ROOT, "bench=decision-over-1ms N=%d count=%d%n", engine.index().size(), over1ms);
        control(queries, Arrays.stream(nanos).sorted().skip(queries / 2).findFirst().orElse(50_000) / 1e3);
        replay(engine, synth, qr, queries);
        Arrays.sort(nanos);
        long size = engine.index().size();
        System.out.printf(Locale.ROOT,
            "bench=decision N=%d queries=%d warmup=%d p50_us=%.1f p99_us=%.1f max_us=%.1f mean_neighbours=%.2f"
                + " changed=%.3f load_ms=%.0f heap_index_bytes_per_step=%.0f column_bytes_per_step=%.1f%n",
            size, queries, warmups, nanos[queries / 2] / 1e3, nanos[(int) (queries * 0.99)] / 1e3, nanos[queries - 1] / 1e3,
            neighbourSum / (double) queries, changed / (double) queries, loadMs, heapIndex / (double) size,
            engine.index().columnBytes() / (double) size);
      }
    }
  }

  /**
   * The replay question's own cost (memory sure of a step? asked before the policy, see JitRlEngine#replay), and
   * the cost of a step where memory is not sure (the replay question and then the decision), on the same queries.
   */
  private static void replay(JitRlEngine engine, SyntheticMemory synth, SplittableRandom qr, int queries) {
    for (int w = 0; w < 20_000; w++) {
      Query q = query(synth, qr);
      engine.replay(q.context(), q.candidates());
    }
    long[] alone = new long[queries];
    long[] both = new long[queries];
    int replayed = 0;
    for (int i = 0; i < queries; i++) {
      Query q = query(synth, qr);
      long s = System.nanoTime();
      boolean sure = engine.replay(q.context(), q.candidates()).isPresent();
      alone[i] = System.nanoTime() - s;
      if (!sure) {
        engine.select(q.context(), q.candidates());
      }
      both[i] = System.nanoTime() - s;
      replayed += sure ? 1 : 0;
    }
    Arrays.sort(alone);
    Arrays.sort(both);
    System.out.printf(Locale.ROOT,
        "bench=replay N=%d queries=%d replayed=%.3f p50_us=%.1f p99_us=%.1f max_us=%.1f"
            + " replay_then_decision_p50_us=%.1f p99_us=%.1f%n",
        engine.index().size(), queries, replayed / (double) queries, alone[queries / 2] / 1e3,
        alone[(int) (queries * 0.99)] / 1e3, alone[queries - 1] / 1e3, both[queries / 2] / 1e3,
        both[(int) (queries * 0.99)] / 1e3);
  }

  /**
   * The machine's own tail: the same number of fixed busy-work slices as measured decisions, each about as long as
   * a decision, timed the same way. Slices that take milliseconds here were the thread being descheduled (by the
   * OS or the hypervisor), not the plugin's work.
   */
  static void control(int queries, double meanMicros) {
    long[] nanos = new long[queries];
    long sink = 0;
    long calibrate = 1_000_000;
    long c0 = System.nanoTime();
    for (long k = 0; k < calibrate; k++) {
      sink += k ^ (sink >>> 3);
    }
    double nanosPerSpin = Math.max(0.01, (System.nanoTime() - c0) / (double) calibrate);
    long spin = Math.max(100, (long) (meanMicros * 1_000 / nanosPerSpin));
    for (int i = 0; i < queries; i++) {
      long s = System.nanoTime();
      for (long k = 0; k < spin; k++) {
        sink += k ^ (sink >>> 3);
      }
      nanos[i] = System.nanoTime() - s;
    }
    Arrays.sort(nanos);
    long over1ms = Arrays.stream(nanos).filter(n -> n > 1_000_000).count();
    System.out.printf(Locale.ROOT, "bench=control slices=%d p50_us=%.1f p99_us=%.1f max_us=%.1f over_1ms=%d (sink %d)%n",
        queries, nanos[queries / 2] / 1e3, nanos[(int) (queries * 0.99)] / 1e3, nanos[queries - 1] / 1e3, over1ms,
        sink & 1);
  }

  private static long gcCount() {
    long n = 0;
    for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  /** Candidates per decision: 0 for the default 3 to 5, or a fixed count (a form page gives the host 20 to 40). */
  static int candidatesPerQuery = 0;

  private static Query query(SyntheticMemory synth, SplittableRandom rnd) {
    return synth.query(rnd, candidatesPerQuery);
  }

  private static Episode hostEpisode(String id, SyntheticMemory synth, SplittableRandom rnd, int steps) {
    return synth.hostEpisode(id, rnd, steps);
  }

  private static long usedHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50); // lets the collector finish; this is a measurement harness, not a test
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void deleteDb(Path file) throws Exception {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
  }
}
