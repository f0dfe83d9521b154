package dev.jitrl.plugin.memory;

/**
 * The memory's server cannot be reached now (refused, gone, timed out, shutting down): the same request may work
 * later. A write that fails this way waits in the outbox; any other {@link MemoryException} is final.
 */
final class MemoryUnavailableException extends MemoryException {
  private static final long serialVersionUID = 1L;

  public MemoryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
