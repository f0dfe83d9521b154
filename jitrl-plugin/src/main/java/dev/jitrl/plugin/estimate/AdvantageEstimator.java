package dev.jitrl.plugin.estimate;

import dev.jitrl.plugin.config.AdvantageScaling;
import dev.jitrl.plugin.judge.Returns;
import dev.jitrl.plugin.retrieval.HotIndex;
import dev.jitrl.plugin.retrieval.Neighbour;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Value and advantage estimates from neighbours (DESIGN.md §2.4–2.6):
 * {@code V(s)} = mean return over the neighbours, {@code Q(s,a)} = mean return over the neighbours that took
 * {@code a}, an unseen action gets {@code V + alpha/sqrt(|N|+1)} when the exploration coin says so and no
 * remembered action of the state has a value above {@code jitrl.exploration.maxValue}, and
 * {@code A = Q - V} is scaled into [-1, 1] by the step's largest |A| or by the reward scale; with evidence scaling
 * (the default) the reward-scaled advantage is multiplied by {@code sqrt(n)}, n the action's support, so that
 * repeated evidence can overturn any prior gap while one observation moves a logit by at most beta; its
 * baseline is the mean of the remembered actions' values, each action counted once, with one neutral value (0)
 * for the proposed actions memory knows nothing about: a lone remembered success is then pushed above unknown
 * actions, and a lone remembered failure below them. An action's value comes from the steps of the same goal when
 * memory has any for it here, and from other goals' steps only otherwise (this instance's outcome first).
 *
 * <p>One episode's returns are bounded by the others': when the neighbours come from at least three episodes,
 * each neighbour's return is clamped to the range of the returns of the other episodes' neighbours, widened by
 * {@code outlierMargin} (by default the span between the success and the failure reward). Honest memories are
 * untouched (their returns lie in that range); a single episode claiming extreme returns moves V and Q by at most
 * its share of the window times that range.
 */
public final class AdvantageEstimator {
  /** The goal similarity of a step of the same task instance (the same goal, word for word). */
  static final double SAME_GOAL = 1.0;

  private final double alpha;
  private final AdvantageScaling scaling;
  private final double rewardScale;
  private final double maxValue;
  private final double outlierMargin;

  /**
   * @param alpha the optimism bonus
   * @param scaling how advantages are brought into [-1, 1]
   * @param rewardScale the divisor for {@link AdvantageScaling#REWARD}
   * @param maxValue unseen actions get the optimistic value only when no remembered action of the state has a
   *     value above this
   */
  public AdvantageEstimator(double alpha, AdvantageScaling scaling, double rewardScale, double maxValue) {
    this(alpha, scaling, rewardScale, maxValue, Double.POSITIVE_INFINITY);
  }

  /**
   * @param outlierMargin how far beyond the other episodes' returns one episode's return may lie (infinite:
   *     no bound)
   */
  public AdvantageEstimator(
      double alpha, AdvantageScaling scaling, double rewardScale, double maxValue, double outlierMargin) {
    this.outlierMargin = outlierMargin;
    this.maxValue = maxValue;
    this.alpha = alpha;
    this.scaling = scaling;
    this.rewardScale = rewardScale;
  }

