package dev.jitrl.host.agent;

import dev.jitrl.api.Explanation;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import java.util.List;
import java.util.Optional;

/**
 * What the agent did in one step, for printing.
 *
 * @param step the recorded step
 * @param selection the distribution the host acted on
 * @param changedBy the explanation of the plugin that changed the policy's choice, if one did
 * @param fallbacks why plugins were ignored in this step (one line per plugin; empty when none was)
 */
public record StepReport(Step step, Selection selection, Optional<Explanation> changedBy, List<String> fallbacks) {
  public StepReport {
    fallbacks = List.copyOf(fallbacks);
  }
}
