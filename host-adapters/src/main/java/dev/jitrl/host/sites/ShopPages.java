package dev.jitrl.host.sites;

import static dev.jitrl.host.sites.HtmlPage.money;

import dev.jitrl.host.sites.ShopState.Category;
import dev.jitrl.host.sites.ShopState.PlacedOrder;
import dev.jitrl.host.sites.ShopState.Product;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The shop's pages, rendered from {@link ShopState}; reading them never changes the state. */
final class ShopPages {
  private static final Html CONTINUE = Html.of("<p><a href=\"/shop/products\">Continue shopping</a></p>\n");

  private final ShopState state;

  ShopPages(ShopState state) {
    this.state = state;
  }

  private String layout(String title, Html main) {
    List<Link> categories = Stream.concat(
        state.categories().stream().map(c -> new Link("/shop/c/" + c.slug(), c.name())),
        Stream.of(new Link("/shop/products", "All products"))).toList();
    Html header = Html.builder()
        .add("<a class=\"brand\" href=\"/shop\">Harbor Goods</a>\n")
        .add("<form class=\"search\" role=\"search\" method=\"get\" action=\"/shop/search\">"
            + "<label for=\"q\">Search products</label> <input type=\"search\" id=\"q\" name=\"q\"/> "
            + "<button type=\"submit\">Search</button></form>\n")
        .add(Menu.of("Categories", categories))
        .add(Menu.of("Account", List.of(new Link("/shop/orders", "Track your order"),
            new Link("/shop/cart", "Cart (" + state.itemsInCart() + ")"))))
        .build();
    return HtmlPage.render(title + " | Harbor Goods", "shop", header, main);
  }

  private WebResponse page(String title, Html main) {
    return WebResponse.page(layout(title, main));
  }

  private static Html productCards(List<Product> products) {
    Html.Builder cards = Html.builder().add("<ul class=\"products\">\n");
    for (Product p : products) {
      cards.add("<li class=\"card\"><a href=\"/shop/product/{}\">{}</a> <span class=\"price\">{}</span></li>\n",
          p.id(), p.name(), money(p.priceCents()));
    }
    return cards.add("</ul>\n").build();
  }

  WebResponse home() {
    return page("Home", Html.of("<h1>Welcome to Harbor Goods</h1>\n"
        + "<p>Everyday things, shipped from the harbour.</p>\n"
        + "<section aria-labelledby=\"featured\"><h2 id=\"featured\">Featured products</h2>\n{}</section>\n"
        + "<p><a href=\"/shop/products\">Browse all products</a></p>\n", productCards(state.featured())));
  }

  WebResponse productList(boolean byPrice, int requestedPage) {
    List<Product> all = new ArrayList<>(state.products());
    if (byPrice) {
      all.sort(Comparator.comparingLong(Product::priceCents).thenComparingInt(Product::id));
    }
    Pagination pages = Pagination.of(all.size(), ShopState.PAGE_SIZE, requestedPage);
    String sort = byPrice ? "&sort=price" : "";
    return page("All products", Html.builder()
        .add("<h1>All products</h1>\n")
        .add("<p class=\"sort\">Sort by: <a href=\"/shop/products\">Name</a> | "
            + "<a href=\"/shop/products?sort=price\">Price: low to high</a></p>\n")
        .add(productCards(pages.slice(all, ShopState.PAGE_SIZE)))
        .add(pages.navigation(i -> "/shop/products?page=" + i + sort))
        .build());
  }

  WebResponse search(String query) {
    String q = query.strip().toLowerCase(Locale.ROOT);
    List<Product> hits = q.isEmpty() ? List.of() : state.products().stream()
        .filter(p -> p.name().toLowerCase(Locale.ROOT).contains(q) || p.category().contains(q))
        .toList();
    return page("Search", Html.builder()
        .add("<h1>Search results</h1>\n")
        .add("<p>{} result(s) for \u201c{}\u201d</p>\n", hits.size(), query.strip())
        .add(hits.isEmpty() ? Html.of("<p>No products match your search.</p>\n") : productCards(hits))
        .build());
  }

  WebResponse category(Category category) {
    List<Product> list = state.products().stream().filter(p -> p.category().equals(category.slug())).toList();
    return page(category.name(), Html.of("<h1>{}</h1>\n{}", category.name(), productCards(list)));
  }

  WebResponse product(Product p, boolean added) {
    Category category = state.category(p.category()).orElseThrow();
    Html.Builder main = Html.builder()
        .add(Breadcrumb.of(List.of(new Link("/shop", "Home"), new Link("/shop/c/" + category.slug(), category.name())),
            Optional.empty()));
    if (added) {
      main.add(HtmlPage.notice(p.name() + " was added to your cart."));
    }
    List<Integer> quantities = IntStream.rangeClosed(1, ShopState.MAX_QUANTITY).boxed().toList();
    main.add("<article class=\"product\">\n<h1>{}</h1>\n", p.name())
        .add("<p class=\"price\">Price of {}: <strong id=\"price\">{}</strong></p>\n<p>{}</p>\n",
            p.name(), money(p.priceCents()), p.blurb())
        .add("<form method=\"post\" action=\"/shop/cart/add\">\n")
        .add("<input type=\"hidden\" name=\"product\" value=\"{}\"/>\n", p.id())
        .add("<label for=\"quantity\">Quantity</label> <select id=\"quantity\" name=\"quantity\">{}</select>\n",
            Options.of(quantities, 1, q -> q, q -> q))
        .add("<button type=\"submit\">Add to cart</button>\n</form>\n</article>\n");
    return page(p.name(), main.build());
  }

