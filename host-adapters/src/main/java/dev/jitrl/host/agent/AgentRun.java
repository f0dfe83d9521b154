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
 * @param replayedSteps steps a plugin decided from memory without the policy
 * @param replayFallbacks replays the host could not follow (ignored answers, replayed steps that failed or changed
 *     nothing, after which the policy decided)
 * @param policyCalls steps the policy scored (for a model policy: the steps that called the model)
 * @param replayNanosMax the slowest replay question of the episode, including the host's hand-off to the plugin
 *     thread (0 when no plugin was asked)
 */
public record AgentRun(Episode episode, Optional<String> answer, String stopReason, int changedChoices, int fallbacks,
    List<String> listenerFailures, int replayedSteps, int replayFallbacks, int policyCalls, long replayNanosMax) {
  public AgentRun {
    listenerFailures = List.copyOf(listenerFailures);
  }
}
