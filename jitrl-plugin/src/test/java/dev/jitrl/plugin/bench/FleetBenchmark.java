package dev.jitrl.plugin.bench;

import dev.jitrl.api.HostServices;
import dev.jitrl.plugin.EngineInternals;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.reliability.ChildJvm;
import dev.jitrl.plugin.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * The fleet and fault benchmark of docs/reliability.md: host processes × agent threads on one memory for a bounded
 * time, with (on PostgreSQL) the server stopped and restarted mid-run and hosts killed with SIGKILL, then restarted
 * on their outbox. Prints what was written, what is stored, what was lost or half-stored, the delay until another
 * host's hot index holds a new episode (p50/p99), decision latency per host, and what is left in the outboxes.
 *
 * <pre>
 * FleetBenchmark [--backend pg|sqlite] [--hosts 4] [--threads 4] [--seconds 60] [--steps 10]
 *                [--outage-at 20] [--outage 10] [--kill-at 25,45] [--dir target/fleet] [--write-episodes 0]
 * </pre>
 * {@code --kill-at} kills host {@code hosts-1}, then {@code hosts-2}, ... at those seconds and restarts each one on
 * its outbox 2 s later. {@code --write-episodes N} instead times N episodes of 20 steps through one engine's post-run
 * hook (judge, returns, one transaction each, index refresh) on a local server.
 */
public final class FleetBenchmark {
  private FleetBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>(Map.of("--backend", "pg", "--hosts", "4", "--threads", "4", "--seconds", "60",
        "--steps", "10", "--outage-at", "20", "--outage", "10", "--kill-at", "25,45", "--dir", "target/fleet",
        "--write-episodes", "0"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!o.containsKey(args[i])) {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
      o.put(args[i], args[i + 1]);
    }
    Path dir = Files.createDirectories(Path.of(o.get("--dir")).toAbsolutePath());
    OUT_DIR.set(dir.toString());
    boolean pgBackend = o.get("--backend").equals("pg");
    try (PostgresServer pg = pgBackend ? PostgresServer.launch() : null) {
      int writes = Integer.parseInt(o.get("--write-episodes"));
      if (writes > 0) {
        writePath(pg, dir, writes);
        return;
      }
      fleet(pg, dir, o);
    }
  }

