package dev.jitrl.host.sites;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The shared page frame of the three apps. Pages are written as well-formed XHTML-compatible HTML5 (void
 * elements closed, only the five XML entities) so that tests can parse them with an XML parser.
 */
final class HtmlPage {
  private HtmlPage() {}

  /** A query parameter value, URL-encoded ({@code on hold} becomes {@code on+hold}). */
  static String url(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  static String money(long cents) {
    return String.format("$%,d.%02d", cents / 100, cents % 100);
  }

  /**
   * A whole page.
   *
   * @param title the document title
   * @param appClass the body class that picks the app's colours
   * @param header the site header (brand and navigation)
   * @param main the page content
   */
  static String render(String title, String appClass, Html header, Html main) {
    return Html.of("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        + "<title>{}</title>\n"
        + "<link rel=\"stylesheet\" href=\"/static/site.css\"/>\n"
        + "</head>\n<body class=\"{}\">\n"
        + "<header role=\"banner\">\n{}</header>\n"
        + "<main id=\"main\">\n{}</main>\n"
        + "<footer role=\"contentinfo\"><p>Local task sites for JitRL. Data resets before each episode.</p></footer>\n"
        + "</body>\n</html>\n", title, appClass, header, main).markup();
  }

  static Html notice(String text) {
    return Html.of("<p class=\"notice\" role=\"status\">{}</p>\n", text);
  }

  static Html error(String text) {
    return Html.of("<p class=\"error\" role=\"alert\">{}</p>\n", text);
  }

  /** {@code <a href="...">text</a>}, both escaped. */
  static Html link(String href, Object text) {
    return Html.of("<a href=\"{}\">{}</a>", href, text);
  }
}
