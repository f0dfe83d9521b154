package dev.jitrl.host.testing;

import dev.jitrl.api.ActionSelectionExtension;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Episode;
import dev.jitrl.api.EpisodeListener;
import dev.jitrl.api.Explanation;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.api.Selection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny learning stand-in (not JitRL): remembers the first move of every failed episode and, when the
 * policy proposes it again as its first move, chooses the next best candidate instead.
 */
public final class AvoidFailedFirstMoves implements ActionSelectionExtension, EpisodeListener {
  private final Set<String> bad = ConcurrentHashMap.newKeySet();

  private static String key(Candidate c) {
    return c.action().type() + ":" + c.action().target().map(e -> e.role() + "[" + e.name() + "]").orElse("");
  }

  @Override
  public Selection select(DecisionContext context, List<Candidate> candidates) {
    Selection base = Selection.unchanged(candidates, Explanation.unchanged("nothing remembered"));
    if (context.stepIndex() != 0 || !bad.contains(key(base.chosen()))) {
      return base;
    }
    for (Candidate c : candidates.stream().sorted((a, b) -> Double.compare(b.logit(), a.logit())).toList()) {
      if (!bad.contains(key(c))) {
        return new Selection(c, base.distribution(),
            new Explanation("avoided " + key(base.chosen()) + ", which failed before", true, false, List.of(), Map.of()));
      }
    }
    return base;
  }

  @Override
  public CompletionStage<Void> onEpisodeEnd(Episode episode) {
    if (episode.outcome().status() == OutcomeStatus.FAILURE && !episode.steps().isEmpty()) {
      var first = episode.steps().get(0).action();
      bad.add(first.type() + ":" + first.target().map(e -> e.role() + "[" + e.name() + "]").orElse(""));
    }
    return CompletableFuture.completedFuture(null);
  }
}
