package dev.jitrl.api;

import java.util.List;
import java.util.Optional;

/**
 * An action the agent can take.
 *
 * @param type what kind of action
 * @param target the element acted on, as observed when the action was proposed; present exactly when
 *     {@link ActionType#needsTarget()}
 * @param args the action's arguments (text to type, option, key, direction, URL, answer); may be empty
 */
public record Action(ActionType type, Optional<Element> target, List<String> args) {
  public Action {
    Checks.notNull(type, "type");
    Checks.notNull(target, "target");
    args = List.copyOf(Checks.notNull(args, "args"));
    if (type.needsTarget() && target.isEmpty()) {
      throw new IllegalArgumentException(type.verb() + " needs a target element");
    }
    if (!type.needsTarget() && target.isPresent()) {
      throw new IllegalArgumentException(type.verb() + " takes no target element");
    }
  }

  public static Action click(Element target) {
    return new Action(ActionType.CLICK, Optional.of(target), List.of());
  }

  public static Action fill(Element target, String text) {
    return new Action(ActionType.FILL, Optional.of(target), List.of(text));
  }

  public static Action select(Element target, String option) {
    return new Action(ActionType.SELECT, Optional.of(target), List.of(option));
  }

  public static Action press(Element target, String key) {
    return new Action(ActionType.PRESS, Optional.of(target), List.of(key));
  }

  public static Action scroll(String direction) {
    return new Action(ActionType.SCROLL, Optional.empty(), List.of(direction));
  }

  public static Action goTo(String url) {
    return new Action(ActionType.GOTO, Optional.empty(), List.of(url));
  }

  public static Action hover(Element target) {
    return new Action(ActionType.HOVER, Optional.of(target), List.of());
  }

  /** Wait {@code seconds} after the previous action (a whole or decimal number, written as given). */
  public static Action waitSeconds(String seconds) {
    return new Action(ActionType.WAIT, Optional.empty(), List.of(seconds));
  }

  /**
   * Click {@code target} at a point of its box, {@code xPercent} of its width from the left edge and {@code yPercent}
   * of its height from the top (a drawing, a map: a surface that acts on where it is clicked).
   */
  public static Action clickAt(Element target, int xPercent, int yPercent) {
    if (xPercent < 0 || xPercent > 100 || yPercent < 0 || yPercent > 100) {
      throw new IllegalArgumentException("a point of the box is 0..100% across and down, not " + xPercent + "%, "
          + yPercent + "%");
    }
    return new Action(ActionType.CLICK, Optional.of(target), List.of(xPercent + "%," + yPercent + "%"));
  }

  /**
   * Click {@code target} at a point of its box that its figure names ({@link SurfaceFigure}: "between black dot 1 and
   * blue dot"): the point as {@link #clickAt(Element, int, int)} takes it, and its name, which says what the click
   * means on any instance of the page.
   */
  public static Action clickAt(Element target, int xPercent, int yPercent, String name) {
    Checks.notBlank(name, "name");
    Action at = clickAt(target, xPercent, yPercent);
    return new Action(ActionType.CLICK, at.target(), List.of(at.firstArg(), name.strip()));
  }

  /** For a click at a named point of its target's figure, the point's name; else empty. */
  public Optional<String> pointName() {
    return clickPoint().isPresent() && args.size() == 2 ? Optional.of(args.get(1)) : Optional.empty();
  }

  private static final java.util.regex.Pattern POINT = java.util.regex.Pattern.compile("(\\d{1,3})%,(\\d{1,3})%");

  /** For a click at a point of its target ({@link #clickAt}), the point as {x%, y%} of the box; else empty. */
  public Optional<int[]> clickPoint() {
    if (type != ActionType.CLICK || args.isEmpty()) {
      return Optional.empty();
    }
    java.util.regex.Matcher m = POINT.matcher(args.get(0));
    if (!m.matches()) {
      return Optional.empty();
    }
    int x = Integer.parseInt(m.group(1));
    int y = Integer.parseInt(m.group(2));
    return x <= 100 && y <= 100 ? Optional.of(new int[] {x, y}) : Optional.empty();
  }

  /** Drag {@code source} and drop it on {@code destination} (an element of the same observation). */
  public static Action drag(Element source, Element destination) {
    return new Action(ActionType.DRAG, Optional.of(source), List.of(destination.id(), destination.name()));
  }

