package dev.jitrl.host.policy;

import dev.jitrl.api.Action;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.host.policy.LexicalPolicy.Scored;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition the goal sets on a number the page shows before its final action may be taken: "Generate a number
 * less than 5, then press submit", "Buy the stock when the price is less than $60.50", "an odd number". The number
 * is the page's own: a line that holds only a number, or a {@code key: number} line whose key shares a word with the
 * goal ("Stock price: $61.20"); when the page shows none, or several, nothing is known. The gated control is the one
 * the goal names after "then" ("then press submit"), or the goal's first word when the goal waits for the condition
 * ("Buy … when …"). While the condition does not hold the gated control is marked down (and, for a goal that waits
 * for it, a short wait is proposed); once it holds the gated control comes first and the other controls the goal
 * names (Generate) are marked down, so that the run does not change the number again.
 */
final class Conditions {
  enum Op { LESS, GREATER, AT_MOST, AT_LEAST, ODD, EVEN }

  /** The comparison and its bound (unused for odd and even). */
  record Condition(Op op, double bound) {
    boolean holds(double v) {
      return switch (op) {
        case LESS -> v < bound;
        case GREATER -> v > bound;
        case AT_MOST -> v <= bound;
        case AT_LEAST -> v >= bound;
        case ODD -> v == Math.rint(v) && Math.abs(v % 2) == 1;
        case EVEN -> v == Math.rint(v) && v % 2 == 0;
      };
    }
  }

