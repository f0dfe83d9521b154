package dev.jitrl.host.sites;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The shared page frame of the three apps. Pages are written as well-formed XHTML-compatible HTML5 (void
 * elements closed, only the five XML entities) so that tests can parse them with an XML parser.
 */
final class HtmlPage {
  private HtmlPage() {}

  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

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
   * @param header the site header (brand and navigation), already HTML
   * @param main the page content, already HTML
   */
  static String render(String title, String appClass, String header, String main) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        + "<title>" + esc(title) + "</title>\n"
        + "<link rel=\"stylesheet\" href=\"/static/site.css\"/>\n"
        + "</head>\n<body class=\"" + appClass + "\">\n"
        + "<header role=\"banner\">\n" + header + "</header>\n"
        + "<main id=\"main\">\n" + main + "</main>\n"
        + "<footer role=\"contentinfo\"><p>Local task sites for JitRL. Data resets before each episode.</p></footer>\n"
        + "</body>\n</html>\n";
  }

  static String notice(String text) {
    return "<p class=\"notice\" role=\"status\">" + esc(text) + "</p>\n";
  }

  static String error(String text) {
    return "<p class=\"error\" role=\"alert\">" + esc(text) + "</p>\n";
  }
}
