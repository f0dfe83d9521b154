package dev.jitrl.plugin.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a task goal gives, so that a typed value is remembered as a reference to the goal rather than as
 * literal text (DESIGN.md §2.2): {@code {goal.q2}} is the goal's second quoted value, {@code {goal.w3-4}} its
 * words 3 to 4, {@code {goal.q1|lower}} / {@code {goal.q1|upper}} its first quoted value in lower / upper case, and
 * {@code {goal.q1|case}} that value in the case the goal asks for ("type "ALICE" in lower case": lower here, upper on
 * an instance that asks for upper case). The same step then applies to the next instance of the task with other values, and a secret typed
 * from the goal is stored as a reference, never as its text.
 */
public final class GoalValues {
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"|\u201c([^\u201d]+)\u201d|'([^']{2,})'");
  private static final Pattern PARAM =
      Pattern.compile("\\{goal\\.(q(\\d{1,3})|w(\\d{1,3})(?:-(\\d{1,3}))?)(?:\\|(lower|upper|case))?}");
  /** "in lower case", "in all upper-case letters", "in capitals": the case a goal asks its values to be typed in. */
  private static final Pattern CASE_INSTRUCTION = Pattern.compile(
      "\\b(lower|upper)(?:[\\s-]?case)\\b|\\b(capital(?:s|\\s+letters)|all\\s+caps|small\\s+letters)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern SPACES = Pattern.compile("\\s+");
  /** Punctuation around a word, except the sign of a number ("-7" stays "-7"). */
  private static final Pattern EDGE_PUNCTUATION =
      Pattern.compile("^(?:(?!-\\d)[\\p{Punct}\u201c\u201d])+|[\\p{Punct}\u201c\u201d]+$");
  /** Longest run of goal words a parameter may name. */
  private static final int MAX_WORDS = 8;
  /** Goals repeat from step to step: each is parsed once. */
  private static final com.github.benmanes.caffeine.cache.Cache<String, GoalValues> PARSED =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(1_000).executor(Runnable::run).build();

  private final List<String> quoted;
  private final List<String> words;
  /** "lower" or "upper" when the goal asks for its values in that case, else null. */
  private final String asked;

  private GoalValues(List<String> quoted, List<String> words, String asked) {
    this.quoted = quoted;
    this.words = words;
    this.asked = asked;
  }

  /** The values of a goal (empty text: none). */
  /** The goal's quoted values, in order ("Cancel" of 'the button labeled "Cancel"'). */
  public List<String> quoted() {
    return quoted;
  }

  public static GoalValues of(String goal) {
    return goal.isEmpty() ? NONE : PARSED.get(goal, GoalValues::parse);
  }

  private static final GoalValues NONE = new GoalValues(List.of(), List.of(), null);

  private static GoalValues parse(String goal) {
    List<String> quoted = new ArrayList<>();
    Matcher m = QUOTED.matcher(goal);
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null && !m.group(g).isBlank()) {
          quoted.add(m.group(g));
          break;
        }
      }
    }
    List<String> words = new ArrayList<>();
    for (String w : SPACES.split(goal)) {
      String t = EDGE_PUNCTUATION.matcher(w).replaceAll("");
      if (!t.isEmpty()) {
        words.add(t);
      }
    }
    Matcher c = CASE_INSTRUCTION.matcher(QUOTED.matcher(goal).replaceAll(" ")); // a quote's own words are a value
    String asked = null;
    if (c.find()) {
      String w = (c.group(1) != null ? c.group(1) : c.group(2)).toLowerCase(Locale.ROOT);
      asked = w.equals("lower") || w.startsWith("small") ? "lower" : "upper";
    }
    return new GoalValues(List.copyOf(quoted), List.copyOf(words), asked);
  }

  /** The parameter that names {@code value} in this goal: a quoted value first, then a run of words. */
  public Optional<String> parameterFor(String value) {
    if (value.isBlank()) {
      return Optional.empty();
    }
    int q = quoted.indexOf(value);
    if (q >= 0) {
      return Optional.of("{goal.q" + (q + 1) + "}");
    }
    String v = value.strip();
    for (int from = 0; from < words.size(); from++) {
      StringBuilder sb = new StringBuilder();
      for (int to = from; to < Math.min(words.size(), from + MAX_WORDS); to++) {
        if (to > from) {
          sb.append(' ');
        }
        sb.append(words.get(to));
        if (sb.length() > v.length()) {
          break;
        }
        if (sb.toString().equals(v)) {
          return Optional.of(from == to ? "{goal.w" + (from + 1) + "}" : "{goal.w" + (from + 1) + "-" + (to + 1) + "}");
        }
      }
    }
    for (int i = 0; i < quoted.size(); i++) {
      String original = quoted.get(i);
      boolean lower = !original.equals(value) && original.toLowerCase(Locale.ROOT).equals(value);
      boolean upper = !original.equals(value) && original.toUpperCase(Locale.ROOT).equals(value);
      if ((lower && "lower".equals(asked)) || (upper && "upper".equals(asked))) {
        return Optional.of("{goal.q" + (i + 1) + "|case}"); // in the case the goal asks for, whichever that is
      }
      if (lower || upper) {
        return Optional.of("{goal.q" + (i + 1) + (lower ? "|lower}" : "|upper}"));
      }
    }
    return Optional.empty();
  }

  /** Whether a stored argument is a parameter. */
  public static boolean isParameter(String arg) {
    return PARAM.matcher(arg).matches();
  }

  /** The value a parameter names in this goal, or empty if the goal has no such value; literals are returned as they are. */
  public Optional<String> resolve(String arg) {
    Matcher m = PARAM.matcher(arg);
    if (!m.matches()) {
      return Optional.of(arg);
    }
    Optional<String> value;
    if (m.group(2) != null) {
      int q = Integer.parseInt(m.group(2)) - 1;
      value = q >= 0 && q < quoted.size() ? Optional.of(quoted.get(q)) : Optional.empty();
    } else {
      int from = Integer.parseInt(m.group(3)) - 1;
      int to = m.group(4) == null ? from : Integer.parseInt(m.group(4)) - 1;
      value = from < 0 || to < from || to >= words.size()
          ? Optional.empty() : Optional.of(String.join(" ", words.subList(from, to + 1)));
    }
    String transform = "case".equals(m.group(5)) ? asked : m.group(5);
    if (transform == null) {
      return value;
    }
    return value.map(v -> transform.equals("lower") ? v.toLowerCase(Locale.ROOT) : v.toUpperCase(Locale.ROOT));
  }
}
