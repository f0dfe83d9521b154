package dev.jitrl.host.testing;

import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.browser.ChromiumLauncher;

/** The one way tests get a real headless Chromium. */
public final class Browsers {
  private Browsers() {}

  public static ChromiumBrowser launch() {
    return ChromiumLauncher.fromEnvironment().launch();
  }
}
