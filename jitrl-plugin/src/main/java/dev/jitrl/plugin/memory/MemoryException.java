package dev.jitrl.plugin.memory;

import dev.jitrl.api.JitRlException;

/** The memory cannot be opened, read or written. The message names the file and the cause. */
public class MemoryException extends JitRlException {
  private static final long serialVersionUID = 1L;

  public MemoryException(String message) {
    super(message);
  }

  public MemoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
