package dev.jitrl.plugin.memory;

import dev.jitrl.plugin.state.NormalizedAction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One remembered step: where it was taken, what was done, and how it turned out.
 *
 * @param id the row id in the memory (0 before it is stored); increases with insertion order
 * @param stepIndex position in its episode
 * @param goal the episode's task goal
 * @param site the site of the page
 * @param urlPattern the regularized URL of the page
 * @param context normalized actions taken on this page before (DESIGN.md §2.1)
 * @param action the normalized action
 * @param rawAction the action as the host described it (ids included), for people reading the memory
 * @param reward the judge's reward for the step
 * @param ret the discounted return from this step on
 * @param reason why the judge gave that reward
 * @param explanation the decision's explanation as JSON, when the plugin made the decision
 * @param episodeId the row id of the step's episode in the memory (0 when not known: before it is stored, or
 *     for steps read one by one); retrieval uses it to bound how much one episode can weigh
 */
public record StoredStep(
    long id,
    int stepIndex,
    String goal,
    String site,
    String urlPattern,
    List<String> context,
    NormalizedAction action,
    String rawAction,
    double reward,
    double ret,
    String reason,
    Optional<String> explanation,
    long episodeId) {
  public StoredStep {
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(urlPattern, "urlPattern");
    context = List.copyOf(context);
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(rawAction, "rawAction");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(explanation, "explanation");
  }

  /** A step whose episode is not known (episode id 0). */
  public StoredStep(long id, int stepIndex, String goal, String site, String urlPattern, List<String> context,
      NormalizedAction action, String rawAction, double reward, double ret, String reason, Optional<String> explanation) {
    this(id, stepIndex, goal, site, urlPattern, context, action, rawAction, reward, ret, reason, explanation, 0);
  }

  /** The key of the step's page kind: {@code site + urlPattern}. */
  public String patternKey() {
    return site + urlPattern;
  }
}
