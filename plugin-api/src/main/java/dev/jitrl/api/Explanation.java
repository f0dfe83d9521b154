package dev.jitrl.api;

import java.util.List;
import java.util.Map;

/**
 * Why a selection came out as it did, for logs and for people.
 *
 * @param summary one line a person can read ("memory of 10 similar steps moved the choice from A to B")
 * @param changedChoice whether the chosen candidate differs from the policy's own argmax
 * @param fallback whether the plugin could not do better and returned the host's distribution unchanged
 *     (no memory, disabled, or an internal error; {@link #summary()} says which)
 * @param candidates one note per candidate, in the order of the selection's distribution
 * @param facts further named values (neighbour count, baseline value, thresholds); may be empty
 */
public record Explanation(
    String summary, boolean changedChoice, boolean fallback, List<CandidateNote> candidates, Map<String, String> facts) {
  public Explanation {
    Checks.notNull(summary, "summary");
    candidates = List.copyOf(Checks.notNull(candidates, "candidates"));
    facts = Map.copyOf(Checks.notNull(facts, "facts"));
  }

  /** An explanation for an unchanged distribution. */
  public static Explanation unchanged(String reason) {
    return new Explanation(reason, false, true, List.of(), Map.of());
  }
}
