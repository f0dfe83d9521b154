package dev.jitrl.host.browser;

/**
 * A child JVM for {@link ChromiumBrowserTest}: launches a browser, prints its profile folder, then waits to be
 * stopped (the test sends SIGTERM, as Ctrl-C or a supervisor would).
 */
public final class BrowserShutdownMain {
  private BrowserShutdownMain() {}

  public static void main(String[] args) throws Exception {
    ChromiumBrowser browser = ChromiumLauncher.fromEnvironment().launch();
    System.out.println("profile=" + browser.profile());
    System.out.flush();
    Thread.currentThread().join(); // until the JVM is stopped; never closes the browser itself
  }
}
