package dev.jitrl.plugin.bench;

import dev.jitrl.api.HostServices;
import dev.jitrl.api.Selection;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.bench.SyntheticMemory.Query;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import java.nio.file.Path;
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
    rnd = new SplittableRandom(DecisionBenchmark.SEED + 2);
  }

  // Invocation-level setup is untimed in SampleTime mode; a decision takes tens of microseconds, far above the
  // cost JMH warns about for this level.
  @Setup(Level.Invocation)
  public void nextQuery() {
    query = synth.query(rnd, candidates);
  }

  @TearDown(Level.Trial)
  public void close() {
    engine.close();
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
