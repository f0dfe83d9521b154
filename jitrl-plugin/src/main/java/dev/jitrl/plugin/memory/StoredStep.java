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
 * @param instance the task instance the host named for the step's episode ("" when it named none): steps of the same
 *     goal text and another named instance are another instance's evidence, not this one's
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
    long episodeId,
    String instance) {
  public StoredStep {
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(urlPattern, "urlPattern");
    context = List.copyOf(context);
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(rawAction, "rawAction");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(explanation, "explanation");
    Objects.requireNonNull(instance, "instance");
  }

  /** The key of the step's page kind: {@code site + urlPattern}. */
  public String patternKey() {
    return site + urlPattern;
  }

  /** A builder: the step's values by name. Ids default to 0 (not stored), context to none, explanation to absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link StoredStep}; the record's constructor checks the values. */
  public static final class Builder {
    private long id;
    private int stepIndex;
    private String goal;
    private String site;
    private String urlPattern;
    private List<String> context = List.of();
    private NormalizedAction action;
    private String rawAction;
    private double reward;
    private double ret;
    private String reason;
    private Optional<String> explanation = Optional.empty();
    private long episodeId;
    private String instance = "";

    private Builder() {}

    public Builder id(long value) {
      this.id = value;
      return this;
    }

    public Builder stepIndex(int value) {
      this.stepIndex = value;
      return this;
    }

    public Builder goal(String value) {
      this.goal = value;
      return this;
    }

    public Builder site(String value) {
      this.site = value;
      return this;
    }

    public Builder urlPattern(String value) {
      this.urlPattern = value;
      return this;
    }

    public Builder context(List<String> value) {
      this.context = value;
      return this;
    }

    public Builder action(NormalizedAction value) {
      this.action = value;
      return this;
    }

    public Builder rawAction(String value) {
      this.rawAction = value;
      return this;
    }

    public Builder reward(double value) {
      this.reward = value;
      return this;
    }

    /** The discounted return from this step on. */
    public Builder ret(double value) {
      this.ret = value;
      return this;
    }

    public Builder reason(String value) {
      this.reason = value;
      return this;
    }

    public Builder explanation(Optional<String> value) {
      this.explanation = value;
      return this;
    }

    public Builder episodeId(long value) {
      this.episodeId = value;
      return this;
    }

    /** The task instance the host named for the step's episode ("" by default: none). */
    public Builder instance(String value) {
      this.instance = value;
      return this;
    }

    public StoredStep build() {
      return new StoredStep(id, stepIndex, goal, site, urlPattern, context, action, rawAction, reward, ret, reason,
          explanation, episodeId, instance);
    }
  }
}
