package dev.jitrl.plugin.replay;

import dev.jitrl.plugin.config.ReplaySettings;
import dev.jitrl.plugin.retrieval.Neighbour;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * When memory is sure enough of one action to take it without asking the host's policy. Sure means all of:
 * <ul>
 *   <li>support: at least {@code minEpisodes} distinct successful runs took the action in a similar state (same
 *       page kind, context within the similarity threshold, goal at least {@code minGoalSimilarity} alike). A
 *       step counts as a success when its return is positive: a failed run's returns are capped at 0, so only a
 *       successful run leaves a positive return;</li>
 *   <li>value: its mean return Q is at least {@code minValue};</li>
 *   <li>dominance: Q less the standard error of its returns (the spread) exceeds the best other remembered
 *       action's Q, and 0 (an action memory knows nothing about), by at least {@code minMargin};</li>
 *   <li>no recent failure: its latest remembered outcome here is a success (a step of a failed run, or a detour of
 *       a successful one, has a return of at most 0), and no replay of it here failed since its latest success.</li>
 * </ul>
 * Pure and cheap: one pass over the (at most k) neighbours.
 */
public final class ReplayRule {
  /** Goal similarity of a step of the very same instance of a task (its goal word for word, the same instance). */
  public static final double SAME_GOAL = 1.0;
  private final ReplaySettings settings;

  public ReplayRule(ReplaySettings settings) {
    this.settings = settings;
  }

  /**
   * Assesses the neighbours of the current state.
   *
   * @param neighbours the retrieved neighbours (the same as the decision's)
   * @param replayFailedAt for an action text, the newest step id memory held when a replay of it here failed;
   *     {@code Long.MIN_VALUE} when none failed
   */
  public Assessment assess(List<Neighbour> neighbours, ToLongFunction<String> replayFailedAt) {
    Map<String, Acc> byAction = new LinkedHashMap<>();
    for (Neighbour n : neighbours) {
      if (n.goalSimilarity() < settings.minGoalSimilarity()) {
        continue; // another task's step on this page kind: it says nothing sure about this goal
      }
      byAction.computeIfAbsent(n.action().text(), a -> new Acc()).add(n);
    }
    if (byAction.isEmpty()) {
      return Assessment.notSure("no remembered step here with a goal this similar");
    }
    String best = null;
    Acc top = null;
    for (Map.Entry<String, Acc> e : byAction.entrySet()) {
      Acc a = e.getValue();
      if (top == null || a.mean() > top.mean() || (a.mean() == top.mean() && a.successes.size() > top.successes.size())) {
        best = e.getKey();
        top = a;
      }
    }
    double alternative = 0; // an action memory knows nothing about counts as neutral
    for (Map.Entry<String, Acc> e : byAction.entrySet()) {
      if (!e.getKey().equals(best)) {
        alternative = Math.max(alternative, e.getValue().mean());
      }
    }
    double q = top.mean();
    double spread = top.standardError();
    double margin = q - spread - alternative;
    int support = top.successes.size();
    String why;
    if (support < settings.minEpisodes()) {
      why = "support " + support + " < " + settings.minEpisodes() + " successful runs";
    } else if (q < settings.minValue()) {
      why = String.format(java.util.Locale.ROOT, "value %.2f < %.2f", q, settings.minValue());
    } else if (margin < settings.minMargin()) {
      why = String.format(java.util.Locale.ROOT, "margin %.2f < %.2f", margin, settings.minMargin());
    } else if (top.lastFailure > top.lastSuccess) {
      why = "its latest outcome here was a failure";
    } else if (replayFailedAt.applyAsLong(best) >= top.lastSuccess) {
      why = "a replay of it here failed since its latest success";
    } else {
      return new Assessment(true, best, support, q, spread, margin, alternative, "sure", top.ownSuccess, top.goals);
    }
    return new Assessment(false, best, support, q, spread, margin, alternative, why, top.ownSuccess, top.goals);
  }

  /** Returns of one remembered action. */
  private static final class Acc {
    double sum;
    double sumSq;
    int n;
    final Set<Long> successes = new HashSet<>();
    long lastSuccess = Long.MIN_VALUE;
    long lastFailure = Long.MIN_VALUE;
    /** Whether a run of this very instance took it to a success. */
    boolean ownSuccess;
    /** The goals of the other runs that took it to a success ("" for runs whose goal is not known). */
    final Set<String> goals = new HashSet<>();

    void add(Neighbour nb) {
      sum += nb.ret();
      sumSq += nb.ret() * nb.ret();
      n++;
      if (nb.ret() > dev.jitrl.plugin.judge.Returns.SUCCESS_EVIDENCE) {
        successes.add(nb.episode());
        lastSuccess = Math.max(lastSuccess, nb.stepId());
        if (nb.goalSimilarity() >= SAME_GOAL) {
          ownSuccess = true;
        } else {
          goals.add(nb.goal());
        }
      } else {
        lastFailure = Math.max(lastFailure, nb.stepId());
      }
    }

    double mean() {
      return sum / n;
    }

    double standardError() {
      double m = mean();
      double variance = Math.max(0, sumSq / n - m * m);
      return Math.sqrt(variance / n);
    }
  }

  /**
   * The rule's verdict for the best remembered action.
   *
   * @param sure whether memory may decide the step alone
   * @param action the best remembered action's normalized text (empty when memory has none)
   * @param support distinct successful runs that took it
   * @param value its mean return Q
   * @param spread the standard error of its returns
   * @param margin {@code value − spread − alternative}
   * @param alternative the best other remembered action's Q, at least 0
   * @param reason {@code "sure"} or the first condition that failed
   * @param ownSuccess whether a run of this very goal took it to a success
   * @param otherGoals the goals of the other instances' runs that took it to a success ("" for runs whose goal is not
   *     known; another instance may read word for word as this goal)
   */
  public record Assessment(boolean sure, String action, int support, double value, double spread, double margin,
      double alternative, String reason, boolean ownSuccess, Set<String> otherGoals) {
    public Assessment {
      otherGoals = Set.copyOf(otherGoals);
    }

    static Assessment notSure(String reason) {
      return new Assessment(false, "", 0, 0, 0, 0, 0, reason, false, Set.of());
    }
  }
}
