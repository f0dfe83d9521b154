package dev.jitrl.host.sites;

import java.util.Map;
import java.util.Optional;

/**
 * The correct path of every built-in task, performed the way a browser would: links followed by their text,
 * forms submitted with the buttons a person would press. Values a task asks for are read off the final page.
 */
final class TaskSolutions {
  /** One task's path; returns the answer when the task asks for a value. */
  @FunctionalInterface
  interface Solution {
    Optional<String> perform(FormBrowser browser);
  }

  private TaskSolutions() {}

  static final Map<String, Solution> BY_TASK = Map.ofEntries(
      Map.entry("shop-add-blue-shirt", b -> {
        b.get("/shop");
        b.click("Blue Shirt");
        b.submit("Add to cart", Map.of());
        return Optional.empty();
      }),
      Map.entry("shop-remove-wool-socks", b -> {
        b.get("/shop");
        b.click("Cart (2)");
        b.submit("Remove Wool Socks from cart", Map.of());
        return Optional.empty();
      }),
      Map.entry("shop-price-wireless-mouse", b -> {
        b.get("/shop");
        b.click("Wireless Mouse");
        return Optional.of(b.current().textOf("price"));
      }),
      Map.entry("shop-price-gardening-handbook", b -> {
        b.get("/shop/products");
        b.click("Next");
        b.click("Gardening Handbook");
        return Optional.of(b.current().textOf("price"));
      }),
      Map.entry("shop-checkout-cart", b -> {
        b.get("/shop");
        b.click("Cart (2)");
        b.click("Proceed to checkout");
        b.submit("Continue to review", Map.of());
        b.submit("Confirm purchase", Map.of());
        return Optional.empty();
      }),
      Map.entry("admin-deliver-order-1045", b -> {
        b.get("/admin");
        b.click("Order #1045");
        b.submit("Mark as delivered", Map.of());
        return Optional.empty();
      }),
      Map.entry("admin-ship-order-1033", b -> {
        b.get("/admin");
        b.click("Orders");
        b.click("Next");
        b.click("Order #1033");
        b.submit("Mark as shipped", Map.of());
        return Optional.empty();
      }),
      Map.entry("admin-hold-order-1040", b -> {
        b.get("/admin/orders");
        b.click("Order #1040");
        b.submit("Save", Map.of("status", "on hold"));
        return Optional.empty();
      }),
      Map.entry("admin-cancel-order-1043", b -> {
        b.get("/admin");
        b.click("Order #1043");
        // the confirm() dialog is accepted: the form posts as it would without JavaScript
        b.submit("Cancel order", Map.of());
        return Optional.empty();
      }),
      Map.entry("admin-delete-customer-tom-becker", b -> {
        b.get("/admin/customers");
        b.click("Tom Becker");
        b.click("Delete customer");
        b.submit("Yes, delete permanently", Map.of());
        return Optional.empty();
      }),
      Map.entry("admin-report-march-revenue", b -> {
        b.get("/admin");
        b.click("Analytics");
        b.click("Reports");
        b.click("Monthly sales");
        b.submit("Show", Map.of("month", "2024-03"));
        return Optional.of(b.current().textOf("total-revenue"));
      }),
      Map.entry("admin-report-top-customer", b -> {
        b.get("/admin");
        b.click("Analytics");
        b.click("Reports");
        b.click("Top customers");
        return Optional.of(b.current().textOf("top-customer"));
      }),
      Map.entry("forum-profile-bikerjoe", b -> {
        b.get("/forum/t/14");
        b.click("bikerjoe");
        return Optional.empty();
      }),
      Map.entry("forum-post-count-marta", b -> {
        b.get("/forum/members");
        b.click("marta_k");
        return Optional.of(b.current().textOf("post-count"));
      }),
      Map.entry("forum-reply-tubeless", b -> {
        b.get("/forum");
        b.click("Cycling");
        b.click("Tubeless tyres: worth it?");
        b.submit("Post reply", Map.of("body", "Carry spare sealant, it dries out every few months."));
        return Optional.empty();
      }),
      Map.entry("forum-new-thread-cast-iron", b -> {
        b.get("/forum/f/cooking");
        b.click("New topic");
        b.submit("Publish", Map.of("title", "Best cast iron pan?", "body", "Which brand should I buy?"));
        return Optional.empty();
      }),
      Map.entry("forum-reply-winter-commuting", b -> {
        b.get("/forum");
        b.click("General discussion");
        b.click("Next");
        b.click("Winter commuting clothes");
        b.submit("Post reply", Map.of("body", "Merino wool base layers keep you warm even when damp."));
        return Optional.empty();
      }));
}
