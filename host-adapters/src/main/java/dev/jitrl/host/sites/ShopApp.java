package dev.jitrl.host.sites;

import static dev.jitrl.host.sites.HtmlPage.esc;
import static dev.jitrl.host.sites.HtmlPage.money;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Harbor Goods", a small shop under {@code /shop}: search, categories, a paginated product list, product pages,
 * a cart and a two-step checkout (details, then a review page with the confirm button). One signed-in customer.
 */
final class ShopApp {
  static final int PAGE_SIZE = 8;

  record Product(int id, String name, String category, long priceCents, String blurb) {}

  record Category(String slug, String name) {}

  /** A placed order: product id to quantity. */
  record PlacedOrder(String number, Map<Integer, Integer> items, String shipping, long totalCents) {}

  private static final List<Category> CATEGORIES = List.of(
      new Category("clothing", "Clothing"),
      new Category("kitchen", "Kitchen"),
      new Category("electronics", "Electronics"),
      new Category("books", "Books"));

  private static final List<Product> PRODUCTS = List.of(
      new Product(1, "Blue Shirt", "clothing", 2499, "A cotton oxford shirt in mid blue."),
      new Product(2, "Red Scarf", "clothing", 1800, "A soft lambswool scarf."),
      new Product(3, "Wool Socks", "clothing", 950, "Warm merino hiking socks, one pair."),
      new Product(4, "Denim Jacket", "clothing", 7900, "A classic trucker jacket in raw denim."),
      new Product(5, "Coffee Mug", "kitchen", 1250, "A 350 ml stoneware mug."),
      new Product(6, "Steel Kettle", "kitchen", 3990, "A 1.7 litre stovetop kettle."),
      new Product(7, "Chef Knife", "kitchen", 5400, "A 20 cm forged chef knife."),
      new Product(8, "Tea Towel Set", "kitchen", 1425, "Three linen tea towels."),
      new Product(9, "Laptop Stand", "electronics", 4500, "An aluminium stand that lifts the screen."),
      new Product(10, "USB-C Cable", "electronics", 1199, "A 2 m braided charging cable."),
      new Product(11, "Wireless Mouse", "electronics", 2995, "A quiet mouse with a two-year battery."),
      new Product(12, "Noise-Cancelling Headphones", "electronics", 14900, "Over-ear headphones."),
      new Product(13, "Field Notebook", "books", 875, "A pocket notebook with dot grid pages."),
      new Product(14, "Gardening Handbook", "books", 2740, "Month-by-month advice for small gardens."),
      new Product(15, "Travel Mug", "kitchen", 1980, "A leak-proof insulated mug."),
      new Product(16, "Linen Shirt", "clothing", 3400, "A breathable summer shirt."));

  private static final List<Integer> FEATURED = List.of(1, 5, 11, 9);
  private static final Pattern PRODUCT = Pattern.compile("/shop/product/(\\d+)");
  private static final Pattern CATEGORY = Pattern.compile("/shop/c/([a-z]+)");
  private static final Pattern ORDER = Pattern.compile("/shop/orders/(S-\\d+)");

  private final Map<Integer, Integer> cart = new LinkedHashMap<>();
  private final List<PlacedOrder> orders = new ArrayList<>();
  private String pendingShipping;

  ShopApp() {
    reset();
  }

  void reset() {
    cart.clear();
    cart.put(3, 2);
    orders.clear();
    pendingShipping = null;
  }

  // ---- state the checks read ----

  Optional<Product> product(int id) {
    return PRODUCTS.stream().filter(p -> p.id() == id).findFirst();
  }

  int quantityInCart(int productId) {
    return cart.getOrDefault(productId, 0);
  }

  List<PlacedOrder> orders() {
    return List.copyOf(orders);
  }

  // ---- routing ----

