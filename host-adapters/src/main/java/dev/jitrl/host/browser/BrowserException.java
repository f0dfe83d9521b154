package dev.jitrl.host.browser;

import dev.jitrl.api.JitRlException;

/** The browser could not be started or driven. */
public class BrowserException extends JitRlException {
  private static final long serialVersionUID = 1L;

  public BrowserException(String message, Throwable cause) {
    super(message, cause);
  }

  public BrowserException(String message) {
    super(message);
  }
}
