package dev.jitrl.api;

import java.util.List;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * The host's action-selection extension point: a plugin sees the policy's candidates with their logits and
 * returns the distribution the host should act on.
 *
 * <p>Hosts call every enabled extension in order, feeding each one the previous one's distribution (its
 * candidates with their modulated logits), and execute the final {@link Selection#chosen()} (or sample from
 * the distribution if the host samples).
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>Cheap: it runs on every step. No network or model call on this path.</li>
 *   <li>Total: it never throws into the host. On any internal failure it returns
 *       {@link Selection#unchanged(List, Explanation)} with the reason in the explanation.</li>
 *   <li>Thread-safe: several agents may share one instance.</li>
 * </ul>
 *
 * <p>A plugin may also decide a step on its own, before the host pays for its policy (a language model call):
 * see {@link #replay(DecisionContext, List)}. A host that does not call {@code replay} loses nothing but speed.
 */
public interface ActionSelectionExtension extends ExtensionPoint {

  /**
   * Rewrites the policy's distribution for one step.
   *
   * @param context the task, the current page and the episode so far
   * @param candidates the policy's candidates; never empty, logits finite
   * @return the selection; its distribution holds every given candidate and possibly more
   *     ({@link CandidateSource#MEMORY})
   */
  Selection select(DecisionContext context, List<Candidate> candidates);

  /**
   * Decides the step from the plugin's memory alone, when the plugin is sure; the host then executes the
   * returned action without asking its policy. The default answers empty: the plugin never decides alone.
   *
   * <p>How a host uses it, per step:
   * <ol>
   *   <li>Observe the page and build the candidate actions cheaply, without the expensive part of the policy
   *       (the candidates' logits may be a cheap prior, or all 0).</li>
   *   <li>Call {@code replay} on each enabled extension in order, within the same time budget as
   *       {@link #select}; the first non-empty answer decides the step.</li>
   *   <li>Check the answer: an action with a target must name an element of {@code context.observation()},
   *       equal to it. An answer that fails the check, throws or runs late is ignored for this step.</li>
   *   <li>Execute the action and record the {@link Step} with {@link Step#chosenBy()} set to the plugin. When
   *       it fails or changes nothing, the host decides the next step with its policy (no replay), so the
   *       episode goes on; the plugin sees the failed step in the next context's history and lowers its
   *       confidence.</li>
   *   <li>With no answer: score the candidates with the policy (the model call) and go on with {@link #select}
   *       as usual.</li>
   * </ol>
   *
   * <p>Contract for implementations: cheap and total like {@link #select} (on an internal error: empty);
   * answer only when sure, with an explanation saying why (support, value, margin); text the action types
   * comes from {@code context.goal()}, never from what another run typed.
   *
   * @param context the task, the current page and the episode so far
   * @param candidates the host's cheap candidates for this step; may be empty
   * @return the action to take without asking the policy, or empty to let the policy decide
   */
  default Optional<Replay> replay(DecisionContext context, List<Candidate> candidates) {
    return Optional.empty();
  }

  /**
   * The given candidates the plugin has good evidence about for this step, best first. A host whose policy scores
   * only some of its candidates (a language model shown a bounded list of options) puts these among the scored
   * ones, so that an action memory knows to work is not left at the policy's floor. The default answers none.
   *
   * <p>Contract: cheap and total like {@link #select} (on an internal error: an empty list); every returned
   * candidate is one of {@code candidates}; a host ignores anything else.
   *
   * @param context the task, the current page and the episode so far
   * @param candidates the host's cheap candidates for this step; may be empty
   * @return a subset of {@code candidates}, best first; may be empty
   */
  default List<Candidate> remembered(DecisionContext context, List<Candidate> candidates) {
    return List.of();
  }
}
