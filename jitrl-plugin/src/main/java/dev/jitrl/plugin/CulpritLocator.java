package dev.jitrl.plugin;

import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.plugin.judge.StepReward;
import dev.jitrl.plugin.retrieval.Neighbour;
import dev.jitrl.plugin.state.ActionNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the step of a failed episode that takes the blame: the one state where the next run should try
 * something else (DESIGN.md §2.5, "where exploration happens"). A search over deviation points, weighted like a
 * searcher for a lost object weighs places: each step starts with weight 1 and
 *
 * <ul>
 *   <li>×3 when its page (address pattern and set of controls) recurs later in the run after another page: the
 *       run went round in a circle there, so that choice is a prime suspect; ×½ of that when the step's control
 *       is site-wide navigation (going back home closes a circle that began elsewhere);</li>
 *   <li>×½ for every action memory has already seen fail at that state (each failed try there makes that state
 *       less likely to be the one to change);</li>
 *   <li>×(1 + |r|) when the judge scored the step negatively (an error, a failed action);</li>
 *   <li>×0.1 when memory knows the step's action on a successful run (contrast: the path successful runs share
 *       is not the mistake);</li>
 *   <li>×¼ before and ×½ after this run's own deviation (the path to the deviation was followed on purpose; the
 *       branch behind it is new, but the deviation itself may be what was wrong);</li>
 *   <li>×0 when nothing untried is left at that state.</li>
 * </ul>
 *
 * A run that deviated and came back to a page of the path before its deviation blames the deviation itself (a
 * dead end). Ties go to the deepest page of a circle (where the circle closes, such as a dialog that is always dismissed)
 * and otherwise to the earliest step (a tempting first link sends every later step down the wrong branch).
 */
final class CulpritLocator {
  static final double LOOP = 3.0;
  static final double PER_FAILED_TRY = 0.5;
  static final double ON_SUCCESS_PATH = 0.1;
  static final double BEFORE_DEVIATION = 0.25;
  static final double AFTER_DEVIATION = 0.5;
  static final double SITE_WIDE_IN_LOOP = 0.5;

  /** What memory says about one step's state. */
  record StateMemory(List<Neighbour> neighbours) {}

  /**
   * @param observations the page before each step
   * @param actions the normalized action of each step
   * @param rewards the judge's reward of each step (outcome not applied)
   * @param memory what memory says about each step's state
   * @param candidates the normalized candidates the plugin saw at each step (null entries: not seen)
   * @param deviation the step at which the run deviated on purpose, or -1
   * @param blameValue a remembered action with a mean return at most this has been seen to fail
   * @return the blamed step
   */
  static int locate(List<Observation> observations, List<String> actions, List<StepReward> rewards,
      List<StateMemory> memory, List<List<String>> candidates, int deviation, double blameValue) {
    return locate(observations, actions, java.util.Collections.nCopies(actions.size(), null), rewards, memory,
        candidates, deviation, blameValue);
  }

