package dev.jitrl.host.policy;

import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.host.act.FieldValues;
import dev.jitrl.host.policy.GoalSpans.Kind;
import dev.jitrl.host.policy.GoalSpans.Span;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a person uses a date picker: when the goal gives a date and the page shows a calendar month ("November
 * 2016"), step towards the goal's month with the previous / next control, then pick the day. Nothing here names a
 * page: the month is read from the page's text, the controls from their usual labels and arrows.
 */
final class CalendarPrior {
  static final double DAY = 2.0;
  static final double STEP = 1.5;
  /** Opening an empty date field's picker when the goal gives a date: before the form's button (its bonus is 1). */
  static final double OPEN = 1.5;
  private static final Pattern SHOWN_MONTH = Pattern.compile(
      "\\b(january|february|march|april|may|june|july|august|september|october|november|december)\\s+(\\d{4})\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Set<String> PREVIOUS = Set.of("prev", "previous", "<", "\u2039", "\u00ab", "<<", "back");
  private static final Set<String> NEXT = Set.of("next", ">", "\u203a", "\u00bb", ">>", "forward");

  /** No calendar is involved: every bonus is 0. */
  static final CalendarPrior NONE = new CalendarPrior(null, null);

  private final LocalDate wanted;
  private final YearMonth shown;

  private CalendarPrior(LocalDate wanted, YearMonth shown) {
    this.wanted = wanted;
    this.shown = shown;
  }

  /** The prior for one step: the goal's date and the month the page shows, read once; {@link #NONE} without both. */
  static CalendarPrior of(String goal, Observation page) {
    Optional<LocalDate> wanted = goalDate(goal);
    if (wanted.isEmpty()) {
      return NONE;
    }
    Matcher m = SHOWN_MONTH.matcher(page.text());
    if (!m.find()) {
      return new CalendarPrior(wanted.get(), null); // no calendar open yet: a date field's picker may open one
    }
    return new CalendarPrior(wanted.get(), YearMonth.of(Integer.parseInt(m.group(2)), FieldValues.monthNumber(m.group(1))));
  }

  /** The prior bonus of clicking {@code e}; 0 when no calendar is involved. */
  double score(Element e) {
    if (wanted == null) {
      return 0;
    }
    String name = e.name().toLowerCase(Locale.ROOT).strip();
    if (shown == null) {
      // an empty field one can only click, named a date ("Departure Date"): clicking opens its picker
      return e.role().equals("clickable") && e.value().isBlank() && WordTokens.ofAll(name).contains("date") ? OPEN : 0;
    }
    YearMonth target = YearMonth.from(wanted);
    if (shown.equals(target)) {
      return name.equals(String.valueOf(wanted.getDayOfMonth())) ? DAY : 0;
    }
    boolean back = target.isBefore(shown);
    return (back ? PREVIOUS : NEXT).contains(name) ? STEP : 0;
  }

  /** The first date the goal gives, read as month/day/year when slashed. */
  static Optional<LocalDate> goalDate(String goal) {
    List<Span> spans = GoalSpans.of(goal);
    for (Span s : spans) {
      if (s.kind() == Kind.DATE) {
        Optional<LocalDate> d = parse(s.text());
        if (d.isPresent()) {
          return d;
        }
      }
    }
    return Optional.empty();
  }

  static Optional<LocalDate> parse(String text) {
    return FieldValues.parseDate(text);
  }

}
