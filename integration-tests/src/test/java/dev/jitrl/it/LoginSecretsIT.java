package dev.jitrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.HostServices;
import dev.jitrl.host.bench.BenchMode;
import dev.jitrl.host.bench.BenchReport;
import dev.jitrl.host.bench.BenchResults;
import dev.jitrl.host.bench.BenchRunner;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.browser.ChromiumLauncher;
import dev.jitrl.host.miniwob.MiniWobEnvironment;
import dev.jitrl.host.plugins.PluginHost;
import dev.jitrl.host.policy.LexicalPolicy;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;

/**
 * A MiniWoB++ login (the goal names a user and a password) through the real plugin zip: the password typed into
 * the password field reaches neither the memory file, nor its export, nor the host's and plugin's log, nor the
 * bench report; the user name, typed into a plain field, is stored as a reference to the goal, and the second
 * run on another instance replays it with its own values.
 */
class LoginSecretsIT {
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  @TempDir Path dir;

  @Test
  void loginUser_passwordNeverStoredLoggedOrReported_valuesStoredAsGoalReferences() throws Exception {
    Path plugins = PluginArchive.installInto(dir);
    Path memory = dir.resolve("memory.sqlite");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream err = System.err;
    List<String> passwords = new ArrayList<>();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // slf4j-simple writes to System.err
    try (MiniWobEnvironment env = new MiniWobEnvironment(MiniWobIT.pages(), List.of(4L, 6L), 10);
        PluginHost host = PluginHost.start(plugins, HostServices.of(Map.of(
            "jitrl.memory.path", memory.toString(), "jitrl.judge", "rules")));
        ChromiumBrowser browser = ChromiumLauncher.fromEnvironment().launch()) {
      BenchRunner runner = new BenchRunner(browser.driver(), new LexicalPolicy(), Duration.ofSeconds(5),
          Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));
      List<BenchResults> all = new ArrayList<>();
      for (String instance : List.of("login-user#4", "login-user#6")) {
        all.add(runner.run("miniwob", env, List.of(env.task(instance)),
            List.of(new BenchMode("jitrl", host.selectionHooks(), host.episodeListeners())), 1));
        String query = (String) ((JavascriptExecutor) browser.driver())
            .executeScript("return document.getElementById('query').textContent;");
        Matcher m = QUOTED.matcher(query);
        List<String> values = new ArrayList<>();
        while (m.find()) {
          values.add(m.group(1));
        }
        assertEquals(2, values.size(), "the goal names a user and a password: " + query);
        passwords.add(values.get(1));
      }
      for (BenchResults r : all) {
        assertTrue(r.results().get(0).success(), "the lexical policy logs in: " + r.results().get(0));
        BenchReport.write(r, dir.resolve("report-" + all.indexOf(r)));
      }
      StringWriter export = new StringWriter();
      host.memoryAdministrations().get(0).exportTo(export);
      Files.writeString(dir.resolve("export.jsonl"), export.toString());
      String exported = export.toString();
      assertTrue(exported.contains("{goal.q1}") && exported.contains("{goal.q2}"),
          "user name and password are stored as references to the goal: " + exported);
    } finally {
      System.setErr(err);
    }
    Files.writeString(dir.resolve("log.txt"), log.toString(StandardCharsets.UTF_8));
    assertTrue(log.size() > 0, "the run logged something to scan");
    for (String password : passwords) {
      assertTrue(password.length() >= 2, "a password to look for: " + password);
      List<String> hits = hits(dir, password);
      assertEquals(List.of(), hits, "the password '" + password.charAt(0) + "…' must not be written anywhere");
    }
    assertFalse(Files.readString(dir.resolve("log.txt")).isBlank());
  }

  /** Every file under the folder (memory with -wal/-shm, export, log, reports) holding the text as UTF-8 bytes. */
  private static List<String> hits(Path root, String secret) throws Exception {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("plugins")).toList()) {
        byte[] hay = Files.readAllBytes(p);
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
          for (int j = 0; j < needle.length; j++) {
            if (hay[i + j] != needle[j]) {
              continue outer;
            }
          }
          out.add(p.getFileName().toString());
          break;
        }
      }
    }
    return out;
  }
}
