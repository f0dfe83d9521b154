package dev.jitrl.plugin.bench;

import dev.jitrl.api.Episode;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.Selection;
import dev.jitrl.plugin.EngineInternals;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.bench.SyntheticMemory.Query;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * Benchmarks A (decision overhead) and C (write path and footprint) of BENCHMARKS.md: the one facade that
 * {@code scripts/bench-decision.sh} runs. It grows a synthetic memory to each size, measures what a plain run can
 * (write throughput, load time, heap and column bytes per step, how often memory changes the choice), and leaves
 * the latency distributions to JMH ({@link DecisionLatency}: warm-up, a fresh fork per benchmark, sampling,
 * GC counts). The machine's own tail is recorded into an HdrHistogram. It prints one {@code key=value} line per
 * figure and never fails on speed.
 *
 * <pre>
 * java -cp ... dev.jitrl.plugin.bench.DecisionBenchmark [--sizes 1000,10000,100000,1000000] [--queries 5000]
 *     [--dir target/bench] [--write-episodes 2000] [--candidates N]
 *     [--warmup-iterations 5] [--iterations 5] [--iteration-ms 2000] [--forks 1] [--settle-jit true]
 * </pre>
 *
 * <p>By default each JMH fork first decides until the JIT compilers have been quiet for 3 s ({@code jit_settle_ms}
 * on the decision line: one figure per benchmark, -1 when the 120 s cap came first): the budget is about a host that
 * has been deciding for a while. {@code --settle-jit false} measures after JMH's fixed warm-up alone.
 */
public final class DecisionBenchmark {
  static final long SEED = 20260118L;