  WebResponse handle(WebRequest request) {
    String path = request.path();
    if (request.isPost()) {
      return switch (path) {
        case "/shop/cart/add" -> addToCart(request);
        case "/shop/cart/remove" -> removeFromCart(request);
        case "/shop/checkout" -> submitCheckout(request);
        case "/shop/checkout/confirm" -> confirmCheckout();
        default -> notFound();
      };
    }
    switch (path) {
      case "/shop", "/shop/" -> {
        return home();
      }
      case "/shop/products" -> {
        return productList(request);
      }
      case "/shop/search" -> {
        return search(request.param("q").orElse(""));
      }
      case "/shop/cart" -> {
        return cartPage(request);
      }
      case "/shop/checkout" -> {
        return checkoutPage();
      }
      case "/shop/checkout/review" -> {
        return reviewPage();
      }
      case "/shop/orders" -> {
        return ordersPage();
      }
      default -> {
        // fall through to the patterned routes
      }
    }
    Matcher m = PRODUCT.matcher(path);
    if (m.matches()) {
      return product(Integer.parseInt(m.group(1)))
          .map(p -> productPage(p, request.param("added").isPresent()))
          .orElseGet(this::notFound);
    }
    m = CATEGORY.matcher(path);
    if (m.matches()) {
      String slug = m.group(1);
      return CATEGORIES.stream().filter(c -> c.slug().equals(slug)).findFirst()
          .map(this::categoryPage).orElseGet(this::notFound);
    }
    m = ORDER.matcher(path);
    if (m.matches()) {
      String number = m.group(1);
      return orders.stream().filter(o -> o.number().equals(number)).findFirst()
          .map(this::orderPage).orElseGet(this::notFound);
    }
    return notFound();
  }

  // ---- pages ----

  private String layout(String title, String main) {
    int count = cart.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder h = new StringBuilder();
    h.append("<a class=\"brand\" href=\"/shop\">Harbor Goods</a>\n");
    h.append("<form class=\"search\" role=\"search\" method=\"get\" action=\"/shop/search\">")
        .append("<label for=\"q\">Search products</label> ")
        .append("<input type=\"search\" id=\"q\" name=\"q\"/> ")
        .append("<button type=\"submit\">Search</button></form>\n");
    h.append("<nav aria-label=\"Categories\"><ul>\n");
    for (Category c : CATEGORIES) {
      h.append("<li><a href=\"/shop/c/").append(c.slug()).append("\">").append(esc(c.name())).append("</a></li>\n");
    }
    h.append("<li><a href=\"/shop/products\">All products</a></li>\n");
    h.append("</ul></nav>\n");
    h.append("<nav aria-label=\"Account\"><ul>\n")
        .append("<li><a href=\"/shop/orders\">Track your order</a></li>\n")
        .append("<li><a href=\"/shop/cart\">Cart (").append(count).append(")</a></li>\n")
        .append("</ul></nav>\n");
    return HtmlPage.render(title + " | Harbor Goods", "shop", h.toString(), main);
  }

  private static String productCards(List<Product> products) {
    StringBuilder b = new StringBuilder("<ul class=\"products\">\n");
    for (Product p : products) {
      b.append("<li class=\"card\"><a href=\"/shop/product/").append(p.id()).append("\">").append(esc(p.name()))
          .append("</a> <span class=\"price\">").append(money(p.priceCents())).append("</span></li>\n");
    }
    return b.append("</ul>\n").toString();
  }

  private WebResponse home() {
    List<Product> featured = FEATURED.stream().map(id -> product(id).orElseThrow()).toList();
    String main = "<h1>Welcome to Harbor Goods</h1>\n"
        + "<p>Everyday things, shipped from the harbour.</p>\n"
        + "<section aria-labelledby=\"featured\"><h2 id=\"featured\">Featured products</h2>\n"
        + productCards(featured) + "</section>\n"
        + "<p><a href=\"/shop/products\">Browse all products</a></p>\n";
    return WebResponse.page(layout("Home", main));
  }

