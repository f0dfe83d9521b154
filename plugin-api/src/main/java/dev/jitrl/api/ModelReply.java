package dev.jitrl.api;

/**
 * A language model's answer.
 *
 * @param text the generated text; may be empty
 * @param promptTokens tokens read, when the model reports them (0 otherwise)
 * @param completionTokens tokens generated, when the model reports them (0 otherwise)
 */
public record ModelReply(String text, int promptTokens, int completionTokens) {
  public ModelReply {
    Checks.notNull(text, "text");
    Checks.nonNegative(promptTokens, "promptTokens");
    Checks.nonNegative(completionTokens, "completionTokens");
  }
}
