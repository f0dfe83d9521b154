package dev.jitrl.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end over the {@code fixture} suite, with an empty plugins folder. */
class JitrlCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = JitrlCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void bench_compareOnFixtureSuite_writesReportAndPrintsItsPath(@TempDir Path tmp) throws Exception {
    Path plugins = Files.createDirectory(tmp.resolve("plugins"));
    Path report = tmp.resolve("report");
    int code = run("bench", "--suite", "fixture", "--episodes", "1", "--tasks", "press-save", "--compare",
        "--plugins", plugins.toString(), "--out", report.toString());
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("report: " + report.resolve("report.html").toAbsolutePath()), out.toString());
    assertTrue(out.toString().contains("static  success by episode [1.00]"), out.toString());
    assertTrue(Files.size(report.resolve("learning-curves.png")) > 0);
    assertTrue(err.toString().contains("the jitrl arm is the static agent"), err.toString());
  }

  @Test
  void bench_seedsOnASuiteWithoutSeeds_failsSayingSo(@TempDir Path tmp) {
    int code = run("bench", "--suite", "fixture", "--tasks", "press-save", "--seeds", "1,2", "--plugins", tmp.toString(),
        "--out", tmp.resolve("r").toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("the fixture suite has no seeds"), err.toString());
  }

  @Test
  void run_unknownSuite_failsWithAMessageNamingTheAvailableSuites(@TempDir Path tmp) {
    int code = run("run", "--suite", "nope", "--task", "x", "--static", "--plugins", tmp.toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("no task suite named 'nope' in this build; available: [fixture, local, miniwob]"), err.toString());
  }

  @Test
  void memory_noPluginOffersIt_failsWithAMessage(@TempDir Path tmp) {
    int code = run("memory", "stats", "--plugins", tmp.toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("offers memory administration"), err.toString());
  }
}
