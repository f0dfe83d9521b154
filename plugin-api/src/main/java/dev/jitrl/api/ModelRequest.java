package dev.jitrl.api;

import java.util.Optional;

/**
 * A request to a language model.
 *
 * @param system instructions the model must follow; never blank
 * @param user the material to work on. Anything taken from a web page must be quoted here as data, never
 *     placed in {@code system}.
 * @param maxTokens upper bound on generated tokens, &gt; 0
 * @param json whether the reply must be a single JSON value (hosts constrain the model if they can)
 * @param jsonSchema when present, the JSON Schema the reply must follow (implies {@code json}); hosts that can
 *     constrain decoding to a schema do so, others treat it as {@code json}. A fixed schema keeps a small model's
 *     reply in the one shape the caller reads.
 */
public record ModelRequest(String system, String user, int maxTokens, boolean json, Optional<String> jsonSchema) {
  public ModelRequest {
    Checks.notBlank(system, "system");
    Checks.notNull(user, "user");
    Checks.notNull(jsonSchema, "jsonSchema");
    if (maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be > 0 but was " + maxTokens);
    }
    if (jsonSchema.isPresent() && !json) {
      throw new IllegalArgumentException("a request with a jsonSchema must have json = true");
    }
  }

  /** A request without a schema. */
  public ModelRequest(String system, String user, int maxTokens, boolean json) {
    this(system, user, maxTokens, json, Optional.empty());
  }
}
