package dev.jitrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Episode;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.testing.PostgresExtension;
import dev.jitrl.plugin.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin zip, loaded by a real host, on a shared PostgreSQL memory: the PostgreSQL driver inside the zip is
 * what connects; {@code jitrl memory} commands work on both back-ends; {@code memory copy} moves a memory from
 * SQLite to PostgreSQL and back without losing a field. The commands run as real {@code jitrl} processes, with the
 * credentials in their environment only.
 */
@ExtendWith(PostgresExtension.class)
class SharedMemoryCliIT {
  @TempDir
  Path dir;

  private record Result(int code, String out, String err) {}

  private Result jitrl(PostgresServer pg, Path plugins, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), "dev.jitrl.host.cli.JitrlCommand"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--plugins", plugins.toString()));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile());
    pb.environment().putAll(pg.environment());
    pb.environment().put("JITRL_MEMORY_OUTBOX", dir.resolve("outbox.sqlite").toString());
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("jitrl " + String.join(" ", args) + " did not end in 180 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  /** A host-side episode on a small shop page, as the post-run hook receives it; text includes a NUL. */
  private static Episode episode(String id, int n) {
    List<Step> steps = new ArrayList<>();
    var button = new dev.jitrl.api.Element("b" + n, "button", "Add\u0000 to cart " + (n % 3), "", "");
    var link = new dev.jitrl.api.Element("l" + n, "link", "Orders", "", "");
    var page = new dev.jitrl.api.Observation("http://shop.test/item/" + n, "item", List.of(button, link), "");
    var next = new dev.jitrl.api.Observation("http://shop.test/cart", "cart", List.of(link), "");
    steps.add(new Step(0, page, dev.jitrl.api.Action.click(button), StepStatus.EXECUTED, Optional.empty(), next, "policy"));
    steps.add(new Step(1, next, dev.jitrl.api.Action.click(link), StepStatus.EXECUTED, Optional.empty(), page, "policy"));
    Instant t = Instant.parse("2026-11-30T00:00:00Z").plusSeconds(n);
    return new Episode(id, new TaskGoal("add the mug number " + n + " to the cart"), steps,
        n % 2 == 0 ? Outcome.success("in the cart") : Outcome.failure("not in the cart"), t, t.plusSeconds(5),
        Map.of("policy", "lexical", "run", "r" + n));
  }

  @Test
  void memoryCopy_sqliteToPostgresAndBack_noEpisodeOrFieldLost(PostgresServer pg) throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    Path source = dir.resolve("source.sqlite");
    // A memory written by the plugin itself, through the post-run hook.
    try (var host = dev.jitrl.host.plugins.PluginHost.start(plugins, HostServices.of(Map.of(
        "jitrl.memory.path", source.toString(), "jitrl.judge", "rules")))) {
      for (int i = 0; i < 12; i++) {
        host.episodeListeners().get(0).onEpisodeEnd(episode("e" + i, i)).toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    }
    String url = pg.createDatabase("cli_copy");
    Result toPg = jitrl(pg, plugins, "memory", "copy", "--from", source.toString(), "--to", url);
    assertEquals(0, toPg.code(), toPg.err());
    assertTrue(toPg.out().contains("12 episodes read") && toPg.out().contains("12 stored"), toPg.out());

    Result stats = jitrl(pg, plugins, "memory", "stats", "--memory", url);
    assertEquals(0, stats.code(), stats.err());
    assertTrue(stats.out().contains("episodes=12") && stats.out().contains("steps=24"), stats.out());
    assertTrue(stats.out().contains("memory=jdbc:postgresql://127.0.0.1:" + pg.port() + "/cli_copy"), stats.out());

    Path back = dir.resolve("back.sqlite");
    Result toLite = jitrl(pg, plugins, "memory", "copy", "--from", url, "--to", back.toString());
    assertEquals(0, toLite.code(), toLite.err());

    Path a = dir.resolve("a.jsonl");
    Path b = dir.resolve("b.jsonl");
    Path c = dir.resolve("c.jsonl");
    assertEquals(0, jitrl(pg, plugins, "memory", "export", "--memory", source.toString(), "--out", a.toString()).code());
    assertEquals(0, jitrl(pg, plugins, "memory", "export", "--memory", url, "--out", b.toString()).code());
    assertEquals(0, jitrl(pg, plugins, "memory", "export", "--memory", back.toString(), "--out", c.toString()).code());
    String original = Files.readString(a, StandardCharsets.UTF_8);
    assertEquals(12, original.lines().count());
    assertTrue(original.contains("\\u0000"), "the NUL made it into the memory");
    assertEquals(original, Files.readString(b, StandardCharsets.UTF_8), "SQLite -> PostgreSQL lost nothing");
    assertEquals(original, Files.readString(c, StandardCharsets.UTF_8), "and back to SQLite lost nothing");

    Result again = jitrl(pg, plugins, "memory", "copy", "--from", source.toString(), "--to", url);
    assertTrue(again.out().contains("0 stored") && again.out().contains("12 already there"), again.out());

    for (Result r : List.of(toPg, stats, toLite, again)) {
      assertFalse((r.out() + r.err()).contains(pg.password()), "the password is never printed");
    }
  }
}
