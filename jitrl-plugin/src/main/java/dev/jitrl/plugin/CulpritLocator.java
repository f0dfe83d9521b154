package dev.jitrl.plugin;

import dev.jitrl.api.ActionType;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
import dev.jitrl.plugin.judge.RuleJudge;
import dev.jitrl.plugin.judge.StepReward;
import dev.jitrl.plugin.retrieval.Neighbour;
import dev.jitrl.plugin.state.ActionNormalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Chooses the step of a failed episode that takes the blame: the one state where the next run should try
 * something else (DESIGN.md §2.5, "where exploration happens"). A search over deviation points, weighted like a
 * searcher for a lost object weighs places. Each step starts with weight 1; then
 *
 * <ul>
 *   <li><b>circles</b>: a step that leads back to a page the run has already seen (not the page it is on) closes a
 *       circle, and the choice that sent the run round gets weight 3. If the step used a control of the page
 *       itself (a dialog's Cancel, a "No, keep it" link), that choice is the step's own, judged where it was
 *       first made on that page. If it used site-wide navigation (a header link, a breadcrumb), it depends on the visit:
 *       when the run did work there (filled, selected, pressed) and then left, leaving was the mistake; when it
 *       left at once, the page had nothing for the task and the step that led there is blamed;</li>
 *   <li>outside circles, a step's weight is {@code 1.5 − p} with p the policy's probability of what it did (where
 *       the policy hesitated it more likely erred), halved for work steps (typing or selecting a value is rarely
 *       the mistake; where to do it is);</li>
 *   <li>×½ for every action memory has already seen fail at that state (each failed try there makes it less
 *       likely to be the state to change);</li>
 *   <li>×(1 + |r|) when the judge scored the step negatively (an error, a failed action);</li>
 *   <li>×0.1 when memory knows the step's action on a successful run (contrast: the path successful runs share
 *       is not the mistake);</li>
 *   <li>×¼ before and ×½ after this run's own deviation (the path to the deviation was followed on purpose; the
 *       branch behind it is new, but the deviation itself may be what was wrong);</li>
 *   <li>×0 when nothing untried is left at that state.</li>
 * </ul>
 *
 * Ties go to the deepest blamed circle choice (where the circle closes, such as a dialog that is always
 * dismissed) and otherwise to the earliest step (a tempting first link sends every later step down the wrong
 * branch).
 */
final class CulpritLocator {
  static final double CIRCLE = 3.0;
  static final double PER_FAILED_TRY = 0.5;
  static final double ON_SUCCESS_PATH = 0.1;
  static final double BEFORE_DEVIATION = 0.25;
  static final double AFTER_DEVIATION = 0.5;
  static final double WORK = 0.5;

  /** One step as the locator sees it. */
  record StepView(Observation page, Observation result, String action, String target, boolean work) {}

