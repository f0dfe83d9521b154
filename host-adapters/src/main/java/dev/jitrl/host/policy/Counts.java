package dev.jitrl.host.policy;

import dev.jitrl.api.ActionType;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many things the goal asks to act on ("Click Reply on 2 posts by @dis", "like three tweets"): once the run has
 * clicked that many controls of one kind on this page, the other controls of that kind are marked down, so that the
 * run goes on to what follows (Submit) instead of clicking one more. A kind is a role and the goal's words the
 * control's name holds ("reply" and "dis" for "reply · Clark @dis …"); a control that only submits is never counted.
 */
final class Counts {
  private static final Pattern COUNT = Pattern.compile(
      "\\b(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\\s+(?:(?:different|separate|other|more|of\\s+the)"
          + "\\s+)?(\\p{L}{3,}s)\\b", Pattern.CASE_INSENSITIVE);
  private static final Map<String, Integer> WORDS = Map.of("one", 1, "two", 2, "three", 3, "four", 4, "five", 5,
      "six", 6, "seven", 7, "eight", 8, "nine", 9, "ten", 10);
  /** Plurals that measure rather than count things to act on. */
  private static final Set<String> UNITS = Set.of("seconds", "minutes", "hours", "days", "weeks", "months", "years",
      "times", "dollars", "cents", "euros", "pounds", "points", "pixels", "degrees", "percents", "decimals", "digits",
      "letters", "characters", "words", "places", "steps", "pages");
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|\u201c[^\u201d]*\u201d");
  /** A control of a kind already clicked as often as the goal asks: below a control the goal does not name. */
  static final double REACHED = 2.0;

  private final int n;
  /** The goal's words as compared ({@link WordTokens#canonical}), once per goal. */
  private final Set<String> goalWords;

  private Counts(int n, Set<String> goalWords) {
    this.n = n;
    this.goalWords = goalWords;
  }

  /** The number of things the goal asks to act on, 0 when it names none. */
  static Counts of(String goal) {
    Matcher m = COUNT.matcher(QUOTED.matcher(goal).replaceAll(" "));
    while (m.find()) {
      if (UNITS.contains(m.group(2).toLowerCase(Locale.ROOT))) {
        continue;
      }
      String a = m.group(1).toLowerCase(Locale.ROOT);
      int k = WORDS.containsKey(a) ? WORDS.get(a) : Integer.parseInt(a);
      if (k > 0) {
        Set<String> words = new HashSet<>();
        for (String t : WordTokens.of(goal)) {
          words.add(WordTokens.canonical(t));
        }
        return new Counts(k, words);
      }
    }
    return new Counts(0, Set.of());
  }

  int n() {
    return n;
  }

  /**
   * The kinds the run has clicked on this page (since it came to it): per kind the names of the controls clicked.
   * Empty when the goal counts nothing.
   */
  Map<String, Set<String>> clicked(Observation page, List<Step> history) {
    if (n == 0) {
      return Map.of();
    }
    Map<String, Set<String>> out = new HashMap<>();
    String here = LexicalPolicy.pathOf(page.url());
    for (int i = history.size() - 1; i >= 0; i--) {
      Step step = history.get(i);
      if (!LexicalPolicy.pathOf(step.observation().url()).equals(here)) {
        break;
      }
      if (step.action().type() == ActionType.CLICK && step.status() == StepStatus.EXECUTED) {
        Element e = step.action().target().orElse(null);
        String kind = e == null ? null : kindOf(e);
        if (kind != null) {
          out.computeIfAbsent(kind, k -> new HashSet<>()).add(e.name());
        }
      }
    }
    return out;
  }

  /** The mark-down of a control whose kind the run has already clicked as often as the goal asks. */
  double penalty(Element e, Map<String, Set<String>> clicked) {
    if (n == 0 || clicked.isEmpty()) {
      return 0;
    }
    String kind = kindOf(e);
    Set<String> done = kind == null ? null : clicked.get(kind);
    return done != null && done.size() >= n && !done.contains(e.name()) ? REACHED : 0;
  }

  /** Role and the goal's words in the name, or null for a control that names none of them or only submits. */
  private String kindOf(Element e) {
    Set<String> words = WordTokens.of(e.name());
    if (words.isEmpty() || FormValues.SUBMIT_WORDS.containsAll(words)) {
      return null;
    }
    Set<String> shared = new TreeSet<>();
    for (String w : words) {
      String c = WordTokens.canonical(w);
      if (goalWords.contains(c)) {
        shared.add(c);
      }
    }
    return shared.isEmpty() ? null : e.role() + "|" + String.join(" ", shared);
  }
}
