package dev.jitrl.host.sites;

import java.util.Objects;

/**
 * A piece of markup that is safe to put in a page. Text becomes {@code Html} only through {@link #text} or as an
 * argument of {@link #of}, both of which escape it; the only unescaped markup is a template written in this
 * package's source. So a product name, a forum post or a request parameter reaches a page escaped whoever writes
 * the next page, instead of relying on every page remembering to call an escape function.
 *
 * <p>{@link #builder()} assembles a page under the same rule. Escaping follows XHTML: only the five XML entities, so that tests can parse every page with an XML parser.
 */
final class Html {
  static final Html EMPTY = new Html("");

  private final String markup;

  private Html(String markup) {
    this.markup = Objects.requireNonNull(markup, "markup must not be null");
  }

  String markup() {
    return markup;
  }

  /** Text, escaped: {@code <b>} becomes {@code &lt;b&gt;}. Numbers and other values are written by {@code valueOf}. */
  static Html text(Object value) {
    return new Html(escape(String.valueOf(value)));
  }

  /**
   * Fills a markup template: each {@code {}} takes the next argument, escaped unless it is already {@code Html}.
   *
   * @param template literal markup from this package's source, never text from a request or the data
   * @throws IllegalArgumentException if the number of {@code {}} differs from the number of arguments
   */
  static Html of(String template, Object... args) {
    StringBuilder out = new StringBuilder(template.length() + 32 * args.length);
    int used = 0;
    int from = 0;
    for (int at = template.indexOf("{}"); at >= 0; at = template.indexOf("{}", from)) {
      if (used == args.length) {
        throw new IllegalArgumentException("template has more {} than the " + args.length + " argument(s): " + template);
      }
      out.append(template, from, at).append(markupOf(args[used++]));
      from = at + 2;
    }
    if (used != args.length) {
      throw new IllegalArgumentException("template has " + used + " {} but " + args.length + " arguments: " + template);
    }
    return new Html(out.append(template, from, template.length()).toString());
  }

  private static String markupOf(Object value) {
    return value instanceof Html html ? html.markup : escape(String.valueOf(value));
  }

  private static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      String entity = switch (text.charAt(i)) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (entity != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (entity != null) {
          out.append(entity);
        } else {
          out.append(text.charAt(i));
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** A builder for one page's markup: {@code Html.builder().add("<h1>{}</h1>\n", title).build()}. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Builds markup piece by piece with the same rules: {@link #add(String, Object...)} takes a literal template
   * whose {@code {}} arguments are escaped, {@link #add(Html)} takes markup that is already safe. There is no way
   * to append a plain string unescaped.
   */
  static final class Builder {
    private final StringBuilder out = new StringBuilder(512);

    private Builder() {}

    /** Appends a literal template with its arguments escaped (see {@link Html#of}). */
    Builder add(String template, Object... args) {
      out.append(of(template, args).markup);
      return this;
    }

    Builder add(Html html) {
      out.append(html.markup);
      return this;
    }

    Html build() {
      return new Html(out.toString());
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Html html && html.markup.equals(markup);
  }

  @Override
  public int hashCode() {
    return markup.hashCode();
  }

  @Override
  public String toString() {
    return markup;
  }
}