  private WebResponse productList(WebRequest request) {
    boolean byPrice = "price".equals(request.param("sort").orElse(""));
    List<Product> all = new ArrayList<>(PRODUCTS);
    if (byPrice) {
      all.sort(Comparator.comparingLong(Product::priceCents).thenComparingInt(Product::id));
    }
    int pages = (all.size() + PAGE_SIZE - 1) / PAGE_SIZE;
    int page = Math.max(1, Math.min(pages, request.intParam("page", 1)));
    List<Product> shown = all.subList((page - 1) * PAGE_SIZE, Math.min(all.size(), page * PAGE_SIZE));
    String sortParam = byPrice ? "&amp;sort=price" : "";
    StringBuilder main = new StringBuilder("<h1>All products</h1>\n");
    main.append("<p class=\"sort\">Sort by: <a href=\"/shop/products\">Name</a> | ")
        .append("<a href=\"/shop/products?sort=price\">Price: low to high</a></p>\n");
    main.append(productCards(shown));
    main.append("<nav class=\"pagination\" aria-label=\"Pages\"><p>Page ").append(page).append(" of ").append(pages)
        .append("</p><ul>\n");
    if (page > 1) {
      main.append("<li><a rel=\"prev\" href=\"/shop/products?page=").append(page - 1).append(sortParam)
          .append("\">Previous</a></li>\n");
    }
    for (int i = 1; i <= pages; i++) {
      main.append("<li><a href=\"/shop/products?page=").append(i).append(sortParam).append('"')
          .append(i == page ? " aria-current=\"page\"" : "").append('>').append(i).append("</a></li>\n");
    }
    if (page < pages) {
      main.append("<li><a rel=\"next\" href=\"/shop/products?page=").append(page + 1).append(sortParam)
          .append("\">Next</a></li>\n");
    }
    main.append("</ul></nav>\n");
    return WebResponse.page(layout("All products", main.toString()));
  }

  private WebResponse search(String query) {
    String q = query.strip().toLowerCase(Locale.ROOT);
    List<Product> hits = q.isEmpty() ? List.of() : PRODUCTS.stream()
        .filter(p -> p.name().toLowerCase(Locale.ROOT).contains(q) || p.category().contains(q))
        .toList();
    StringBuilder main = new StringBuilder("<h1>Search results</h1>\n");
    main.append("<p>").append(hits.size()).append(" result(s) for \u201c").append(esc(query.strip()))
        .append("\u201d</p>\n");
    main.append(hits.isEmpty() ? "<p>No products match your search.</p>\n" : productCards(hits));
    return WebResponse.page(layout("Search", main.toString()));
  }

  private WebResponse categoryPage(Category category) {
    List<Product> list = PRODUCTS.stream().filter(p -> p.category().equals(category.slug())).toList();
    String main = "<h1>" + esc(category.name()) + "</h1>\n" + productCards(list);
    return WebResponse.page(layout(category.name(), main));
  }

  private WebResponse productPage(Product p, boolean added) {
    Category category = CATEGORIES.stream().filter(c -> c.slug().equals(p.category())).findFirst().orElseThrow();
    StringBuilder main = new StringBuilder();
    main.append("<nav aria-label=\"Breadcrumb\"><a href=\"/shop\">Home</a> / <a href=\"/shop/c/")
        .append(category.slug()).append("\">").append(esc(category.name())).append("</a></nav>\n");
    if (added) {
      main.append(HtmlPage.notice(p.name() + " was added to your cart."));
    }
    main.append("<article class=\"product\">\n<h1>").append(esc(p.name())).append("</h1>\n")
        .append("<p class=\"price\">Price of ").append(esc(p.name())).append(": <strong id=\"price\">")
        .append(money(p.priceCents()))
        .append("</strong></p>\n<p>").append(esc(p.blurb())).append("</p>\n")
        .append("<form method=\"post\" action=\"/shop/cart/add\">\n")
        .append("<input type=\"hidden\" name=\"product\" value=\"").append(p.id()).append("\"/>\n")
        .append("<label for=\"quantity\">Quantity</label> <select id=\"quantity\" name=\"quantity\">");
    for (int i = 1; i <= 5; i++) {
      main.append("<option value=\"").append(i).append('"').append(i == 1 ? " selected=\"selected\"" : "")
          .append('>').append(i).append("</option>");
    }
    main.append("</select>\n<button type=\"submit\">Add to cart</button>\n</form>\n</article>\n");
    return WebResponse.page(layout(p.name(), main.toString()));
  }

