package dev.jitrl.host.model;

/**
 * What a model has consumed: calls (each request to the model, retries included) and tokens.
 *
 * @param calls requests sent to the model
 * @param promptTokens tokens read, as reported
 * @param completionTokens tokens generated, as reported
 */
public record ModelUsage(long calls, long promptTokens, long completionTokens) {
  public static final ModelUsage NONE = new ModelUsage(0, 0, 0);

  public ModelUsage plus(ModelUsage o) {
    return new ModelUsage(calls + o.calls, promptTokens + o.promptTokens, completionTokens + o.completionTokens);
  }
}