  private static final String NUMBER = "\\$?(-?\\d{1,9}(?:,\\d{3})*(?:\\.\\d{1,6})?)";
  private static final Pattern COMPARISON = Pattern.compile(
      "\\b(?:(less|lower|smaller|fewer|cheaper)\\s+than|(greater|more|larger|bigger|higher)\\s+than|(below|under)"
          + "|(above|over)|(at\\s+most|no\\s+more\\s+than)|(at\\s+least|no\\s+less\\s+than))\\s+" + NUMBER,
      Pattern.CASE_INSENSITIVE);
  private static final Pattern PARITY = Pattern.compile("\\b(odd|even)\\s+(?:number|integer|value)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern THEN = Pattern.compile(
      "\\bthen\\s+(?:(?:press|click|hit|push|tap|select|choose)\\s+)?(?:on\\s+)?(?:the\\s+)?\"?(\\p{L}+)",
      Pattern.CASE_INSENSITIVE);
  /** The goal waits for its condition ("when the price is …"): its first word is the gated action. */
  private static final Pattern WAITS_FOR = Pattern.compile("\\b(when|once|as\\s+soon\\s+as|until)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ONLY_NUMBER = Pattern.compile("^[-+]?\\$?\\d{1,9}(?:,\\d{3})*(?:\\.\\d{1,6})?%?$");
  private static final Pattern KEY_NUMBER = Pattern.compile(
      "^([^:\\t]{1,40})(?::\\s*|\\t+)(-?)\\$?(\\d{1,9}(?:,\\d{3})*(?:\\.\\d{1,6})?)%?$");
  /** The gated control once the condition holds: above a control the goal names (1.5 plus its fit). */
  static final double MET = 2.0;
  /**
   * The gated control while the condition does not hold: the page says so, which no memory of other instances can
   * know (their numbers were others), so it outweighs what they may say for it (their evidence moves a logit by at
   * most beta, 2); this instance's own failures still can.
   */
  static final double NOT_MET = 3.0;
  /** The gated control while the page shows no number to test: a nudge, the number may be where it is not read. */
  static final double UNKNOWN = 0.5;
  /** Another control the goal names once the condition holds: it would change the number again. */
  static final double DONE = 1.0;
  /** Another control the goal names while the condition does not hold: above its no-change mark-down (1). */
  static final double AGAIN = 1.0;
  /** A short wait while the number the goal waits for is not there yet: above the marked-down gated control. */
  static final double WAIT_SCORE = 0.5;

  private final Condition condition;
  private final String gated;
  private final boolean waits;

  private Conditions(Condition condition, String gated, boolean waits) {
    this.condition = condition;
    this.gated = gated;
    this.waits = waits;
  }

  private static final Conditions NONE = new Conditions(null, null, false);

  /** The goal's condition, or one that applies to nothing. */
  static Conditions of(String goal) {
    Condition c = null;
    Matcher m = COMPARISON.matcher(goal);
    if (m.find()) {
      double bound = Double.parseDouble(m.group(7).replace(",", ""));
      Op op = m.group(1) != null || m.group(3) != null ? Op.LESS
          : m.group(2) != null || m.group(4) != null ? Op.GREATER : m.group(5) != null ? Op.AT_MOST : Op.AT_LEAST;
      c = new Condition(op, bound);
    } else {
      Matcher p = PARITY.matcher(goal);
      if (p.find()) {
        c = new Condition(p.group(1).equalsIgnoreCase("odd") ? Op.ODD : Op.EVEN, 0);
      }
    }
    if (c == null) {
      return NONE;
    }
    Matcher then = THEN.matcher(goal);
    boolean waits = WAITS_FOR.matcher(goal).find();
    String gated = null;
    if (then.find()) {
      gated = then.group(1).toLowerCase(Locale.ROOT);
    } else if (waits) {
      Matcher first = Pattern.compile("\\p{L}+").matcher(goal);
      gated = first.find() ? first.group().toLowerCase(Locale.ROOT) : null;
    }
    return gated == null ? NONE : new Conditions(c, gated, waits);
  }

  boolean applies() {
    return condition != null;
  }

  /** Whether the number the page shows meets the condition; null when the page shows no one number to test. */
  Boolean holds(String goal, Observation page) {
    if (condition == null) {
      return null;
    }
    Set<String> goalWords = WordTokens.of(goal);
    String goalLower = goal.toLowerCase(Locale.ROOT);
    List<Double> shown = new ArrayList<>();
    for (String line : page.text().split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || goalLower.contains(t.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (ONLY_NUMBER.matcher(t).matches()) {
        shown.add(Double.parseDouble(t.replaceAll("[^0-9.\\-]", "")));
        continue;
      }
      Matcher kv = KEY_NUMBER.matcher(t);
      if (kv.matches() && WordTokens.overlap(goalWords, WordTokens.of(kv.group(1))) > 0) {
        double v = Double.parseDouble(kv.group(3).replace(",", ""));
        shown.add(kv.group(2).isEmpty() ? v : -v);
      }
    }
    for (Element e : page.elements()) {
      // a number typed into a field ("enter a number greater than 5"): the field shows it
      String v = e.value().strip();
      if (FormValues.fillable(page, e) && !e.secret() && ONLY_NUMBER.matcher(v).matches()) {
        shown.add(Double.parseDouble(v.replaceAll("[^0-9.\\-]", "")));
      }
    }
    if (shown.stream().distinct().count() != 1) {
      return null; // no number, or several: which one the goal means is not known
    }
    return condition.holds(shown.get(0));
  }

  /** Whether the control is the one the condition gates (it names the gated word). */
  boolean gates(Element e) {
    return gated != null && WordTokens.ofAll(e.name()).contains(gated);
  }

  /** The score a clickable control gains or loses by the condition (0 when the goal sets none). */
  double score(Element e, Boolean holds, Set<String> goalTokens) {
    if (condition == null) {
      return 0;
    }
    if (gates(e)) {
      return holds == null ? -UNKNOWN : holds ? MET : -NOT_MET;
    }
    if (holds != null && WordTokens.overlap(goalTokens, WordTokens.of(e.name())) > 0) {
      // once it holds, another control the goal names would change the number again; while it does not, that
      // control (Generate) is the way on, even when its last press showed the same number (no visible change)
      return holds ? -DONE : AGAIN;
    }
    return 0;
  }

  /** A short wait while the number a waiting goal names is not there yet, or null. */
  Scored waitCandidate(Boolean holds) {
    if (condition == null || !waits || Boolean.TRUE.equals(holds)) {
      return null;
    }
    return new Scored(Action.waitSeconds("1"), WAIT_SCORE, 0);
  }
}
