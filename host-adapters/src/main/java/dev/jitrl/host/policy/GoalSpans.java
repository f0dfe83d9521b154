package dev.jitrl.host.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a goal gives without quoting them: dates, times, e-mail addresses, numbers, capitalised names and,
 * last, its other content words. A form needs them typed somewhere; which field takes which value is for the
 * policy's prior (the words next to a value that name a field) and for memory to settle.
 */
final class GoalSpans {
  /** What a span looks like; the order is the order of trust. */
  enum Kind { QUOTED, DATE, TIME, EMAIL, NUMBER, NAME, WORD }

  /**
   * One value of the goal.
   *
   * @param text the value as the goal writes it
   * @param kind what it looks like
   * @param before up to four words just before it (lower case), which usually name its field
   * @param after up to two words just after it (lower case)
   */
  record Span(String text, Kind kind, List<String> before, List<String> after) {}

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"|\u201c([^\u201d]+)\u201d|'([^']{2,})'");
  private static final String MONTHS = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?";
  private static final Pattern DATE = Pattern.compile(
      "\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b|\\b\\d{4}-\\d{2}-\\d{2}\\b"
          + "|\\b" + MONTHS + "\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b"
          + "|\\b\\d{1,2}(?:st|nd|rd|th)?\\s+" + MONTHS + ",?\\s+\\d{4}\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern TIME = Pattern.compile("\\b\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s*[AaPp]\\.?[Mm]\\.?)?");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
  /** A number: digits grouped by thousands ("12,500.75") or plain ("-7", "3.5"); "12,3,11" is a list of three. */
  private static final Pattern NUMBER =
      Pattern.compile("(?<![\\w.])-?(?:\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)(?![\\w/:])");
  private static final Pattern WORD = Pattern.compile("(?<![\\p{L}\\p{N}])[\\p{L}][\\p{L}\\p{N}'-]*");
  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");
  /** Words a goal uses to say what to do, not what to type. */
  private static final Set<String> INSTRUCTION_WORDS = Set.of(
      "enter", "type", "fill", "select", "choose", "pick", "click", "press", "hit", "submit", "search", "find",
      "set", "put", "write", "copy", "paste", "then", "and", "the", "a", "an", "as", "in", "into", "on", "of",
      "to", "for", "with", "by", "from", "field", "fields", "form", "box", "textbox", "text", "button", "value",
      "values", "date", "time", "item", "items", "that", "this", "it", "is", "are", "be", "all", "nothing",
      "else", "only", "please", "your", "you", "which", "what", "below", "above", "page", "starts", "ends",
      "begins", "contains", "same", "go", "back", "ok", "done", "finish", "now", "named", "called");

  /** "in lower case", "in all upper-case letters", "in capitals", "uppercase": how the goal wants its values typed. */
  private static final Pattern CASE_INSTRUCTION = Pattern.compile(
      "\\b(lower|upper)(?:[\\s-]?case)\\b|\\b(capital(?:s|\\s+letters)|all\\s+caps|small\\s+letters)\\b",
      Pattern.CASE_INSENSITIVE);

  private GoalSpans() {}

  /**
   * The goal's quoted value as it is to be typed: in lower or upper case when the goal says so ("Type "KIRBY" in
   * all lower case letters"), else as quoted. One instruction applies to every quoted value of the goal.
   */
  static String asTyped(String goal, String quoted) {
    Matcher m = CASE_INSTRUCTION.matcher(QUOTED.matcher(goal).replaceAll(" ")); // a quote's own words are a value
    if (!m.find()) {
      return quoted;
    }
    String word = (m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT);
    boolean lower = word.equals("lower") || word.startsWith("small");
    return lower ? quoted.toLowerCase(Locale.ROOT) : quoted.toUpperCase(Locale.ROOT);
  }

  /**
   * The names the goal gives as where something comes from: "the email from Kiley", "the message by Ann", "Coletta's
   * email" (lower case, without the 's). When a goal names one thing to take and another to give it to ("forward it
   * to Evy"), the item to open is the source's.
   */
  static Set<String> sourceNames(String goal) {
    return sourceNames(goal, of(goal));
  }

  /** As {@link #sourceNames(String)}, from the goal's spans already parsed. */
  static Set<String> sourceNames(String goal, List<Span> parsed) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (Span s : parsed) {
      if (s.kind() != Kind.NAME) {
        continue;
      }
      String text = s.text().toLowerCase(Locale.ROOT);
      boolean possessive = goal.contains(s.text() + "'s") || goal.contains(s.text() + "\u2019s");
      boolean marked = !s.before().isEmpty()
          && (s.before().get(s.before().size() - 1).equals("from") || s.before().get(s.before().size() - 1).equals("by"));
      if (possessive || marked) {
        out.add(text);
      }
    }
    return out;
  }

  /** The goal's values, in order of trust and then of position; no text twice. */
  static List<Span> of(String goal) {
    List<Span> out = new ArrayList<>();
    boolean[] taken = new boolean[goal.length()];
    Matcher q = QUOTED.matcher(goal);
    while (q.find()) {
      for (int g = 1; g <= q.groupCount(); g++) {
        if (q.group(g) != null && !q.group(g).isBlank()) {
          add(out, goal, q.group(g), Kind.QUOTED, q.start(), q.end(), taken);
          break;
        }
      }
    }
    scan(out, goal, DATE, Kind.DATE, taken);
    scan(out, goal, TIME, Kind.TIME, taken);
    scan(out, goal, EMAIL, Kind.EMAIL, taken);
    scan(out, goal, NUMBER, Kind.NUMBER, taken);
    names(out, goal, taken);
    Matcher w = WORD.matcher(goal);
    while (w.find()) {
      if (!free(taken, w.start(), w.end()) || INSTRUCTION_WORDS.contains(w.group().toLowerCase(Locale.ROOT))
          || w.group().length() < 2) {
        continue;
      }
      add(out, goal, w.group(), Kind.WORD, w.start(), w.end(), taken);
    }
    return out;
  }

  /**
   * Runs of two or more consecutive content words (no stop word, instruction or punctuation between them): the
   * noun phrases a search box takes ("gardening handbook" in "find the price of the gardening handbook").
   */
  static List<String> phrases(String goal) {
    List<String> out = new ArrayList<>();
    List<String> run = new ArrayList<>();
    Matcher m = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'-]*|[^\\p{L}\\p{N}\\s]+").matcher(goal);
    while (m.find()) {
      String w = m.group();
      String lower = w.toLowerCase(Locale.ROOT);
      boolean content = Character.isLetterOrDigit(w.charAt(0)) && !INSTRUCTION_WORDS.contains(lower)
          && !WordTokens.of(lower).isEmpty();
      if (content) {
        run.add(w);
      } else {
        flush(run, out);
      }
    }
    flush(run, out);
    return out;
  }

  private static void flush(List<String> run, List<String> out) {
    if (run.size() >= 2 && !out.contains(String.join(" ", run))) {
      out.add(String.join(" ", run));
    }
    run.clear();
  }

  /** Runs of capitalised words that do not start a sentence ("directed by Ben Smith"). */
  private static void names(List<Span> out, String goal, boolean[] taken) {
    Matcher w = WORD.matcher(goal);
    int runStart = -1;
    int runEnd = -1;
    while (w.find()) {
      boolean capital = Character.isUpperCase(w.group().charAt(0)) && !sentenceStart(goal, w.start())
          && free(taken, w.start(), w.end()) && !INSTRUCTION_WORDS.contains(w.group().toLowerCase(Locale.ROOT));
      boolean adjacent = runEnd >= 0 && goal.substring(runEnd, w.start()).isBlank();
      if (capital && runStart >= 0 && adjacent) {
        runEnd = w.end();
        continue;
      }
      if (runStart >= 0) {
        addName(out, goal, runStart, runEnd, taken);
        runStart = -1;
        runEnd = -1;
      }
      if (capital) {
        runStart = w.start();
        runEnd = w.end();
      }
    }
    if (runStart >= 0) {
      addName(out, goal, runStart, runEnd, taken);
    }
  }

  /** A name, without the possessive 's that may follow it ("Patsy's email": Patsy). */
  private static void addName(List<Span> out, String goal, int start, int end, boolean[] taken) {
    String text = goal.substring(start, end);
    int cut = text.endsWith("'s") || text.endsWith("\u2019s") ? 2 : 0;
    if (text.length() - cut > 0) {
      add(out, goal, text.substring(0, text.length() - cut), Kind.NAME, start, end - cut, taken);
    }
  }

  private static boolean sentenceStart(String goal, int at) {
    for (int i = at - 1; i >= 0; i--) {
      char c = goal.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c == '.' || c == '!' || c == '?';
      }
    }
    return true;
  }

  private static void scan(List<Span> out, String goal, Pattern p, Kind kind, boolean[] taken) {
    Matcher m = p.matcher(goal);
    while (m.find()) {
      if (free(taken, m.start(), m.end())) {
        add(out, goal, m.group().strip(), kind, m.start(), m.end(), taken);
      }
    }
  }

  private static boolean free(boolean[] taken, int from, int to) {
    for (int i = from; i < to; i++) {
      if (taken[i]) {
        return false;
      }
    }
    return true;
  }

  private static void add(List<Span> out, String goal, String text, Kind kind, int from, int to, boolean[] taken) {
    for (int i = from; i < to; i++) {
      taken[i] = true;
    }
    for (Span s : out) {
      if (s.text().equals(text)) {
        return;
      }
    }
    out.add(new Span(text, kind, lastWords(goal.substring(0, from), 4), firstWords(goal.substring(to), 2)));
  }

  private static List<String> lastWords(String text, int n) {
    List<String> all = words(text);
    return all.subList(Math.max(0, all.size() - n), all.size());
  }

  private static List<String> firstWords(String text, int n) {
    List<String> all = words(text);
    return all.subList(0, Math.min(n, all.size()));
  }

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /**
   * Whether two words name the same thing up to their ending ("directed" and "Director", "year" and "years"):
   * equal, or sharing a prefix of at least five letters, or one is a prefix (four letters or more) of the other.
   */
  static boolean sameStem(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    int n = 0;
    int max = Math.min(a.length(), b.length());
    while (n < max && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return n >= 5 || (n == max && n >= 4);
  }
}
