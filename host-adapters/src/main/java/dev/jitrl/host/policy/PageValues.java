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

  private PageValues() {}

  /** The page values the goal points to, strongest first, at most {@link #MAX_VALUES}. */
  static List<PageValue> of(String goal, Observation page) {
    Set<String> goalAll = WordTokens.ofAll(goal);
    Set<String> goalTokens = WordTokens.of(goal);
    String goalLower = goal.toLowerCase(Locale.ROOT);
    List<PageValue> out = new ArrayList<>();
    boolean copies = goalAll.stream().anyMatch(COPY_WORDS::contains);
    for (Element e : page.elements()) {
      if ((e.role().equals("textbox") || e.role().equals("clickable")) && !e.secret() && !e.value().isBlank()
          && !e.value().endsWith("\u2026")) { // a value the observer cut short would be copied wrong
        out.add(new PageValue(e.value(), "field " + e.name(), copies ? 1.5 : 0.2));
      }
    }
    String[] lines = page.text().split("\n");
    for (String line : lines) {
      Matcher kv = KEY_VALUE.matcher(line.strip());
      if (!kv.matches() || partOfGoal(line, goalLower)) {
        continue;
      }
      Set<String> keyWords = WordTokens.of(kv.group(1));
      int overlap = WordTokens.overlap(goalTokens, keyWords);
      if (overlap > 0 && overlap * 2 >= keyWords.size()) {
        out.add(new PageValue(kv.group(2).strip(), "value of " + kv.group(1).strip(),
            0.8 + 0.7 * overlap / (double) keyWords.size()));
      }
    }
    Matcher ord = ORDINAL.matcher(goal);
    if (ord.find()) {
      int n = ord.group(1) != null ? Integer.parseInt(ord.group(1)) : ORDINAL_WORDS.get(ord.group(2).toLowerCase(Locale.ROOT));
      String paragraph = longestLineNotInGoal(lines, goalLower);
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
          out.add(new PageValue(words.get(i), "word " + (i + 1) + " of the longest text", 1.5));
        }
      }
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
      if (!kv.matches() || partOfGoal(line, goalLower) || !WordTokens.of(kv.group(1)).equals(labelWords)) {
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
