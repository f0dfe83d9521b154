package dev.jitrl.plugin.state;

import dev.jitrl.api.ActionType;
import java.util.Objects;

/**
 * An action stored by its meaning rather than the page's volatile ids (DESIGN.md §2.2):
 * {@code click(<link[Reports]>)}, {@code fill(<textbox[Search]>, "usb cable")}, {@code answer(***)}.
 *
 * @param type the action type
 * @param role the target's role, empty for actions without a target
 * @param label the target's accessible name (whitespace collapsed), empty if none
 * @param ordinal which of several same-role, same-label elements (1 for the first or only one)
 * @param arg the argument (text typed, option, key, direction, URL); {@code ***} for answers
 */
public record NormalizedAction(ActionType type, String role, String label, int ordinal, String arg) {
  /** The mask that replaces free-text answers. */
  public static final String MASK = "***";

  /**
   * The argument of a click that switches a control off (a ticked box, an open section: value "true"): memory tells
   * switching off from switching on, which the same click on the same control does by the page's state.
   */
  public static final String SWITCH_OFF = "off";

  /** The click on the same control that switches it off. */
  public NormalizedAction switchingOff() {
    return type == ActionType.CLICK ? new NormalizedAction(type, role, label, ordinal, SWITCH_OFF) : this;
  }

  /** The same action on the same control as a switching on: a click switching off without its marker. */
  public NormalizedAction switchingOn() {
    return type == ActionType.CLICK && arg.equals(SWITCH_OFF) ? new NormalizedAction(type, role, label, ordinal, "") : this;
  }

  public NormalizedAction {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(arg, "arg");
    if (ordinal < 1) {
      throw new IllegalArgumentException("ordinal must be >= 1 but was " + ordinal);
    }
  }

  /** The canonical text, which is also the identity used for matching. */
  public String text() {
    StringBuilder sb = new StringBuilder(type.verb()).append('(');
    if (type.needsTarget()) {
      sb.append('<').append(role).append('[').append(escape(label, ']')).append(']');
      if (ordinal > 1) {
        sb.append('#').append(ordinal);
      }
      sb.append('>');
    }
    if (type == ActionType.ANSWER) {
      sb.append(MASK);
    } else if (!arg.isEmpty() || !type.needsTarget()) {
      if (type.needsTarget()) {
        sb.append(", ");
      }
      sb.append('"').append(escape(arg, '"')).append('"');
    }
    return sb.append(')').toString();
  }

  private static String escape(String s, char special) {
    if (s.indexOf(special) < 0 && s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == special || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text();
  }
}
