package dev.jitrl.host.observe;

import dev.jitrl.api.Element;

/**
 * Menu items that own a submenu. {@link PageObserver} gives such an item (in a menu, or announcing a popup menu)
 * the value {@value #COLLAPSED} while its submenu is hidden and {@value #EXPANDED} once it shows; pointing at a
 * collapsed item (a hover) is how a person opens it without choosing it.
 */
public final class Submenus {
  /** The value of an item whose submenu is hidden. */
  public static final String COLLAPSED = "collapsed";
  /** The value of an item whose submenu shows. */
  public static final String EXPANDED = "expanded";

  private Submenus() {}

  /** Whether the element owns a submenu (shown or not): its value is a menu state, not a field's text. */
  public static boolean ownsSubmenu(Element e) {
    return !isField(e) && (e.value().equals(COLLAPSED) || e.value().equals(EXPANDED));
  }

  /** Whether the element owns a submenu that is hidden now. */
  public static boolean collapsed(Element e) {
    return !isField(e) && e.value().equals(COLLAPSED);
  }

  private static boolean isField(Element e) {
    return switch (e.role()) {
      case "textbox", "spinbutton", "combobox", "slider", "searchbox" -> true;
      default -> false;
    };
  }
}
