package dev.jitrl.api;

import java.util.concurrent.CompletionStage;
import org.pf4j.ExtensionPoint;

/**
 * The post-run hook: called once with every finished episode.
 *
 * <p>A listener may do its work asynchronously. Whatever it must persist is durable once the returned stage
 * completes normally; a host that is about to exit waits for it. Implementations never throw from this
 * method: a failure completes the stage exceptionally with a message that says what was lost.
 */
public interface EpisodeListener extends ExtensionPoint {

  /**
   * Handles a finished episode.
   *
   * @param episode the episode, with all its steps and its outcome
   * @return a stage that completes when the listener's work (scoring, storing) is done and durable
   */
  CompletionStage<Void> onEpisodeEnd(Episode episode);
}
