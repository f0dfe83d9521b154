package dev.jitrl.host.sites;

/**
 * A link as the sites write it, {@code <a href="/shop/cart">Cart (2)</a>}.
 *
 * @param href the target, unescaped
 * @param text the visible text, unescaped
 */
record Link(String href, String text) {
  Html html() {
    return Html.of("<a href=\"{}\">{}</a>", href, text);
  }
}
