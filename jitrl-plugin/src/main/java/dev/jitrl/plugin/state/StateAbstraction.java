package dev.jitrl.plugin.state;

import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes the abstract state {@code s = (site, urlPattern, context)} of DESIGN.md §2.1, deterministically and
 * without any model call.
 */
public final class StateAbstraction {
  private final UrlRegularizer urls;
  private final ActionNormalizer actions;

  public StateAbstraction(UrlRegularizer urls, ActionNormalizer actions) {
    this.urls = urls;
    this.actions = actions;
  }

  public UrlRegularizer urls() {
    return urls;
  }

  public ActionNormalizer actions() {
    return actions;
  }

  /** The state before the step that follows {@code history}, on page {@code current}. */
  public AbstractState stateOf(Observation current, List<Step> history) {
    return stateOf(current, history, "");
  }

  /** The state, with typed values that the goal gives written as references to the goal (see {@link GoalValues}). */
  public AbstractState stateOf(Observation current, List<Step> history, String goal) {
    UrlPattern pattern = urls.regularize(current.url());
    return new AbstractState(pattern, contextOf(pattern, history, history.size(), goal));
  }

  /**
   * The normalized actions taken since the agent arrived on {@code pattern}, among the first {@code upTo}
   * steps of {@code history}: walk back while the steps were taken on the same pattern; consecutive repeats of an
   * action that changed the page each time are counted ({@code click(<link[Prev]>) ×3}: three months back is not
   * one month back), and steps that changed nothing on the page (same address, title, controls, values and text)
   * are left out, since they leave the agent where it was — except waits, key presses and scrolls, whose effect the
   * page's elements may not show (see {@link #effectMayBeUnseen}).
   */
  public List<String> contextOf(UrlPattern pattern, List<Step> history, int upTo) {
    return contextOf(pattern, history, upTo, "");
  }

  /** As {@link #contextOf(UrlPattern, List, int)}, with the goal's values as references. */
  public List<String> contextOf(UrlPattern pattern, List<Step> history, int upTo, String goal) {
    int start = upTo;
    while (start > 0 && urls.regularize(history.get(start - 1).observation().url()).equals(pattern)) {
      start--;
    }
    List<String> context = new ArrayList<>(upTo - start);
    for (int i = start; i < upTo; i++) {
      Step step = history.get(i);
      if (!effectMayBeUnseen(step.action().type())
          && !dev.jitrl.plugin.judge.RuleJudge.changed(step.observation(), step.result())) {
        continue; // a step that changed nothing leaves the agent in the same state
      }
      NormalizedAction normalized = actions.normalize(step.action(), step.observation(), goal);
      String text = normalized.text();
      if (switchesOff(step.action())) {
        int on = context.lastIndexOf(normalized.switchingOn().text());
        if (on >= 0) {
          // a toggle this visit switched on is switched off again: the form is as it was before that click, and so
          // is the state (the boxes that stand ticked, not the order of the clicks that ticked them)
          context.remove(on);
          continue;
        }
      }
      if (!context.isEmpty() && sameAction(context.get(context.size() - 1), text)) {
        // the same action again, and it changed the page again (a month back, a list's next page): another state
        // than after the first one, counted
        context.set(context.size() - 1, text + REPEAT + (repeats(context.get(context.size() - 1)) + 1));
      } else {
        context.add(text);
      }
    }
    return context;
  }

  /**
   * Whether an action of this type may have done its work although the page looks the same: a wait (the time
   * passed), a key press (a caret or a text box scrolled to its end), a scroll (what is in view), a drag (where a
   * box stands) or a highlight (what is selected) change what the observer does not record. Leaving such a step out of the context would give the states before and after it the
   * same key, and memory would then promote the step that followed it (submit) before it (scroll first).
   */
  public static boolean effectMayBeUnseen(dev.jitrl.api.ActionType type) {
    return type == dev.jitrl.api.ActionType.WAIT || type == dev.jitrl.api.ActionType.PRESS
        || type == dev.jitrl.api.ActionType.SCROLL || type == dev.jitrl.api.ActionType.DRAG
        || type == dev.jitrl.api.ActionType.HIGHLIGHT;
  }

  /** A click on a control that stands on (a ticked box, an open section): it switches it off. */
  public static boolean switchesOff(dev.jitrl.api.Action action) {
    return action.type() == dev.jitrl.api.ActionType.CLICK
        && action.target().map(e -> e.value().equals("true")).orElse(false);
  }

  /** Marks a repeated action in a context: {@code click(<link[Prev]>) ×3} is three clicks on Prev in a row. */
  static final String REPEAT = " \u00d7";

  private static boolean sameAction(String entry, String text) {
    return entry.equals(text) || (entry.startsWith(text) && entry.startsWith(REPEAT, text.length())
        && entry.substring(text.length() + REPEAT.length()).chars().allMatch(Character::isDigit));
  }

  private static int repeats(String entry) {
    int at = entry.lastIndexOf(REPEAT);
    if (at < 0) {
      return 1;
    }
    String n = entry.substring(at + REPEAT.length());
    return !n.isEmpty() && n.chars().allMatch(Character::isDigit) ? Integer.parseInt(n) : 1;
  }

  /** An abstract state. */
  public record AbstractState(UrlPattern pattern, List<String> context) {
    public AbstractState {
      context = List.copyOf(context);
    }
  }
}
