package dev.jitrl.host.policy;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Step;
import dev.jitrl.host.policy.LexicalPolicy.Scored;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Waits a goal asks for ("Click ONE, wait 2 seconds, then click TWO"). Each "wait N seconds" of the goal is one wait
 * candidate, in order; it comes first once the run has taken as many actions since the previous wait as the goal
 * names before it (one verb, one action), and stays a low candidate before that so that memory can move it.
 */
final class Waits {
  private static final Pattern WAIT = Pattern.compile(
      "\\b(?:wait|pause)(?:\\s+for)?(?:\\s+about)?\\s+(\\d{1,4}(?:\\.\\d{1,3})?|an?|one|two|three|four|five|six|seven|"
          + "eight|nine|ten)\\s*(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(Map.entry("a", 1), Map.entry("an", 1),
      Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5),
      Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10));
  /** Words that ask for one action each. */
  private static final Set<String> ACTION_VERBS = Set.of("click", "press", "tap", "type", "enter", "select", "choose",
      "pick", "check", "uncheck", "fill", "submit", "open", "hover", "drag");
  private static final Pattern WORD = Pattern.compile("\\p{L}+");
  /** A wait whose turn has come: above a click on a control the goal names (1.5 plus its fit). */
  static final double READY = 2.5;
  /** A wait before its turn: proposed, below everything the goal names. */
  static final double NOT_YET = -1.0;

  private Waits() {}

  /** A wait the goal asks for and the run has not yet made, or null when there is none left. */
  static Scored candidate(String goal, List<Step> history) {
    Matcher m = WAIT.matcher(goal);
    List<int[]> spans = new ArrayList<>();
    List<String> seconds = new ArrayList<>();
    while (m.find()) {
      String s = seconds(m.group(1), m.group(2));
      if (s != null) {
        spans.add(new int[] {m.start(), m.end()});
        seconds.add(s);
      }
    }
    int waited = 0;
    int sinceWait = 0;
    for (Step step : history) {
      if (step.action().type() == ActionType.WAIT) {
        waited++;
        sinceWait = 0;
      } else {
        sinceWait++;
      }
    }
    if (waited >= spans.size()) {
      return null;
    }
    int from = waited == 0 ? 0 : spans.get(waited - 1)[1];
    int verbs = 0;
    Matcher w = WORD.matcher(goal.substring(from, spans.get(waited)[0]));
    while (w.find()) {
      if (ACTION_VERBS.contains(w.group().toLowerCase(Locale.ROOT))) {
        verbs++;
      }
    }
    boolean ready = sinceWait >= verbs;
    return new Scored(Action.waitSeconds(seconds.get(waited)), ready ? READY : NOT_YET, 0);
  }

  /** The wait in seconds as plain decimal text, or null when it is longer than the executor allows. */
  private static String seconds(String amount, String unit) {
    String a = amount.toLowerCase(Locale.ROOT);
    BigDecimal n = NUMBER_WORDS.containsKey(a) ? BigDecimal.valueOf(NUMBER_WORDS.get(a)) : new BigDecimal(a);
    String u = unit.toLowerCase(Locale.ROOT);
    if (u.startsWith("ms") || u.startsWith("milli")) {
      n = n.movePointLeft(3);
    } else if (u.startsWith("min")) {
      n = n.multiply(BigDecimal.valueOf(60));
    }
    if (n.doubleValue() > dev.jitrl.host.act.ActionExecutor.MAX_WAIT_SECONDS) {
      return null;
    }
    return n.stripTrailingZeros().toPlainString();
  }
}
