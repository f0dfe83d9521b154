package dev.jitrl.host.sites;

import java.util.List;

/** A labelled navigation list, {@code <nav aria-label="Main"><ul><li><a ...>}: the sites' menus. */
final class Menu {
  private Menu() {}

  static Html of(String label, List<Link> links) {
    Html.Builder nav = Html.builder().add("<nav aria-label=\"{}\"><ul>\n", label);
    links.forEach(link -> nav.add("<li>{}</li>\n", link.html()));
    return nav.add("</ul></nav>\n").build();
  }
}
