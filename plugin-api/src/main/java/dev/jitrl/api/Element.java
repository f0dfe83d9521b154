package dev.jitrl.api;

/**
 * One interactive element of an observed page.
 *
 * @param id the host's handle for the element, stable within one observation (for example {@code "e12"});
 *     never blank. Plugins must not assume it survives a page change: they match elements by role and label.
 * @param role the element's accessible role in lower case ({@code link}, {@code button}, {@code textbox},
 *     {@code combobox}, {@code checkbox}, {@code tab}, {@code menuitem}, {@code option}, ...); never blank
 * @param label the accessible name (what a screen reader says); may be empty
 * @param text the visible text inside the element; may be empty
 * @param value the current value of a form field (text typed, selected option, {@code "true"} for a checked
 *     box); empty when the element has none. A host shows a secret field's value masked, never in clear
 * @param secret whether what is typed into it is a secret (a password field, a card number, a one-time code, or a
 *     field the host marks secret): plugins must never store, log or show the text typed into it
 */
public record Element(String id, String role, String label, String text, String value, boolean secret) {
  public Element {
    Checks.notBlank(id, "id");
    Checks.notBlank(role, "role");
    Checks.notNull(label, "label");
    Checks.notNull(text, "text");
    Checks.notNull(value, "value");
  }

  /** An element that is not secret. */
  public Element(String id, String role, String label, String text, String value) {
    this(id, role, label, text, value, false);
  }

  /** The label if there is one, else the visible text (trimmed); may be empty. */
  public String name() {
    return label.isBlank() ? text.strip() : label.strip();
  }
}
