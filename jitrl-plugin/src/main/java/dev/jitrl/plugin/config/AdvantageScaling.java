package dev.jitrl.plugin.config;

/**
 * How raw advantages {@code A = Q - V} are brought into the fixed range [-1, 1] before {@code z' = z + beta·A}.
 */
public enum AdvantageScaling {
  /** Divide by the largest |A| of the step: the best candidate always moves by exactly beta. */
  MAX,
  /** Divide by {@code jitrl.reward.scale} and clip to [-1, 1]: small differences move logits a little. */
  REWARD,
  /**
   * Divide by {@code jitrl.reward.scale}, clip to [-1, 1], then multiply by {@code sqrt(n)}, n the number of
   * neighbours that took the action: thin evidence moves a logit by at most beta, growing evidence without bound,
   * so a choice memory has seen fail again and again is overturned however confident the policy is.
   */
  EVIDENCE
}
