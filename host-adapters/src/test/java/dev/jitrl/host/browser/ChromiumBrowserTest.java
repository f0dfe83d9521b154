package dev.jitrl.host.browser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChromiumBrowserTest {

  @Test
  void close_runningBrowser_quitsAndDeletesItsProfile() {
    ChromiumBrowser browser = ChromiumLauncher.fromEnvironment().launch();
    Path profile = browser.profile();
    assertTrue(Files.isDirectory(profile));
    browser.close();
    assertFalse(Files.exists(profile));
  }

  /**
   * A JVM stopped by SIGTERM while its browser runs (a `jitrl bench` interrupted) quits Chromium and deletes the
   * profile: no process that uses the profile is left behind.
   */
  @Test
  void sigterm_runningHost_quitsItsBrowserAndDeletesTheProfile() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        BrowserShutdownMain.class.getName()).redirectErrorStream(true).start();
    Path profile = null;
    try (java.io.BufferedReader out = new java.io.BufferedReader(
        new java.io.InputStreamReader(child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("profile=")) {
          profile = Path.of(line.substring("profile=".length()));
          break;
        }
      }
      assertTrue(profile != null, "the child printed no profile");
      assertTrue(Files.isDirectory(profile));
      assertFalse(processesUsing(profile).isEmpty(), "Chromium runs with the profile before the stop");
      child.destroy(); // SIGTERM
      assertTrue(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the child JVM did not stop");
    } finally {
      child.destroyForcibly();
    }
    java.util.List<String> left = processesUsing(profile);
    for (String pid : left) {
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly); // what this test started
    }
    boolean profileLeft = Files.exists(profile);
    ChromiumBrowser.deleteTree(profile);
    assertTrue(left.isEmpty(), "processes left running: " + left);
    assertFalse(profileLeft, "profile left on disk: " + profile);
  }

  /** The PIDs of processes whose command line names {@code profile} (Linux /proc). */
  private static java.util.List<String> processesUsing(Path profile) throws java.io.IOException {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8);
          if (cmd.contains(profile.toString())) {
            out.add(p.getFileName().toString());
          }
        } catch (java.io.IOException gone) {
          // the process ended while we looked
        }
      }
    }
    return out;
  }

  @Test
  void launch_missingDriver_failsNamingTheEnvironmentVariable() {
    ChromiumLauncher launcher = ChromiumLauncher.fromEnvironment(Map.of("JITRL_CHROMEDRIVER", "/nonexistent/driver"));
    BrowserException e = assertThrows(BrowserException.class, launcher::launch);
    assertTrue(e.getMessage().contains("JITRL_CHROMEDRIVER"), e.getMessage());
  }
}
