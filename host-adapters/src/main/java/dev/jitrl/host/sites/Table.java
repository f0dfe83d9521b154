package dev.jitrl.host.sites;

/**
 * A data table with a header row, as every list on the sites is written. Cells are text (escaped) or
 * {@link Html} (a link, a form).
 */
final class Table {
  private final int columns;
  private final Html.Builder rows = Html.builder();
  private boolean empty = true;

  private Table(int columns, Html head) {
    this.columns = columns;
    rows.add("<table>\n<thead><tr>{}</tr></thead>\n<tbody>\n", head);
  }

  /** A table whose column headings are {@code headings} (text or {@code Html}). */
  static Table withColumns(Object... headings) {
    Html.Builder head = Html.builder();
    for (Object heading : headings) {
      head.add("<th scope=\"col\">{}</th>", heading);
    }
    return new Table(headings.length, head.build());
  }

  Table row(Object... cells) {
    return row(Html.EMPTY, cells);
  }

  /** A row with a class ({@code pinned}). */
  Table rowOfClass(String cssClass, Object... cells) {
    return row(Html.of(" class=\"{}\"", cssClass), cells);
  }

  private Table row(Html attributes, Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("a row needs " + columns + " cells but got " + cells.length);
    }
    rows.add("<tr{}>", attributes);
    for (Object cell : cells) {
      rows.add("<td>{}</td>", cell);
    }
    rows.add("</tr>\n");
    empty = false;
    return this;
  }

  /** The table, with one full-width row saying {@code emptyText} if no row was added. */
  Html html(String emptyText) {
    return finish(empty ? Html.of("<tr><td colspan=\"{}\">{}</td></tr>\n", columns, emptyText) : Html.EMPTY);
  }

  Html html() {
    return finish(Html.EMPTY);
  }

  private Html finish(Html lastRows) {
    return Html.builder().add(rows.build()).add(lastRows).add("</tbody>\n</table>\n").build();
  }
}
