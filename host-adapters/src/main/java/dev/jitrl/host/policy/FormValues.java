package dev.jitrl.host.policy;

import dev.jitrl.api.Action;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.host.act.FieldValues;
import dev.jitrl.host.observe.SelectOptions;
import dev.jitrl.host.observe.Submenus;
import dev.jitrl.host.policy.GoalSpans.Kind;
import dev.jitrl.host.policy.GoalSpans.Span;
import dev.jitrl.host.policy.LexicalPolicy.Scored;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The values one step's form could take — the goal's unquoted values ({@link GoalSpans}) and the values it
 * points to on the page ({@link PageValues}) — and the prior of typing each into each field: the kind of value
 * (a date is more likely typed than a common word), whether the words next to it in the goal name the field,
 * and whether it already sits in another field. Also two priors that forms need: a suggestion whose text
 * contains the goal's quoted fragments (an autocomplete), and the form's submit button once every field holds
 * something.
 */
final class FormValues {
  /** Fills per field at most, the best first: a goal has many words, the candidate set must stay small. */
  static final int MAX_FILLS_PER_FIELD = 6;
  private static final double ALREADY_PLACED = 1.0;
  private static final double CUE = 1.0;
  private static final double SUBMIT_BONUS = 1.0;
  private static final double PREMATURE_SUBMIT = 1.0;
  private static final double PICKED = 1.5;
  private static final double FRAGMENT_BONUS = 0.75;
  /** With quoted values in the goal, its other values come second: the author quoted what is to be typed. */
  private static final double BEHIND_QUOTES = 1.0;
  /**
   * Prior of the value shown next to a field's own label elsewhere on the page (a key's row in a table): as high
   * as the strongest value the goal points to (1.5) plus a page value's 0.3, since the key matches the label
   * exactly.
   */
  private static final double ROW_VALUE = 1.8;
  private static final java.util.regex.Pattern NUMERIC = java.util.regex.Pattern.compile("-?\\d+(?:\\.\\d+)?");
  /** A copied text typed over a field's own text: below the same text into an empty field. */
  static final double COPY_OVER = 1.0;
  static final Set<String> SUBMIT_WORDS = Set.of("submit", "search", "go", "save", "send", "ok", "done",
      "confirm", "apply", "find", "enter");

  private final List<Span> spans;
  private final List<PageValues.PageValue> pageValues;
  /** Field id → the value the page shows next to the field's own label ({@link PageValues#rowValueFor}). */
  private final Map<String, String> rowValues;
  private final List<String> quoted;
  private final Set<String> fieldWords;
  /** The names the goal gives as where its thing comes from ({@link GoalSpans#sourceNames}). */
  private final Set<String> sourceNames;
  /** Each field's cue words ({@link #cueWords}), by id: compared with every value's neighbours. */
  private final Map<String, Set<String>> fieldCueWords = new HashMap<>();
  private final List<Element> fields;
  private final boolean formComplete;
  private final boolean halfFilled;
  private final boolean valueLeft;

  private FormValues(List<Span> spans, List<PageValues.PageValue> pageValues, Map<String, String> rowValues,
      List<String> quoted,
      Set<String> fieldWords, List<Element> fields, Set<String> sourceNames, List<String> rangeInner) {
    this.sourceNames = sourceNames;
    this.rangeInner = rangeInner;
    for (Element f : fields) {
      fieldCueWords.put(f.id(), cueWords(f));
    }
    this.spans = spans;
    this.pageValues = pageValues;
    this.rowValues = rowValues;
    this.quoted = quoted;
    this.fieldWords = fieldWords;
    this.fields = fields;
    boolean anyFilled = false;
    boolean anyEmpty = false;
    for (Element f : fields) {
      // a slider always shows a value: it counts as filled once it holds one the goal gives
      boolean filled = !f.role().equals("slider") ? !f.value().isBlank()
          : rowValues.containsKey(f.id()) ? sameValue(f.value(), rowValues.get(f.id())) : holds(f.value());
      anyFilled |= filled;
      anyEmpty |= !filled;
    }
    this.formComplete = anyFilled && !anyEmpty;
    this.halfFilled = anyFilled && anyEmpty;
    // a goal that quotes its values gives no value in its plain words ("Check the 1st radio button and enter "3""):
    // those words do not hold the submit back
    this.valueLeft = quoted.stream().anyMatch(q -> !placedAnywhere(fields, q))
        || spans.stream().anyMatch(s -> (quoted.isEmpty() || s.kind() != Kind.WORD) && !placedAnywhere(fields, s.text()));
  }

