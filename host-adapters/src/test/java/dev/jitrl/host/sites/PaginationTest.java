package dev.jitrl.host.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaginationTest {
  @Test
  void of_emptyList_isPageOneOfOne() {
    assertEquals(new Pagination(1, 1), Pagination.of(0, 10, 1));
  }

  @Test
  void of_requestedPageOutOfRange_isClampedIntoTheList() {
    assertEquals(new Pagination(2, 2), Pagination.of(18, 10, 99));
    assertEquals(new Pagination(1, 2), Pagination.of(18, 10, -3));
  }

  @Test
  void slice_lastPage_holdsTheRemainder() {
    List<Integer> all = List.of(1, 2, 3, 4, 5);

    assertEquals(List.of(5), Pagination.of(all.size(), 2, 3).slice(all, 2));
  }

  @Test
  void navigation_listFitsOnOnePage_isLeftOut() {
    assertEquals(Html.EMPTY, Pagination.of(5, 10, 1).navigation(i -> "/x?page=" + i));
  }

  @Test
  void navigation_middlePage_linksPreviousEveryPageAndNextWithEscapedHrefs() {
    Html nav = Pagination.of(25, 10, 2).navigation(i -> "/admin/orders?page=" + i + "&status=on+hold");

    assertEquals("<nav class=\"pagination\" aria-label=\"Pages\"><p>Page 2 of 3</p><ul>\n"
        + "<li><a rel=\"prev\" href=\"/admin/orders?page=1&amp;status=on+hold\">Previous</a></li>\n"
        + "<li><a href=\"/admin/orders?page=1&amp;status=on+hold\">1</a></li>\n"
        + "<li><a href=\"/admin/orders?page=2&amp;status=on+hold\" aria-current=\"page\">2</a></li>\n"
        + "<li><a href=\"/admin/orders?page=3&amp;status=on+hold\">3</a></li>\n"
        + "<li><a rel=\"next\" href=\"/admin/orders?page=3&amp;status=on+hold\">Next</a></li>\n"
        + "</ul></nav>\n", nav.markup());
  }

  @Test
  void constructor_pageBeyondTheLast_throws() {
    assertThrows(IllegalArgumentException.class, () -> new Pagination(3, 2));
  }
}
