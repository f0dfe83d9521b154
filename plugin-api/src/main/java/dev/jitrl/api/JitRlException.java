package dev.jitrl.api;

/** The root of the exceptions that hosts and plugins of this API throw at each other. */
public class JitRlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JitRlException(String message) {
    super(message);
  }

  public JitRlException(String message, Throwable cause) {
    super(message, cause);
  }
}