  static FormValues of(TaskGoal goal, Observation page) {
    List<Element> fields = new ArrayList<>();
    Set<String> fieldWords = new HashSet<>();
    for (Element e : page.elements()) {
      if (fillable(page, e) || (e.role().equals("clickable") && !e.value().isBlank() && !markedChosen(e)
          && !Submenus.ownsSubmenu(e))) {
        fields.add(e); // a read-only field that shows a value (a picked date) is part of the form too
        fieldWords.addAll(WordTokens.of(e.name()));
      }
    }
    List<Span> spans = new ArrayList<>();
    List<String> quoted = new ArrayList<>();
    List<Span> parsed = GoalSpans.of(goal.text());
    Set<String> sources = GoalSpans.sourceNames(goal.text(), parsed);
    for (Span s : parsed) {
      if (s.kind() == Kind.QUOTED) {
        if (!namesAButton(page, s.text())) {
          quoted.add(GoalSpans.asTyped(goal.text(), s.text()));
        }
      } else if (s.kind() == Kind.NAME && namesAControl(page, s.text())
          && fields.stream().noneMatch(f -> sameValue(f.value(), s.text()) || extends_(f.value(), s.text()))) {
        // "In General discussion, ...": the name of a link to follow, not a value to type (unless a field holds it:
        // then the control is a suggestion the typed name brought up)
        continue;
      } else if (s.kind() != Kind.WORD || (fields.size() >= 2 && !namesAField(s.text(), fieldWords))) {
        spans.add(s); // a lone search box takes the goal's words together (the policy's own fill), not one by one
      }
    }
    if (fields.size() == 1 && quoted.isEmpty()) {
      // a lone box (a search) also takes the goal's noun phrases, each on its own
      for (String phrase : GoalSpans.phrases(goal.text())) {
        if (spans.stream().noneMatch(s -> s.text().equals(phrase))) {
          spans.add(new Span(phrase, Kind.WORD, List.of(), List.of()));
        }
      }
    }
    List<PageValues.PageValue> pageValues = fields.isEmpty() ? List.of() : PageValues.of(goal.text(), page);
    Map<String, String> rowValues = new HashMap<>();
    for (Element f : fields) {
      if (!f.secret()) {
        PageValues.rowValueFor(f.name(), goal.text(), page).ifPresent(v -> rowValues.put(f.id(), v));
      }
    }
    listValues(goal.text(), fields).forEach(rowValues::putIfAbsent);
    List<String> range = fields.isEmpty() ? List.of() : rangeInner(goal.text());
    return new FormValues(spans, pageValues, rowValues, quoted, fieldWords, fields, sources, range);
  }

  /** A small range of whole numbers the goal gives ("a number between 0-9", "from 1 to 5"). */
  private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile(
      "\\b(?:between|from)\\s+(-?\\d{1,4})\\s*(?:-|\u2013|and|to)\\s*(-?\\d{1,4})\\b",
      java.util.regex.Pattern.CASE_INSENSITIVE);
  /** The widest range whose every number is proposed. */
  static final int MAX_RANGE = 10;

