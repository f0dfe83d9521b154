/**
 * The contract between a web-agent host and its plugins.
 *
 * <p>A host observes a page ({@link dev.jitrl.api.Observation}), asks its policy for candidate actions with
 * logits ({@link dev.jitrl.api.Candidate}), lets a plugin that is sure decide the step from memory without the policy
 * ({@link dev.jitrl.api.ActionSelectionExtension#replay}, giving a {@link dev.jitrl.api.Replay}), else lets every enabled {@link dev.jitrl.api.ActionSelectionExtension}
 * rewrite that distribution, executes the chosen {@link dev.jitrl.api.Action} and records a
 * {@link dev.jitrl.api.Step}. When the run ends it hands the finished {@link dev.jitrl.api.Episode} to every
 * {@link dev.jitrl.api.EpisodeListener}.
 *
 * <p>Extensions are created by {@link dev.jitrl.api.HostServicesExtensionFactory}, which passes the host's
 * {@link dev.jitrl.api.HostServices} (configuration, clock, optional language model, metrics) to their
 * constructor. All values are immutable records validated on construction; no method returns {@code null}.
 */
package dev.jitrl.api;