  /**
   * @param targets each step's target control ({@code role|label}), null for actions without one
   */
  static int locate(List<Observation> observations, List<String> actions, List<String> targets,
      List<StepReward> rewards, List<StateMemory> memory, List<List<String>> candidates, int deviation,
      double blameValue) {
    int n = actions.size();
    if (n == 0) {
      throw new IllegalArgumentException("an episode without steps has no culprit");
    }
    Set<String> siteWide = siteWide(observations);
    List<Long> signatures = new ArrayList<>(n);
    for (Observation o : observations) {
      signatures.add(signature(o));
    }
    // a page is a loop page when it occurs in two separate runs of consecutive steps
    Map<Long, Integer> runs = new HashMap<>();
    Map<Long, Integer> first = new HashMap<>();
    for (int t = 0; t < n; t++) {
      long sig = signatures.get(t);
      first.putIfAbsent(sig, t);
      if (t == 0 || signatures.get(t - 1) != sig) {
        runs.merge(sig, 1, Integer::sum);
      }
    }
    if (deviation >= 0 && deviation < n) {
      // A deviation that led back to a page of the path before it was a dead end: it takes the blame itself, so
      // the next run tries the next untried action there instead of keeping the detour.
      Set<Long> upTo = new HashSet<>(signatures.subList(0, deviation + 1));
      for (int t = deviation + 1; t < n; t++) {
        if (upTo.contains(signatures.get(t)) && signatures.get(t) != signatures.get(t - 1)) {
          return deviation;
        }
      }
    }
    int best = n - 1;
    double bestWeight = -1;
    boolean bestLoop = false;
    for (int t = 0; t < n; t++) {
      long sig = signatures.get(t);
      boolean loop = runs.get(sig) >= 2;
      if (loop && first.get(sig) != t) {
        continue; // a circle's page is judged where it was first reached
      }
      double w = loop ? LOOP : 1.0;
      if (loop && targets.get(t) != null && siteWide.contains(targets.get(t))) {
        w *= SITE_WIDE_IN_LOOP; // going back by the site's navigation closes the circle; the detour began elsewhere
      }
      Map<String, double[]> byAction = new HashMap<>();
      for (Neighbour nb : memory.get(t).neighbours()) {
        double[] acc = byAction.computeIfAbsent(nb.action().text(), a -> new double[2]);
        acc[0] += nb.ret();
        acc[1]++;
      }
      int failedTries = 0;
      boolean onSuccessPath = false;
      for (Map.Entry<String, double[]> e : byAction.entrySet()) {
        double q = e.getValue()[0] / e.getValue()[1];
        if (q <= blameValue) {
          failedTries++;
        }
        if (q > 0 && e.getKey().equals(actions.get(t))) {
          onSuccessPath = true;
        }
      }
      if (t == deviation && !byAction.containsKey(actions.get(t))) {
        failedTries++; // this run's own try here just failed
      }
      w *= Math.pow(PER_FAILED_TRY, failedTries);
      w *= 1.0 + Math.max(0, -rewards.get(t).reward());
      if (onSuccessPath) {
        w *= ON_SUCCESS_PATH;
      }
      if (deviation >= 0) {
        w *= t < deviation ? BEFORE_DEVIATION : t > deviation ? AFTER_DEVIATION : 1.0;
      }
      List<String> seen = candidates.get(t);
      if (seen != null) {
        Set<String> untried = new HashSet<>(seen);
        untried.removeAll(byAction.keySet());
        untried.remove(actions.get(t));
        if (untried.isEmpty()) {
          w = 0;
        }
      }
      boolean better = w > bestWeight + 1e-9
          || (Math.abs(w - bestWeight) <= 1e-9 && loop && bestLoop); // deeper page of a circle
      if (better) {
        best = t;
        bestWeight = w;
        bestLoop = loop;
      }
    }
    return best;
  }

  /**
   * The steps that carry the failure: the culprit, and every later step on a page not seen before the culprit
   * (the branch the culprit led into). A later return to a page of the path before the culprit is the same state
   * as before and is not blamed.
   */
  static boolean[] branch(List<Observation> observations, int culprit) {
    Set<Long> before = new HashSet<>();
    for (int t = 0; t < culprit; t++) {
      before.add(signature(observations.get(t)));
    }
    boolean[] out = new boolean[observations.size()];
    for (int t = culprit; t < out.length; t++) {
      out[t] = t == culprit || !before.contains(signature(observations.get(t)));
    }
    return out;
  }

  /** Controls that the run saw on pages of two or more address paths: the site's navigation. */
  static Set<String> siteWide(List<Observation> observations) {
    Map<String, Set<String>> paths = new HashMap<>();
    for (Observation o : observations) {
      int q = o.url().indexOf('?');
      String path = q < 0 ? o.url() : o.url().substring(0, q);
      for (Element e : o.elements()) {
        paths.computeIfAbsent(ActionNormalizer.elementKey(e), k -> new HashSet<>()).add(path);
      }
    }
    Set<String> out = new HashSet<>();
    paths.forEach((k, v) -> {
      if (v.size() >= 2) {
        out.add(k);
      }
    });
    return out;
  }

  /** The page's address pattern and its set of controls (role and label), values ignored. */
  static long signature(Observation o) {
    Set<String> keys = new TreeSet<>();
    for (Element e : o.elements()) {
      keys.add(ActionNormalizer.elementKey(e));
    }
    long h = o.url().hashCode();
    int q = o.url().indexOf('?');
    h = q < 0 ? h : o.url().substring(0, q).hashCode();
    for (String k : keys) {
      h = 31 * h + k.hashCode();
    }
    return h;
  }
}