  /**
   * @param neighbours the retrieved neighbours; must not be empty
   * @param actions the candidates' normalized action texts
   * @param explore whether an unseen action (given its text) gets the optimistic value
   */
  public Estimates estimate(List<Neighbour> neighbours, List<String> actions, Predicate<String> explore) {
    if (neighbours.isEmpty()) {
      throw new IllegalArgumentException("no neighbours to estimate from");
    }
    double[] returns = boundedReturns(neighbours, outlierMargin);
    // A path credit is provisional ("not ruled out yet"): once a later run is blamed for the same action here, its
    // older path credits no longer speak for it (else they dilute the blame and the state is never explored again).
    Map<String, Long> newestBlame = new HashMap<>();
    for (int i = 0; i < returns.length; i++) {
      if (returns[i] <= Math.min(maxValue, 0)) {
        newestBlame.merge(neighbours.get(i).action().text(), neighbours.get(i).stepId(), Math::max);
      }
    }
    // Each action is judged by its most specific evidence. Evidence at this very state (the same clicks on this
    // page) speaks before evidence at states around it, and this instance's own outcomes before other instances':
    // - on a form of toggles the state with one more box ticked is a neighbour, and Submit's blame there must not
    //   outvote Submit's success here;
    // - a step that succeeded for another goal (a slider that already stood at its value) and failed for this one is
    //   judged by this goal's outcome, else the other goal's successes keep it promoted run after run;
    // - a click that failed at this state for another instance of the task (the second button pressed before the
    //   first) is not outvoted by this instance's successes with that click at a later state of the page.
    Map<String, Integer> bestTier = new HashMap<>();
    int[] tiers = new int[neighbours.size()];
    for (int i = 0; i < tiers.length; i++) {
      tiers[i] = tier(neighbours.get(i));
      bestTier.merge(neighbours.get(i).action().text(), tiers[i], Math::max);
    }
    // the actions judged by this goal's own outcomes (their support grows the evidence, see below)
    Set<String> ownEvidence = new HashSet<>();
    bestTier.forEach((a, t) -> {
      if ((t & SAME_GOAL_TIER) != 0) {
        ownEvidence.add(a);
      }
    });
    double sum = 0;
    int counted = 0;
    Map<String, double[]> byAction = new HashMap<>();
    for (int i = 0; i < returns.length; i++) {
      if (tiers[i] < bestTier.get(neighbours.get(i).action().text())) {
        continue;
      }
      Long blamedAt = newestBlame.get(neighbours.get(i).action().text());
      boolean pathCredit = Returns.isPathCredit(returns[i]);
      if (pathCredit && blamedAt != null && neighbours.get(i).stepId() < blamedAt) {
        continue;
      }
      if (pathCredit && neighbours.get(i).similarity() < 1.0 - 1e-9) {
        // a path credit marks the way to one instance's frontier from one state: for another goal it says nothing
        // (neutral), and this instance's credit at a neighbouring state (one box more or less ticked on the same
        // form) names another path's next step: not evidence here at all (counted as 0 it would hide the blame here
        // from exploration)
        if (neighbours.get(i).goalSimilarity() >= 1.0) {
          continue;
        }
        returns[i] = 0;
      }
      counted++;
      sum += returns[i];
      double[] acc = byAction.computeIfAbsent(neighbours.get(i).action().text(),
          x -> new double[] {0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
      acc[0] += returns[i];
      acc[1]++;
      acc[2] = Math.min(acc[2], returns[i]);
      acc[3] = Math.max(acc[3], returns[i]);
    }
    double v = counted == 0 ? 0 : sum / counted;
    double bonus = alpha / Math.sqrt(counted + 1.0);
    // Optimism only where memory knows no action that works: once one remembered action here has a value
    // above maxValue, trying unseen ones would only put a working path at risk.
    double bestKnown = Double.NEGATIVE_INFINITY;
    for (double[] acc : byAction.values()) {
      bestKnown = Math.max(bestKnown, acc[0] / acc[1]);
    }
    boolean optimistic = bestKnown <= maxValue;
    // Evidence scaling compares each action with the mean of the remembered actions' values (each action once):
    // with the neighbours' mean, an action that fills most of the window becomes its own baseline and its
    // advantage shrinks as its failures pile up.
    double baseline = v;
    if (scaling == AdvantageScaling.EVIDENCE) {
      double s = 0;
      int n = byAction.size();
      for (double[] acc : byAction.values()) {
        s += acc[0] / acc[1];
      }
      for (String a : actions) {
        if (!byAction.containsKey(a)) {
          n++; // the proposed actions memory knows nothing about count once, as neutral (0)
          break;
        }
      }
      baseline = n == 0 ? 0 : s / n;
    }
    List<ActionEstimate> raw = new ArrayList<>(actions.size());
    double maxAbs = 0;
    for (String a : actions) {
      double[] acc = byAction.get(a);
      OptionalDouble q;
      boolean explored = false;
      int support = 0;
      if (acc != null) {
        q = OptionalDouble.of(acc[0] / acc[1]);
        support = (int) acc[1];
      } else if (optimistic && explore.test(a)) {
        q = OptionalDouble.of(v + bonus);
        explored = true;
      } else {
        q = OptionalDouble.empty();
      }
      double adv = q.isPresent() ? q.getAsDouble() - baseline : 0.0;
      if (scaling == AdvantageScaling.EVIDENCE && !explored && q.isPresent() && q.getAsDouble() <= 0 && adv > 0) {
        // Only a return above 0 (a step on the way to a success) is evidence for an action: an action that merely
        // was not the one blamed for a failure is no better than one memory knows nothing about. Without this,
        // every innocent step of a failed run outranks the untried actions and memory repeats the failed run.
        adv = 0;
      }
      if (scaling == AdvantageScaling.EVIDENCE && !explored && acc != null && adv < 0 && acc[2] >= 0
          && acc[3] <= Returns.SUCCESS_EVIDENCE) {
        // Nor is an action that no outcome speaks against (never blamed here, only innocent steps of failed runs or
        // path credits) worse than one memory knows nothing about: next to other actions' successes it would fall
        // below the baseline, and where those actions are not on this page (another instance's boxes) memory would
        // push the policy off its choice on no evidence against it.
        adv = 0;
      }
      maxAbs = Math.max(maxAbs, Math.abs(adv));
      raw.add(new ActionEstimate(q, support, explored, adv, 0));
    }
    List<ActionEstimate> scaled = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      ActionEstimate e = raw.get(i);
      // Evidence grows with this goal's own support only: other instances' runs move a logit by at most beta, so a
      // strong preference of the policy for this instance (the 2nd text box where another goal said the 1st) stands
      // against any number of them, while this instance's own outcomes can overturn any gap.
      int weight = ownEvidence.contains(actions.get(i)) ? e.support() : 1;
      double a = switch (scaling) {
        case MAX -> maxAbs > 0 ? e.rawAdvantage() / maxAbs : 0.0;
        case REWARD -> Math.max(-1.0, Math.min(1.0, e.rawAdvantage() / rewardScale));
        case EVIDENCE -> Math.max(-1.0, Math.min(1.0, e.rawAdvantage() / rewardScale)) * Math.sqrt(Math.max(1, weight));
      };
      scaled.add(new ActionEstimate(e.q(), e.support(), e.explored(), e.rawAdvantage(), a));
    }
    if (scaling == AdvantageScaling.EVIDENCE) {
      holdProvenChoices(actions, byAction, bestTier, scaled);
    }
    return new Estimates(v, neighbours.size(), scaled, bestKnown);
  }

  /**
   * An action this goal's own runs took at this very state and that succeeded here, never blamed here, is a proven
   * way on: it is not pushed below the actions memory knows nothing about, and no action whose evidence comes only
   * from states around this one (or from other goals) is pushed above it. A failed run that took the proven action
   * here leaves a path credit or an innocent step in its mean, while the next step's action, seen at the state after
   * (one item more clicked) only in the runs that got that far, keeps a clean mean: without this it outranked this
   * step's own proven action and the run skipped a step it needs (the fourth of five swatches of a colour).
   */
  private static void holdProvenChoices(List<String> actions, Map<String, double[]> byAction,
      Map<String, Integer> bestTier, List<ActionEstimate> scaled) {
    double proven = Double.NEGATIVE_INFINITY;
    boolean[] here = new boolean[actions.size()];
    for (int i = 0; i < actions.size(); i++) {
      String a = actions.get(i);
      double[] acc = byAction.get(a);
      here[i] = acc != null && bestTier.get(a) == (SAME_GOAL_TIER | SAME_STATE_TIER);
      if (here[i] && !scaled.get(i).explored() && acc[2] >= 0 && acc[3] > Returns.SUCCESS_EVIDENCE) {
        ActionEstimate e = scaled.get(i);
        if (e.advantage() < 0) {
          scaled.set(i, new ActionEstimate(e.q(), e.support(), e.explored(), e.rawAdvantage(), 0));
        }
        proven = Math.max(proven, scaled.get(i).advantage());
      }
    }
    if (proven == Double.NEGATIVE_INFINITY) {
      return;
    }
    for (int i = 0; i < actions.size(); i++) {
      ActionEstimate e = scaled.get(i);
      if (!here[i] && !e.explored() && e.advantage() > proven) {
        scaled.set(i, new ActionEstimate(e.q(), e.support(), e.explored(), e.rawAdvantage(), proven));
      }
    }
  }

  private static final int SAME_GOAL_TIER = 1;
  private static final int SAME_STATE_TIER = 2;

  /** How specific a neighbour's evidence is: at this very state first, then this goal's own. */
  private static int tier(Neighbour n) {
    int t = n.goalSimilarity() >= SAME_GOAL ? SAME_GOAL_TIER : 0;
    return HotIndex.sameContext(n) ? t | SAME_STATE_TIER : t;
  }

  /**
   * The neighbours' returns, each clamped to [lowest − margin, highest + margin] of the other episodes' returns
   * when the window holds at least three episodes (with two, neither can be called the outlier).
   */
  static double[] boundedReturns(List<Neighbour> neighbours, double margin) {
    double[] out = new double[neighbours.size()];
    Map<Long, double[]> range = new HashMap<>();
    for (int i = 0; i < out.length; i++) {
      Neighbour n = neighbours.get(i);
      out[i] = n.ret();
      double[] r = range.computeIfAbsent(n.episode(), e -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
      r[0] = Math.min(r[0], n.ret());
      r[1] = Math.max(r[1], n.ret());
    }
    if (range.size() < 3 || Double.isInfinite(margin)) {
      return out;
    }
    // the two lowest minima and two highest maxima over episodes, so each episode can see the others' range
    long lowEpisode = 0;
    double low1 = Double.POSITIVE_INFINITY;
    double low2 = Double.POSITIVE_INFINITY;
    long highEpisode = 0;
    double high1 = Double.NEGATIVE_INFINITY;
    double high2 = Double.NEGATIVE_INFINITY;
    for (Map.Entry<Long, double[]> e : range.entrySet()) {
      double lo = e.getValue()[0];
      double hi = e.getValue()[1];
      if (lo < low1) {
        low2 = low1;
        low1 = lo;
        lowEpisode = e.getKey();
      } else if (lo < low2) {
        low2 = lo;
      }
      if (hi > high1) {
        high2 = high1;
        high1 = hi;
        highEpisode = e.getKey();
      } else if (hi > high2) {
        high2 = hi;
      }
    }
    for (int i = 0; i < out.length; i++) {
      long episode = neighbours.get(i).episode();
      double lo = (episode == lowEpisode ? low2 : low1) - margin;
      double hi = (episode == highEpisode ? high2 : high1) + margin;
      out[i] = Math.max(lo, Math.min(hi, out[i]));
    }
    return out;
  }

  /**
   * @param value {@code V(s)}
   * @param neighbours {@code |N(s)|}
   * @param actions one estimate per requested action, in order
   * @param bestKnown the largest Q of any remembered action of the state (proposed or not)
   */
  public record Estimates(double value, int neighbours, List<ActionEstimate> actions, double bestKnown) {
    /** Whether memory blames every action it remembers here: no remembered action has a value above {@code maxValue}. */
    public boolean blamed(double maxValue) {
      return bestKnown <= maxValue;
    }
  }
}