  private WebResponse cartPage(WebRequest request) {
    StringBuilder main = new StringBuilder("<h1>Your cart</h1>\n");
    request.param("removed").flatMap(id -> {
      try {
        return product(Integer.parseInt(id));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }).ifPresent(p -> main.append(HtmlPage.notice(p.name() + " was removed from your cart.")));
    if (cart.isEmpty()) {
      main.append("<p>Your cart is empty.</p>\n<p><a href=\"/shop/products\">Continue shopping</a></p>\n");
      return WebResponse.page(layout("Cart", main.toString()));
    }
    main.append("<table>\n<thead><tr><th scope=\"col\">Product</th><th scope=\"col\">Quantity</th>")
        .append("<th scope=\"col\">Subtotal</th><th scope=\"col\"><span class=\"sr-only\">Actions</span></th>")
        .append("</tr></thead>\n<tbody>\n");
    for (Map.Entry<Integer, Integer> line : cart.entrySet()) {
      Product p = product(line.getKey()).orElseThrow();
      main.append("<tr><td><a href=\"/shop/product/").append(p.id()).append("\">").append(esc(p.name()))
          .append("</a></td><td>").append(line.getValue()).append("</td><td>")
          .append(money(p.priceCents() * line.getValue())).append("</td><td>")
          .append("<form method=\"post\" action=\"/shop/cart/remove\">")
          .append("<input type=\"hidden\" name=\"product\" value=\"").append(p.id()).append("\"/>")
          .append("<button type=\"submit\" aria-label=\"Remove ").append(esc(p.name()))
          .append(" from cart\">Remove</button></form></td></tr>\n");
    }
    main.append("</tbody>\n</table>\n<p class=\"total\">Total: ").append(money(cartTotal())).append("</p>\n")
        .append("<p><a class=\"button\" href=\"/shop/checkout\">Proceed to checkout</a> ")
        .append("<a href=\"/shop/products\">Continue shopping</a></p>\n");
    return WebResponse.page(layout("Cart", main.toString()));
  }

  private long cartTotal() {
    return cart.entrySet().stream()
        .mapToLong(e -> product(e.getKey()).orElseThrow().priceCents() * e.getValue()).sum();
  }

  private WebResponse checkoutPage() {
    if (cart.isEmpty()) {
      return WebResponse.page(layout("Checkout",
          "<h1>Checkout</h1>\n<p>Your cart is empty.</p>\n<p><a href=\"/shop/products\">Continue shopping</a></p>\n"));
    }
    String main = "<h1>Checkout</h1>\n<ol class=\"steps\"><li aria-current=\"step\">Details</li><li>Review</li></ol>\n"
        + "<form method=\"post\" action=\"/shop/checkout\">\n"
        + "<fieldset><legend>Shipping address</legend>\n"
        + "<input type=\"radio\" id=\"addr-saved\" name=\"address\" value=\"saved\" checked=\"checked\"/>"
        + " <label for=\"addr-saved\">Alex Doe, 12 Harbor Street, Portland</label>\n</fieldset>\n"
        + "<label for=\"shipping\">Delivery</label> <select id=\"shipping\" name=\"shipping\">"
        + "<option value=\"standard\" selected=\"selected\">Standard (3-5 days, free)</option>"
        + "<option value=\"express\">Express (next day, $9.00)</option></select>\n"
        + "<button type=\"submit\">Continue to review</button>\n</form>\n"
        + "<p><a href=\"/shop/cart\">Back to cart</a></p>\n";
    return WebResponse.page(layout("Checkout", main));
  }

  private WebResponse submitCheckout(WebRequest request) {
    if (cart.isEmpty()) {
      return WebResponse.seeOther("/shop/cart");
    }
    pendingShipping = "express".equals(request.param("shipping").orElse("")) ? "express" : "standard";
    return WebResponse.seeOther("/shop/checkout/review");
  }

  private long shippingCents(String shipping) {
    return "express".equals(shipping) ? 900 : 0;
  }

  private WebResponse reviewPage() {
    if (pendingShipping == null || cart.isEmpty()) {
      return WebResponse.seeOther("/shop/checkout");
    }
    StringBuilder main = new StringBuilder("<h1>Review your order</h1>\n")
        .append("<ol class=\"steps\"><li>Details</li><li aria-current=\"step\">Review</li></ol>\n")
        .append("<table>\n<thead><tr><th scope=\"col\">Product</th><th scope=\"col\">Quantity</th>")
        .append("<th scope=\"col\">Subtotal</th></tr></thead>\n<tbody>\n");
    for (Map.Entry<Integer, Integer> line : cart.entrySet()) {
      Product p = product(line.getKey()).orElseThrow();
      main.append("<tr><td>").append(esc(p.name())).append("</td><td>").append(line.getValue())
          .append("</td><td>").append(money(p.priceCents() * line.getValue())).append("</td></tr>\n");
    }
    main.append("</tbody>\n</table>\n")
        .append("<p>Ship to Alex Doe, 12 Harbor Street, Portland (").append(pendingShipping).append(")</p>\n")
        .append("<p class=\"total\">Total: ").append(money(cartTotal() + shippingCents(pendingShipping)))
        .append("</p>\n<p>Nothing is charged until you confirm.</p>\n")
        .append("<form method=\"post\" action=\"/shop/checkout/confirm\">")
        .append("<button type=\"submit\">Confirm purchase</button></form>\n")
        .append("<p><a href=\"/shop/cart\">Edit cart</a></p>\n");
    return WebResponse.page(layout("Review", main.toString()));
  }

  private WebResponse confirmCheckout() {
    if (pendingShipping == null || cart.isEmpty()) {
      return WebResponse.seeOther("/shop/checkout");
    }
    String number = "S-" + (1001 + orders.size());
    orders.add(new PlacedOrder(number, Map.copyOf(cart), pendingShipping, cartTotal() + shippingCents(pendingShipping)));
    cart.clear();
    pendingShipping = null;
    return WebResponse.seeOther("/shop/orders/" + number);
  }

  private WebResponse orderPage(PlacedOrder order) {
    StringBuilder main = new StringBuilder("<h1>Thank you for your order</h1>\n")
        .append(HtmlPage.notice("Order " + order.number() + " has been placed."))
        .append("<ul>\n");
    order.items().forEach((id, qty) -> main.append("<li>").append(qty).append(" \u00d7 ")
        .append(esc(product(id).orElseThrow().name())).append("</li>\n"));
    main.append("</ul>\n<p>Total paid: ").append(money(order.totalCents())).append("</p>\n")
        .append("<p><a href=\"/shop\">Back to the shop</a></p>\n");
    return WebResponse.page(layout("Order " + order.number(), main.toString()));
  }

  private WebResponse ordersPage() {
    StringBuilder main = new StringBuilder("<h1>Your orders</h1>\n");
    if (orders.isEmpty()) {
      main.append("<p>You have no orders yet.</p>\n");
    } else {
      main.append("<ul>\n");
      for (PlacedOrder o : orders) {
        main.append("<li><a href=\"/shop/orders/").append(o.number()).append("\">Order ").append(o.number())
            .append("</a> \u2014 ").append(money(o.totalCents())).append(", preparing for dispatch</li>\n");
      }
      main.append("</ul>\n");
    }
    return WebResponse.page(layout("Your orders", main.toString()));
  }

  private WebResponse addToCart(WebRequest request) {
    int id = request.intParam("product", -1);
    Optional<Product> p = product(id);
    if (p.isEmpty()) {
      return notFound();
    }
    int quantity = Math.max(1, Math.min(5, request.intParam("quantity", 1)));
    cart.merge(id, quantity, Integer::sum);
    return WebResponse.seeOther("/shop/product/" + id + "?added=1");
  }

  private WebResponse removeFromCart(WebRequest request) {
    int id = request.intParam("product", -1);
    cart.remove(id);
    return WebResponse.seeOther("/shop/cart?removed=" + id);
  }

  private WebResponse notFound() {
    return WebResponse.notFound(layout("Not found",
        "<h1>Page not found</h1>\n<p><a href=\"/shop\">Back to the shop</a></p>\n"));
  }
}
