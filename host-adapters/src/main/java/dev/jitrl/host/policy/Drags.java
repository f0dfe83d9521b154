package dev.jitrl.host.policy;

import dev.jitrl.api.Action;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.host.policy.LexicalPolicy.Scored;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drag-and-drop candidates: each element the page lets the pointer pick up ({@code draggable}) onto each other
 * draggable and each drop target, when the goal asks to drag, drop, move or sort something. A pair scores by how
 * well the goal names what is dragged and where it goes, and by the place the goal gives among the draggables ("to
 * the top", "to the 3rd position", "up by one position"). At most {@link #MAX_DRAGS}, the best first: a list of n
 * items has n(n-1) pairs.
 */
final class Drags {
  /** The pairs proposed per step; enough for every move of one item in a list of six, or any item onto a target. */
  static final int MAX_DRAGS = 15;
  private static final Set<String> DRAG_VERBS = Set.of("drag", "drop", "move", "sort", "reorder", "rearrange", "put",
      "place", "arrange");
  /** The place the goal gives: the destination it names there gains this. */
  static final double PLACE_BONUS = 1.5;
  /** What is dragged counts fully, where it goes half (a target is often named by a word the source shares). */
  static final double DESTINATION_WEIGHT = 0.5;
  private static final Pattern NTH = Pattern.compile(
      "\\b(\\d{1,2})(?:st|nd|rd|th)\\s+(?:position|place|spot|slot)\\b|\\b(first|second|third|fourth|fifth|sixth|"
          + "seventh|eighth|ninth|tenth|last)\\s+(?:position|place|spot|slot)\\b", Pattern.CASE_INSENSITIVE);
  private static final Map<String, Integer> WORDS = Map.of("first", 1, "second", 2, "third", 3, "fourth", 4,
      "fifth", 5, "sixth", 6, "seventh", 7, "eighth", 8, "ninth", 9, "tenth", 10);
  private static final Pattern TOP = Pattern.compile("\\bto\\s+the\\s+(top|beginning|start|front)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern BOTTOM = Pattern.compile("\\bto\\s+the\\s+(bottom|end|back)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern BY_ONE = Pattern.compile("\\b(up|down)\\s+(?:by\\s+)?(one|1)\\s+(?:position|place|spot)",
      Pattern.CASE_INSENSITIVE);

  private Drags() {}

  /**
   * The drag candidates of a page, or none when the goal asks for no drag or nothing can be dragged.
   *
   * @param fit how well the goal names an element (the policy's own element score)
   */
  static List<Scored> candidates(String goal, Observation page, ToDoubleFunction<Element> fit) {
    if (WordTokens.ofAll(goal).stream().noneMatch(DRAG_VERBS::contains)) {
      return List.of();
    }
    List<Element> draggables = new ArrayList<>();
    List<Element> targets = new ArrayList<>();
    for (Element e : page.elements()) {
      if (e.role().equals("draggable")) {
        draggables.add(e);
        targets.add(e);
      } else if (e.role().equals("droptarget")) {
        targets.add(e);
      }
    }
    if (draggables.isEmpty() || targets.size() < 2) {
      return List.of();
    }
    List<Scored> out = new ArrayList<>();
    for (int i = 0; i < draggables.size(); i++) {
      Element from = draggables.get(i);
      double what = fit.applyAsDouble(from);
      int place = placeFor(goal, i + 1, draggables.size());
      for (Element to : targets) {
        if (to == from) {
          continue;
        }
        double where = DESTINATION_WEIGHT * fit.applyAsDouble(to);
        if (place > 0 && to.role().equals("draggable") && draggables.indexOf(to) == place - 1) {
          where += PLACE_BONUS; // the item now standing where the goal wants this one
        }
        out.add(new Scored(Action.drag(from, to), what + where, 0));
      }
    }
    out.sort(Comparator.comparingDouble((Scored s) -> -s.score()));
    return out.size() <= MAX_DRAGS ? out : List.copyOf(out.subList(0, MAX_DRAGS));
  }

  /** The 1-based place the goal gives for the item at {@code at} among {@code n}, or 0 when it gives none. */
  static int placeFor(String goal, int at, int n) {
    Matcher nth = NTH.matcher(goal);
    if (nth.find()) {
      if (nth.group(1) != null) {
        return Integer.parseInt(nth.group(1));
      }
      String w = nth.group(2).toLowerCase(Locale.ROOT);
      return w.equals("last") ? n : WORDS.get(w);
    }
    if (TOP.matcher(goal).find()) {
      return 1;
    }
    if (BOTTOM.matcher(goal).find()) {
      return n;
    }
    Matcher by = BY_ONE.matcher(goal);
    if (by.find()) {
      int p = by.group(1).equalsIgnoreCase("up") ? at - 1 : at + 1;
      return p >= 1 && p <= n ? p : 0;
    }
    return 0;
  }
}
