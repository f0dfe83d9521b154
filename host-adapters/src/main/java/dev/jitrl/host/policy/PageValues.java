package dev.jitrl.host.policy;

import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values a goal points to on the page rather than giving them: the text of another field ("copy the text"),
 * the value next to a key the goal names (a table row, a "name: value" line), the n-th word of a paragraph, or
 * a short text shown on its own ("type the text below"). Each comes with a prior in [0, 1.5] saying how
 * directly the goal asks for it; the policy adds the field's own fit.
 */
final class PageValues {
  /** One value read from the page, and how strongly the goal points to it. */
  record PageValue(String text, String source, double prior) {}

  /** At most this many values per step, the strongest first: a page has many lines, a form few fields. */
  static final int MAX_VALUES = 6;
  private static final int MAX_SHORT_TEXT = 24;
  private static final Pattern ORDINAL = Pattern.compile(
      "\\b(\\d{1,2})(?:st|nd|rd|th)\\s+(?:word|item|line)|\\b(first|second|third|fourth|fifth|sixth|seventh|eighth|"
          + "ninth|tenth|eleventh|twelfth|last)\\s+(?:word|item|line)", Pattern.CASE_INSENSITIVE);
  private static final Map<String, Integer> ORDINAL_WORDS = Map.ofEntries(Map.entry("first", 1),
      Map.entry("second", 2), Map.entry("third", 3), Map.entry("fourth", 4), Map.entry("fifth", 5),
      Map.entry("sixth", 6), Map.entry("seventh", 7), Map.entry("eighth", 8), Map.entry("ninth", 9),
      Map.entry("tenth", 10), Map.entry("eleventh", 11), Map.entry("twelfth", 12), Map.entry("last", -1));
  private static final Set<String> COPY_WORDS = Set.of("copy", "paste", "same", "duplicate", "repeat");
  private static final Set<String> SHOWN_WORDS = Set.of("below", "above", "shown", "displayed", "following",
      "written", "appears");
  private static final Pattern KEY_VALUE = Pattern.compile("^([^:\\t]{1,40})(?::\\s*|\\t+)(.{1,80})$");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final String OPERAND = "(-?\\d{1,9}(?:\\.\\d{1,6})?|[a-zA-Z])";
  /** A sum the page asks to work out: {@code 7 x 3 =}, {@code x - 4 = 33}, {@code 5 + y = 12}. */
  private static final Pattern EQUATION = Pattern.compile("^" + OPERAND + "\\s*([-+x\u00d7*/\u00f7\u2212])\\s*" + OPERAND
      + "\\s*=\\s*(-?\\d{1,9}(?:\\.\\d{1,6})?)?\\s*\\??$");
  /** A worked-out sum is what a question shown on the page asks for: as strong as a value the goal points to. */
  static final double EQUATION_PRIOR = 1.5;

  private PageValues() {}

