package dev.jitrl.api;

/**
 * A request to a language model.
 *
 * @param system instructions the model must follow; never blank
 * @param user the material to work on. Anything taken from a web page must be quoted here as data, never
 *     placed in {@code system}.
 * @param maxTokens upper bound on generated tokens, &gt; 0
 * @param json whether the reply must be a single JSON value (hosts constrain the model if they can)
 */
public record ModelRequest(String system, String user, int maxTokens, boolean json) {
  public ModelRequest {
    Checks.notBlank(system, "system");
    Checks.notNull(user, "user");
    if (maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be > 0 but was " + maxTokens);
    }
  }
}
