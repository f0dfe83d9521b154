package dev.jitrl.host.act;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates and times as people write them ("05/19/2012", "March 5, 2016", "2:49 PM") and as the browser's date and
 * time fields store them ({@code 2012-05-19}, {@code 14:49}). Slashed dates are read month first, the way the
 * goals this host meets write them.
 */
public final class FieldValues {
  /** The input types whose value is set in its stored form rather than typed key by key. */
  public static final Set<String> PICKER_TYPES = Set.of("date", "time", "month", "week", "datetime-local");

  private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december"};
  private static final Pattern SLASHED = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{2,4})");
  private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final Pattern WORDY = Pattern.compile("([a-z]+)\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})"
      + "|(\\d{1,2})(?:st|nd|rd|th)?\\s+([a-z]+)\\.?,?\\s+(\\d{4})", Pattern.CASE_INSENSITIVE);
  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*(?:([AaPp])\\.?[Mm]\\.?)?");

  private FieldValues() {}

  /** A date written in one of the usual forms, if it is one. */
  public static Optional<LocalDate> parseDate(String text) {
    String t = text.strip();
    try {
      Matcher m = SLASHED.matcher(t);
      if (m.matches()) {
        int year = Integer.parseInt(m.group(3));
        return Optional.of(LocalDate.of(year < 100 ? 2000 + year : year, Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2))));
      }
      m = ISO.matcher(t);
      if (m.matches()) {
        return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3))));
      }
      m = WORDY.matcher(t);
      if (m.matches()) {
        boolean monthFirst = m.group(1) != null;
        int month = monthNumber(monthFirst ? m.group(1) : m.group(5));
        int day = Integer.parseInt(monthFirst ? m.group(2) : m.group(4));
        int year = Integer.parseInt(monthFirst ? m.group(3) : m.group(6));
        return month == 0 ? Optional.empty() : Optional.of(LocalDate.of(year, month, day));
      }
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** A time written as h:mm (with optional seconds and AM/PM), if it is one. */
  public static Optional<LocalTime> parseTime(String text) {
    Matcher m = TIME.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      int hour = Integer.parseInt(m.group(1));
      int minute = Integer.parseInt(m.group(2));
      int second = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
      if (m.group(4) != null) {
        if (hour < 1 || hour > 12) {
          return Optional.empty();
        }
        boolean pm = m.group(4).equalsIgnoreCase("p");
        hour = hour % 12 + (pm ? 12 : 0);
      }
      return Optional.of(LocalTime.of(hour, minute, second));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The month's number (1–12) for its English name or a prefix of three letters or more; 0 if none. */
  public static int monthNumber(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (int i = 0; i < MONTHS.length; i++) {
      if (n.length() >= 3 && MONTHS[i].startsWith(n)) {
        return i + 1;
      }
    }
    return 0;
  }

  /** {@code text} in the form a field of this input type stores, if it can be read as such a value. */
  public static Optional<String> forInputType(String inputType, String text) {
    switch (inputType) {
      case "date":
        return parseDate(text).map(DateTimeFormatter.ISO_LOCAL_DATE::format);
      case "month":
        return parseDate(text).map(d -> String.format(Locale.ROOT, "%04d-%02d", d.getYear(), d.getMonthValue()));
      case "week":
        return parseDate(text).map(d -> d.format(DateTimeFormatter.ofPattern("YYYY-'W'ww", Locale.ROOT)));
      case "time":
        return parseTime(text).map(t -> t.getSecond() == 0
            ? String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute())
            : t.format(DateTimeFormatter.ISO_LOCAL_TIME));
      case "datetime-local": {
        String[] parts = text.strip().split("\\s+(?=\\d{1,2}:)", 2);
        if (parts.length == 2) {
          Optional<LocalDate> d = parseDate(parts[0].replaceAll(",$", ""));
          Optional<LocalTime> t = parseTime(parts[1]);
          if (d.isPresent() && t.isPresent()) {
            return Optional.of(d.get() + "T" + String.format(Locale.ROOT, "%02d:%02d", t.get().getHour(), t.get().getMinute()));
          }
        }
        return Optional.empty();
      }
      default:
        return Optional.of(text);
    }
  }
}