  /**
   * The numbers strictly inside a small range the goal gives, in order ("between 0-9": 1 to 8); the ends are the goal's
   * own numbers. A guess within the range is then a candidate memory can learn, not only its ends.
   */
  static List<String> rangeInner(String goal) {
    java.util.regex.Matcher m = RANGE.matcher(goal);
    if (!m.find()) {
      return List.of();
    }
    int lo = Integer.parseInt(m.group(1));
    int hi = Integer.parseInt(m.group(2));
    if (hi - lo < 2 || hi - lo > MAX_RANGE) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int v = lo + 1; v < hi; v++) {
      out.add(String.valueOf(v));
    }
    return List.copyOf(out);
  }

  /** The numbers inside a small range the goal gives, each a value for a field (after the goal's own values). */
  private final List<String> rangeInner;
  /** Behind the goal's own numbers. */
  static final double RANGE_INNER = 0.8;

  /** Two or more numbers written as one list: "[12, 3, 11]", "3, 7 and 2". */
  private static final java.util.regex.Pattern NUMBER_LIST = java.util.regex.Pattern.compile(
      "(?<![\\w.])-?\\d+(?:\\.\\d+)?(?:\\s*(?:,|,?\\s+and)\\s*-?\\d+(?:\\.\\d+)?)+(?!\\w|\\.\\d)");
  private static final java.util.regex.Pattern LIST_NUMBER = java.util.regex.Pattern.compile("-?\\d+(?:\\.\\d+)?");

  /**
   * A list of numbers for as many fields of one kind as it has values ("Set the sliders to [12, 3, 11]" on a page
   * with three sliders): the i-th value for the i-th such field, in page order. Empty when counts differ.
   */
  static Map<String, String> listValues(String goal, List<Element> fields) {
    java.util.regex.Matcher m = NUMBER_LIST.matcher(goal);
    if (!m.find()) {
      return Map.of();
    }
    List<String> values = new ArrayList<>();
    java.util.regex.Matcher n = LIST_NUMBER.matcher(m.group());
    while (n.find()) {
      values.add(n.group());
    }
    Map<String, List<Element>> byRole = new HashMap<>();
    for (Element f : fields) {
      if (takesListValue(f)) {
        byRole.computeIfAbsent(f.role(), r -> new ArrayList<>()).add(f);
      }
    }
    Map<String, String> out = new HashMap<>();
    for (List<Element> same : byRole.values()) {
      if (same.size() == values.size()) {
        for (int i = 0; i < same.size(); i++) {
          out.put(same.get(i).id(), values.get(i));
        }
      }
    }
    return out;
  }

  private static boolean takesListValue(Element e) {
    return e.role().equals("textbox") || e.role().equals("spinbutton") || e.role().equals("slider");
  }

  /**
   * A plain clickable or a button the page marks as chosen or pressed (a selected swatch, a toggle that stands on: the
   * observer's value "true"), not a field.
   */
  static boolean markedChosen(Element e) {
    return (e.role().equals("clickable") || e.role().equals("button")) && e.value().equals("true");
  }

  /**
   * Text fields, spin buttons, sliders (set to a number) and comboboxes without a list of options (an autocomplete's
   * input) take text.
   */
  static boolean fillable(Observation page, Element e) {
    return switch (e.role()) {
      case "textbox", "spinbutton", "slider" -> true;
      case "combobox" -> SelectOptions.of(page, e).isEmpty();
      default -> false;
    };
  }

  /** The names the goal gives as where its thing comes from ("the email from Kiley": kiley). */
  Set<String> sourceNames() {
    return sourceNames;
  }

  /** Whether the goal gives typed values (dates, numbers, names...) or points to values on the page. */
  boolean givesValues() {
    return !pageValues.isEmpty() || spans.stream().anyMatch(s -> s.kind() != Kind.WORD && s.kind() != Kind.NAME);
  }

  /**
   * Fill candidates for one field.
   *
   * @param labelBonus the field's own fit to the goal, added to every value
   * @param holdsQuoted whether the field already holds one of the goal's quoted values
   */
  List<Scored> fills(Element box, Set<String> labelWords, double labelBonus, boolean holdsQuoted) {
    String own = rowValues.get(box.id());
    // a field with a value of its own (its row's, its place in a list) holds ours only when it holds that one
    boolean holdsOurs = own != null ? sameValue(box.value(), own) : holdsQuoted || holds(box.value());
    List<Scored> out = new ArrayList<>();
    double behind = quoted.isEmpty() ? 0 : BEHIND_QUOTES;
    String row = rowValues.get(box.id());
    if (row != null) {
      add(out, box, row, ROW_VALUE + labelBonus - behind, holdsOurs, true); // the field's own value, before the goal's
    }
    for (Span s : spans) {
      double score = base(s.kind()) + cueHere(s, box, labelWords) + labelBonus - behind;
      add(out, box, s.text(), score, holdsOurs, true);
    }
    for (PageValues.PageValue v : pageValues) {
      if (!v.source().equals("field " + box.name())) {
        // a value copied from another field is meant to be there twice; not over a text of the field's own (another
        // source of the copy: pasting over it loses it)
        boolean copied = v.source().startsWith("field ");
        double over = copied && !box.value().isBlank() ? COPY_OVER : 0;
        add(out, box, v.text(), 0.3 + v.prior() + labelBonus - behind - over, holdsOurs, !copied);
      }
    }
    out.sort((a, b) -> Double.compare(b.score(), a.score()));
    int cap = MAX_FILLS_PER_FIELD;
    if (!rangeInner.isEmpty() && row == null) {
      int before = out.size();
      for (String v : rangeInner) {
        add(out, box, v, RANGE_INNER + labelBonus - behind, holdsOurs, true);
      }
      cap += out.size() - before; // every number of the range, beside the goal's own values
    }
    return out.size() <= cap ? out : out.subList(0, cap);
  }

  private void add(List<Scored> out, Element box, String value, double score, boolean holdsOurs, boolean once) {
    if (value.isBlank() || sameValue(box.value(), value) || out.stream().anyMatch(s -> s.action().firstArg().equals(value))) {
      return;
    }
    if (box.role().equals("slider") && !NUMERIC.matcher(value.strip()).matches()) {
      return; // a slider is set to a number
    }
    if (!box.secret() && extends_(box.value(), value)) {
      return; // the field holds more than the value (a suggestion was picked): typing it again undoes that
    }
    if (holdsOurs) {
      score -= ALREADY_PLACED; // the field holds a value the goal gives: overwriting it undoes a placed value
    }
    for (Element f : fields) {
      if (once && !f.id().equals(box.id()) && sameValue(f.value(), value)) {
        score -= ALREADY_PLACED; // already typed into another field
        break;
      }
    }
    out.add(new Scored(Action.fill(box, value), score, 0));
  }

  private boolean holds(String value) {
    if (value.isBlank()) {
      return false;
    }
    for (Span s : spans) {
      if (sameValue(value, s.text()) || extends_(value, s.text())) {
        return true;
      }
    }
    for (PageValues.PageValue v : pageValues) {
      if (v.text().equals(value) && !v.source().startsWith("field ")) {
        return true;
      }
    }
    return rowValues.containsValue(value);
  }

  private static boolean placedAnywhere(List<Element> fields, String value) {
    for (Element f : fields) {
      if (sameValue(f.value(), value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the field's text is longer than the value and holds it as whole words ("Cincinnati, OH (CVG)" for
   * "Cincinnati"): a suggestion that completed what was typed.
   */
  static boolean extends_(String fieldValue, String value) {
    if (value.isBlank() || fieldValue.length() <= value.length()) {
      return false;
    }
    String f = fieldValue.toLowerCase(Locale.ROOT);
    String v = value.toLowerCase(Locale.ROOT);
    for (int at = f.indexOf(v); at >= 0; at = f.indexOf(v, at + 1)) {
      int end = at + v.length();
      boolean startsWord = at == 0 || !Character.isLetterOrDigit(f.charAt(at - 1));
      boolean endsWord = end == f.length() || !Character.isLetterOrDigit(f.charAt(end));
      if (startsWord && endsWord) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a field's value is the given value: equal, or the same date or time in another form (a date field
   * shows {@code 2012-05-19} after {@code 05/19/2012} was typed).
   */
  static boolean sameValue(String fieldValue, String value) {
    if (fieldValue.equals(value)) {
      return true;
    }
    if (fieldValue.isBlank() || value.isBlank()) {
      return false;
    }
    var d1 = FieldValues.parseDate(fieldValue);
    if (d1.isPresent()) {
      return d1.equals(FieldValues.parseDate(value));
    }
    var t1 = FieldValues.parseTime(fieldValue);
    return t1.isPresent() && t1.equals(FieldValues.parseTime(value));
  }

  /** Clicking a field that already shows a value the goal gives (a picked date) would only open it again. */
  double pickedPenalty(Element e) {
    if (!e.role().equals("clickable") || e.value().isBlank()) {
      return 0;
    }
    for (Span s : spans) {
      if (sameValue(e.value(), s.text())) {
        return -PICKED;
      }
    }
    for (String q : quoted) {
      if (sameValue(e.value(), q)) {
        return -PICKED;
      }
    }
    return 0;
  }

  private static double base(Kind kind) {
    return switch (kind) {
      case QUOTED -> 1.5;
      case DATE, TIME, EMAIL -> 1.0;
      case NUMBER -> 0.9;
      case NAME -> 0.8;
      case WORD -> 0.4;
    };
  }

  /** How much of the cue a label word gets 1, 2 or 3 words before the value. */
  private static final double[] NEARNESS = {1.0, 0.6, 0.3};

  /**
   * The cue of the value for this field, unless another field's own word stands nearer before the value: in "Forward
   * to Ann the email", "to" names the field "To:" and "Forward" is further away, so Ann goes to "To:" and not into
   * the field labelled "Forward text".
   */
  private double cueHere(Span s, Element box, Set<String> labelWords) {
    int mine = nearestBefore(s, labelWords);
    if (mine <= 1) {
      return cue(s, labelWords);
    }
    for (Element f : fields) {
      if (!f.id().equals(box.id()) && nearestBefore(s, fieldCueWords.get(f.id())) < mine) {
        return 0;
      }
    }
    return cue(s, labelWords);
  }

  /** How many words before the value the nearest of these words stands (1: right before it), within three. */
  private static int nearestBefore(Span s, Set<String> words) {
    List<String> before = s.before();
    for (int back = 1; back <= Math.min(3, before.size()); back++) {
      String w = before.get(before.size() - back);
      if (words.stream().anyMatch(l -> GoalSpans.sameStem(w, l))) {
        return back;
      }
    }
    return Integer.MAX_VALUE;
  }

  /**
   * The words that name a field next to a value in the goal: its label's words, or, for a label made of small words
   * only ("From:", "To:"), those.
   */
  static Set<String> cueWords(Element box) {
    Set<String> labelWords = WordTokens.of(box.name());
    return labelWords.isEmpty() ? WordTokens.ofAll(box.name()) : labelWords;
  }

  /** The words next to a value in the goal name the field ("directed by Smith" for a field "Director"). */
  private static double cue(Span s, Set<String> labelWords) {
    if (labelWords.isEmpty()) {
      return 0;
    }
    List<String> before = s.before();
    String kindWord = s.kind().name().toLowerCase(Locale.ROOT);
    double best = 0;
    for (String label : labelWords) {
      if (label.equals(kindWord)) {
        return CUE; // a date typed into the field named "date"
      }
      // the nearer the label's word before the value, the surer ("to: LEX on 10/16/2016": LEX goes to "To")
      for (int back = 1; back <= Math.min(3, before.size()); back++) {
        if (GoalSpans.sameStem(before.get(before.size() - back), label)) {
          best = Math.max(best, CUE * NEARNESS[back - 1]);
        }
      }
      if (!s.after().isEmpty() && GoalSpans.sameStem(s.after().get(0), label)) {
        best = Math.max(best, CUE * NEARNESS[1]);
      }
    }
    return best;
  }

  /** Whether a clickable control's name on the page contains the name as whole words. */
  private static boolean namesAControl(Observation page, String name) {
    String n = " " + name.toLowerCase(Locale.ROOT) + " ";
    for (Element e : page.elements()) {
      String role = e.role();
      if (role.equals("link") || role.equals("button") || role.equals("tab") || role.equals("menuitem")
          || role.equals("clickable")) {
        String label = " " + String.join(" ", WordTokens.ofAll(e.name())) + " ";
        if (label.contains(" " + String.join(" ", WordTokens.ofAll(name)) + " ")) {
          return true;
        }
      }
    }
    return false;
  }

  /** A quoted button label ("press "Submit"") says what to click, not what to type. */
  static boolean namesAButton(Observation page, String text) {
    for (Element e : page.elements()) {
      if ((e.role().equals("button") || e.role().equals("clickable")) && e.name().equalsIgnoreCase(text.strip())) {
        return true;
      }
    }
    return false;
  }

  private static boolean namesAField(String word, Set<String> fieldWords) {
    String w = word.toLowerCase(Locale.ROOT);
    for (String f : fieldWords) {
      if (GoalSpans.sameStem(w, f)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A clickable whose text contains the goal's quoted fragments without being one of them (an autocomplete's
   * suggestion "Celtic" for a goal that says it starts with "Ce" and ends with "lic").
   */
  double partialMatch(Element e) {
    if (quoted.isEmpty()) {
      return 0;
    }
    String name = e.name().toLowerCase(Locale.ROOT);
    if (name.isEmpty() || name.length() > 60) {
      return 0;
    }
    double s = 0;
    for (String q : quoted) {
      String f = q.toLowerCase(Locale.ROOT);
      if (insideWord(name, f)) {
        s += FRAGMENT_BONUS;
      }
    }
    return Math.min(2 * FRAGMENT_BONUS, s);
  }

  /** Whether {@code fragment} occurs in {@code text} as part of a longer word (not as whole words). */
  private static boolean insideWord(String text, String fragment) {
    for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
      int end = at + fragment.length();
      boolean joinedBefore = at > 0 && Character.isLetterOrDigit(text.charAt(at - 1));
      boolean joinedAfter = end < text.length() && Character.isLetterOrDigit(text.charAt(end));
      if (joinedBefore || joinedAfter) {
        return true;
      }
    }
    return false;
  }

  /** Enter in a field submits its form: as premature as the button while the goal still gives an unplaced value. */
  double enterPenalty() {
    return halfFilled && valueLeft ? -PREMATURE_SUBMIT : 0;
  }

  /**
   * The form's submit button: a bonus once every field holds something (and something was typed), a penalty
   * while the form is half filled and the goal still gives a value that no field holds.
   */
  double submitBonus(Element e) {
    if (!(e.role().equals("button") || e.role().equals("clickable"))) {
      return 0;
    }
    Set<String> words = WordTokens.ofAll(e.name());
    if (words.size() > 2) {
      return 0;
    }
    if (words.stream().noneMatch(SUBMIT_WORDS::contains)) {
      // a form's own button may say anything ("Publish", "Post", "Create"): once every field holds a value, a
      // short-named button is how the form is sent (a destructive one is marked down by the policy)
      return formComplete && e.role().equals("button") ? SUBMIT_BONUS : 0;
    }
    if (formComplete) {
      return SUBMIT_BONUS;
    }
    return halfFilled && valueLeft ? -PREMATURE_SUBMIT : 0;
  }
}
