package dev.jitrl.api;

import java.util.OptionalDouble;

/**
 * Why one candidate got the logit it got.
 *
 * @param action the action in the plugin's normalized form ({@code click(<link[Reports]>)})
 * @param priorLogit the policy's logit (for memory-only candidates: the prior the plugin gave it)
 * @param logit the logit after modulation
 * @param value the estimated value of taking the action here, when the plugin has one
 * @param advantage the (scaled) advantage that shifted the logit; 0 when unchanged
 * @param support how many remembered steps took this action in similar situations
 * @param note a short remark ({@code "seen"}, {@code "explore"}, {@code "memory-only"}, {@code "unseen"})
 */
public record CandidateNote(
    String action, double priorLogit, double logit, OptionalDouble value, double advantage, int support, String note) {
  public CandidateNote {
    Checks.notBlank(action, "action");
    Checks.notNull(value, "value");
    Checks.nonNegative(support, "support");
    Checks.notNull(note, "note");
  }
}
