package dev.jitrl.host.sites;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Harbor Goods", a small shop under {@code /shop}: search, categories, a paginated product list, product pages,
 * a cart and a two-step checkout (details, then a review page with the confirm button). One signed-in customer.
 * This class routes requests: a GET renders one of {@link ShopPages}, a POST changes {@link ShopState} and
 * redirects.
 */
final class ShopApp {
  private static final Pattern PRODUCT = Pattern.compile("/shop/product/(\\d+)");
  private static final Pattern CATEGORY = Pattern.compile("/shop/c/([a-z]+)");
  private static final Pattern ORDER = Pattern.compile("/shop/orders/(S-\\d+)");

  private final ShopState state;
  private final ShopPages pages;

  ShopApp(ShopState state) {
    this.state = state;
    this.pages = new ShopPages(state);
  }

  WebResponse handle(WebRequest request) {
    String path = request.path();
    if (request.isPost()) {
      return switch (path) {
        case "/shop/cart/add" -> addToCart(request);
        case "/shop/cart/remove" -> removeFromCart(request);
        case "/shop/checkout" -> state.chooseShipping(request.param("shipping").orElse(""))
            ? WebResponse.seeOther("/shop/checkout/review") : WebResponse.seeOther("/shop/cart");
        case "/shop/checkout/confirm" -> state.placeOrder()
            .map(o -> WebResponse.seeOther("/shop/orders/" + o.number()))
            .orElseGet(() -> WebResponse.seeOther("/shop/checkout"));
        default -> pages.notFound();
      };
    }
    switch (path) {
      case "/shop", "/shop/" -> {
        return pages.home();
      }
      case "/shop/products" -> {
        return pages.productList("price".equals(request.param("sort").orElse("")), request.intParam("page", 1));
      }
      case "/shop/search" -> {
        return pages.search(request.param("q").orElse(""));
      }
      case "/shop/cart" -> {
        return pages.cart(request.param("removed").flatMap(ShopApp::parseId).flatMap(state::product));
      }
      case "/shop/checkout" -> {
        return pages.checkout();
      }
      case "/shop/checkout/review" -> {
        return state.pendingShipping().filter(s -> !state.cart().isEmpty()).map(pages::review)
            .orElseGet(() -> WebResponse.seeOther("/shop/checkout"));
      }
      case "/shop/orders" -> {
        return pages.orders();
      }
      default -> {
        // fall through to the patterned routes
      }
    }
    Matcher m = PRODUCT.matcher(path);
    if (m.matches()) {
      return state.product(Integer.parseInt(m.group(1)))
          .map(p -> pages.product(p, request.param("added").isPresent()))
          .orElseGet(pages::notFound);
    }
    m = CATEGORY.matcher(path);
    if (m.matches()) {
      return state.category(m.group(1)).map(pages::category).orElseGet(pages::notFound);
    }
    m = ORDER.matcher(path);
    if (m.matches()) {
      return state.order(m.group(1)).map(pages::order).orElseGet(pages::notFound);
    }
    return pages.notFound();
  }

  private static Optional<Integer> parseId(String text) {
    try {
      return Optional.of(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private WebResponse addToCart(WebRequest request) {
    int id = request.intParam("product", -1);
    if (!state.addToCart(id, request.intParam("quantity", 1))) {
      return pages.notFound();
    }
    return WebResponse.seeOther("/shop/product/" + id + "?added=1");
  }

  private WebResponse removeFromCart(WebRequest request) {
    int id = request.intParam("product", -1);
    state.removeFromCart(id);
    return WebResponse.seeOther("/shop/cart?removed=" + id);
  }
}
