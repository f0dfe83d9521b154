package dev.jitrl.plugin.state;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.SurfaceFigure;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Turns actions into {@link NormalizedAction}s and back (DESIGN.md §2.2). Denormalizing looks for the element
 * with the same role and label (and ordinal among equals) in the current observation; an action whose target
 * is not on the page cannot be denormalized and is not offered.
 */
public final class ActionNormalizer {
  /** Labels longer than this are cut, so that a huge accessible name cannot bloat memory. */
  static final int MAX_LABEL = 80;
  static final int MAX_ARG = 200;
  /** How a stored click at a point a figure names starts: {@code "@between black dot 1 and blue dot"}. */
  static final String NAMED_POINT = "@";

  /**
   * The text a remembered highlight selects on this page: the text itself when the page shows it or a field holds it;
   * for one stored by its start (longer than {@link #MAX_ARG}), the page's line that starts so, whole.
   */
  static Optional<String> highlighted(String stored, Observation observation) {
    String want = squeezed(stored);
    if (want.isEmpty()) {
      return Optional.empty();
    }
    if (!squeezed(observation.text()).contains(want)) {
      // text a field holds (a text area's value, an editor's contents) is selected there
      return observation.elements().stream().anyMatch(e -> !e.secret() && squeezed(e.value()).contains(want))
          ? Optional.of(stored) : Optional.empty();
    }
    if (stored.length() < MAX_ARG) {
      return Optional.of(stored);
    }
    for (String line : observation.text().split("\n")) {
      if (squeezed(line).startsWith(want)) {
        return Optional.of(line.strip());
      }
    }
    return Optional.of(stored);
  }

