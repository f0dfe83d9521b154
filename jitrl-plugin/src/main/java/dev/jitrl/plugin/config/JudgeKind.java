package dev.jitrl.plugin.config;

/** Which reflective evaluator scores the steps of a finished episode. */
public enum JudgeKind {
  /** The host's language model scores every step in one call; falls back to {@link #RULES} without a model. */
  LLM,
  /** Rules: failed actions, error text, page changes, and the environment's outcome. */
  RULES,
  /** Only the environment's outcome, on the last step. */
  ENV
}
