package dev.jitrl.plugin.config;

/**
 * How raw advantages {@code A = Q - V} are brought into the fixed range [-1, 1] before {@code z' = z + beta·A}.
 */
public enum AdvantageScaling {
  /** Divide by the largest |A| of the step: the best candidate always moves by exactly beta. */
  MAX,
  /** Divide by {@code jitrl.reward.scale} and clip to [-1, 1]: small differences move logits a little. */
  REWARD
}
