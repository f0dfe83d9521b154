package dev.jitrl.api;

/**
 * A step a plugin decided from its memory alone, before the host asked its policy (see
 * {@link ActionSelectionExtension#replay(DecisionContext, java.util.List)}).
 *
 * @param action the action to execute; when it has a target, that element is one of the current observation's
 *     elements, equal to it (same id, role, label, text and value)
 * @param support how many distinct successful past runs took this action in a similar state; &gt;= 1
 * @param value the remembered value of the action here (the mean return that followed it)
 * @param margin by how much the action's value, less its spread, exceeds the best alternative's
 * @param explanation why memory was sure, for logs, reports and the stored step; never a fallback
 */
public record Replay(Action action, int support, double value, double margin, Explanation explanation) {
  public Replay {
    Checks.notNull(action, "action");
    if (support < 1) {
      throw new IllegalArgumentException("support must be >= 1 but was " + support);
    }
    Checks.finite(value, "value");
    Checks.finite(margin, "margin");
    Checks.notNull(explanation, "explanation");
    if (explanation.fallback()) {
      throw new IllegalArgumentException("a replay's explanation cannot be a fallback");
    }
  }
}
