package dev.jitrl.host.sites;

import java.util.List;
import java.util.Optional;

/** Where a page sits: {@code Orders / #1042}, the trail's links then, optionally, the current page as text. */
final class Breadcrumb {
  private Breadcrumb() {}

  static Html of(List<Link> trail, Optional<String> current) {
    Html.Builder nav = Html.builder().add("<nav aria-label=\"Breadcrumb\">");
    for (int i = 0; i < trail.size(); i++) {
      nav.add(i == 0 ? "{}" : " / {}", trail.get(i).html());
    }
    current.ifPresent(here -> nav.add(" / <span aria-current=\"page\">{}</span>", here));
    return nav.add("</nav>\n").build();
  }

  static Html of(Link parent, String current) {
    return of(List.of(parent), Optional.of(current));
  }
}