  /** The page values the goal points to, strongest first, at most {@link #MAX_VALUES}. */
  static List<PageValue> of(String goal, Observation page) {
    Set<String> goalAll = WordTokens.ofAll(goal);
    Set<String> goalTokens = WordTokens.of(goal);
    String goalLower = goal.toLowerCase(Locale.ROOT);
    List<PageValue> out = new ArrayList<>();
    boolean copies = goalAll.stream().anyMatch(COPY_WORDS::contains);
    Element source = copies ? copySource(goal, page) : null;
    for (Element e : page.elements()) {
      if ((e.role().equals("textbox") || e.role().equals("clickable")) && !e.secret() && !e.value().isBlank()
          && !dev.jitrl.host.observe.Submenus.ownsSubmenu(e)
          && !e.value().endsWith("\u2026")) { // a value the observer cut short would be copied wrong
        double prior = !copies ? 0.2 : source == null ? 1.5 : e == source ? 1.5 + COPY_SOURCE : 1.5 - COPY_SOURCE;
        out.add(new PageValue(e.value(), "field " + e.name(), prior));
      }
    }
    String[] lines = page.text().split("\n");
    for (String line : lines) {
      Matcher kv = KEY_VALUE.matcher(line.strip());
      if (!kv.matches() || partOfGoal(line, goalLower) || kv.group(2).indexOf('\t') >= 0) {
        continue; // a row of three cells or more is a table's: its cells are read by row and column below
      }
      Set<String> keyWords = WordTokens.of(kv.group(1));
      int overlap = WordTokens.overlap(goalTokens, keyWords);
      if (overlap > 0 && overlap * 2 >= keyWords.size()) {
        out.add(new PageValue(kv.group(2).strip(), "value of " + kv.group(1).strip(),
            0.8 + 0.7 * overlap / (double) keyWords.size()));
      }
    }
    out.addAll(tableCells(goalLower, goalTokens, lines));
    Matcher ord = ORDINAL.matcher(goal);
    if (ord.find()) {
      int n = ord.group(1) != null ? Integer.parseInt(ord.group(1)) : ORDINAL_WORDS.get(ord.group(2).toLowerCase(Locale.ROOT));
      String paragraph = longestLineNotInGoal(lines, goalLower);
      String from = "the longest text";
      for (Element e : page.elements()) {
        // a text area's text is read too ("the last word in the text area"); a value the observer cut short is not
        String v = e.value().strip();
        if (e.role().equals("textbox") && !e.secret() && !v.endsWith("\u2026") && v.length() > paragraph.length()
            && !partOfGoal(v, goalLower)) {
          paragraph = v;
          from = "field " + e.name(); // not typed back into the field it is read from
        }
      }
      if (!paragraph.isEmpty()) {
        List<String> words = new ArrayList<>();
        for (String w : paragraph.split("\\s+")) {
          String t = NON_WORD.matcher(w).replaceAll("");
          if (!t.isEmpty()) {
            words.add(t);
          }
        }
        int i = n < 0 ? words.size() - 1 : n - 1;
        if (i >= 0 && i < words.size()) {
          out.add(new PageValue(words.get(i), from.startsWith("field ") ? from : "word " + (i + 1) + " of " + from, 1.5));
        }
      }
    }
    for (String line : lines) {
      solve(line.strip()).ifPresent(v -> out.add(new PageValue(v, "answer to " + line.strip(), EQUATION_PRIOR)));
    }
    if (goalAll.stream().anyMatch(SHOWN_WORDS::contains)) {
      Set<String> names = new java.util.HashSet<>();
      for (Element e : page.elements()) {
        names.add(e.name());
      }
      for (String line : lines) {
        String t = line.strip();
        if (!t.isEmpty() && t.length() <= MAX_SHORT_TEXT && !names.contains(t)
            && !goalLower.contains(t.toLowerCase(Locale.ROOT)) && t.split("\\s+").length <= 3) {
          out.add(new PageValue(t, "text shown on the page", 1.0));
        }
      }
    }
    out.sort((a, b) -> Double.compare(b.prior(), a.prior()));
    List<PageValue> distinct = new ArrayList<>();
    for (PageValue v : out) {
      if (distinct.size() < MAX_VALUES && distinct.stream().noneMatch(d -> d.text().equals(v.text()))) {
        distinct.add(v);
      }
    }
    return distinct;
  }

  /** "Copy the text from the 2nd text area": the field the goal copies from, by its place among the text fields. */
  private static final Pattern COPY_FROM = Pattern.compile("\\bfrom\\s+(?:the\\s+)?(?:(\\d{1,2})(?:st|nd|rd|th)|(first|second|"
      + "third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last))\\s+(?:text\\s*area|text\\s*box|text\\s*field|field|"
      + "input|box)", Pattern.CASE_INSENSITIVE);
  /** The field a copy goal names as its source gains this, the others lose it. */
  static final double COPY_SOURCE = 0.3;

  /** The text field the goal copies from ("from the 2nd text area"), or null when it names none by place. */
  static Element copySource(String goal, Observation page) {
    Matcher m = COPY_FROM.matcher(goal);
    if (!m.find()) {
      return null;
    }
    int n = m.group(1) != null ? Integer.parseInt(m.group(1)) : ORDINAL_WORDS.get(m.group(2).toLowerCase(Locale.ROOT));
    List<Element> fields = page.elements().stream().filter(e -> e.role().equals("textbox")).toList();
    int at = n < 0 ? fields.size() - 1 : n - 1;
    return at >= 0 && at < fields.size() ? fields.get(at) : null;
  }