  /** The command line; the JMH options default to a run of about a minute per size. */
  record Options(long[] sizes, int queries, int writeEpisodes, Path dir, int candidates, int warmupIterations,
      int iterations, long iterationMillis, int forks, boolean settleJit) {
    static Options parse(String[] args) {
      long[] sizes = {1_000, 10_000, 100_000, 1_000_000};
      int queries = 5_000;
      int writeEpisodes = 2_000;
      Path dir = Path.of("target", "bench");
      int candidates = 0;
      int warmups = 5;
      int iterations = 5;
      long iterationMillis = 2_000;
      int forks = 1;
      boolean settleJit = true;
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + name + " needs a value");
        }
        String value = args[++i];
        switch (name) {
          case "--sizes" -> sizes = Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
          case "--queries" -> queries = Integer.parseInt(value);
          case "--dir" -> dir = Path.of(value);
          case "--write-episodes" -> writeEpisodes = Integer.parseInt(value);
          case "--candidates" -> candidates = Integer.parseInt(value);
          case "--warmup-iterations" -> warmups = Integer.parseInt(value);
          case "--iterations" -> iterations = Integer.parseInt(value);
          case "--iteration-ms" -> iterationMillis = Long.parseLong(value);
          case "--forks" -> forks = Integer.parseInt(value);
          case "--settle-jit" -> settleJit = Boolean.parseBoolean(value);
          default -> throw new IllegalArgumentException("unknown option " + name + "; known: --sizes --queries --dir"
              + " --write-episodes --candidates --warmup-iterations --iterations --iteration-ms --forks --settle-jit");
        }
      }
      return new Options(sizes, queries, writeEpisodes, dir, candidates, warmups, iterations, iterationMillis, forks,
          settleJit);
    }
  }

  private DecisionBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    // JMH refuses to start while another JMH run on the machine holds /tmp/jmh.lock. On a machine several people and
    // CI share, that turns a concurrent run into a failed build; the figures carry the machine's own tail (the
    // control line) instead. -Djmh.ignoreLock=false restores the refusal.
    if (System.getProperty("jmh.ignoreLock") == null) {
      System.setProperty("jmh.ignoreLock", "true");
    }
    Files.createDirectories(options.dir());
    System.out.println("# candidates per decision: " + (options.candidates() == 0 ? "3-5" : options.candidates()));
    System.out.println("# machine: " + Runtime.getRuntime().availableProcessors() + " cpus visible, java "
        + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    System.out.printf(Locale.ROOT, "# jmh: %s%d warm-up and %d measured iterations of %d ms, %d fork(s)%n",
        options.settleJit() ? "decisions until the JIT has been quiet for 3 s (at most 120 s), then " : "",
        options.warmupIterations(), options.iterations(), options.iterationMillis(), options.forks());
    writePath(options.dir(), options.writeEpisodes());
    decisions(options);
  }

  /** Benchmark C: episodes of 20 steps through the post-run hook (judge, returns, transaction, index refresh). */
  static void writePath(Path dir, int episodes) throws Exception {
    Path file = dir.resolve("write-bench.sqlite");
    deleteDb(file);
    JitRlConfig config = JitRlConfig.builder().memoryPath(file).judge(JudgeKind.RULES).build();
    SyntheticMemory synth = new SyntheticMemory();
    SplittableRandom rnd = new SplittableRandom(SEED);
    List<Episode> eps = new ArrayList<>(episodes);
    for (int e = 0; e < episodes; e++) {
      eps.add(synth.hostEpisode("w" + e, rnd, 20));
    }
    long stored;
    try (JitRlEngine engine = JitRlEngine.open(config, HostServices.of(Map.of()))) {
      // warm-up on a separate key range; throughput of a pipeline, so a plain timed run rather than JMH
      for (int e = 0; e < Math.min(100, episodes); e++) {
        engine.learn(synth.hostEpisode("warm" + e, rnd, 20)).get();
      }
      long t0 = System.nanoTime();
      CompletableFuture<?> last = CompletableFuture.completedFuture(null);
      for (Episode ep : eps) {
        last = engine.learn(ep);
      }
      last.get();
      double secs = (System.nanoTime() - t0) / 1e9;
      long steps = episodes * 20L;
      engine.flush();
      stored = EngineInternals.memory(engine).stats().steps();
      System.out.printf(Locale.ROOT,
          "bench=write episodes=%d steps_per_episode=20 steps=%d seconds=%.2f steps_per_s=%.0f",
          episodes, steps, secs, steps / secs);
    }
    // Closed: the write-ahead log is checkpointed into the file, so its size is the footprint.
    System.out.printf(Locale.ROOT, " file_bytes_per_100k_steps=%d%n", Files.size(file) * 100_000L / Math.max(1, stored));
  }

  /** Benchmark A: grow one synthetic memory to each size; reopen (load time, footprint); JMH for the latencies. */
  static void decisions(Options options) throws Exception {
    Path file = options.dir().resolve("decision-bench.sqlite");
    deleteDb(file);
    SyntheticMemory synth = new SyntheticMemory();
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    long written = 0;
    int episode = 0;
    for (long n : options.sizes()) {
      try (SqliteMemoryBank bank = SqliteMemoryBank.open(file, Long.MAX_VALUE / 4, Clock.systemUTC())) {
        while (written < n) {
          int steps = (int) Math.min(20, n - written);
          bank.append(synth.episode("s" + episode++, steps, rnd));
          written += steps;
        }
      }
      Footprint footprint = footprint(file, synth, options);
      Path settleReport = Files.createTempFile("jitrl-settle", ".txt");
      Map<String, RunResult> latency;
      List<String> settled;
      try {
        latency = latency(file, options, settleReport);
        settled = Files.readAllLines(settleReport);
      } finally {
        Files.deleteIfExists(settleReport);
      }
      Statistics decision = latency.get("decision").getPrimaryResult().getStatistics();
      Statistics replay = latency.get("replay").getPrimaryResult().getStatistics();
      Statistics both = latency.get("replayThenDecision").getPrimaryResult().getStatistics();
      System.out.printf(Locale.ROOT,
          "bench=decision N=%d samples=%d p50_us=%.1f p99_us=%.1f max_us=%.1f over_1ms=%d gc_count=%.0f"
              + " mean_neighbours=%.2f changed=%.3f load_ms=%.0f heap_index_bytes_per_step=%.0f"
              + " column_bytes_per_step=%.1f jit_settle_ms=%s%n",
          footprint.size(), decision.getN(), decision.getPercentile(50), decision.getPercentile(99),
          decision.getMax(), overOneMillisecond(decision), gcCount(latency.get("decision")),
          footprint.meanNeighbours(), footprint.changed(), footprint.loadMillis(), footprint.heapBytesPerStep(),
          footprint.columnBytesPerStep(), settled.isEmpty() ? "off" : String.join(",", settled));
      System.out.printf(Locale.ROOT,
          "bench=replay N=%d samples=%d replayed=%.3f p50_us=%.1f p99_us=%.1f max_us=%.1f"
              + " replay_then_decision_p50_us=%.1f p99_us=%.1f%n",
          footprint.size(), replay.getN(), footprint.replayed(), replay.getPercentile(50), replay.getPercentile(99),
          replay.getMax(), both.getPercentile(50), both.getPercentile(99));
      control(options.queries(), decision.getPercentile(50));
    }
  }

  /** What a plain run measures on one size: the memory as loaded, and what the decisions do (untimed). */
  private record Footprint(long size, double loadMillis, double heapBytesPerStep, double columnBytesPerStep,
      double meanNeighbours, double changed, double replayed) {}

  private static Footprint footprint(Path file, SyntheticMemory synth, Options options) throws Exception {
    JitRlConfig config = JitRlConfig.builder().memoryPath(file).memoryMaxSteps(1_000_000_000L)
        .judge(JudgeKind.RULES).build();
    long heapBefore = usedHeap();
    long t0 = System.nanoTime();
    try (JitRlEngine engine = JitRlEngine.open(config, HostServices.of(Map.of()))) {
      double loadMillis = (System.nanoTime() - t0) / 1e6;
      long heapIndex = usedHeap() - heapBefore;
      long size = EngineInternals.index(engine).size();
      SplittableRandom qr = new SplittableRandom(SEED + 2);
      long neighbours = 0;
      int changed = 0;
      int replayed = 0;
      int queries = Math.max(1, options.queries());
      for (int i = 0; i < queries; i++) {
        Query q = synth.query(qr, options.candidates());
        Selection sel = engine.select(q.context(), q.candidates());
        neighbours += Long.parseLong(sel.explanation().facts().getOrDefault("neighbours", "0"));
        changed += sel.explanation().changedChoice() ? 1 : 0;
        replayed += engine.replay(q.context(), q.candidates()).isPresent() ? 1 : 0;
      }
      return new Footprint(size, loadMillis, heapIndex / (double) size, EngineInternals.index(engine).columnBytes() / (double) size,
          neighbours / (double) queries, changed / (double) queries, replayed / (double) queries);
    }
  }

  /** The three latency benchmarks of {@link DecisionLatency} on this memory, by method name. */
  private static Map<String, RunResult> latency(Path file, Options options, Path settleReport) throws Exception {
    TimeValue iteration = TimeValue.milliseconds(options.iterationMillis());
    ChainedOptionsBuilder jmh = new OptionsBuilder()
        .include(DecisionLatency.class.getName() + "\\.")
        .param("memoryFile", file.toAbsolutePath().toString())
        .param("candidates", Integer.toString(options.candidates()))
        .warmupIterations(options.warmupIterations()).warmupTime(iteration)
        .measurementIterations(options.iterations()).measurementTime(iteration)
        .forks(options.forks())
        .jvmArgsAppend(options.settleJit() ? new String[] {"-D" + DecisionLatency.SETTLE_REPORT + "=" + settleReport}
            : new String[] {"-D" + DecisionLatency.SETTLE + "=false"})
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT);
    Collection<RunResult> results = new Runner(jmh.build()).run();
    Map<String, RunResult> byName = new java.util.HashMap<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      byName.put(label.substring(label.lastIndexOf('.') + 1), r);
    }
    return byName;
  }

  private static long overOneMillisecond(Statistics micros) {
    int[] counts = micros.getHistogram(new double[] {0, 1_000, Double.MAX_VALUE});
    return counts[1];
  }

  private static double gcCount(RunResult result) {
    for (Map.Entry<String, Result> e : result.getSecondaryResults().entrySet()) {
      if (e.getKey().endsWith("gc.count")) {
        return e.getValue().getScore();
      }
    }
    return Double.NaN;
  }

  /**
   * The machine's own tail: as many fixed busy-work slices as queries, each about as long as a median decision,
   * recorded into an HdrHistogram. Slices that take milliseconds here were the thread being descheduled (by the
   * OS or the hypervisor), not the plugin's work.
   */
  static void control(int slices, double medianMicros) {
    long target = Math.max(1_000, (long) (medianMicros * 1_000));
    long[] sink = {0};
    // Calibrated on the measured loop itself, as it will run (a separate calibration loop is compiled differently
    // and gave slices 15-30 times shorter than asked): rescale the spin count until the median slice is on target.
    long spin = 1_000;
    long[] trial = new long[201];
    for (int round = 0; round < 8; round++) {
      for (int i = 0; i < trial.length; i++) {
        trial[i] = slice(spin, sink);
      }
      java.util.Arrays.sort(trial);
      spin = Math.max(100, (long) (spin * (target / (double) Math.max(1, trial[trial.length / 2]))));
    }
    Histogram nanos = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    for (int i = 0; i < slices; i++) {
      nanos.recordValue(Math.min(nanos.getHighestTrackableValue(), slice(spin, sink)));
    }
    long over1ms = nanos.getTotalCount() - nanos.getCountBetweenValues(0, TimeUnit.MILLISECONDS.toNanos(1));
    System.out.printf(Locale.ROOT, "bench=control slices=%d p50_us=%.1f p99_us=%.1f max_us=%.1f over_1ms=%d (sink %d)%n",
        slices, nanos.getValueAtPercentile(50) / 1e3, nanos.getValueAtPercentile(99) / 1e3, nanos.getMaxValue() / 1e3,
        over1ms, sink[0] & 1);
  }

  /** One busy-work slice of {@code spin} rounds (no allocation, no locking, no I/O); its duration in ns. */
  private static long slice(long spin, long[] sink) {
    long s = System.nanoTime();
    long x = sink[0];
    for (long k = 0; k < spin; k++) {
      x += k ^ (x >>> 3);
    }
    sink[0] = x;
    return System.nanoTime() - s;
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
