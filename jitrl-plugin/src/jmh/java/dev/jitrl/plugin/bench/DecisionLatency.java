package dev.jitrl.plugin.bench;

import dev.jitrl.api.HostServices;
import dev.jitrl.api.Selection;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.bench.SyntheticMemory.Query;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Benchmark A of BENCHMARKS.md under JMH: the latency of one decision ({@code select}), of the replay question
 * alone, and of a step where memory is not sure (the replay question, then the decision), on a memory that
 * {@link DecisionBenchmark} grew beforehand. JMH does the warm-up, the fork and the sampling; each call gets a
 * fresh synthetic query, made outside the timed region.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionLatency {
  /** The SQLite memory file to open (grown by {@link DecisionBenchmark}). */
  @Param("")
  public String memoryFile;

  /** Candidates per decision: 0 for the default 3 to 5, else a fixed count (a form page gives 20 to 40). */
  @Param("0")
  public int candidates;

  /** System property naming a file the fork appends its JIT settling time to (one line per trial). */
  static final String SETTLE_REPORT = "jitrl.bench.settleReport";
  /** System property: {@code false} skips {@link #settleCompilers} (JMH's fixed warm-up alone). */
  static final String SETTLE = "jitrl.bench.settleJit";

  private JitRlEngine engine;
  private SyntheticMemory synth;
  private SplittableRandom rnd;
  private Query query;

  @Setup(Level.Trial)
  public void open() {
    JitRlConfig config = JitRlConfig.builder().memoryPath(Path.of(memoryFile)).memoryMaxSteps(1_000_000_000L)
        .judge(JudgeKind.RULES).build();
    engine = JitRlEngine.open(config, HostServices.of(Map.of()));
    synth = new SyntheticMemory();
    if (Boolean.parseBoolean(System.getProperty(SETTLE, "true"))) {
      settleCompilers();
    }
    rnd = new SplittableRandom(DecisionBenchmark.SEED + 2);
  }

  /** The JIT is quiet when it spent at most this much compiling over the last window. */
  static final long QUIET_COMPILE_MILLIS = 5;
  static final long QUIET_WINDOW_MILLIS = 3_000;
  static final long SETTLE_CAP_MILLIS = 120_000;

  /**
   * Runs decisions and replay questions (on their own query stream) until the JIT compilers have been quiet for a
   * window, before JMH's own warm-up. A host decides for hours; the budget is about that steady state. On one core
   * the C2 compiles of the decision path (a few big methods) take tens of seconds of shared CPU, so a fixed 10 s
   * warm-up measured decisions still running in profiled C1 code, with the compiler thread taking turns on the same
   * core: p99 7.9 ms at 100k where each query's own fastest time is under 0.5 ms (docs/benchmarks.md §A).
   */
  private void settleCompilers() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    SplittableRandom warm = new SplittableRandom(DecisionBenchmark.SEED + 3);
    long start = System.nanoTime();
    long windowStart = start;
    long compiledAtWindowStart = jit.getTotalCompilationTime();
    while (System.nanoTime() - start < SETTLE_CAP_MILLIS * 1_000_000) {
      for (int i = 0; i < 200; i++) {
        Query q = synth.query(warm, candidates);
        if (engine.replay(q.context(), q.candidates()).isEmpty()) {
          engine.select(q.context(), q.candidates());
        }
      }
      long now = System.nanoTime();
      if (now - windowStart >= QUIET_WINDOW_MILLIS * 1_000_000) {
        long compiled = jit.getTotalCompilationTime();
        if (compiled - compiledAtWindowStart <= QUIET_COMPILE_MILLIS) {
          settledAfterMillis = (now - start) / 1_000_000;
          return;
        }
        windowStart = now;
        compiledAtWindowStart = compiled;
      }
    }
    settledAfterMillis = -1;
  }

  /** How long {@link #settleCompilers} ran (-1: the cap came first); written out at tear-down for the report. */
  private long settledAfterMillis;

  // Invocation-level setup is untimed in SampleTime mode; a decision takes tens of microseconds, far above the
  // cost JMH warns about for this level.
  @Setup(Level.Invocation)
  public void nextQuery() {
    query = synth.query(rnd, candidates);
  }

  @TearDown(Level.Trial)
  public void close() {
    engine.close();
    String report = System.getProperty(SETTLE_REPORT);
    if (report != null) {
      try {
        Files.writeString(Path.of(report), settledAfterMillis + "\n", StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Benchmark
  public Selection decision() {
    return engine.select(query.context(), query.candidates());
  }

  @Benchmark
  public Object replay() {
    return engine.replay(query.context(), query.candidates());
  }

  @Benchmark
  public Object replayThenDecision() {
    var replay = engine.replay(query.context(), query.candidates());
    return replay.isPresent() ? replay : engine.select(query.context(), query.candidates());
  }
}
