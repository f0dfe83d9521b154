package dev.jitrl.api;

/** The kinds of action a web agent can take (BrowserGym-like). */
public enum ActionType {
  /** Click the target element. */
  CLICK(true),
  /** Replace the target field's text with the first argument. */
  FILL(true),
  /** Choose the option named by the first argument in the target select or list. */
  SELECT(true),
  /** Press the key named by the first argument (for example {@code Enter}) in the target element. */
  PRESS(true),
  /** Scroll the page; first argument {@code up} or {@code down}. No target. */
  SCROLL(false),
  /** Navigate to the URL given as first argument. No target. */
  GOTO(false),
  /** Answer the user with the free text given as first argument and end the episode. No target. */
  ANSWER(false),
  /**
   * Move the pointer over the target without clicking (opens a menu's submenu, shows a tooltip).
   */
  HOVER(true),
  /**
   * Wait: the first argument is a number of seconds, counted from the end of the previous action (so that "click A,
   * wait 2 seconds, click B" puts 2 seconds between the two clicks, whatever the time spent deciding). No target.
   */
  WAIT(false),
  /**
   * Drag the target with the pointer and drop it on another element: the first argument is the destination's id in
   * the same observation, the second its name (for people reading logs). Sorts a list, moves a card into a column,
   * drops a file on a drop zone.
   */
  DRAG(true),
  /**
   * Highlight (select, as a person does by dragging over it) the page's text given as first argument: the block of text
   * that reads so, or else its first occurrence. No target. What is selected is what a page then copies, styles or
   * checks.
   */
  HIGHLIGHT(false);

  private final boolean needsTarget;

  ActionType(boolean needsTarget) {
    this.needsTarget = needsTarget;
  }

  /** Whether actions of this type act on an element. */
  public boolean needsTarget() {
    return needsTarget;
  }

  /** The lower-case name used in normalized actions ({@code click}, {@code fill}, ...). */
  public String verb() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
