package dev.jitrl.host.sites;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shop's data: the catalogue (fixed) and the signed-in customer's cart, chosen delivery and placed orders
 * (reset before each episode). The success checks read it; {@link ShopPages} renders it; {@link ShopApp} changes
 * it on a form post.
 */
final class ShopState {
  static final int PAGE_SIZE = 8;
  static final int MAX_QUANTITY = 5;
  static final String SHIP_TO = "Alex Doe, 12 Harbor Street, Portland";

  record Product(int id, String name, String category, long priceCents, String blurb) {}

  record Category(String slug, String name) {}

  /** A placed order: product id to quantity, in the order the cart held them. */
  record PlacedOrder(String number, Map<Integer, Integer> items, String shipping, long totalCents) {
    PlacedOrder {
      items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }
  }

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

  private final Map<Integer, Integer> cart = new LinkedHashMap<>();
  private final List<PlacedOrder> orders = new ArrayList<>();
  private String pendingShipping;

  ShopState() {
    reset();
  }

  /** The state every episode starts from: two pairs of socks in the cart, no order, no delivery chosen. */
  void reset() {
    cart.clear();
    cart.put(3, 2);
    orders.clear();
    pendingShipping = null;
  }

  // ---- the catalogue ----

  List<Product> products() {
    return PRODUCTS;
  }

  List<Category> categories() {
    return CATEGORIES;
  }

  List<Product> featured() {
    return FEATURED.stream().map(id -> product(id).orElseThrow()).toList();
  }

  Optional<Product> product(int id) {
    return PRODUCTS.stream().filter(p -> p.id() == id).findFirst();
  }

  Optional<Category> category(String slug) {
    return CATEGORIES.stream().filter(c -> c.slug().equals(slug)).findFirst();
  }

  static long shippingCents(String shipping) {
    return "express".equals(shipping) ? 900 : 0;
  }

  // ---- the customer's cart and orders (the checks read these) ----

  int quantityInCart(int productId) {
    return cart.getOrDefault(productId, 0);
  }

  /** Product id to quantity, in the order they were added. */
  Map<Integer, Integer> cart() {
    return Collections.unmodifiableMap(cart);
  }

  int itemsInCart() {
    return cart.values().stream().mapToInt(Integer::intValue).sum();
  }

  long cartTotalCents() {
    return cart.entrySet().stream()
        .mapToLong(e -> product(e.getKey()).orElseThrow().priceCents() * e.getValue()).sum();
  }

  List<PlacedOrder> orders() {
    return List.copyOf(orders);
  }

  Optional<PlacedOrder> order(String number) {
    return orders.stream().filter(o -> o.number().equals(number)).findFirst();
  }

  /** The delivery chosen on the checkout's first step, until the order is placed. */
  Optional<String> pendingShipping() {
    return Optional.ofNullable(pendingShipping);
  }

  // ---- changes ----

  /** Adds {@code quantity} (clamped to 1..5) of a product; false if there is no such product. */
  boolean addToCart(int productId, int quantity) {
    if (product(productId).isEmpty()) {
      return false;
    }
    cart.merge(productId, Math.max(1, Math.min(MAX_QUANTITY, quantity)), Integer::sum);
    return true;
  }

  void removeFromCart(int productId) {
    cart.remove(productId);
  }

  /** The checkout's first step; anything but {@code express} is standard delivery. False if the cart is empty. */
  boolean chooseShipping(String shipping) {
    if (cart.isEmpty()) {
      return false;
    }
    pendingShipping = "express".equals(shipping) ? "express" : "standard";
    return true;
  }

  /** The checkout's confirm button: places the cart as an order and empties it, once delivery was chosen. */
  Optional<PlacedOrder> placeOrder() {
    if (pendingShipping == null || cart.isEmpty()) {
      return Optional.empty();
    }
    PlacedOrder order = new PlacedOrder("S-" + (1001 + orders.size()), cart, pendingShipping,
        cartTotalCents() + shippingCents(pendingShipping));
    orders.add(order);
    cart.clear();
    pendingShipping = null;
    return Optional.of(order);
  }
}
