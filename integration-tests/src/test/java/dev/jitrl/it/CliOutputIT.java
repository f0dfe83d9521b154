package dev.jitrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command for people prints its result and its errors; the log appears only with {@code --verbose}. */
class CliOutputIT {
  @TempDir
  Path dir;

  private record Result(int code, String out, String err) {}

  private Path plugins;

  private Result jitrl(String... args) throws Exception {
    if (plugins == null) {
      plugins = PluginArchive.installInto(dir);
    }
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.jitrl.host.cli.JitrlCommand"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--plugins", plugins.toString()));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("jitrl " + String.join(" ", args) + " did not end in 120 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void memoryStats_printsItsFiguresWithoutLogLinesUnlessVerbose() throws Exception {
    String memory = dir.resolve("memory.sqlite").toString();
    Result quiet = jitrl("memory", "stats", "--memory", memory);
    assertEquals(0, quiet.code(), quiet.err());
    assertTrue(quiet.out().contains("steps="), quiet.out());
    assertFalse((quiet.out() + quiet.err()).contains(" INFO "), "no log lines by default:\n" + quiet.out() + quiet.err());

    Result verbose = jitrl("memory", "stats", "--memory", memory, "--verbose");
    assertEquals(0, verbose.code(), verbose.err());
    assertTrue(verbose.out().contains("steps="), verbose.out());
    assertTrue(verbose.err().contains(" INFO "), "--verbose shows the log:\n" + verbose.err());
  }
}