  /** Episodes of 20 steps through the post-run hook of one engine on a local server. */
  static void writePath(PostgresServer pg, Path dir, int episodes) throws Exception {
    var builder = JitRlConfig.builder().judge(JudgeKind.RULES).memoryOutbox(dir.resolve("write-outbox.sqlite"));
    Path lite = dir.resolve("write-bench.sqlite");
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(Path.of(lite + suffix));
    }
    if (pg != null) {
      builder.memoryUrl(pg.createDatabase("write_bench")).memoryPath(dir.resolve("unused.sqlite"));
    } else {
      builder.memoryPath(lite);
    }
    SyntheticMemory synth = new SyntheticMemory();
    SplittableRandom rnd = new SplittableRandom(7);
    List<dev.jitrl.api.Episode> eps = new ArrayList<>();
    for (int e = 0; e < episodes; e++) {
      eps.add(synth.hostEpisode("w" + e, rnd, 20));
    }
    Map<String, String> env = pg == null ? Map.of() : pg.environment();
    try (JitRlEngine engine = JitRlEngine.open(builder.build(), HostServices.of(Map.of()), env)) {
      for (int e = 0; e < Math.min(100, episodes); e++) {
        engine.learn(synth.hostEpisode("warm" + e, rnd, 20)).get();
      }
      long t0 = System.nanoTime();
      CompletableFuture<?> last = null;
      for (dev.jitrl.api.Episode ep : eps) {
        last = engine.learn(ep);
      }
      last.get();
      double secs = (System.nanoTime() - t0) / 1e9;
      // Acknowledged (durable in the outbox for PostgreSQL) above; committed on the server once the outbox is empty.
      while (EngineInternals.memory(engine).pendingWrites() > 0) {
        LockSupport.parkNanos(1_000_000);
      }
      double sentSecs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "bench=write backend=%s episodes=%d steps_per_episode=20 steps=%d seconds=%.2f"
          + " steps_per_s=%.0f on_server_seconds=%.2f on_server_steps_per_s=%.0f stored_steps=%d%n",
          pg == null ? "sqlite" : "postgresql", episodes, episodes * 20L, secs, episodes * 20L / secs, sentSecs,
          episodes * 20L / sentSecs, EngineInternals.memory(engine).stats().steps());
    }
  }

  private record Host(String name, ChildJvm jvm, Path outbox, long startedMs) {}

  static void fleet(PostgresServer pg, Path dir, Map<String, String> o) throws Exception {
    int hosts = Integer.parseInt(o.get("--hosts"));
    int threads = Integer.parseInt(o.get("--threads"));
    long seconds = Long.parseLong(o.get("--seconds"));
    int steps = Integer.parseInt(o.get("--steps"));
    long outageAt = Long.parseLong(o.get("--outage-at"));
    long outage = Long.parseLong(o.get("--outage"));
    List<Long> kills = o.get("--kill-at").isBlank() ? List.of()
        : Arrays.stream(o.get("--kill-at").split(",")).map(Long::parseLong).toList();
    String memory;
    if (pg != null) {
      memory = pg.createDatabase("fleet_" + System.currentTimeMillis() % 100000);
    } else {
      Path file = dir.resolve("fleet.sqlite");
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
      memory = file.toString();
      kills = List.of();
      outage = 0;
    }
    Map<String, String> env = pg == null ? Map.of() : pg.environment();
    long t0 = System.currentTimeMillis();
    long endMs = t0 + seconds * 1000;
    List<Host> all = new ArrayList<>();
    List<Host> live = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      Host host = start("h" + h, memory, dir, threads, endMs - System.currentTimeMillis(), h, steps, env);
      all.add(host);
      live.add(host);
    }
    for (Host h : all) {
      if (h.jvm().awaitLine("ready", 120_000) == null) {
        throw new IllegalStateException(h.name() + " did not start: " + h.jvm().lines());
      }
    }
    // The timeline: a server outage and SIGKILLs, each killed host restarted on its outbox 2 s later.
    record Event(long atMs, String what, int host) {}
    List<Event> events = new ArrayList<>();
    if (outage > 0) {
      events.add(new Event(t0 + outageAt * 1000, "stop", -1));
      events.add(new Event(t0 + (outageAt + outage) * 1000, "start", -1));
    }
    for (int k = 0; k < kills.size(); k++) {
      events.add(new Event(t0 + kills.get(k) * 1000, "kill", hosts - 1 - k));
      events.add(new Event(t0 + kills.get(k) * 1000 + 2000, "restart", hosts - 1 - k));
    }
    events.sort((a, b) -> Long.compare(a.atMs(), b.atMs()));
    long[] outageMs = {Long.MAX_VALUE, Long.MIN_VALUE};
    Map<Integer, Host> current = new HashMap<>();
    for (int h = 0; h < hosts; h++) {
      current.put(h, all.get(h));
    }
    for (Event e : events) {
      long wait = e.atMs() - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait); // a harness timeline, not a synchronization
      }
      long at = (System.currentTimeMillis() - t0) / 1000;
      switch (e.what()) {
        case "stop" -> {
          outageMs[0] = System.currentTimeMillis();
          pg.stop();
          System.out.println("t=" + at + "s server stopped");
        }
        case "start" -> {
          pg.start();
          outageMs[1] = System.currentTimeMillis();
          System.out.println("t=" + at + "s server started");
        }
        case "kill" -> {
          Host h = current.get(e.host());
          h.jvm().kill();
          System.out.println("t=" + at + "s " + h.name() + " killed with SIGKILL; its outbox holds "
              + outboxCount(h.outbox()) + " episodes");
        }
        default -> {
          Host old = current.get(e.host());
          Host h = start(old.name() + "r", memory, dir, threads, endMs - System.currentTimeMillis(), e.host() + 100, steps,
              env, old.outbox());
          all.add(h);
          current.put(e.host(), h);
          System.out.println("t=" + at + "s " + h.name() + " restarted on the outbox of " + old.name());
        }
      }
    }
    for (Host h : all) {
      h.jvm().await(Math.max(0, endMs - System.currentTimeMillis()) + 180_000);
    }
    report(pg, memory, all, steps, outageMs);
  }

  private static Host start(String name, String memory, Path dir, int threads, long millis, int seed, int steps,
      Map<String, String> env) throws Exception {
    return start(name, memory, dir, threads, millis, seed, steps, env, dir.resolve("outbox-" + name + ".sqlite"));
  }

  private static Host start(String name, String memory, Path dir, int threads, long millis, int seed, int steps,
      Map<String, String> env, Path outbox) throws Exception {
    ChildJvm jvm = ChildJvm.start(FleetHostMain.class, dir.resolve(name + ".err"),
        List.of("-Xmx512m", "-XX:TieredStopAtLevel=4"), env, name, memory, outbox.toString(),
        Integer.toString(threads), Long.toString(millis), Integer.toString(seed), Integer.toString(steps));
    return new Host(name, jvm, outbox, System.currentTimeMillis());
  }

  private static long outboxCount(Path outbox) {
    if (!Files.exists(outbox)) {
      return 0;
    }
    try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + outbox, new java.util.Properties());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM outbox")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      return -1;
    }
  }

  /** One acknowledged episode: {@code ms} when its post-run hook's future completed, {@code endMs} when it was called. */
  private record Ack(String host, String key, int steps, long lastId, long ms, long endMs) {}

  private static void report(PostgresServer pg, String memory, List<Host> hosts, int steps, long[] outageMs)
      throws Exception {
    Map<String, Ack> acked = new LinkedHashMap<>();
    Map<String, long[][]> seen = new HashMap<>();
    int errors = 0;
    long fallbacks = 0;
    for (Host h : hosts) {
      Files.write(Path.of(memoryDir(pg, memory)).resolve(h.name() + ".out"), h.jvm().lines());
      List<long[]> s = new ArrayList<>();
      for (String line : h.jvm().lines()) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "stored" -> acked.put(f[1], new Ack(h.name(), f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]),
              Long.parseLong(f[4]), Long.parseLong(f[5])));
          case "queued" -> acked.put(f[1], new Ack(h.name(), f[1], Integer.parseInt(f[2]), -1, Long.parseLong(f[3]),
              Long.parseLong(f[4])));
          case "seen" -> s.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
          case "error" -> {
            errors++;
            System.out.println("ERROR " + h.name() + ": " + line);
          }
          case "fallbacks" -> fallbacks += Long.parseLong(f[1]);
          case "decisions" -> System.out.printf("%s decisions=%s p50_us=%s p99_us=%s p999_us=%s%n", h.name(), f[1], f[2],
              f[3], f[4]);
          default -> { }
        }
      }
      seen.put(h.name(), s.toArray(new long[0][]));
    }
    // What the memory holds: every episode with the number of its steps, and whether that is its whole count.
    Map<String, long[]> stored = new HashMap<>();
    long storedSteps = 0;
    if (pg != null) {
      String db = memory.substring(memory.lastIndexOf('/') + 1);
      try (Connection c = pg.connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
          "SELECT e.episode_key, e.step_count, count(s.id), coalesce(max(s.id), 0) FROM jitrl_episodes e"
              + " LEFT JOIN jitrl_steps s ON s.episode_id = e.id GROUP BY e.id")) {
        while (rs.next()) {
          stored.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
          storedSteps += rs.getLong(3);
        }
      }
    } else {
      try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + memory, new java.util.Properties());
          Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
              "SELECT e.episode_key, e.step_count, count(s.id), coalesce(max(s.id), 0) FROM episodes e LEFT JOIN steps s"
                  + " ON s.episode_id = e.id GROUP BY e.id")) {
        while (rs.next()) {
          stored.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
          storedSteps += rs.getLong(3);
        }
      }
    }
    Set<String> lost = new HashSet<>(acked.keySet());
    lost.removeAll(stored.keySet());
    Set<String> extra = new HashSet<>(stored.keySet());
    extra.removeAll(acked.keySet());
    long half = stored.values().stream().filter(v -> v[0] != v[1] || v[1] != steps).count();
    // Visibility: for each episode stored with its step ids, when each other host still running saw that id.
    List<Long> delays = new ArrayList<>();
    List<Long> calm = new ArrayList<>(); // episodes acknowledged 3 s or more away from the outage
    List<Long> fromEnd = new ArrayList<>(); // the same delays counted from the episode's end (its hook called)
    long unseen = 0;
    for (Ack a0 : acked.values()) {
      // Acknowledged in the outbox before it had ids (the usual case now): its last step id as stored, so that the
      // delay counts from the acknowledgment, through the outbox and the burst, to another host's hot index.
      long[] row = stored.get(a0.key());
      Ack a = a0.lastId() >= 0 || row == null || row[2] == 0 ? a0
          : new Ack(a0.host(), a0.key(), a0.steps(), row[2], a0.ms(), a0.endMs());
      if (a.lastId() <= 0) {
        continue;
      }
      for (Host h : hosts) {
        if (h.name().equals(a.host())) {
          continue;
        }
        long[][] s = seen.get(h.name());
        if (s.length == 0 || s[s.length - 1][1] < a.ms() + 1000 || s[0][1] > a.ms()) {
          continue; // that host was not running from before this write to a second after it
        }
        long seenAt = -1;
        for (long[] e : s) {
          if (e[0] >= a.lastId()) {
            seenAt = e[1];
            break;
          }
        }
        if (seenAt < 0) {
          unseen++;
        } else {
          delays.add(Math.max(0, seenAt - a.ms()));
          fromEnd.add(Math.max(0, seenAt - a.endMs()));
          if (a.ms() < outageMs[0] - 3000 || a.ms() > outageMs[1] + 3000) {
            calm.add(Math.max(0, seenAt - a.ms()));
          }
        }
      }
    }
    long[] d = delays.stream().mapToLong(Long::longValue).sorted().toArray();
    long outboxLeft = 0;
    for (Host h : hosts) {
      outboxLeft += Math.max(0, outboxCount(h.outbox()));
    }
    long ackedSteps = acked.values().stream().mapToLong(Ack::steps).sum();
    System.out.printf(Locale.ROOT, "fleet: hosts_run=%d acked_episodes=%d acked_steps=%d stored_episodes=%d"
            + " stored_steps=%d lost=%d half_stored=%d stored_not_acked=%d errors=%d fallbacks=%d outbox_left=%d%n",
        hosts.size(), acked.size(), ackedSteps, stored.size(), storedSteps, lost.size(), half, extra.size(), errors,
        fallbacks, outboxLeft);
    if (!extra.isEmpty()) {
      System.out.println("stored but not acknowledged (in flight when a host was killed): " + extra);
    }
    System.out.printf(Locale.ROOT, "visibility: samples=%d p50_ms=%d p99_ms=%d max_ms=%d never_seen=%d%n", d.length,
        pctl(d, 0.5), pctl(d, 0.99), d.length == 0 ? 0 : d[d.length - 1], unseen);
    long[] c = calm.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "visibility away from the outage (acknowledged > 3 s before the stop or after the"
        + " restart): samples=%d p50_ms=%d p99_ms=%d max_ms=%d%n", c.length, pctl(c, 0.5), pctl(c, 0.99),
        c.length == 0 ? 0 : c[c.length - 1]);
    // From the episode's end, the write included: the same start whether a host acknowledges after the server's
    // commit or after its outbox's.
    long[] e = fromEnd.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "visibility from the episode's end (post-run hook called, all pairs): samples=%d"
        + " p50_ms=%d p99_ms=%d max_ms=%d%n", e.length, pctl(e, 0.5), pctl(e, 0.99), e.length == 0 ? 0 : e[e.length - 1]);
  }

  /** Where the hosts' outputs are kept: beside their outboxes. */
  private static String memoryDir(PostgresServer pg, String memory) {
    return OUT_DIR.get();
  }

  private static final java.util.concurrent.atomic.AtomicReference<String> OUT_DIR = new java.util.concurrent.atomic.AtomicReference<>(".");

  private static long pctl(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))];
  }
}
