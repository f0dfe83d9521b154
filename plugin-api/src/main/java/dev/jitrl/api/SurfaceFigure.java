package dev.jitrl.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The points a surface's figure marks: its dots and circles, read by the host into the surface element's value
 * ({@code "5 marks: black dot 20,30; blue dot 70,41; white circle 50,50"}, centres in percent of the surface's box),
 * and the points they define by name: each mark itself ({@code "at black dot 1"}, {@code "centre of white circle"})
 * and the middle of each pair ({@code "between black dot 1 and blue dot"}).
 *
 * <p>A click at such a point carries its name ({@link Action#clickAt(Element, int, int, String)}): what the click
 * means is the same on every instance of a page (the middle of its two dots) while the point itself differs, so a
 * plugin remembers the name and finds the point again on the page it acts on ({@link #resolve}).
 */
public final class SurfaceFigure {
  /** A mark of the figure: its colour ("black", may be empty), its kind ("dot" or "circle") and its centre in percent. */
  public record Mark(String colour, String kind, int x, int y) {
    public Mark {
      Checks.notNull(colour, "colour");
      Checks.notBlank(kind, "kind");
    }

    /** Its colour and kind: "black dot". */
    public String words() {
      return colour.isBlank() ? kind : colour + " " + kind;
    }
  }

  /** A named point of the figure, in percent of the surface's box. */
  public record Point(String name, int x, int y) {
    public Point {
      Checks.notBlank(name, "name");
    }
  }

  /** Figures with more marks than this are not read as marks (a busy drawing: a chart, a scatter of shapes). */
  public static final int MAX_MARKS = 6;
  /** Pairs are named only up to this many marks (four marks: six middles). */
  static final int MAX_PAIRED = 4;

  private static final Pattern MARK =
      Pattern.compile("\\s*(?:([a-z]+) )?(dot|circle) (\\d{1,3}),(\\d{1,3})\\s*");

  private SurfaceFigure() {}

  /**
   * The marks a surface's value lists after its {@code ":"}, in the host's order; empty when it lists none or when
   * any part is not a mark (the value of an element that is not such a surface).
   */
  public static List<Mark> marks(String value) {
    int colon = value.indexOf(':');
    if (colon < 0) {
      return List.of();
    }
    String[] parts = value.substring(colon + 1).split(";");
    if (parts.length > MAX_MARKS) {
      return List.of();
    }
    List<Mark> out = new ArrayList<>();
    for (String part : parts) {
      Matcher m = MARK.matcher(part);
      if (!m.matches()) {
        return List.of();
      }
      int x = Integer.parseInt(m.group(3));
      int y = Integer.parseInt(m.group(4));
      if (x > 100 || y > 100) {
        return List.of();
      }
      out.add(new Mark(m.group(1) == null ? "" : m.group(1), m.group(2), x, y));
    }
    return List.copyOf(out);
  }

  /** The text the host writes after the count of a surface's marks: {@code "black dot 20,30; white circle 50,50"}. */
  public static String describe(List<Mark> marks) {
    StringBuilder sb = new StringBuilder();
    for (Mark m : marks) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(m.words()).append(' ').append(m.x()).append(',').append(m.y());
    }
    return sb.toString();
  }

  /**
   * The named points of a surface's value: each mark ({@code "at blue dot"}; {@code "centre of white circle"} for a
   * circle), numbered in the host's order where several read alike ({@code "black dot 2"}), then the middle of each
   * pair of marks when there are at most {@value #MAX_PAIRED}: pairs of marks that read alike first.
   */
  public static List<Point> points(String value) {
    List<Mark> marks = marks(value);
    if (marks.isEmpty()) {
      return List.of();
    }
    Map<String, Integer> alike = new LinkedHashMap<>();
    for (Mark m : marks) {
      alike.merge(m.words(), 1, Integer::sum);
    }
    Map<String, Integer> seen = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (Mark m : marks) {
      int n = seen.merge(m.words(), 1, Integer::sum);
      names.add(alike.get(m.words()) > 1 ? m.words() + " " + n : m.words());
    }
    List<Point> out = new ArrayList<>();
    for (int i = 0; i < marks.size(); i++) {
      Mark m = marks.get(i);
      out.add(new Point((m.kind().equals("circle") ? "centre of " : "at ") + names.get(i), m.x(), m.y()));
    }
    if (marks.size() <= MAX_PAIRED) {
      // pairs of marks that read alike first (the figure's two black dots), then pairs of marks that differ (a dot of
      // another colour plays another part: a vertex, the mark of an earlier click)
      for (boolean alikePass : new boolean[] {true, false}) {
        for (int i = 0; i < marks.size(); i++) {
          for (int j = i + 1; j < marks.size(); j++) {
            Mark a = marks.get(i);
            Mark b = marks.get(j);
            if (a.words().equals(b.words()) == alikePass) {
              out.add(new Point("between " + names.get(i) + " and " + names.get(j),
                  Math.round((a.x() + b.x()) / 2f), Math.round((a.y() + b.y()) / 2f)));
            }
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /** The point of that name on the surface whose value is given, if its figure has it. */
  public static Optional<Point> resolve(String value, String name) {
    for (Point p : points(value)) {
      if (p.name().equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
