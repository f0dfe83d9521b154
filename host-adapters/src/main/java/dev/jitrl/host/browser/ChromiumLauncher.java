package dev.jitrl.host.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts headless Chromium with an explicit browser binary and driver, so that Selenium Manager never
 * downloads anything. Paths default to the Debian packages and can be overridden with {@code JITRL_CHROMIUM}
 * and {@code JITRL_CHROMEDRIVER}.
 */
public final class ChromiumLauncher {
  public static final String DEFAULT_BINARY = "/usr/bin/chromium";
  public static final String DEFAULT_DRIVER = "/usr/bin/chromedriver";

  private final Path binary;
  private final Path driver;
  private final Duration pageLoadTimeout;

  public ChromiumLauncher(Path binary, Path driver, Duration pageLoadTimeout) {
    this.binary = Objects.requireNonNull(binary, "binary must not be null");
    this.driver = Objects.requireNonNull(driver, "driver must not be null");
    this.pageLoadTimeout = Objects.requireNonNull(pageLoadTimeout, "pageLoadTimeout must not be null");
  }

  /** Paths from {@code JITRL_CHROMIUM} / {@code JITRL_CHROMEDRIVER}, else the Debian defaults. */
  public static ChromiumLauncher fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static ChromiumLauncher fromEnvironment(Map<String, String> env) {
    return new ChromiumLauncher(
        Path.of(env.getOrDefault("JITRL_CHROMIUM", DEFAULT_BINARY)),
        Path.of(env.getOrDefault("JITRL_CHROMEDRIVER", DEFAULT_DRIVER)),
        Duration.ofSeconds(30));
  }

  /**
   * Launches one browser with a fresh profile.
   *
   * @throws BrowserException if the binary or driver is missing or the browser does not start
   */
  public ChromiumBrowser launch() {
    requireExecutable(binary, "JITRL_CHROMIUM");
    requireExecutable(driver, "JITRL_CHROMEDRIVER");
    Path profile;
    try {
      profile = Files.createTempDirectory("jitrl-chromium-");
    } catch (IOException e) {
      throw new BrowserException("cannot create a browser profile folder: " + e.getMessage(), e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    // Keep alert/confirm dialogs open so the agent can observe them and decide to accept or dismiss.
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver.toFile())
        .usingAnyFreePort()
        .withSilent(true)
        .build();
    try {
      ChromeDriver chrome = new ChromeDriver(service, options);
      chrome.manage().timeouts().pageLoadTimeout(pageLoadTimeout);
      chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
      return new ChromiumBrowser(chrome, profile);
    } catch (RuntimeException e) {
      service.stop();
      ChromiumBrowser.deleteTree(profile);
      throw new BrowserException("Chromium did not start (" + binary + ", " + driver + "): " + firstLine(e), e);
    }
  }

  private static void requireExecutable(Path p, String envName) {
    File f = p.toFile();
    if (!f.canExecute()) {
      throw new BrowserException(p + " is not an executable file; install Chromium or set " + envName);
    }
  }

  static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
