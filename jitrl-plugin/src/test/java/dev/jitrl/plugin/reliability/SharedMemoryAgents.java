package dev.jitrl.plugin.reliability;

import dev.jitrl.api.Episode;
import dev.jitrl.plugin.EngineInternals;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.memory.SqliteMemoryBank;
import dev.jitrl.plugin.memory.StoredStep;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Agent threads sharing one engine (as a host runs them: one engine per JVM) for a bounded time: each runs
 * episodes (a decision per step, then the post-run hook) and reports, one line each:
 * {@code stored <key> <steps generated> <largest step id> <epoch ms> <digest of the generated actions>} after an
 * episode's future completed (the step count and digest are of what the agent generated, not read back),
 * {@code seen <largest indexed step id> <epoch ms>} whenever the hot index grew (checked before each decision),
 * {@code error <what>} for any failure that reached the agent, and {@code done <stored> <errors>} per thread.
 */
public final class SharedMemoryAgents {
  private SharedMemoryAgents() {}

  public static void run(JitRlEngine engine, String name, int threads, long millis, long seed, Consumer<String> out)
      throws InterruptedException {
    run(engine, name, threads, millis, 0, seed, out);
  }

  /**
   * As above; each thread goes on past the time until it has generated at least {@code minSteps} steps (a test that
   * needs the memory to pass its bound gets there however slowly a loaded machine runs).
   */
  public static void run(JitRlEngine engine, String name, int threads, long millis, long minSteps, long seed,
      Consumer<String> out) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    AtomicLong seen = new AtomicLong();
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread th = new Thread(() -> agent(engine, name + "-t" + thread, deadline, minSteps,
          new SplittableRandom(seed + thread), seen, out), name + "-agent-" + t);
      th.start();
      all.add(th);
    }
    for (Thread th : all) {
      th.join();
    }
  }

  /** A digest of an episode's actions as the memory stores them ({@code Action.describe()}, in step order). */
  public static String digest(Episode episode) {
    return digest(episode.steps().stream().map(st -> st.action().describe()).toList());
  }

  /** A digest of a list of stored action texts, in step order. */
  public static String digest(List<String> actions) {
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256")
          .digest(String.join("\n", actions).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(h, 0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void agent(JitRlEngine engine, String name, long deadline, long minSteps, SplittableRandom r,
      AtomicLong seen, Consumer<String> out) {
    int stored = 0;
    int errors = 0;
    long generated = 0;
    for (int i = 0; System.nanoTime() < deadline || generated < minSteps; i++) {
      String key = name + "-" + i;
      try {
        long indexed = EngineInternals.index(engine).maxStepId();
        if (seen.getAndAccumulate(indexed, Math::max) < indexed) {
          out.accept("seen " + indexed + " " + System.currentTimeMillis());
        }
        Episode episode = Episodes.run(engine, key, 1 + r.nextInt(8), r);
        generated += episode.steps().size();
        engine.learn(episode).get();
        // where the episode landed (to time when others see it); its content is checked against what was generated
        List<StoredStep> steps = ((SqliteMemoryBank) EngineInternals.memory(engine)).episode(key).orElseThrow().steps();
        long last = steps.stream().mapToLong(StoredStep::id).max().orElse(0);
        out.accept("stored " + key + " " + episode.steps().size() + " " + last + " " + System.currentTimeMillis() + " "
            + digest(episode));
        stored++;
      } catch (Exception | AssertionError e) {
        errors++;
        out.accept("error " + key + " " + e);
      }
    }
    out.accept("done " + stored + " " + errors);
  }
}
