package dev.jitrl.host.policy;

import java.util.List;
import java.util.Set;

/**
 * A point of a surface (a drawing, a board, a touch area: a box a script listens to that shows no text): the middles
 * of the nine cells of a three-by-three grid over its box, by their place words. What a surface does depends on where
 * it is clicked; the policy proposes these nine and memory learns which one works.
 *
 * @param x percent of the box's width from its left edge
 * @param y percent of the box's height from its top
 * @param words the place words that name it ("top", "left"; "center" and "middle" for the middle)
 */
record SurfacePoint(int x, int y, Set<String> words) {
  /**
   * The prior a point's place gives: behind the page's named controls (a drawing may end the task when clicked by
   * mistake: count-shape's answer buttons come first), the middle a little before the other points, a place the goal
   * names as high as a named control.
   */
  static final double BEHIND = -0.5;
  static final double MIDDLE = 0.05;
  static final double NAMED = 0.5;

  static final List<SurfacePoint> NINE = List.of(
      new SurfacePoint(50, 50, Set.of("center", "centre", "middle")),
      new SurfacePoint(17, 17, Set.of("top", "left")),
      new SurfacePoint(50, 17, Set.of("top")),
      new SurfacePoint(83, 17, Set.of("top", "right")),
      new SurfacePoint(17, 50, Set.of("left")),
      new SurfacePoint(83, 50, Set.of("right")),
      new SurfacePoint(17, 83, Set.of("bottom", "left")),
      new SurfacePoint(50, 83, Set.of("bottom")),
      new SurfacePoint(83, 83, Set.of("bottom", "right")));

  /** How far a point the figure marks stands from the grid's: after it, unless the goal names its kind of place. */
  static final double FIGURE = 0.1;
  /** Words for the middle of two points ("the mid-point between", "halfway", "bisect": cut in two halves). */
  private static final Set<String> BETWEEN_WORDS =
      Set.of("between", "midpoint", "mid", "middle", "halfway", "half", "bisect", "bisects", "bisector");
  private static final Set<String> CENTRE_WORDS = Set.of("center", "centre", "middle");

  /**
   * The prior of a point the figure names ({@link dev.jitrl.api.SurfaceFigure}): behind the page's named controls;
   * where the goal names its kind of place ("the mid-point between the two points", "the center of the circle") as
   * high as a named grid point plus {@link #FIGURE}, else just after the grid's points (a click on a mark, or between
   * two, is one guess among the places of the box).
   */
  static double figureFit(String name, Set<String> goalWords) {
    Set<String> cue = name.startsWith("between ") ? BETWEEN_WORDS : name.startsWith("centre of ") ? CENTRE_WORDS : Set.of();
    boolean named = cue.stream().anyMatch(goalWords::contains);
    return BEHIND + (named ? NAMED + FIGURE : -FIGURE);
  }

  /** Words of a goal that asks to draw on a surface rather than click it. */
  private static final Set<String> DRAW_WORDS = Set.of("draw", "trace", "sketch", "scribble");
  /** A stroke when the goal asks to draw: before the page's named controls (Submit comes after the drawing). */
  static final double DRAW_FIRST = 1.5;
  /** Every stroke once the run has drawn one that showed: what the goal asks next comes first. */
  static final double DRAWN = 2.5;

  static boolean asksToDraw(Set<String> goalWords) {
    return goalWords.stream().anyMatch(DRAW_WORDS::contains);
  }

  /**
   * A straight stroke across a surface, from one point of its box to another (percent of its width and height), with
   * the word that names its way ("horizontal", "vertical", "diagonal").
   */
  record Stroke(int x1, int y1, int x2, int y2, String way) {
    /** Its prior: a way the goal names first, then the middle ones, then the rest; all before named controls. */
    double fit(Set<String> goalWords) {
      boolean middle = (y1 == 50 && y2 == 50) || (x1 == 50 && x2 == 50) || way.equals("diagonal");
      return DRAW_FIRST + (goalWords.contains(way) ? NAMED : 0) + (middle ? MIDDLE : 0);
    }
  }

  /** Three horizontal strokes, three vertical, the two diagonals: the middle ones first. */
  static final List<Stroke> STROKES = List.of(
      new Stroke(10, 50, 90, 50, "horizontal"),
      new Stroke(50, 10, 50, 90, "vertical"),
      new Stroke(10, 17, 90, 17, "horizontal"),
      new Stroke(10, 83, 90, 83, "horizontal"),
      new Stroke(17, 10, 17, 90, "vertical"),
      new Stroke(83, 10, 83, 90, "vertical"),
      new Stroke(10, 10, 90, 90, "diagonal"),
      new Stroke(10, 90, 90, 10, "diagonal"));

  /** How well the goal's words name this point: all its place words named, or the middle by default. */
  double fit(Set<String> goalWords) {
    boolean middle = x == 50 && y == 50;
    boolean named = middle ? words.stream().anyMatch(goalWords::contains) : goalWords.containsAll(words);
    return BEHIND + (named ? NAMED : 0) + (middle ? MIDDLE : 0);
  }
}