  /** The directions a drag can take without a destination ({@link #dragBy}). */
  public static final java.util.Set<String> DIRECTIONS = java.util.Set.of("up", "down", "left", "right");

  /**
   * Drag {@code source} some way {@code direction} (up, down, left or right) and drop it there: a shape or a handle
   * moved on a drawing, where no element marks the place it goes.
   */
  public static Action dragBy(Element source, String direction) {
    String d = direction.strip().toLowerCase(java.util.Locale.ROOT);
    if (!DIRECTIONS.contains(d)) {
      throw new IllegalArgumentException("a drag goes up, down, left or right, not \"" + direction + "\"");
    }
    return new Action(ActionType.DRAG, Optional.of(source), List.of(d));
  }

  private static final java.util.regex.Pattern STROKE =
      java.util.regex.Pattern.compile("(\\d{1,3})%,(\\d{1,3})%>(\\d{1,3})%,(\\d{1,3})%");

  /**
   * Press the pointer on {@code target} at one point of its box and drag it to another, then let go: a stroke drawn on
   * a surface (a line through a dot). Points are percent of the box's width and height, 0..100.
   */
  public static Action stroke(Element target, int x1, int y1, int x2, int y2) {
    for (int v : new int[] {x1, y1, x2, y2}) {
      if (v < 0 || v > 100) {
        throw new IllegalArgumentException("a stroke's points are 0..100% of the box, not " + v + "%");
      }
    }
    return new Action(ActionType.DRAG, Optional.of(target), List.of(x1 + "%," + y1 + "%>" + x2 + "%," + y2 + "%"));
  }

  /** For a stroke ({@link #stroke}), its points {x1, y1, x2, y2} in percent of the box; else empty. */
  public Optional<int[]> strokePoints() {
    if (type != ActionType.DRAG || args.size() != 1) {
      return Optional.empty();
    }
    java.util.regex.Matcher m = STROKE.matcher(args.get(0));
    if (!m.matches()) {
      return Optional.empty();
    }
    int[] p = new int[4];
    for (int i = 0; i < 4; i++) {
      p[i] = Integer.parseInt(m.group(i + 1));
      if (p[i] > 100) {
        return Optional.empty();
      }
    }
    return Optional.of(p);
  }

  /** Whether a drag's argument is a stroke's points ("17%,50%>83%,50%"). */
  public static boolean isStroke(String arg) {
    return STROKE.matcher(arg).matches();
  }

  /** For a drag by a direction ({@link #dragBy}), that direction; else empty. */
  public Optional<String> dragDirection() {
    return type == ActionType.DRAG && args.size() == 1 && DIRECTIONS.contains(args.get(0))
        ? Optional.of(args.get(0)) : Optional.empty();
  }

  /** Highlight the page's text {@code text} (select it, as a person does by dragging over it). */
  public static Action highlight(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("highlight needs the text to select");
    }
    return new Action(ActionType.HIGHLIGHT, Optional.empty(), List.of(text));
  }

  public static Action answer(String text) {
    return new Action(ActionType.ANSWER, Optional.empty(), List.of(text));
  }

  /** The first argument, or empty text. */
  public String firstArg() {
    return args.isEmpty() ? "" : args.get(0);
  }

  /**
   * A short human-readable form, for logs: {@code click(e12 link "Reports")}. Answers and text typed into a secret
   * field are shown as {@code ***}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder(type.verb()).append('(');
    target.ifPresent(e -> sb.append(e.id()).append(' ').append(e.role()).append(" \"").append(e.name()).append('"'));
    if (dragDirection().isPresent() || strokePoints().isPresent()) {
      return sb.append(' ').append(firstArg()).append(')').toString();
    }
    if (type == ActionType.DRAG) {
      String to = args.size() > 1 ? args.get(1) : "";
      return sb.append(" onto ").append(firstArg()).append(" \"")
          .append(to.length() > 60 ? to.substring(0, 57) + "..." : to).append("\")").toString();
    }
    for (String a : args) {
      if (sb.charAt(sb.length() - 1) != '(') {
        sb.append(", ");
      }
      boolean secret = type == ActionType.ANSWER || target.map(Element::secret).orElse(false);
      String shown = secret ? "***" : a;
      sb.append('"').append(shown.length() > 60 ? shown.substring(0, 57) + "..." : shown).append('"');
    }
    return sb.append(')').toString();
  }
}
