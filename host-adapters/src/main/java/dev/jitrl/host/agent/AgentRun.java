package dev.jitrl.host.agent;

import dev.jitrl.api.Episode;
import java.util.List;
import java.util.Optional;

/**
 * A finished episode and what the host knows beyond it.
 *
 * @param episode the episode as handed to the listeners
 * @param answer the agent's answer, if it gave one
 * @param stopReason why the loop stopped ("answered", "success", "max steps reached", "no candidates", ...)
 * @param changedChoices in how many steps a plugin changed the policy's choice
 * @param fallbacks how many plugin calls were ignored (error, foreign choice, too slow)
 * @param listenerFailures one line per post-run hook that threw, failed or did not finish within the host's
 *     budget (the host went on without it)
 */
public record AgentRun(Episode episode, Optional<String> answer, String stopReason, int changedChoices, int fallbacks,
    List<String> listenerFailures) {
  public AgentRun {
    listenerFailures = List.copyOf(listenerFailures);
  }
}