  /** A table needs a header and a row, and three columns or more (two are key and value rows, read above). */
  private static final int MIN_TABLE_COLUMNS = 3;
  private static final int MAX_CELL = 80;
  /** A cell of four words or fewer is a header or a key the goal may name by some of its words. */
  private static final int MAX_KEY_WORDS = 4;

  /**
   * Cells of a table the goal points to by their row and their column ("the phone number of Okafor": the cell in
   * the row where Okafor stands and the column headed Phone). The page text writes a table row as one line with its
   * cells between tabs; a run of such lines with the same number of cells (three or more) is a table. A cell is
   * pointed to when the goal names another cell of its row and another cell of its column (a header or a key by
   * half its words or more, any cell by its whole text) and does not give the cell's own text; the same rule reads
   * a table whose headers run down its first column. The prior grows with how fully both are named.
   */
  static List<PageValue> tableCells(String goalLower, Set<String> goalTokens, String[] lines) {
    List<PageValue> out = new ArrayList<>();
    int start = 0;
    while (start < lines.length) {
      int width = cellsOf(lines[start]).size();
      int end = start + 1;
      while (width >= MIN_TABLE_COLUMNS && end < lines.length && cellsOf(lines[end]).size() == width) {
        end++;
      }
      if (width >= MIN_TABLE_COLUMNS && end - start >= 2) {
        List<List<String>> rows = new ArrayList<>();
        for (int r = start; r < end; r++) {
          rows.add(cellsOf(lines[r]));
        }
        readTable(rows, goalLower, goalTokens, out);
      }
      start = Math.max(end, start + 1);
    }
    return out;
  }