  /**
   * @param steps the steps of the run
   * @param policyProbability the policy's probability of each step's action (NaN: not known)
   * @param rewards the judge's reward of each step (outcome not applied)
   * @param memory what memory says about a step's state (looked up only for steps that may take the blame)
   * @param candidates the normalized candidates the plugin saw at each step (null entries: not seen)
   * @param deviation the step at which the run deviated on purpose, or -1
   * @param blameValue a remembered action with a mean return at most this has been seen to fail
   * @return the blamed step
   */
  static int locate(List<StepView> steps, double[] policyProbability, List<StepReward> rewards,
      IntFunction<List<Neighbour>> memory,
      List<List<String>> candidates, int deviation, double blameValue) {
    int n = steps.size();
    if (n == 0) {
      throw new IllegalArgumentException("an episode without steps has no culprit");
    }
    List<Observation> pages = steps.stream().map(StepView::page).toList();
    Set<String> siteWide = siteWide(pages, CulpritLocator::pathOf);
    long[] sig = new long[n];
    Map<Long, Integer> first = new HashMap<>();
    int[] visitStart = new int[n];
    for (int t = 0; t < n; t++) {
      sig[t] = signature(pages.get(t));
      first.putIfAbsent(sig[t], t);
      visitStart[t] = t > 0 && sig[t - 1] == sig[t] ? visitStart[t - 1] : t;
    }
    Map<String, Integer> firstChoice = new HashMap<>();
    for (int t = 0; t < n; t++) {
      firstChoice.putIfAbsent(sig[t] + " " + steps.get(t).action(), t);
    }
    boolean[] suspect = new boolean[n];
    Set<Long> seen = new HashSet<>();
    for (int t = 0; t < n; t++) {
      seen.add(sig[t]);
      long after = signature(steps.get(t).result());
      String target = steps.get(t).target();
      if (after != sig[t] && !seen.contains(after) && target != null && siteWide.contains(target)
          && workedSince(steps, visitStart[t], t)) {
        suspect[t] = true; // filled in a form and left it by the site's navigation: leaving threw the work away
        continue;
      }
      if (after == sig[t] || !seen.contains(after)) {
        continue; // stayed on the page, or went somewhere new
      }
      if (target == null || !siteWide.contains(target)) {
        suspect[firstChoice.get(sig[t] + " " + steps.get(t).action())] = true;
      } else {
        boolean worked = workedSince(steps, visitStart[t], t);
        if (worked || visitStart[t] == 0) {
          suspect[first.get(sig[t]) == visitStart[t] ? t : first.get(sig[t])] = true;
        } else {
          int entered = visitStart[t] - 1; // judged where that choice was first made
          suspect[firstChoice.get(sig[entered] + " " + steps.get(entered).action())] = true;
        }
      }
    }
    // Weights without memory first; memory's factors are at most 1, so steps are looked up in memory in the order
    // of that bound, and the search stops when no remaining step can reach the best (a memory lookup per step is
    // what the post-run hook pays most for).
    double[] bound = new double[n];
    Integer[] order = new Integer[n];
    for (int t = 0; t < n; t++) {
      double w = CIRCLE;
      if (!suspect[t]) {
        // outside circles: where the policy hesitated it more likely erred, and typing a value rarely is the mistake
        double p = Double.isNaN(policyProbability[t]) ? 0.5 : policyProbability[t];
        w = (1.5 - p) * (steps.get(t).work() ? WORK : 1.0);
      }
      w *= 1.0 + Math.max(0, -rewards.get(t).reward());
      if (deviation >= 0) {
        w *= t < deviation ? BEFORE_DEVIATION : t > deviation ? AFTER_DEVIATION : 1.0;
      }
      bound[t] = w;
      order[t] = t;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(bound[b], bound[a]));
    int best = n - 1;
    double bestWeight = -1;
    for (int t : order) {
      if (bound[t] < bestWeight - 1e-9) {
        break;
      }
      if (Math.abs(bound[t] - bestWeight) <= 1e-9 && !winsTie(t, best, suspect)) {
        continue; // at best a tie, and it would lose the tie
      }
      double w = bound[t];
      String action = steps.get(t).action();
      Map<String, double[]> byAction = new HashMap<>();
      for (Neighbour nb : memory.apply(t)) {
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
        if (q > dev.jitrl.plugin.judge.Returns.SUCCESS_EVIDENCE && e.getKey().equals(action)) {
          onSuccessPath = true;
        }
      }
      if (t == deviation && !byAction.containsKey(action)) {
        failedTries++; // this run's own try here just failed
      }
      w *= Math.pow(PER_FAILED_TRY, failedTries);
      if (onSuccessPath) {
        w *= ON_SUCCESS_PATH;
      }
      List<String> offered = candidates.get(t);
      if (offered != null) {
        Set<String> untried = new HashSet<>(offered);
        untried.removeAll(byAction.keySet());
        untried.remove(action);
        if (untried.isEmpty()) {
          w = 0;
        }
      }
      boolean better = Math.abs(w - bestWeight) <= 1e-9 ? winsTie(t, best, suspect) : w > bestWeight;
      if (better) {
        best = t;
        bestWeight = w;
      }
    }
    return best;
  }

  /**
   * Backtracking a page up. When the run's deviation was on a page, the culprit is again a step of that same visit
   * to the page (the deviation found no way on), and this task instance's earlier runs were already blamed on that
   * page, the page has had two failed tries: the step that brought the run onto the page takes the blame instead, so
   * that the next run tries another way to somewhere else (a searcher who has tried two doors of a room goes back
   * to the corridor). Without it a tempting first link that leads to a page with many controls (a help thread with
   * a reply form) keeps every later run searching that page, one control per run.
   *
   * @param culprit the step {@link #locate} chose
   * @param deviation the step at which the run deviated on purpose, or -1
   * @param memory what memory says about a step's state
   * @param blameValue a remembered return at most this is a blamed try
   * @return the step that entered the page, or -1 when the rule does not apply (the culprit is not on the visit of
   *     the page where the run tried, the page is where the run started or was entered without a change of address
   *     (a widget opened in place), no earlier blame there, or memory knows that entering step's action on a
   *     successful run of this instance)
   */
  static int exhaustedPageEntry(List<StepView> steps, int culprit, int deviation,
      IntFunction<List<Neighbour>> memory, double blameValue) {
    if (culprit < 0 || culprit >= steps.size()) {
      return -1;
    }
    int tried = deviation >= 0 && deviation < steps.size() ? deviation : culprit;
    long page = signature(steps.get(tried).page());
    int start = tried;
    while (start > 0 && signature(steps.get(start - 1).page()) == page) {
      start--;
    }
    int end = tried;
    while (end + 1 < steps.size() && signature(steps.get(end + 1).page()) == page) {
      end++;
    }
    if (start == 0 || culprit < start || culprit > end) {
      return -1;
    }
    if (pathOf(steps.get(start - 1).page().url()).equals(pathOf(steps.get(start).page().url()))) {
      return -1; // a widget opened on the same page (a date picker): its controls are searched in place
    }
    boolean blamedBefore = false;
    for (int t = start; t <= end && !blamedBefore; t++) {
      for (Neighbour nb : memory.apply(t)) {
        if (nb.goalSimilarity() >= SAME_TASK && nb.ret() <= blameValue) {
          blamedBefore = true;
          break;
        }
      }
    }
    if (!blamedBefore) {
      return -1;
    }
    int entry = start - 1;
    for (Neighbour nb : memory.apply(entry)) {
      if (nb.goalSimilarity() >= SAME_TASK && nb.ret() > dev.jitrl.plugin.judge.Returns.SUCCESS_EVIDENCE
          && nb.action().text().equals(steps.get(entry).action())) {
        return -1; // the way onto this page is known to lead to success: the mistake is further on
      }
    }
    return entry;
  }

