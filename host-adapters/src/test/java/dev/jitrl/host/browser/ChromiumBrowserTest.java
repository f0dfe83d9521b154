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

  @Test
  void launch_missingDriver_failsNamingTheEnvironmentVariable() {
    ChromiumLauncher launcher = ChromiumLauncher.fromEnvironment(Map.of("JITRL_CHROMEDRIVER", "/nonexistent/driver"));
    BrowserException e = assertThrows(BrowserException.class, launcher::launch);
    assertTrue(e.getMessage().contains("JITRL_CHROMEDRIVER"), e.getMessage());
  }
}
