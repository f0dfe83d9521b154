package dev.jitrl.host.policy;

import dev.jitrl.api.Action;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
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
  static List<Scored> candidates(String goal, Observation page, List<Step> history, ToDoubleFunction<Element> fit) {
    Set<String> verbs = WordTokens.ofAll(goal);
    if (verbs.stream().noneMatch(DRAG_VERBS::contains) && verbs.stream().noneMatch(RESIZE_VERBS::contains)) {
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
    if (draggables.isEmpty()) {
      return List.of();
    }
    List<Scored> out = new ArrayList<>(resizes(verbs, draggables, history));
    draggables.removeIf(Drags::isResizeHandle); // a grip resizes its box: it is not an item to drop anywhere
    targets.removeIf(Drags::isResizeHandle);
    if (draggables.isEmpty()) {
      return out;
    }
    String way = direction(goal);
    if (way != null) {
      // "drag the circle up": no element marks where it goes, the goal gives the way
      for (Element from : draggables) {
        out.add(new Scored(Action.dragBy(from, way), fit.applyAsDouble(from) + DIRECTION_BONUS, 0));
      }
    }
    if (targets.size() < 2) {
      out.sort(Comparator.comparingDouble((Scored s) -> -s.score()));
      return out.size() <= MAX_DRAGS ? out : List.copyOf(out.subList(0, MAX_DRAGS));
    }
    int[] sortStep = sortStep(goal, draggables); // {from, to} of the next move of a sort, or null
    boolean sorted = sortStep != null && sortStep[0] < 0;
    // each element's fit once: a list of n items has n(n-1) pairs
    java.util.Map<Element, Double> fits = new java.util.IdentityHashMap<>();
    for (Element e : targets) {
      fits.put(e, fit.applyAsDouble(e));
    }
    // when the goal names what to drag ("all circles"), what it does not name stays where it is
    boolean named = draggables.stream().anyMatch(e -> fits.get(e) > 0);
    for (int i = 0; i < draggables.size(); i++) {
      Element from = draggables.get(i);
      if (liesWhereAsked(from, targets, fits)) {
        continue; // it lies in the box the goal names: done with
      }
      double what = fits.get(from) - (named && fits.get(from) <= 0 ? UNNAMED : 0);
      int place = sortStep == null ? placeFor(goal, i + 1, draggables.size()) : sortStep[0] == i ? sortStep[1] + 1 : 0;
      for (Element to : targets) {
        if (to == from) {
          continue;
        }
        if (from.value().equals("in " + to.name())) {
          continue; // it lies in that box already
        }
        double where = DESTINATION_WEIGHT * fits.get(to);
        if (place > 0 && to.role().equals("draggable") && draggables.indexOf(to) == place - 1) {
          where += PLACE_BONUS; // the item now standing where the goal wants this one
        }
        out.add(new Scored(Action.drag(from, to), what + where - (sorted ? SORTED : 0), 0));
      }
    }
    out.sort(Comparator.comparingDouble((Scored s) -> -s.score()));
    return out.size() <= MAX_DRAGS ? out : List.copyOf(out.subList(0, MAX_DRAGS));
  }

  private static final Set<String> RESIZE_VERBS = Set.of("resize", "enlarge", "shrink", "widen", "stretch", "grow");
  private static final Set<String> LARGER = Set.of("larger", "bigger", "wider", "taller", "longer", "increase",
      "enlarge", "widen", "grow", "stretch");
  private static final Set<String> SMALLER = Set.of("smaller", "narrower", "shorter", "decrease", "shrink", "reduce");
  /** A resize handle dragged the way the goal's words point (wider: right, shorter: up) ranks with a given place. */
  static final double RESIZE_WAY = PLACE_BONUS;

  /**
   * When the goal (its words, {@link WordTokens#ofAll}) asks to resize something, each resize handle (an observed "resize handle …" draggable) dragged each
   * of the four ways: the ways that make the box larger or smaller as asked, along the width or height it names, first.
   */
  static List<Scored> resizes(Set<String> words, List<Element> draggables, List<Step> history) {
    if (words.stream().noneMatch(RESIZE_VERBS::contains)) {
      return List.of();
    }
    boolean larger = words.stream().anyMatch(LARGER::contains);
    boolean smaller = words.stream().anyMatch(SMALLER::contains);
    boolean width = words.contains("width") || words.contains("wider") || words.contains("narrower");
    boolean height = words.contains("height") || words.contains("taller") || words.contains("shorter");
    // resized once (its size changed): what the goal asks next comes first
    boolean resized = history.stream().anyMatch(st -> st.action().dragDirection().isPresent()
        && st.action().target().map(Drags::isResizeHandle).orElse(false)
        && !LexicalPolicy.looksTheSame(st.observation(), st.result()));
    List<Scored> out = new ArrayList<>();
    for (Element h : draggables) {
      if (!isResizeHandle(h)) {
        continue;
      }
      String name = h.name().toLowerCase(Locale.ROOT);
      for (String way : List.of("right", "down", "left", "up")) {
        boolean horizontal = way.equals("right") || way.equals("left");
        boolean grows = way.equals("right") || way.equals("down"); // a right or bottom grip grows its box so
        boolean side = horizontal ? name.contains("right") || name.contains("left")
            : name.contains("bottom") || name.contains("top"); // the grip pulls along that axis
        double s = (side ? 0.5 : 0) + ((larger && grows) || (smaller && !grows) ? RESIZE_WAY / 2 : 0)
            + ((width && horizontal) || (height && !horizontal) ? RESIZE_WAY / 2 : 0)
            + (width == height || (width && horizontal) || (height && !horizontal) ? 0 : -RESIZE_WAY);
        out.add(new Scored(Action.dragBy(h, way), s - (resized ? RESIZED : 0), 0));
      }
    }
    return out;
  }

  /** Every resize once the run has resized the box: below a neutral control. */
  static final double RESIZED = 3.0;

  /** A grip that resizes its box, as the observer names it ("resize handle bottom right"). */
  static boolean isResizeHandle(Element e) {
    return e.role().equals("draggable") && e.name().toLowerCase(Locale.ROOT).startsWith("resize handle");
  }

  /** What a drag of an item the goal does not name loses, when it names others: below a neutral control. */
  static final double UNNAMED = 2.0;

  /** Whether the item lies in a drop target (its value "in …") that the goal names. */
  private static boolean liesWhereAsked(Element from, List<Element> targets, Map<Element, Double> fits) {
    if (!from.value().startsWith("in ")) {
      return false;
    }
    for (Element to : targets) {
      if (from.value().equals("in " + to.name()) && fits.get(to) > 0) {
        return true;
      }
    }
    return false;
  }

  /** A drag the goal gives a way for, with nothing named to drop it on, ranks with a place the goal gives. */
  static final double DIRECTION_BONUS = PLACE_BONUS;
  /**
   * A way to drag, said as the end of a clause ("drag the item left then press Submit"), not a place ("the left box",
   * "to the bottom right").
   */
  private static final Pattern DIRECTION = Pattern.compile(
      "(?<!\\bthe\\s)(?<!top\\s)(?<!bottom\\s)(?<!middle\\s)(?<!cent(?:er|re)\\s)"
          + "\\b(up|down|left|right)(?:wards?)?(?=\\s*[.,;!]|\\s*$|\\s+(?:then|and|a\\s+bit|a\\s+little|slightly)\\b)",
      Pattern.CASE_INSENSITIVE);

  /** The way the goal asks to drag something with no destination ("drag the circle up"), or null. */
  static String direction(String goal) {
    Matcher m = DIRECTION.matcher(goal);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }

  private static final Pattern GRID_CELL = Pattern.compile(
      "\\bto\\s+the\\s+(top|middle|center|centre|bottom)(?:\\s+(left|middle|center|centre|right))?\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern GRID_STEP = Pattern.compile("\\b(left|right)\\s+(?:by\\s+)?(?:one|1)\\b",
      Pattern.CASE_INSENSITIVE);

  /**
   * The place in a square grid of {@code n} items (3×3: "to the top left", "to the center", "to the bottom right",
   * "right by one"), row by row from the top left; 0 when the items are no square grid or the goal names no cell;
   * -1 for a cell outside the grid.
   */
  static int gridPlace(String goal, int at, int n) {
    int k = (int) Math.round(Math.sqrt(n));
    if (k < 2 || k * k != n) {
      return 0;
    }
    int mid = (k + 1) / 2;
    Matcher cell = GRID_CELL.matcher(goal);
    if (cell.find()) {
      String r = cell.group(1).toLowerCase(Locale.ROOT);
      String c = cell.group(2) == null ? null : cell.group(2).toLowerCase(Locale.ROOT);
      boolean rowIsMiddle = r.equals("middle") || r.startsWith("cent");
      if (c == null && !rowIsMiddle) {
        return 0; // "to the top" alone: a list's first place, read as a list
      }
      int row = r.equals("top") ? 1 : r.equals("bottom") ? k : mid;
      int col = c == null || c.equals("middle") || c.startsWith("cent") ? mid : c.equals("left") ? 1 : k;
      return (row - 1) * k + col;
    }
    Matcher step = GRID_STEP.matcher(goal);
    if (step.find()) {
      int row = (at - 1) / k;
      int col = (at - 1) % k;
      col += step.group(1).equalsIgnoreCase("left") ? -1 : 1; // up and down by one are a list's moves too
      return row < 0 || row >= k || col < 0 || col >= k ? -1 : row * k + col + 1;
    }
    return 0;
  }

  /** Every drag once the list is in the order the goal asks for: what follows (Submit) comes first. */
  static final double SORTED = 1.0;
  private static final Pattern SORT = Pattern.compile("\\b(?:sort|order|arrange|rearrange)\\w*\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern DESCENDING = Pattern.compile(
      "\\b(?:decreasing|descending|highest|largest|biggest|greatest|reverse)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

  /**
   * The next move of a sort the goal asks for ("Sort the numbers in increasing order"): the item that belongs at the
   * first place out of order, and that place (0-based); {@code {-1, -1}} when the list is in order; null when the
   * goal asks for no sort. Numbers are compared as numbers when every item is one, else names alphabetically.
   */
  static int[] sortStep(String goal, List<Element> items) {
    if (!SORT.matcher(goal).find() || items.size() < 2) {
      return null;
    }
    boolean numeric = items.stream().allMatch(e -> NUMBER.matcher(e.name().strip()).matches());
    Comparator<Element> byKey = numeric
        ? Comparator.comparingDouble(e -> Double.parseDouble(e.name().strip()))
        : Comparator.comparing(e -> e.name().strip().toLowerCase(Locale.ROOT));
    if (DESCENDING.matcher(goal).find()) {
      byKey = byKey.reversed();
    }
    List<Element> wanted = new ArrayList<>(items);
    wanted.sort(byKey);
    for (int i = 0; i < items.size(); i++) {
      if (byKey.compare(items.get(i), wanted.get(i)) != 0) {
        return new int[] {items.indexOf(wanted.get(i)), i};
      }
    }
    return new int[] {-1, -1};
  }

  /** The 1-based place the goal gives for the item at {@code at} among {@code n}, or 0 when it gives none. */
  static int placeFor(String goal, int at, int n) {
    int grid = gridPlace(goal, at, n);
    if (grid != 0) {
      return grid > 0 && grid <= n ? grid : 0;
    }
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
