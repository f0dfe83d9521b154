package dev.jitrl.api;

/** Where a candidate action came from. */
public enum CandidateSource {
  /** Proposed by the host's policy. */
  POLICY,
  /** Added by a plugin from its memory of past runs. */
  MEMORY
}
