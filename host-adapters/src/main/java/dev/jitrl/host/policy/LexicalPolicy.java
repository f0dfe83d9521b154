package dev.jitrl.host.policy;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.SurfaceFigure;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.host.observe.SelectOptions;
import dev.jitrl.host.observe.Submenus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic baseline policy without a model: it scores each possible action by the word overlap
 * between the goal and the element's name, text and role, with a small bonus for an exact phrase, and
 * returns {@code temperature × score} as the logit (clamped to [{@link #MIN_LOGIT}, {@link #MAX_LOGIT}]). Its mistakes repeat
 * from run to run, which is what a learning plugin has to fix.
 *
 * <p>Actions: click links, buttons, tabs, menu items, options, checkboxes, radios and plain clickables; fill a
 * text field with a quoted value from the goal (or, with no quotes, the goal's salient words); select the
 * option of a select whose label overlaps the goal most; press Enter in a filled field; answer with a line of
 * the page when the goal asks for a value and one line matches it well. An action executed in the last steps
 * without visible effect gets a penalty, so the policy does not loop forever; so do clicking a checkbox or
 * radio that is already checked (unchecked when the goal says uncheck/deselect/clear) and overwriting a field
 * that already holds another value quoted in the goal.
 */
public final class LexicalPolicy implements Policy {
  /** Upper bound of the logits this policy produces. */
  public static final double MAX_LOGIT = 4.0;
  /**
   * Lower bound of the logits. Below 0 so that a marked-down control (one that goes back, destroys, or did nothing)
   * still ranks below a neutral one: exploration tries untried controls in this order.
   */
  public static final double MIN_LOGIT = -2.0;
  /** At most this many candidates are returned (the best ones), so plugins stay cheap on huge pages. */
  public static final int MAX_CANDIDATES = 40;

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"|\u201c([^\u201d]+)\u201d|'([^']{2,})'");
  private static final Set<String> CLICK_ROLES = Set.of(
      "link", "button", "tab", "menuitem", "menuitemcheckbox", "menuitemradio", "checkbox", "radio", "switch",
      "option", "treeitem", "clickable", "gridcell");
  private static final Set<String> QUESTION_WORDS = Set.of("what", "which", "how", "who", "when", "where");
  private static final Set<String> ASK_VERBS = Set.of("find", "tell", "report", "answer", "look", "get");
  private static final double PHRASE_BONUS = 0.5;
  private static final double ROLE_BONUS = 0.5;
  private static final double NO_EFFECT_PENALTY = 1.0;
  private static final int PENALTY_WINDOW = 4;
  private static final double OVERWRITE_PENALTY = 1.0;
  private static final double ELSEWHERE_PENALTY = 0.25;
  private static final double UNDO_PENALTY = 1.5;
  private static final Set<String> UNDO_WORDS = Set.of("uncheck", "untick", "deselect", "unselect", "clear",
      "unmark", "disable", "remove");
  /** Words of a goal that asks to fold or close what is open: then an open tab is the one to click. */
  private static final Set<String> FOLDS = Set.of("collapse", "fold", "close", "hide", "shut", "minimize", "minimise");
  private static final Set<String> TOGGLES = Set.of("checkbox", "radio", "switch", "menuitemcheckbox");
  /** Words of controls that destroy or abandon what is there; clicked only when the goal asks for that. */
  private static final Set<String> DESTRUCTIVE = Set.of("remove", "delete", "cancel", "discard", "clear", "empty",
      "reset", "unsubscribe", "logout", "signout", "deactivate", "revoke", "erase", "trash");
  private static final double DESTRUCTIVE_PENALTY = 1.0;
  /** Words of controls that go back a step ("Back to cart", "Edit cart", "Return to shop"): rarely the way on. */
  private static final Set<String> BACKWARD = Set.of("back", "return", "edit");
  private static final double BACKWARD_PENALTY = 1.0;
  private static final double REVISIT_PENALTY = 2.0;
  /** Below a neutral control: an action known to go in a circle from here is the last thing to try. */
  private static final double CYCLE_PENALTY = 2.5;
  private static final double PENDING_SUBMIT = 1.0;
  private static final double PENDING_ANSWER = 1.5;
  private static final Pattern TITLE_SEPARATOR = Pattern.compile("\\s+[|\u2014\u2013\u00b7-]\\s+");
  private static final double OTHER_INSTANCE_PENALTY = 1.0;
  private static final Pattern NUMBER = Pattern.compile("\\d{2,}");

  private final double temperature;

  /** @param temperature the factor from score to logit, in (0, 4] */
  public LexicalPolicy(double temperature) {
    if (!(temperature > 0 && temperature <= 4)) {
      throw new IllegalArgumentException("temperature must be in (0, 4] but was " + temperature);
    }
    this.temperature = temperature;
  }

  public LexicalPolicy() {
    this(1.0);
  }

  @Override
  public String name() {
    return "lexical";
  }

  /**
   * The names of the pages this run has already been on (each title up to the site's name: "General discussion" for
   * "General discussion | Community"), lower case, other than the current page's; computed once per step.
   */
  static Set<String> visitedPageNames(List<Step> history, Observation page) {
    Set<String> names = new java.util.HashSet<>();
    for (Step step : history) {
      names.add(pageName(step.observation().title()).toLowerCase(Locale.ROOT));
    }
    names.remove(pageName(page.title()).toLowerCase(Locale.ROOT));
    names.remove("");
    return names;
  }

  private static final Set<String> PAGE_TURNS = Set.of("next", "next page", "more", "show more", "load more", "older",
      "›", "»", "→", ">", ">>");
  /** Picking the suggestion that completes what was just typed is how an autocomplete field is filled. */
  private static final double SUGGESTION_BONUS = 1.0;
  /** Above the best partial match of a control on a page that lacks what the goal names. */
  private static final double PAGE_TURN_BONUS = 1.5;

  /** Words of a control that unfolds what it holds (a tree's folder handle, a collapsed section). */
  private static final Set<String> UNFOLDS = Set.of("expand", "expandable", "collapsed", "unfold", "more");
  /** Below the page turn: unfolding is one of several ways in, and a folder may not hold the name. */
  private static final double UNFOLD_BONUS = 1.0;
  /** The control the goal picks by its place among its kind, against the others of that kind. */
  private static final double ORDINAL_BONUS = 1.0;
  /** Its siblings of that kind: they share the kind's word with the goal, and maybe a number it gives for another use. */
  private static final double ORDINAL_OTHERS = 2.0;

  /** "the 2nd checkbox", "the last button": a control picked by its place among the page's controls of one role. */
  record OrdinalControl(String role, int n) {
    private static final Pattern ORDINAL_OF = Pattern.compile(
        "\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\s+(checkbox|check box|radio button|radio|button|link|tab|text ?box|field)"
            + "|\\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\\s+"
            + "(checkbox|check box|radio button|radio|button|link|tab|text ?box|field)\\b",
        Pattern.CASE_INSENSITIVE);
    private static final List<String> WORDS = List.of("first", "second", "third", "fourth", "fifth", "sixth",
        "seventh", "eighth", "ninth", "tenth");

    /** The goal's pick, or null when it picks no control by place. */
    static OrdinalControl of(String goal) {
      List<OrdinalControl> all = allOf(goal);
      return all.isEmpty() ? null : all.get(0);
    }

    /**
     * Every control the goal picks by its place, one per role (the first pick of a role counts): "check the 1st
     * radio button and enter 3 into the 2nd textbox" picks a radio and a text box.
     */
    static List<OrdinalControl> allOf(String goal) {
      Matcher m = ORDINAL_OF.matcher(goal);
      List<OrdinalControl> out = new ArrayList<>();
      while (m.find()) {
        OrdinalControl c = ofMatch(m);
        if (c != null && out.stream().noneMatch(o -> o.role().equals(c.role()))) {
          out.add(c);
        }
      }
      return out;
    }

    private static OrdinalControl ofMatch(Matcher m) {
      String word = (m.group(2) != null ? m.group(2) : m.group(4)).toLowerCase(Locale.ROOT);
      int n = m.group(1) != null ? Integer.parseInt(m.group(1))
          : m.group(3).equalsIgnoreCase("last") ? -1 : WORDS.indexOf(m.group(3).toLowerCase(Locale.ROOT)) + 1;
      String role = word.startsWith("check") ? "checkbox" : word.startsWith("radio") ? "radio"
          : word.equals("button") ? "button" : word.equals("link") ? "link" : word.equals("tab") ? "tab" : "textbox";
      return n == 0 ? null : new OrdinalControl(role, n);
    }

    /** The n-th (or the last) element of its role on the page, in page order; null when there are fewer. */
    Element pick(Observation page) {
      List<Element> same = page.elements().stream().filter(x -> x.role().equals(role)).toList();
      int at = n < 0 ? same.size() - 1 : n - 1;
      return at >= 0 && at < same.size() ? same.get(at) : null;
    }
  }

  /** "Scroll … to the bottom/top": the goal asks to move a scrolled text to one of its ends. */
  private static final Pattern SCROLL_ENDS = Pattern.compile(
      "\\bscroll\\w*\\b[^.]{0,60}?\\b(?:to|at)\\s+the\\s+(bottom|end|top|beginning|start)\\b", Pattern.CASE_INSENSITIVE);
  /** A field whose text is at least this long may scroll inside it. */
  private static final int SCROLLABLE_TEXT = 200;
  /** Pressing a field's end key when the goal asks to scroll it there: as sure as a wait whose turn has come. */
  private static final double SCROLL_FIELD = 2.5;
  /** A hover behind the click on the same item when nothing the goal names is missing from the page. */
  private static final double HOVER_BEHIND = 0.5;
  /** Clicking an item whose submenu is open chooses the item itself (or closes the submenu). */
  private static final double OPEN_SUBMENU_PENALTY = 0.5;
  /** The quoted value as quoted, when the goal asks for it in another case: a fallback, one point behind. */
  private static final double CASE_AS_QUOTED = 1.0;

  /** A control whose name says it unfolds something ("expandable hitarea", "Expand all"). */
  static boolean unfolds(Element e) {
    return WordTokens.ofAll(e.name()).stream().anyMatch(UNFOLDS::contains);
  }

  /** A link or button that turns a list's page ("Next", "›"). */
  static boolean isPageTurn(Element e) {
    return (e.role().equals("link") || e.role().equals("button"))
        && PAGE_TURNS.contains(e.name().strip().toLowerCase(Locale.ROOT));
  }

  /** A list split into pages: a page-turning control next to numbered page links (1, 2, …). */
  static boolean paginated(Observation page) {
    boolean turn = false;
    int numbered = 0;
    for (Element e : page.elements()) {
      turn |= isPageTurn(e);
      String name = e.name().strip();
      if (!name.isEmpty() && name.length() <= 3 && name.chars().allMatch(Character::isDigit)) {
        numbered++;
      }
    }
    return turn && numbered >= 1 && numbered <= 20;
  }

  private static final Set<String> CALENDAR_WORDS = Set.of("january", "february", "march", "april", "may", "june",
      "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
      "friday", "saturday", "sunday");

  /** Whether the goal names someone or something (a capitalised name, not a month or day) that the page shows nowhere. */
  static boolean namesWhatIsNotShown(TaskGoal goal, Observation page) {
    return namesWhatIsNotShown(goal, page, false);
  }

  /** As {@link #namesWhatIsNotShown(TaskGoal, Observation)}, with the goal's quoted values as names too. */
  static boolean namesWhatIsNotShown(TaskGoal goal, Observation page, boolean quotedToo) {
    // the page may show the task itself (an instruction box): that is not where the name is shown
    String shown = page.text().toLowerCase(Locale.ROOT).replace(goal.text().strip().toLowerCase(Locale.ROOT), " ");
    for (GoalSpans.Span span : GoalSpans.of(goal.text())) {
      if (span.kind() != GoalSpans.Kind.NAME && !(quotedToo && span.kind() == GoalSpans.Kind.QUOTED)) {
        continue;
      }
      String name = span.text().toLowerCase(Locale.ROOT);
      if (CALENDAR_WORDS.contains(name.split(" ")[0])) {
        continue; // "March 2024" is a date to look up, not an item of the list
      }
      if (!shown.contains(name) && page.elements().stream()
          .noneMatch(e -> e.name().toLowerCase(Locale.ROOT).contains(name))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a link names a page this run has already been on: going there again undoes the way in. */
  static boolean leadsWhereItWas(Set<String> visited, Element e) {
    return e.role().equals("link") && !visited.isEmpty() && visited.contains(e.name().strip().toLowerCase(Locale.ROOT));
  }

  /**
   * The type of the last step when it filled or selected a value on this very page (same address before and after)
   * and so nothing has applied it yet; else null.
   */
  static ActionType pendingChange(Observation page, List<Step> history) {
    if (history.isEmpty()) {
      return null;
    }
    Step last = history.get(history.size() - 1);
    ActionType type = last.action().type();
    boolean change = type == ActionType.FILL || type == ActionType.SELECT;
    return change && last.observation().url().equals(page.url()) ? type : null;
  }

  /** A page title without the site's name after a separator. */
  static String pageName(String title) {
    String[] parts = TITLE_SEPARATOR.split(title.strip(), 2);
    return parts[0].strip();
  }

  @Override
  public List<Candidate> propose(TaskGoal goal, Observation page, List<Step> history) {
    Set<String> goalTokens = WordTokens.of(goal.text());
    List<String> quotes = new ArrayList<>();
    for (String q : quotedValues(goal.text())) {
      quotes.add(GoalSpans.asTyped(goal.text(), q)); // as the goal wants them typed ("in lower case")
    }
    Set<String> goalWords = WordTokens.ofAll(goal.text());
    boolean undoes = goalWords.stream().anyMatch(UNDO_WORDS::contains);
    List<Scored> scored = new ArrayList<>();
    FormValues values = FormValues.of(goal, page);
    CalendarPrior calendar = CalendarPrior.of(goal.text(), page);
    Superlatives extremes = Superlatives.of(goal.text(), page, CLICK_ROLES);
    Counts counts = Counts.of(goal.text());
    java.util.Map<String, Set<String>> counted = counts.clicked(page, history);
    Conditions conditions = Conditions.of(goal.text());
    Boolean holds = conditions.applies() ? conditions.holds(goal.text(), page) : null;
    Set<String> sources = values.sourceNames();
    int order = 0;
    ActionType pending = pendingChange(page, history);
    Set<String> visited = visitedPageNames(history, page);
    boolean lookFurther = paginated(page) && namesWhatIsNotShown(goal, page);
    // the goal's spans are parsed again (once) only on a page with something to unfold or a closed submenu
    boolean canUnfold = page.elements().stream().anyMatch(LexicalPolicy::unfolds);
    boolean canOpenMenu = page.elements().stream().anyMatch(Submenus::collapsed);
    boolean missing = (canUnfold || canOpenMenu) && namesWhatIsNotShown(goal, page, true);
    boolean lookInside = canUnfold && missing;
    boolean lookInMenus = canOpenMenu && missing;
    // the controls the goal picks by their place, by role
    java.util.Map<String, Element> pickedByRole = new java.util.HashMap<>();
    for (OrdinalControl o : OrdinalControl.allOf(goal.text())) {
      Element p = o.pick(page);
      if (p != null) {
        pickedByRole.put(o.role(), p);
      }
    }
    Matcher scrollAsked = SCROLL_ENDS.matcher(goal.text());
    String scrollTo = scrollAsked.find() ? scrollAsked.group(1).toLowerCase(Locale.ROOT) : null;
    String typed = pending == ActionType.FILL ? history.get(history.size() - 1).action().firstArg() : "";
    // the options each multiple select still lacks, once: they are candidates and they hold its button back
    java.util.Map<String, List<Scored>> toAdd = new java.util.HashMap<>();
    for (Element e : page.elements()) {
      if (e.role().equals("listbox") && !SelectOptions.of(page, e).isEmpty()) {
        toAdd.put(e.id(), optionsToAdd(goal, goalTokens, page, e));
      }
    }
    boolean optionsLeft = toAdd.values().stream().anyMatch(l -> !l.isEmpty());
    for (Element e : page.elements()) {
      String role = e.role();
      if (SelectOptions.isNativeOption(e)) {
        continue; // chosen through select(...) on the select itself
      }
      if (CLICK_ROLES.contains(role)) {
        double s = elementScore(goal, goalTokens, e) + values.partialMatch(e) + values.submitBonus(e)
            + values.pickedPenalty(e)
            + calendar.score(e) + extremes.score(e) + (namesAny(e, sources) ? SOURCE_BONUS : 0)
            + conditions.score(e, holds, goalTokens) - counts.penalty(e, counted);
        Element picked = pickedByRole.get(role);
        if (picked != null) {
          // "click the 2nd checkbox": that one, not its siblings that share only the word "checkbox"
          boolean done = TOGGLES.contains(role) && e.value().equals(String.valueOf(!undoes)); // already as asked
          s += e == picked ? (done ? 0 : ORDINAL_BONUS) : -ORDINAL_OTHERS;
        }
        if (destroysUnasked(goalWords, e)) {
          s -= DESTRUCTIVE_PENALTY; // a careful agent does not remove, delete or cancel what the goal does not name
        }
        if (goesBackUnasked(goalWords, e)) {
          s -= BACKWARD_PENALTY;
        }
        if (pending == ActionType.SELECT && role.equals("button") && WordTokens.ofAll(e.name()).size() <= 2
            && !destroysUnasked(goalWords, e) && !optionsLeft) {
          s += PENDING_SUBMIT; // an option was just chosen on this page: a short button ("Show", "Go") applies it
        }
        if (pending == ActionType.FILL && !typed.isBlank() && !role.equals("button")
            && FormValues.extends_(e.name(), typed)) {
          s += SUGGESTION_BONUS; // a suggestion that completes what was just typed ("Lexington, KY (LEX)" for "LEX")
        }
        if (lookFurther && isPageTurn(e)) {
          s += PAGE_TURN_BONUS; // the goal's name is on none of this list's page: the next page may show it
        }
        if (lookInside && unfolds(e)) {
          s += UNFOLD_BONUS; // what the goal names is not shown: a folded part of the page may hold it
        }
        if (leadsWhereItWas(visited, e)) {
          s -= REVISIT_PENALTY; // a link to a page this run has already been on (a breadcrumb): the way in, undone
        }
        if (namesAnotherInstance(goalWords, e)) {
          s -= OTHER_INSTANCE_PENALTY; // "Order #1047" when the goal is about order 1033
        }
        if ((TOGGLES.contains(role) || FormValues.markedChosen(e)) && e.value().equals(String.valueOf(!undoes))) {
          s -= UNDO_PENALTY; // already in the state the goal asks for: a click would undo it
        }
        if (role.equals("tab") && e.value().equals("true") && goalWords.stream().noneMatch(FOLDS::contains)) {
          // an open tab or section: clicking it again shows nothing new (a tab) or folds it away (an accordion)
          s -= UNDO_PENALTY;
        }
        if (Submenus.ownsSubmenu(e) && !Submenus.collapsed(e)) {
          s -= OPEN_SUBMENU_PENALTY; // its submenu shows: what the run opened it for is inside, not the item itself
        }
        scored.add(new Scored(Action.click(e), s, order++));
        if (Submenus.collapsed(e)) {
          // pointing at a menu item opens its submenu without choosing the item; first when the goal's target is
          // not on the page (it may be inside), else behind the click
          double h = s + (lookInMenus ? UNFOLD_BONUS : -HOVER_BEHIND);
          scored.add(new Scored(Action.hover(e), h, order++));
        }
      } else if (role.equals("surface")) {
        // a surface acts on where it is clicked: nine points of it, the middle first, a place the goal names before
        double base = elementScore(goal, goalTokens, e);
        for (SurfaceFigure.Point p : SurfaceFigure.points(e.value())) {
          // the points its figure marks: its dots, a circle's centre, the middle of two of them
          double fit = SurfacePoint.figureFit(p.name(), goalWords);
          scored.add(new Scored(Action.clickAt(e, p.x(), p.y(), p.name()), base + fit, order++));
        }
        for (SurfacePoint p : SurfacePoint.NINE) {
          scored.add(new Scored(Action.clickAt(e, p.x(), p.y()), base + p.fit(goalWords), order++));
        }
        if (SurfacePoint.asksToDraw(goalWords)) {
          // "draw a horizontal line through the dot": strokes across it, before the rest once; drawn, the rest
          boolean drawn = history.stream().anyMatch(h -> h.action().strokePoints().isPresent() && !noEffect(h));
          for (SurfacePoint.Stroke k : SurfacePoint.STROKES) {
            double fit = k.fit(goalWords) - (drawn ? SurfacePoint.DRAWN : 0);
            scored.add(new Scored(Action.stroke(e, k.x1(), k.y1(), k.x2(), k.y2()), base + fit, order++));
          }
        }
      } else if (FormValues.fillable(page, e)) {
        Element pickedField = pickedByRole.get(role);
        // "enter 3 into the 2nd text box": that field, not its siblings (whose labels may even carry the number)
        double place = pickedField == null ? 0 : e == pickedField ? ORDINAL_BONUS : -ORDINAL_OTHERS;
        for (Scored s : fills(goal, goalTokens, quotes, e, page, history, values)) {
          scored.add(new Scored(s.action, s.score + place, order++));
        }
        if (!e.value().isBlank() && !role.equals("slider")) {
          double s = 0.5 * elementScore(goal, goalTokens, e) + 0.25 + values.enterPenalty();
          scored.add(new Scored(Action.press(e, "Enter"), s, order++));
        }
        if (scrollTo != null && e.value().length() >= SCROLLABLE_TEXT) {
          // "scroll the text area to the bottom": the keys that take a text field to its end (or start) scroll it
          String key = scrollTo.equals("top") || scrollTo.equals("beginning") || scrollTo.equals("start")
              ? "Control+Home" : "Control+End";
          scored.add(new Scored(Action.press(e, key), SCROLL_FIELD + 0.5 * elementScore(goal, goalTokens, e), order++));
        }
      } else if (toAdd.containsKey(e.id())) {
        // a list that takes several options: each option the goal names and the list has not chosen yet
        for (Scored s : toAdd.get(e.id())) {
          scored.add(new Scored(s.action, s.score, order++));
        }
      } else if (role.equals("combobox") && !SelectOptions.of(page, e).isEmpty()) {
        Scored s = bestOption(goal, goalTokens, page, e);
        if (s != null) {
          scored.add(new Scored(s.action, s.score, order++));
        }
      }
    }
    for (Scored d : Drags.candidates(goal.text(), page, history, e -> elementScore(goal, goalTokens, e))) {
      scored.add(new Scored(d.action(), d.score(), order++));
    }
    for (Scored h : Highlights.candidates(goal.text(), page, history, quotes)) {
      scored.add(new Scored(h.action(), h.score(), order++));
    }
    Scored pause = Waits.candidate(goal.text(), history);
    if (pause == null) {
      pause = conditions.waitCandidate(holds); // "buy when the price is below …": time passes until it is
    }
    if (pause != null) {
      scored.add(new Scored(pause.action, pause.score, order++));
    }
    Scored answer = answer(goal, goalTokens, page);
    if (answer != null) {
      // a field changed on this page a step ago and nothing applied it yet: the page still shows the old result
      scored.add(new Scored(answer.action, answer.score - (pending != null ? PENDING_ANSWER : 0), order++));
    }

    List<Step> recent = history.subList(Math.max(0, history.size() - PENALTY_WINDOW), history.size());
    List<Action> circling = leadBack(page, history);
    List<Candidate> out = new ArrayList<>(scored.size());
    scored.sort(Comparator.comparingDouble((Scored s) -> -s.score).thenComparingInt(s -> s.order));
    for (Scored s : scored) {
      double penalty = 0;
      for (Step step : recent) {
        if (sameAction(step.action(), s.action) && (step.status() == StepStatus.FAILED || noEffect(step))) {
          penalty += NO_EFFECT_PENALTY;
        }
      }
      if (circling.stream().anyMatch(a -> sameAction(a, s.action))) {
        penalty += CYCLE_PENALTY; // from this very page it led back to where the run had been (a toggle closed)
      }
      double logit = Math.max(MIN_LOGIT, Math.min(MAX_LOGIT, temperature * s.score - penalty));
      out.add(Candidate.fromPolicy(s.action, logit));
    }
    // stable sort by the final logit keeps page order among equals: the policy is deterministic
    out.sort(Comparator.comparingDouble((Candidate c) -> -c.logit()));
    return List.copyOf(out.subList(0, Math.min(MAX_CANDIDATES, out.size())));
  }

  /** The bonus of an item that names where the goal's thing comes from ("the email from Kiley": Kiley's row). */
  static final double SOURCE_BONUS = 0.5;

  /** Whether the control's name holds one of these names as whole words. */
  private static boolean namesAny(Element e, Set<String> names) {
    if (names.isEmpty()) {
      return false;
    }
    String words = " " + String.join(" ", WordTokens.ofAll(e.name())) + " ";
    for (String n : names) {
      if (words.contains(" " + String.join(" ", WordTokens.ofAll(n)) + " ")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the control's name says it destroys or abandons something ("Remove …", "Cancel order", "Log out")
   *  and the goal does not use that word (nor its "log out"/"sign out" form). */
  static boolean destroysUnasked(Set<String> goalWords, Element e) {
    List<String> words = List.copyOf(WordTokens.ofAll(e.name()));
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String joined = i + 1 < words.size() && (w.equals("log") || w.equals("sign")) && words.get(i + 1).equals("out")
          ? w + "out" : w;
      if (DESTRUCTIVE.contains(joined) && !asks(goalWords, joined)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the control names a number (two or more digits) of the same length as a number in the goal but none of
   * the goal's: it is about another instance (another order, another year) than the one the goal names.
   */
  static boolean namesAnotherInstance(Set<String> goalWords, Element e) {
    Set<Integer> goalLengths = new java.util.HashSet<>();
    for (String w : goalWords) {
      if (NUMBER.matcher(w).matches()) {
        goalLengths.add(w.length());
      }
    }
    if (goalLengths.isEmpty()) {
      return false;
    }
    boolean other = false;
    Matcher m = NUMBER.matcher(e.name());
    while (m.find()) {
      String n = m.group();
      if (goalWords.contains(n)) {
        return false;
      }
      other |= goalLengths.contains(n.length());
    }
    return other;
  }

  /** Whether the control's name starts with a word that goes back a step and the goal does not use it. */
  static boolean goesBackUnasked(Set<String> goalWords, Element e) {
    List<String> words = List.copyOf(WordTokens.ofAll(e.name()));
    return !words.isEmpty() && BACKWARD.contains(words.get(0)) && !asks(goalWords, words.get(0));
  }

  /** Whether the goal uses the word in any form: removed, deleting, cancellation, emptied, log/sign out. */
  private static boolean asks(Set<String> goalWords, String word) {
    if (word.endsWith("out") && goalWords.contains("out") && goalWords.contains(word.substring(0, word.length() - 3))) {
      return true;
    }
    String stem = word.endsWith("e") || word.endsWith("y") ? word.substring(0, word.length() - 1) : word;
    String action = WordTokens.canonical(word);
    return goalWords.stream().anyMatch(g -> g.startsWith(stem) || WordTokens.canonical(g).equals(action));
  }

  /** Overlap of the goal with the element's name and text, a bonus when the goal names its role, and one
   *  when the goal contains its whole name as a phrase. */
  private static double elementScore(TaskGoal goal, Set<String> goalTokens, Element e) {
    Set<String> words = WordTokens.of(e.name() + " " + e.text());
    double s = WordTokens.overlap(goalTokens, words);
    if (goalTokens.contains(e.role())) {
      s += ROLE_BONUS;
    }
    if (WordTokens.containsPhrase(goal.text(), e.name())) {
      s += PHRASE_BONUS;
    }
    // among equal overlaps, prefer the element that says least else (the precise link over a long teaser)
    int extra = words.size() - WordTokens.overlap(goalTokens, words);
    return s - Math.min(0.5, 0.05 * extra);
  }

  private static List<Scored> fills(TaskGoal goal, Set<String> goalTokens, List<String> quotes, Element box,
      Observation page, List<Step> history, FormValues values) {
    List<Scored> out = new ArrayList<>();
    Set<String> labelWords = WordTokens.of(box.name());
    double labelScore = WordTokens.overlap(goalTokens, labelWords);
    out.addAll(values.fills(box, FormValues.cueWords(box), 0.5 * labelScore, !box.value().isBlank() && quotes.contains(box.value())));
    if (quotes.isEmpty()) {
      List<String> salient = new ArrayList<>();
      for (String t : goalTokens) {
        if (!labelWords.contains(t)) {
          salient.add(t);
        }
      }
      String value = String.join(" ", salient);
      if (!value.isBlank() && !value.equalsIgnoreCase(box.value().strip()) && !values.givesValues()) {
        out.add(new Scored(Action.fill(box, value), 0.5 + 0.5 * labelScore, 0));
      }
      return out;
    }
    for (QuotedValue q : quotedWithContext(goal.text())) {
      if (FormValues.namesAButton(page, q.value())) {
        continue; // "press "Submit"": the quote names what to click
      }
      String typed = GoalSpans.asTyped(goal.text(), q.value());
      boolean extended = !box.secret() && box.value().length() > typed.length()
          && box.value().toLowerCase(Locale.ROOT).contains(typed.toLowerCase(Locale.ROOT));
      if (extended) {
        continue; // the field holds more than the fragment (a suggestion was picked): typing it again undoes that
      }
      if (typed.equals(box.value()) || (box.secret() && !box.value().isEmpty())) {
        continue; // already there (a secret field shows only that it holds something): filling again changes nothing
      }
      // the words just before the quote (after the previous one) usually name the field ("the password "x"")
      double near = WordTokens.overlap(WordTokens.of(q.before()), labelWords);
      double s = 1.5 + 0.5 * labelScore + near;
      if (!box.value().isBlank() && quotes.contains(box.value())) {
        s -= OVERWRITE_PENALTY; // the field already holds another value the goal asks for
      }
      if (enteredElsewhere(page, box, typed) || typedIntoSecretElsewhere(history, box, typed)) {
        // the value is already in another field: it was placed; only a tie-breaker, since a form may need
        // the goal's one quoted value in two fields (a title and a message)
        s -= ELSEWHERE_PENALTY;
      }
      out.add(new Scored(Action.fill(box, typed), s, 0));
      if (!typed.equals(q.value()) && !q.value().equals(box.value())) {
        // the case instruction read from the goal may be wrong: the value as quoted stays a candidate, behind
        out.add(new Scored(Action.fill(box, q.value()), s - CASE_AS_QUOTED, 0));
      }
    }
    return out;
  }

  private static Scored bestOption(TaskGoal goal, Set<String> goalTokens, Observation page, Element select) {
    Scored best = null;
    double labelScore = WordTokens.overlap(goalTokens, WordTokens.of(select.name()));
    // the option already chosen sets the bar: choosing a worse match would undo the right choice
    double current = select.value().isBlank() ? 0 : optionScore(goal, goalTokens, select.value());
    for (String option : SelectOptions.of(page, select)) {
      if (option.isBlank() || option.equals(select.value())) {
        continue;
      }
      double s = optionScore(goal, goalTokens, option);
      if (s == 0 || s <= current) {
        continue;
      }
      s += 0.5 * labelScore;
      if (best == null || s > best.score) {
        best = new Scored(Action.select(select, option), s, 0);
      }
    }
    return best;
  }

  /** For a list that takes several options: a select of each option the goal names that is not chosen yet. */
  private static List<Scored> optionsToAdd(TaskGoal goal, Set<String> goalTokens, Observation page, Element list) {
    double labelScore = WordTokens.overlap(goalTokens, WordTokens.of(list.name()));
    Set<String> chosen = SelectOptions.chosen(page, list);
    List<Scored> out = new ArrayList<>();
    for (String option : SelectOptions.of(page, list)) {
      if (option.isBlank() || chosen.contains(option)) {
        continue;
      }
      double s = optionScore(goal, goalTokens, option);
      if (s > 0) {
        out.add(new Scored(Action.select(list, option), s + 0.5 * labelScore, 0));
      }
    }
    return out;
  }

  private static double optionScore(TaskGoal goal, Set<String> goalTokens, String option) {
    Set<String> words = WordTokens.of(option);
    double s = WordTokens.overlap(goalTokens, words);
    if (s == 0) {
      return 0;
    }
    if (WordTokens.containsPhrase(goal.text(), option)) {
      s += PHRASE_BONUS;
    }
    // among equal overlaps, the option that says least else ("Islands" vs "Northern Mariana Islands")
    return s - Math.min(0.5, 0.05 * (words.size() - WordTokens.overlap(goalTokens, words)));
  }

  /** An answer only when the goal asks for a value and one page line matches the goal well. */
  private static Scored answer(TaskGoal goal, Set<String> goalTokens, Observation page) {
    Set<String> raw = WordTokens.ofAll(goal.text());
    boolean asks = goal.text().contains("?")
        || raw.stream().anyMatch(QUESTION_WORDS::contains)
        || raw.stream().limit(1).anyMatch(ASK_VERBS::contains);
    if (!asks || page.text().isBlank() || goalTokens.isEmpty()) {
      return null;
    }
    String bestLine = null;
    int bestOverlap = 0;
    for (String line : page.text().split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0 || colon == line.length() - 1) {
        continue; // a value line reads "name: value"
      }
      int o = WordTokens.overlap(goalTokens, WordTokens.of(line.substring(0, colon)));
      if (o > bestOverlap) {
        bestOverlap = o;
        bestLine = line;
      }
    }
    if (bestLine == null || bestOverlap < 2 || bestOverlap * 2 < Math.min(goalTokens.size(), 6)) {
      return null;
    }
    String value = bestLine.substring(bestLine.indexOf(':') + 1).strip();
    return value.isEmpty() ? null : new Scored(Action.answer(value), 0.8 * bestOverlap, 0);
  }

  /** Whether this run typed the value into another, secret field (whose value the page shows only masked). */
  private static boolean typedIntoSecretElsewhere(List<Step> history, Element box, String value) {
    for (Step step : history) {
      Action a = step.action();
      if (a.type() == dev.jitrl.api.ActionType.FILL && a.firstArg().equals(value) && a.target().isPresent()
          && a.target().get().secret() && !a.target().get().name().equals(box.name())) {
        return true;
      }
    }
    return false;
  }

  private static boolean enteredElsewhere(Observation page, Element box, String value) {
    for (Element e : page.elements()) {
      if (e.role().equals("textbox") && !e.id().equals(box.id()) && e.value().equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** The goal's quoted values, each with the words between the previous quote (or the start) and it. */
  static List<QuotedValue> quotedWithContext(String goal) {
    List<QuotedValue> out = new ArrayList<>();
    Matcher m = QUOTED.matcher(goal);
    int previousEnd = 0;
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null && !m.group(g).isBlank()) {
          String before = goal.substring(Math.max(previousEnd, m.start() - 40), m.start());
          out.add(new QuotedValue(m.group(g), before));
          break;
        }
      }
      previousEnd = m.end();
    }
    return out;
  }

  /** A quoted value of the goal and the words just before it. */
  record QuotedValue(String value, String before) {}

  static List<String> quotedValues(String goal) {
    List<String> out = new ArrayList<>();
    Matcher m = QUOTED.matcher(goal);
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null && !m.group(g).isBlank()) {
          out.add(m.group(g));
          break;
        }
      }
    }
    return out;
  }

  private static boolean sameAction(Action a, Action b) {
    if (a.type() != b.type() || !a.args().equals(b.args())) {
      return false;
    }
    if (a.target().isEmpty() || b.target().isEmpty()) {
      return a.target().isEmpty() && b.target().isEmpty();
    }
    Element x = a.target().get();
    Element y = b.target().get();
    return x.role().equals(y.role()) && x.name().equals(y.name());
  }

  /**
   * The actions that this run took on a page looking like {@code page} and that, staying at its address, led back to
   * a page the run had already seen before that step (a menu button that closes the menu it opened): from here they
   * go in a circle.
   */
  static List<Action> leadBack(Observation page, List<Step> history) {
    List<Action> out = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Step step = history.get(i);
      if (step.status() == StepStatus.FAILED || noEffect(step) || !looksTheSame(step.observation(), page)
          || !step.result().url().equals(page.url())) {
        // a step that changed nothing has its own, shorter penalty; a circle through other pages is memory's to
        // judge (the run's culprit is where it went round), only a widget that closes in place is marked here
        continue;
      }
      for (int j = 0; j < i; j++) {
        if (looksTheSame(history.get(j).observation(), step.result())) {
          out.add(step.action());
          break;
        }
      }
    }
    return out;
  }

  /** Same address, text and elements (role, name, value). */
  static boolean looksTheSame(Observation a, Observation b) {
    if (!a.url().equals(b.url()) || !a.text().equals(b.text()) || a.elements().size() != b.elements().size()) {
      return false;
    }
    for (int i = 0; i < a.elements().size(); i++) {
      Element x = a.elements().get(i);
      Element y = b.elements().get(i);
      if (!x.role().equals(y.role()) || !x.name().equals(y.name()) || !x.value().strip().equals(y.value().strip())) {
        return false;
      }
    }
    return true;
  }

  /** A step whose page looked the same afterwards: same address, text and element values. */
  private static boolean noEffect(Step step) {
    // whitespace added at a field's ends (Enter in a multi-line field) is no visible progress
    return looksTheSame(step.observation(), step.result());
  }

  /** The address without its query or fragment: the page a step was on. */
  static String pathOf(String url) {
    int cut = url.length();
    int q = url.indexOf('?');
    int h = url.indexOf('#');
    if (q >= 0) {
      cut = q;
    }
    if (h >= 0 && h < cut) {
      cut = h;
    }
    return url.substring(0, cut);
  }

  record Scored(Action action, double score, int order) {}

}
