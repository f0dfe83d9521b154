package dev.jitrl.api;

import java.util.List;
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
}
