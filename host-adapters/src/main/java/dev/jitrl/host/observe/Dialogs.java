package dev.jitrl.host.observe;

import dev.jitrl.api.Element;

/** The reserved element ids under which an open JavaScript dialog is observed and acted on. */
public final class Dialogs {
  /** Accepts the open alert/confirm/prompt. */
  public static final String OK_ID = "dialog-ok";
  /** Dismisses the open alert/confirm/prompt. */
  public static final String CANCEL_ID = "dialog-cancel";

  private Dialogs() {}

  static Element okButton() {
    return new Element(OK_ID, "button", "OK", "OK", "");
  }

  static Element cancelButton() {
    return new Element(CANCEL_ID, "button", "Cancel", "Cancel", "");
  }

  /** Whether the element is one of the dialog's buttons. */
  public static boolean isDialogButton(Element e) {
    return OK_ID.equals(e.id()) || CANCEL_ID.equals(e.id());
  }
}
