package dev.jitrl.plugin.bench;

import dev.jitrl.api.Candidate;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Episode;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.MetricsSink;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.EngineInternals;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.memory.EpisodeRecord;
import dev.jitrl.plugin.memory.MemoryBank;
import dev.jitrl.plugin.memory.OutboxMemoryBank;
import dev.jitrl.plugin.memory.PostgresMemoryBank;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import dev.jitrl.plugin.memory.StoredStep;
import dev.jitrl.plugin.reliability.Episodes;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One host of the fleet benchmark ({@link FleetBenchmark}): one engine on the shared memory, agent threads that
 * decide and store episodes as fast as they can for a bounded time, and an observer that reports when the hot index
 * grew. One line per event on standard output:
 * <ul>
 *   <li>{@code stored <key> <steps> <largest step id> <epoch ms>}: the post-run hook's future completed and the
 *       episode is on the server;
 *   <li>{@code queued <key> <steps> <epoch ms>}: the future completed while the server was away (the episode is in
 *       the outbox);
 *   <li>{@code seen <largest indexed step id> <epoch ms>}: the hot index grew;
 *   <li>{@code error <key> <what>}: a failure reached the agent;
 *   <li>at the end {@code decisions <count> <p50 µs> <p99 µs> <p99.9 µs>}, {@code fallbacks <n>},
 *       {@code pending <episodes left in the outbox>}, {@code exit}.
 * </ul>
 *
 * <pre>FleetHostMain &lt;name&gt; &lt;jdbc url | sqlite file&gt; &lt;outbox file&gt; &lt;threads&gt; &lt;millis&gt; &lt;seed&gt; &lt;steps per episode&gt;</pre>
 * Credentials come from the environment ({@code JITRL_PG_USER}, {@code JITRL_PG_PASSWORD}).
 */
public final class FleetHostMain {
  private FleetHostMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    String name = args[0];
    String memory = args[1];
    int threads = Integer.parseInt(args[3]);
    long millis = Long.parseLong(args[4]);
    long seed = Long.parseLong(args[5]);
    int steps = Integer.parseInt(args[6]);
    var builder = JitRlConfig.builder().judge(JudgeKind.RULES).memoryOutbox(Path.of(args[2]));
    if (memory.startsWith("jdbc:")) {
      builder.memoryUrl(memory).memoryPath(Path.of(args[2] + ".unused"));
    } else {
      builder.memoryPath(Path.of(memory));
    }
    AtomicLong fallbacks = new AtomicLong();
    MetricsSink metrics = new MetricsSink() {
      @Override
      public void count(String metric, long delta) {
        if (metric.equals("jitrl.fallbacks")) {
          fallbacks.addAndGet(delta);
        }
      }

      @Override
      public void record(String metric, double value) {}
    };
    Object print = new Object();
    try (JitRlEngine engine = JitRlEngine.open(builder.build(),
        new HostServices(Map.of(), Clock.systemUTC(), Optional.empty(), metrics), System.getenv())) {
      line(out, print, "ready " + EngineInternals.index(engine).maxStepId());
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      Thread observer = new Thread(() -> {
        long last = -1;
        while (System.nanoTime() < deadline) {
          long id = EngineInternals.index(engine).maxStepId();
          if (id > last) {
            line(out, print, "seen " + id + " " + System.currentTimeMillis());
            last = id;
          }
          LockSupport.parkNanos(1_000_000); // a 1 ms observation grain
        }
      }, "observer");
      observer.start();
      List<long[]> latencies = new ArrayList<>();
      List<Thread> agents = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long[] lat = new long[2_000_000];
        latencies.add(lat);
        int thread = t;
        Thread a = new Thread(() -> agent(engine, name + "-" + thread, steps, deadline, new SplittableRandom(seed + thread),
            lat, out, print), name + "-agent-" + t);
        a.start();
        agents.add(a);
      }
      for (Thread a : agents) {
        a.join();
      }
      observer.join();
      engine.flush();
      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (EngineInternals.memory(engine).pendingWrites() > 0 && System.nanoTime() < waitUntil) {
        LockSupport.parkNanos(50_000_000);
      }
      long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l).filter(v -> v > 0)).sorted().toArray();
      line(out, print, String.format(java.util.Locale.ROOT, "decisions %d %.1f %.1f %.1f", all.length,
          pct(all, 0.50) / 1e3, pct(all, 0.99) / 1e3, pct(all, 0.999) / 1e3));
      line(out, print, "fallbacks " + fallbacks.get());
      line(out, print, "pending " + EngineInternals.memory(engine).pendingWrites());
    }
    line(out, print, "exit");
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
  }

  private static void line(PrintStream out, Object lock, String s) {
    synchronized (lock) {
      out.println(s);
    }
  }

  private static void agent(JitRlEngine engine, String name, int steps, long deadline, SplittableRandom r, long[] lat,
      PrintStream out, Object print) {
    int d = 0;
    for (int i = 0; System.nanoTime() < deadline; i++) {
      String key = name + "-" + i;
      try {
        TaskGoal goal = new TaskGoal("fleet goal " + r.nextInt(40) + " of the shop");
        List<Step> history = new ArrayList<>();
        Observation page = Episodes.page(r.nextInt(12), 0, r);
        for (int s = 0; s < steps; s++) {
          List<Candidate> candidates = Episodes.candidates(page, r);
          long t0 = System.nanoTime();
          Selection sel = engine.select(new DecisionContext(key, goal, page, history), candidates);
          long t1 = System.nanoTime();
          if (d < lat.length) {
            lat[d++] = Math.max(1, t1 - t0);
          }
          Observation next = Episodes.page(r.nextInt(12), s + 1, r);
          history.add(new Step(s, page, sel.chosen().action(), StepStatus.EXECUTED, Optional.empty(), next, "fleet"));
          page = next;
        }
        Instant now = Instant.now();
        Episode episode = new Episode(key, goal, history, r.nextBoolean() ? Outcome.success("done") : Outcome.failure("no"),
            now, now, Map.of("policy", "fleet"));
        long endMs = System.currentTimeMillis(); // the episode is over; its post-run hook starts
        engine.learn(episode).get(120, TimeUnit.SECONDS);
        long ackMs = System.currentTimeMillis();
        Optional<EpisodeRecord> stored = lookUp(EngineInternals.memory(engine), key);
        if (stored.isPresent()) {
          long last = stored.get().steps().stream().mapToLong(StoredStep::id).max().orElse(0);
          line(out, print, "stored " + key + " " + stored.get().steps().size() + " " + last + " " + ackMs + " "
              + endMs);
        } else {
          line(out, print, "queued " + key + " " + steps + " " + ackMs + " " + endMs);
        }
      } catch (Exception | AssertionError e) {
        line(out, print, "error " + key + " " + e.toString().replace('\n', ' '));
      }
    }
  }

  /** The stored episode with its step ids, or empty when it waits in the outbox (or the server is away). */
  private static Optional<EpisodeRecord> lookUp(MemoryBank memory, String key) {
    try {
      if (memory instanceof OutboxMemoryBank o && o.server() instanceof PostgresMemoryBank pg) {
        return pg.episode(key);
      }
      return ((SqliteMemoryBank) memory).episode(key);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
