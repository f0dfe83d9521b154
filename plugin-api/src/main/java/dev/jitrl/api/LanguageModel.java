package dev.jitrl.api;

/**
 * A language model the host lends to plugins (for example to a reflective judge).
 *
 * <p>Implementations are thread-safe, bound their own time and retries, and never put credentials in the
 * messages of the exceptions they throw.
 */
public interface LanguageModel {

  /** A short name for logs and reports ({@code "gemma3-270m"}, {@code "gpt-4o-mini"}). */
  String name();

  /**
   * Generates a reply.
   *
   * @throws JitRlException if the model cannot answer (unreachable, timed out, refused)
   */
  ModelReply complete(ModelRequest request);
}
