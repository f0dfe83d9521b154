package dev.jitrl.host.policy;

import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Book the cheapest flight", "choose the shortest trip": the goal asks for the extreme of a quantity among items that
 * each carry one, and the items' controls look alike ("Book flight for $379", "Book flight for $209"). The control
 * whose item has the least (or most) of it gets a bonus, the others a penalty. An item's quantity is read in the
 * control's own name first, else in the page text of its row: the text from the previous such control to this one.
 * Nothing is scored unless every control of the group has a quantity and one of them is the only extreme.
 */
final class Superlatives {
  /** The bonus of the item the goal asks for. */
  static final double EXTREME = 1.5;
  /** The penalty of the others. */
  static final double OTHER = 0.5;

  private enum Measure { PRICE, DURATION }

  private record Ask(Measure measure, boolean least) {}

  private static final Pattern CHEAPEST = Pattern.compile(
      "\\b(cheapest|least\\s+expensive|lowest[\\s-]+(?:price[ds]?|cost|fare)|cheaper)\\b");
  private static final Pattern DEAREST = Pattern.compile(
      "\\b(most\\s+expensive|priciest|highest[\\s-]+(?:price[ds]?|cost|fare))\\b");
  private static final Pattern SHORTEST = Pattern.compile("\\b(shortest|quickest|fastest)\\b");
  private static final Pattern LONGEST = Pattern.compile("\\blongest\\b");

  private static final Pattern PRICE = Pattern.compile("[$€£]\\s?(\\d[\\d,]*(?:\\.\\d+)?)");
  private static final Pattern HOURS_MINUTES = Pattern.compile(
      "\\b(\\d+)\\s*(?:h|hrs?|hours?)\\b\\s*(?:(\\d+)\\s*(?:m|min|mins|minutes?)\\b)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern MINUTES = Pattern.compile("\\b(\\d+)\\s*(?:m|min|mins|minutes?)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern DIGITS = Pattern.compile("[$€£]?\\s?\\d[\\d,.]*");

  private final Map<String, Double> scores;

  private Superlatives(Map<String, Double> scores) {
    this.scores = scores;
  }

  /** The bonus or penalty of a control (0 for controls the rule does not judge). */
  double score(Element e) {
    return scores.getOrDefault(e.id(), 0.0);
  }

  static Superlatives of(String goal, Observation page, java.util.Set<String> clickRoles) {
    Ask ask = askOf(goal.toLowerCase(Locale.ROOT));
    if (ask == null) {
      return new Superlatives(Map.of());
    }
    // controls that look alike once their numbers are taken out: one group per shape
    Map<String, List<Element>> groups = new HashMap<>();
    for (Element e : page.elements()) {
      if (clickRoles.contains(e.role()) && !e.name().isBlank()) {
        String shape = e.role() + "|" + DIGITS.matcher(e.name()).replaceAll("#").strip();
        groups.computeIfAbsent(shape, k -> new ArrayList<>()).add(e);
      }
    }
    Map<String, Double> out = new HashMap<>();
    for (List<Element> group : groups.values()) {
      if (group.size() < 2) {
        continue;
      }
      double[] values = new double[group.size()];
      int from = 0;
      boolean all = true;
      for (int i = 0; i < group.size() && all; i++) {
        Element e = group.get(i);
        OptionalDouble own = quantity(ask.measure(), e.name());
        int at = page.text().indexOf(e.name(), from);
        OptionalDouble v = own;
        if (v.isEmpty() && at >= 0) {
          v = quantity(ask.measure(), page.text().substring(from, at));
        }
        if (at >= 0) {
          from = at + e.name().length();
        }
        all = v.isPresent();
        values[i] = all ? v.getAsDouble() : 0;
      }
      if (!all) {
        continue;
      }
      int best = -1;
      boolean unique = true;
      for (int i = 0; i < values.length; i++) {
        if (best < 0 || (ask.least() ? values[i] < values[best] : values[i] > values[best])) {
          best = i;
          unique = true;
        } else if (values[i] == values[best]) {
          unique = false;
        }
      }
      if (!unique) {
        continue;
      }
      for (int i = 0; i < group.size(); i++) {
        out.put(group.get(i).id(), i == best ? EXTREME : -OTHER);
      }
    }
    return new Superlatives(out);
  }

  private static Ask askOf(String goal) {
    if (CHEAPEST.matcher(goal).find()) {
      return new Ask(Measure.PRICE, true);
    }
    if (DEAREST.matcher(goal).find()) {
      return new Ask(Measure.PRICE, false);
    }
    if (SHORTEST.matcher(goal).find()) {
      return new Ask(Measure.DURATION, true);
    }
    if (LONGEST.matcher(goal).find()) {
      return new Ask(Measure.DURATION, false);
    }
    return null;
  }

  /** The one quantity of this kind in the text: none when it shows none or several different ones. */
  private static OptionalDouble quantity(Measure m, String text) {
    List<Double> found = new ArrayList<>();
    if (m == Measure.PRICE) {
      Matcher p = PRICE.matcher(text);
      while (p.find()) {
        found.add(Double.parseDouble(p.group(1).replace(",", "")));
      }
    } else {
      Matcher hm = HOURS_MINUTES.matcher(text);
      StringBuilder rest = new StringBuilder();
      int last = 0;
      while (hm.find()) {
        found.add(Double.parseDouble(hm.group(1)) * 60 + (hm.group(2) == null ? 0 : Double.parseDouble(hm.group(2))));
        rest.append(text, last, hm.start()).append(' ');
        last = hm.end();
      }
      rest.append(text.substring(last));
      Matcher mm = MINUTES.matcher(rest);
      while (mm.find()) {
        found.add(Double.parseDouble(mm.group(1)));
      }
    }
    if (found.isEmpty() || found.stream().distinct().count() > 1) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(found.get(0));
  }
}
