package dev.jitrl.host.sites;

import java.util.List;
import java.util.function.IntFunction;

/**
 * One page of a long list and the navigation to the others, the same on every site.
 *
 * <p>A list always has at least one page (an empty list is "page 1 of 1", never "of 0"), and the navigation is
 * left out when everything fits on one page: a lone link to the page already shown only adds a useless choice.
 *
 * @param page the page shown, 1-based, within {@code 1..pages}
 * @param pages how many pages the list has, at least 1
 */
record Pagination(int page, int pages) {
  private static final Html CURRENT = Html.of(" aria-current=\"page\"");

  Pagination {
    if (pages < 1 || page < 1 || page > pages) {
      throw new IllegalArgumentException("page must be within 1.." + pages + " (pages >= 1) but was " + page);
    }
  }

  /** The page to show for a request: {@code requested} clamped into the list's pages. */
  static Pagination of(int size, int pageSize, int requested) {
    int pages = Math.max(1, (size + pageSize - 1) / pageSize);
    return new Pagination(Math.max(1, Math.min(pages, requested)), pages);
  }

  /** The items of this page. */
  <T> List<T> slice(List<T> all, int pageSize) {
    return all.subList(Math.min(all.size(), (page - 1) * pageSize), Math.min(all.size(), page * pageSize));
  }

  /**
   * The navigation: "Page 2 of 3", Previous, every page number, Next.
   *
   * @param href the link of a page number, unescaped ({@code /admin/orders?page=2&status=on+hold})
   */
  Html navigation(IntFunction<String> href) {
    if (pages == 1) {
      return Html.EMPTY;
    }
    Html.Builder nav = Html.builder().add("<nav class=\"pagination\" aria-label=\"Pages\"><p>Page {} of {}</p><ul>\n", page, pages);
    if (page > 1) {
      nav.add("<li><a rel=\"prev\" href=\"{}\">Previous</a></li>\n", href.apply(page - 1));
    }
    for (int i = 1; i <= pages; i++) {
      nav.add("<li><a href=\"{}\"{}>{}</a></li>\n", href.apply(i),
          i == page ? CURRENT : Html.EMPTY, i);
    }
    if (page < pages) {
      nav.add("<li><a rel=\"next\" href=\"{}\">Next</a></li>\n", href.apply(page + 1));
    }
    return nav.add("</ul></nav>\n").build();
  }
}