  private static void readTable(List<List<String>> rows, String goalLower, Set<String> goalTokens, List<PageValue> out) {
    int height = rows.size();
    int width = rows.get(0).size();
    double[][] named = new double[height][width];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        named[r][c] = named(rows.get(r).get(c), goalLower, goalTokens);
      }
    }
    for (int r = 1; r < height; r++) {
      for (int c = 0; c < width; c++) {
        String cell = rows.get(r).get(c);
        if (cell.isEmpty() || cell.length() > MAX_CELL || named[r][c] >= 1.0) {
          continue; // nothing to type, or the goal gives this text itself (it is a key, not the value)
        }
        double byRow = 0;
        for (int j = 0; j < width; j++) {
          byRow = j == c ? byRow : Math.max(byRow, named[r][j]);
        }
        double byColumn = named[0][c]; // the top row heads the columns (a field's name, or a person's)
        if (byRow > 0 && byColumn > 0) {
          out.add(new PageValue(cell, "cell of " + rows.get(r).get(0) + " under " + rows.get(0).get(c),
              0.8 + 0.35 * byRow + 0.35 * byColumn));
        }
      }
    }
  }

  /**
   * How fully the goal names a cell: 1 when it gives the cell's whole text (as words of its own), else the share of
   * the cell's words it has when that is half or more of a short cell, else 0.
   */
  private static double named(String cell, String goalLower, Set<String> goalTokens) {
    if (cell.isEmpty()) {
      return 0;
    }
    String lower = cell.toLowerCase(Locale.ROOT);
    int at = goalLower.indexOf(lower);
    while (at >= 0) {
      int after = at + lower.length();
      if ((at == 0 || !Character.isLetterOrDigit(goalLower.charAt(at - 1)))
          && (after >= goalLower.length() || !Character.isLetterOrDigit(goalLower.charAt(after)))) {
        return 1.0;
      }
      at = goalLower.indexOf(lower, at + 1);
    }
    Set<String> words = WordTokens.of(cell);
    if (words.isEmpty() || cell.split("\\s+").length > MAX_KEY_WORDS) {
      return 0;
    }
    double share = WordTokens.overlap(goalTokens, words) / (double) words.size();
    return share >= 0.5 ? Math.min(share, 0.99) : 0;
  }

  /** The cells of a table row as the page text writes it (between tabs), trimmed; one cell for any other line. */
  private static List<String> cellsOf(String line) {
    if (line.indexOf('\t') < 0) {
      return List.of(line.strip());
    }
    List<String> cells = new ArrayList<>();
    for (String c : line.split("\t", -1)) {
      cells.add(c.strip());
    }
    return cells;
  }

  /**
   * The value the page shows next to this field's own label: a row {@code Last name<TAB>Nielsen} or a line
   * {@code Last name: Nielsen} whose key has exactly the label's words (a form to fill from a table or a card on
   * the same page). Empty when no row or more than one row has that key.
   */
  static Optional<String> rowValueFor(String label, String goal, Observation page) {
    Set<String> labelWords = WordTokens.of(label);
    if (labelWords.isEmpty()) {
      return Optional.empty();
    }
    String goalLower = goal.toLowerCase(Locale.ROOT);
    String found = null;
    for (String line : page.text().split("\n")) {
      Matcher kv = KEY_VALUE.matcher(line.strip());
      if (!kv.matches() || partOfGoal(line, goalLower) || kv.group(2).indexOf('\t') >= 0
          || !WordTokens.of(kv.group(1)).equals(labelWords)) {
        continue;
      }
      String value = kv.group(2).strip();
      if (value.isEmpty() || (found != null && !found.equals(value))) {
        return Optional.empty(); // two rows with this key: which one is meant is not known
      }
      found = value;
    }
    return Optional.ofNullable(found);
  }

  /**
   * The answer to a sum shown on its own line: its result ({@code 7 x 3 =} → {@code 21}) or the unknown of a
   * one-step equation ({@code x - 4 = 33} → {@code 37}, {@code 9 - x = 2} → {@code 7}). Empty for any other line,
   * a division by zero or an answer that is not a finite number.
   */
  static Optional<String> solve(String line) {
    Matcher m = EQUATION.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    String left = m.group(1);
    String right = m.group(3);
    char op = switch (m.group(2)) {
      case "x", "\u00d7", "*" -> '*';
      case "/", "\u00f7" -> '/';
      case "\u2212" -> '-';
      default -> m.group(2).charAt(0);
    };
    boolean leftUnknown = Character.isLetter(left.charAt(0));
    boolean rightUnknown = Character.isLetter(right.charAt(0));
    String result = m.group(4);
    double answer;
    if (!leftUnknown && !rightUnknown && result == null) {
      answer = apply(Double.parseDouble(left), op, Double.parseDouble(right));
    } else if (leftUnknown != rightUnknown && result != null) {
      double known = Double.parseDouble(leftUnknown ? right : left);
      double r = Double.parseDouble(result);
      answer = switch (op) {
        case '+' -> r - known;
        case '*' -> known == 0 ? Double.NaN : r / known;
        case '-' -> leftUnknown ? r + known : known - r; // x - k = r, k - x = r
        default -> leftUnknown ? r * known : (r == 0 ? Double.NaN : known / r); // x / k = r, k / x = r
      };
    } else {
      return Optional.empty();
    }
    if (!Double.isFinite(answer)) {
      return Optional.empty();
    }
    if (answer == Math.rint(answer) && Math.abs(answer) < 1e15) {
      return Optional.of(Long.toString((long) answer));
    }
    return Optional.of(java.math.BigDecimal.valueOf(answer).round(new java.math.MathContext(10)).stripTrailingZeros()
        .toPlainString());
  }

  private static double apply(double a, char op, double b) {
    return switch (op) {
      case '+' -> a + b;
      case '-' -> a - b;
      case '*' -> a * b;
      default -> b == 0 ? Double.NaN : a / b;
    };
  }

  /** The page repeats the goal (a task's instructions): that line is not data. */
  private static boolean partOfGoal(String line, String goalLower) {
    String t = line.strip().toLowerCase(Locale.ROOT);
    return !t.isEmpty() && (goalLower.contains(t) || t.contains(goalLower.strip()));
  }

  private static String longestLineNotInGoal(String[] lines, String goalLower) {
    String best = "";
    for (String line : lines) {
      String t = line.strip();
      if (t.length() > best.length() && !partOfGoal(t, goalLower)) {
        best = t;
      }
    }
    return best;
  }
}