  private static String squeezed(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  /** The action with its typed text as it is, as for a goal that gives no values. */
  public NormalizedAction normalize(Action action, Observation observation) {
    return normalize(action, observation, "");
  }

  /**
   * The action by its meaning. Text typed into a field, and an option chosen in a select, are stored as a reference
   * to the goal's value when the goal gives it ({@code {goal.q1}}, see {@link GoalValues}); text typed into a
   * secret field that the goal does not give is masked ({@code ***}); answers are masked.
   */
  public NormalizedAction normalize(Action action, Observation observation, String goal) {
    ActionType type = action.type();
    String arg;
    if (type == ActionType.ANSWER) {
      arg = NormalizedAction.MASK;
    } else if (type == ActionType.FILL) {
      boolean secret = action.target().map(Element::secret).orElse(false);
      arg = GoalValues.of(goal).parameterFor(action.firstArg())
          .orElse(secret ? NormalizedAction.MASK : clip(action.firstArg(), MAX_ARG));
    } else if (type == ActionType.DRAG) {
      arg = destinationKey(action.firstArg(), observation); // where it was dropped, by its meaning
    } else if (type == ActionType.HIGHLIGHT) {
      // the text itself; a long one by its start, which names its block of the page on replay
      arg = GoalValues.of(goal).parameterFor(action.firstArg()).orElse(clip(action.firstArg(), MAX_ARG));
    } else if (type == ActionType.SELECT || type == ActionType.WAIT) {
      // an option the goal names ("Select Ronda from the list") is this instance's value, as a typed one is; so is
      // the length of a wait it asks for ("wait 3 seconds")
      arg = GoalValues.of(goal).parameterFor(action.firstArg()).orElse(clip(action.firstArg(), MAX_ARG));
    } else if (action.pointName().isPresent()) {
      // a point a drawing's figure names ("between black dot 1 and blue dot"): by its name, which means the same on
      // every instance of the page, while the point itself moves with the figure
      arg = NAMED_POINT + clip(action.pointName().get(), MAX_ARG);
    } else {
      arg = clip(action.firstArg(), MAX_ARG);
    }
    if (arg.isEmpty() && StateAbstraction.switchesOff(action)) {
      arg = NormalizedAction.SWITCH_OFF; // a control that stands on: this click switches it off
    }
    if (!type.needsTarget()) {
      return new NormalizedAction(type, "", "", 1, arg);
    }
    Element target = action.target().orElseThrow();
    String role = roleOf(target);
    String label = labelOf(target);
    return new NormalizedAction(type, role, label, ordinalOf(target, role, label, observation.elements()), arg);
  }

  /**
   * Whether the page offers an option of that name, or shows no options at all (a widget whose options the host
   * does not list: the executor decides).
   */
  private static boolean offered(String option, Observation observation) {
    boolean any = false;
    for (Element e : observation.elements()) {
      if (e.role().equals("option")) {
        any = true;
        if (e.name().equals(option) || e.text().strip().equals(option)) {
          return true;
        }
      }
    }
    return !any;
  }

  /** The action in the current page that means the same, if the page has its target (no goal values). */
  public Optional<Action> denormalize(NormalizedAction normalized, Observation observation) {
    return denormalize(normalized, observation, "");
  }

  /**
   * The action in the current page that means the same, if the page has its target and, for a parameter, the
   * current goal has the value it names. Masked text (answers, secrets) cannot be replayed.
   */
  public Optional<Action> denormalize(NormalizedAction normalized, Observation observation, String goal) {
    ActionType type = normalized.type();
    if (type == ActionType.ANSWER || (type == ActionType.FILL && normalized.arg().equals(NormalizedAction.MASK))) {
      return Optional.empty(); // the text is masked; it cannot be replayed
    }
    String arg = normalized.arg();
    boolean typedOrChosen = type == ActionType.FILL || type == ActionType.SELECT || type == ActionType.WAIT
        || type == ActionType.HIGHLIGHT;
    if (typedOrChosen && GoalValues.isParameter(arg)) {
      Optional<String> value = GoalValues.of(goal).resolve(arg);
      if (value.isEmpty()) {
        return Optional.empty(); // the current goal does not give that value
      }
      arg = value.get();
    } else if (type == ActionType.FILL && !goal.isBlank() && !shownOrGiven(arg, observation, goal)) {
      return Optional.empty(); // literal text of another instance (copied from its page): not this one's value
    }
    if (type == ActionType.HIGHLIGHT) {
      Optional<String> block = highlighted(arg, observation);
      if (block.isEmpty()) {
        return Optional.empty(); // another instance's text, not on this page
      }
      arg = block.get();
    }
    if (type == ActionType.SELECT && !offered(arg, observation)) {
      return Optional.empty(); // another instance's option, not on this page: not an action here
    }
    String pointName = type == ActionType.CLICK && arg.startsWith(NAMED_POINT) ? arg.substring(NAMED_POINT.length()) : null;
    boolean switchOff = type == ActionType.CLICK && arg.equals(NormalizedAction.SWITCH_OFF);
    List<String> args = arg.isEmpty() || switchOff ? List.of() : List.of(arg);
    if (type == ActionType.DRAG && (Action.DIRECTIONS.contains(arg) || Action.isStroke(arg))) {
      args = List.of(arg);
    } else if (type == ActionType.DRAG) {
      Optional<Element> to = destination(arg, observation);
      if (to.isEmpty()) {
        return Optional.empty(); // the place it was dropped on is not on this page
      }
      args = List.of(to.get().id(), to.get().name());
    }
    if (!type.needsTarget()) {
      return Optional.of(new Action(type, Optional.empty(), args));
    }
    int seen = 0;
    for (Element e : observation.elements()) {
      if (roleOf(e).equals(normalized.role()) && labelOf(e).equals(normalized.label())) {
        seen++;
        if (seen == normalized.ordinal()) {
          if (switchOff && !e.value().equals("true")) {
            return Optional.empty(); // switching off a control that stands off here would switch it on
          }
          if (pointName != null) {
            // the point of that name on this page's figure, where it is here
            return SurfaceFigure.resolve(e.value(), pointName).map(p -> Action.clickAt(e, p.x(), p.y(), p.name()));
          }
          return Optional.of(new Action(type, Optional.of(e), args));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A drag's destination by its meaning, {@code <role[label]>} or {@code <role[label]#2>} for the second of that
   * name: the element with that id in the observation; empty text when it is not there.
   */
  static String destinationKey(String id, Observation observation) {
    if (Action.DIRECTIONS.contains(id) || Action.isStroke(id)) {
      return id; // a drag by a direction, or a stroke across a surface: the way it went
    }
    for (Element e : observation.elements()) {
      if (e.id().equals(id)) {
        String role = roleOf(e);
        String label = labelOf(e);
        int ordinal = ordinalOf(e, role, label, observation.elements());
        return "<" + role + "[" + label + "]" + (ordinal > 1 ? "#" + ordinal : "") + ">";
      }
    }
    return "";
  }

  /** The element a destination key names in this observation. */
  static Optional<Element> destination(String key, Observation observation) {
    for (Element e : observation.elements()) {
      String role = roleOf(e);
      String label = labelOf(e);
      if (key.startsWith("<" + role + "[" + label + "]")) {
        int ordinal = ordinalOf(e, role, label, observation.elements());
        if (key.equals("<" + role + "[" + label + "]" + (ordinal > 1 ? "#" + ordinal : "") + ">")) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether every word of a literal typed text appears in the current goal or on the current page (its text or a
   * field's value): text typed from another instance's page would be wrong here.
   */
  static boolean shownOrGiven(String text, Observation observation, String goal) {
    if (NUMBER.matcher(text).find()) {
      // a number must be there as it is ("-7" is not "7", "1045" not "104")
      Matcher m = NUMBER.matcher(text);
      while (m.find()) {
        if (!numberIn(m.group(), goal) && !numberIn(m.group(), observation.text())
            && observation.elements().stream().noneMatch(e -> numberIn(m.group(), e.value()))) {
          return false;
        }
      }
    }
    String haystack = null;
    for (String word : WORDS.split(text.toLowerCase(Locale.ROOT))) {
      if (word.isEmpty()) {
        continue;
      }
      if (haystack == null) {
        StringBuilder sb = new StringBuilder(goal).append('\n').append(observation.text());
        for (Element e : observation.elements()) {
          sb.append('\n').append(e.value());
        }
        haystack = sb.toString().toLowerCase(Locale.ROOT);
      }
      if (!haystack.contains(word)) {
        return false;
      }
    }
    return true;
  }

  private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?\\d+(?:[.,]\\d+)*");

  /** Whether {@code number} occurs in {@code text} as a whole number, with its sign. */
  private static boolean numberIn(String number, String text) {
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      if (m.group().equals(number)) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.regex.Pattern WORDS = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

  /** The element's identity across pages: {@code role|label}, as normalized actions name their targets. */
  public static String elementKey(Element e) {
    return roleOf(e) + '|' + labelOf(e);
  }

  static String roleOf(Element e) {
    return e.role().strip().toLowerCase(Locale.ROOT);
  }

  static String labelOf(Element e) {
    return clip(collapse(e.name()), MAX_LABEL);
  }

  private static int ordinalOf(Element target, String role, String label, List<Element> elements) {
    int seen = 0;
    for (Element e : elements) {
      if (roleOf(e).equals(role) && labelOf(e).equals(label)) {
        seen++;
        if (e.id().equals(target.id())) {
          return seen;
        }
      }
    }
    return 1; // target not in the observation (host passed a detached element): treat as the first
  }

  static String collapse(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = sb.length() > 0;
      } else {
        if (space) {
          sb.append(' ');
          space = false;
        }
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String clip(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }
}