  /**
   * Whether the run's deviation took it to another page that the very next step left by the site's navigation for
   * a page the run had not been on: the page had nothing for the task (the policy saw nothing to do there), so the try failed where it was made, and
   * the next run should try the next untried action at the same state rather than search elsewhere.
   */
  static boolean leftAtOnce(List<StepView> steps, int deviation) {
    if (deviation < 0 || deviation + 1 >= steps.size()) {
      return false;
    }
    long here = signature(steps.get(deviation).page());
    long reached = signature(steps.get(deviation + 1).page());
    String next = steps.get(deviation + 1).target();
    long after = signature(steps.get(deviation + 1).result());
    if (reached == here || next == null || after == reached) {
      return false;
    }
    for (int t = 0; t <= deviation + 1; t++) {
      if (signature(steps.get(t).page()) == after) {
        return false; // a step back to where the run had been: the circle rules judge that
      }
    }
    List<Observation> pages = steps.stream().map(StepView::page).toList();
    return siteWide(pages, CulpritLocator::pathOf).contains(next);
  }

  /** Neighbours at least this similar by goal are runs of the same task instance. */
  static final double SAME_TASK = 1.0;

  private static boolean workedSince(List<StepView> steps, int from, int to) {
    for (int u = from; u < to; u++) {
      if (steps.get(u).work()) {
        return true;
      }
    }
    return false;
  }

  /** Ties go to the deeper choice of two circles, otherwise to the earlier step. */
  private static boolean winsTie(int t, int best, boolean[] suspect) {
    return suspect[t] && suspect[best] ? t > best : t < best;
  }

  /**
   * The steps that carry the failure: the culprit, and every later step that makes the same choice on the same
   * page (the circle going round again). The other steps after it are not blamed: they acted on pages the
   * culprit led to, and the same action on another page of the same kind may well be right (posting a reply is
   * right in the right thread).
   */
  static boolean[] branch(List<StepView> steps, int culprit) {
    String choice = signature(steps.get(culprit).page()) + " " + steps.get(culprit).action();
    boolean[] out = new boolean[steps.size()];
    for (int t = culprit; t < out.length; t++) {
      out[t] = t == culprit || choice.equals(signature(steps.get(t).page()) + " " + steps.get(t).action());
    }
    return out;
  }

  /**
   * Controls seen on pages of two or more address paths (the site's navigation), by their {@code role|label}
   * ({@link ActionNormalizer#elementKey}).
   */
  static Set<String> siteWide(List<Observation> observations, Function<String, String> pathOf) {
    Map<String, Set<String>> paths = new HashMap<>();
    for (Observation o : observations) {
      String path = pathOf.apply(o.url());
      for (Element e : o.elements()) {
        paths.computeIfAbsent(ActionNormalizer.elementKey(e), k -> new HashSet<>(4)).add(path);
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

  /** The address without its query. */
  static String pathOf(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  /**
   * Whether a step did work on its page: typed, chose or pressed something, or clicked something that changed
   * its page without leaving it. Where the run did work matters less than where it went.
   */
  static boolean work(Step s, long before, long after) {
    ActionType type = s.action().type();
    return type == ActionType.FILL || type == ActionType.SELECT || type == ActionType.PRESS
        || (RuleJudge.changed(s.observation(), s.result()) && before == after);
  }

  /**
   * The page's address (without query) and its set of controls (role and label, digits masked so that a counter
   * such as "Cart (2)" does not make a new page), values ignored. Cheap (one array of hashes): it is computed on
   * the decision path.
   */
  static long signature(Observation o) {
    long h = 0x9E3779B97F4A7C15L * pathOf(o.url()).hashCode();
    long[] keys = new long[o.elements().size()];
    int n = 0;
    for (Element e : o.elements()) {
      long k = e.role().hashCode();
      String label = e.label().isBlank() ? e.text().strip() : e.label().strip();
      boolean inDigits = false;
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (c >= '0' && c <= '9') {
          if (!inDigits) {
            k = 31 * k + '#';
          }
          inDigits = true;
        } else {
          k = 31 * k + c;
          inDigits = false;
        }
      }
      keys[n++] = mix(k);
    }
    // the set of controls: the same controls in another order, or one more of a kind already there (another
    // reply's author link), give the same page
    java.util.Arrays.sort(keys);
    for (int i = 0; i < n; i++) {
      if (i == 0 || keys[i] != keys[i - 1]) {
        h += keys[i];
      }
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
