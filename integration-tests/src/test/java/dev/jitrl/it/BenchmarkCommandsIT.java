package dev.jitrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every benchmark command the docs give runs once, as written, with tiny sizes, so that a change that breaks one
 * (a class moved, an option renamed, a build step that needs more than a fresh clone) fails the build instead of
 * the next person who benchmarks. The figures are not checked, only that each command prints them.
 */
class BenchmarkCommandsIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern DECISION = Pattern.compile(
      "bench=decision N=(\\d+) samples=\\d+ p50_us=[\\d.]+ p99_us=[\\d.]+ max_us=[\\d.]+ ");

  @TempDir
  Path dir;

  private record Run(int code, String output) {}

  private Run run(Map<String, String> env, long limitSeconds, String... command) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end in " + limitSeconds + " s:\n"
          + Files.readString(out, StandardCharsets.UTF_8));
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  @Test
  void benchDecision_tinySizes_printsPercentilesForEachSize() throws Exception {
    Run r = run(Map.of(), 600, "scripts/bench-decision.sh", "--sizes", "200,400", "--queries", "100",
        "--write-episodes", "20", "--warmup-iterations", "1", "--iterations", "1", "--iteration-ms", "100",
        "--dir", dir.resolve("bench").toString());

    assertEquals(0, r.code(), r.output());
    List<String> sizes = new ArrayList<>();
    Matcher m = DECISION.matcher(r.output());
    while (m.find()) {
      sizes.add(m.group(1));
    }
    assertEquals(List.of("200", "400"), sizes, r.output());
    assertTrue(r.output().contains("bench=write episodes=20 "), r.output());
    assertTrue(r.output().matches("(?s).*bench=replay N=400 .*p50_us=[\\d.]+ p99_us=[\\d.]+ max_us=[\\d.]+.*"), r.output());
    assertTrue(r.output().contains("bench=control slices=100 "), r.output());
  }

  @Test
  void jitrlBenchLocal_oneTaskOneEpisode_writesTheReport() throws Exception {
    Path out = dir.resolve("report");
    Run r = run(Map.of("JITRL_PLUGINS", dir.resolve("plugins").toString()), 600, "./jitrl", "bench", "--suite",
        "local", "--episodes", "1", "--tasks", "shop-add-blue-shirt", "--compare", "--out", out.toString());

    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("shop-add-blue-shirt"), r.output());
    assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"), "the report embeds the chart");
    assertTrue(Files.size(out.resolve("learning-curves.png")) > 0);
  }

  @Test
  void jitrlBenchMiniwob_oneTaskOneSeed_runs() throws Exception {
    Path out = dir.resolve("miniwob");
    Run r = run(Map.of("JITRL_PLUGINS", dir.resolve("plugins").toString()), 600, "./jitrl", "bench", "--suite",
        "miniwob", "--tasks", "click-button", "--seeds", "1", "--episodes", "1", "--compare", "--out", out.toString());

    assertEquals(0, r.code(), r.output());
    assertTrue(Files.exists(out.resolve("results.json")), r.output());
  }

  @Test
  void benchFleet_oneHostFewSecondsOnEachBackend_printsItsFigures() throws Exception {
    for (String backend : List.of("pg", "sqlite")) {
      Run r = run(Map.of(), 600, "scripts/bench-fleet.sh", "--backend", backend, "--hosts", "1", "--threads", "1",
          "--seconds", "3", "--outage", "0", "--kill-at", "", "--dir", dir.resolve("fleet-" + backend).toString());

      assertEquals(0, r.code(), backend + ":\n" + r.output());
      assertTrue(r.output().contains("visibility"), backend + ":\n" + r.output());
    }
  }

  @Test
  void benchGrowth_tinyRun_printsItsFigures() throws Exception {
    Run r = run(Map.of(), 300, "scripts/bench-growth.sh", "--steps", "2000", "--bound", "1000", "--dir",
        dir.resolve("growth").toString());

    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("maxSteps=1000 written=2000 storedSteps="), r.output());
  }
}