  /** The cart; {@code removed} is the product a removal just took out, if any, for the notice. */
  WebResponse cart(Optional<Product> removed) {
    Html.Builder main = Html.builder().add("<h1>Your cart</h1>\n");
    removed.ifPresent(p -> main.add(HtmlPage.notice(p.name() + " was removed from your cart.")));
    if (state.cart().isEmpty()) {
      return page("Cart", main.add("<p>Your cart is empty.</p>\n").add(CONTINUE).build());
    }
    Table table = Table.withColumns("Product", "Quantity", "Subtotal",
        Html.of("<span class=\"sr-only\">Actions</span>"));
    for (Map.Entry<Integer, Integer> line : state.cart().entrySet()) {
      Product p = state.product(line.getKey()).orElseThrow();
      table.row(new Link("/shop/product/" + p.id(), p.name()).html(), line.getValue(),
          money(p.priceCents() * line.getValue()),
          Html.of("<form method=\"post\" action=\"/shop/cart/remove\">"
              + "<input type=\"hidden\" name=\"product\" value=\"{}\"/>"
              + "<button type=\"submit\" aria-label=\"Remove {} from cart\">Remove</button></form>", p.id(), p.name()));
    }
    main.add(table.html())
        .add("<p class=\"total\">Total: {}</p>\n", money(state.cartTotalCents()))
        .add("<p><a class=\"button\" href=\"/shop/checkout\">Proceed to checkout</a> "
            + "<a href=\"/shop/products\">Continue shopping</a></p>\n");
    return page("Cart", main.build());
  }

  WebResponse checkout() {
    if (state.cart().isEmpty()) {
      return page("Checkout", Html.of("<h1>Checkout</h1>\n<p>Your cart is empty.</p>\n{}", CONTINUE));
    }
    return page("Checkout", Html.of(
        "<h1>Checkout</h1>\n<ol class=\"steps\"><li aria-current=\"step\">Details</li><li>Review</li></ol>\n"
        + "<form method=\"post\" action=\"/shop/checkout\">\n"
        + "<fieldset><legend>Shipping address</legend>\n"
        + "<input type=\"radio\" id=\"addr-saved\" name=\"address\" value=\"saved\" checked=\"checked\"/>"
        + " <label for=\"addr-saved\">{}</label>\n</fieldset>\n"
        + "<label for=\"shipping\">Delivery</label> <select id=\"shipping\" name=\"shipping\">"
        + "<option value=\"standard\" selected=\"selected\">Standard (3-5 days, free)</option>"
        + "<option value=\"express\">Express (next day, $9.00)</option></select>\n"
        + "<button type=\"submit\">Continue to review</button>\n</form>\n"
        + "<p><a href=\"/shop/cart\">Back to cart</a></p>\n", ShopState.SHIP_TO));
  }

  /** The checkout's second step; the caller redirects to the first when no delivery is chosen. */
  WebResponse review(String shipping) {
    Table table = Table.withColumns("Product", "Quantity", "Subtotal");
    for (Map.Entry<Integer, Integer> line : state.cart().entrySet()) {
      Product p = state.product(line.getKey()).orElseThrow();
      table.row(p.name(), line.getValue(), money(p.priceCents() * line.getValue()));
    }
    return page("Review", Html.builder()
        .add("<h1>Review your order</h1>\n")
        .add("<ol class=\"steps\"><li>Details</li><li aria-current=\"step\">Review</li></ol>\n")
        .add(table.html())
        .add("<p>Ship to {} ({})</p>\n", ShopState.SHIP_TO, shipping)
        .add("<p class=\"total\">Total: {}</p>\n<p>Nothing is charged until you confirm.</p>\n",
            money(state.cartTotalCents() + ShopState.shippingCents(shipping)))
        .add("<form method=\"post\" action=\"/shop/checkout/confirm\">"
            + "<button type=\"submit\">Confirm purchase</button></form>\n")
        .add("<p><a href=\"/shop/cart\">Edit cart</a></p>\n")
        .build());
  }

  WebResponse order(PlacedOrder order) {
    Html.Builder main = Html.builder().add("<h1>Thank you for your order</h1>\n")
        .add(HtmlPage.notice("Order " + order.number() + " has been placed."))
        .add("<ul>\n");
    order.items().forEach((id, qty) ->
        main.add("<li>{} \u00d7 {}</li>\n", qty, state.product(id).orElseThrow().name()));
    main.add("</ul>\n<p>Total paid: {}</p>\n", money(order.totalCents()))
        .add("<p><a href=\"/shop\">Back to the shop</a></p>\n");
    return page("Order " + order.number(), main.build());
  }

  WebResponse orders() {
    Html.Builder main = Html.builder().add("<h1>Your orders</h1>\n");
    List<PlacedOrder> placed = state.orders();
    if (placed.isEmpty()) {
      main.add("<p>You have no orders yet.</p>\n");
    } else {
      main.add("<ul>\n");
      for (PlacedOrder o : placed) {
        main.add("<li>{} \u2014 {}, preparing for dispatch</li>\n",
            new Link("/shop/orders/" + o.number(), "Order " + o.number()).html(), money(o.totalCents()));
      }
      main.add("</ul>\n");
    }
    return page("Your orders", main.build());
  }

  WebResponse notFound() {
    return WebResponse.notFound(layout("Not found",
        Html.of("<h1>Page not found</h1>\n<p><a href=\"/shop\">Back to the shop</a></p>\n")));
  }
}
