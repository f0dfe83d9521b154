package dev.jitrl.host.sites;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The back office's data: customers and archived revenue (fixed), order statuses and deleted customers (reset
 * before each episode), and the figures its reports show. The success checks read it; {@link AdminPages} renders
 * it; {@link AdminApp} changes it on a form post.
 */
final class AdminState {
  static final int PAGE_SIZE = 10;
  static final List<String> STATUSES = List.of("processing", "shipped", "delivered", "on hold", "cancelled");
  /** The month the reports open on and the dashboard sums ("so far"). */
  static final YearMonth CURRENT_MONTH = YearMonth.of(2024, 4);

  record Customer(int id, String name, String email, String city) {}

  record Order(int id, int customerId, LocalDate date, long totalCents, String status) {
    Order withStatus(String newStatus) {
      return new Order(id, customerId, date, totalCents, newStatus);
    }

    boolean counts() {
      return !status.equals("cancelled");
    }
  }

  private static final List<Customer> CUSTOMERS = List.of(
      new Customer(1, "Dana Whitfield", "dana.whitfield@example.com", "Portland"),
      new Customer(2, "Priya Natarajan", "priya.n@example.com", "Seattle"),
      new Customer(3, "Marcus Lee", "marcus.lee@example.com", "Boise"),
      new Customer(4, "Sofia Alvarez", "sofia.alvarez@example.com", "Eugene"),
      new Customer(5, "Henrik Olsen", "h.olsen@example.com", "Spokane"),
      new Customer(6, "Grace Kim", "grace.kim@example.com", "Tacoma"),
      new Customer(7, "Tom Becker", "tom.becker@example.com", "Salem"),
      new Customer(8, "Amara Okafor", "amara.okafor@example.com", "Bend"));

  private static final List<Order> INITIAL_ORDERS = List.of(
      new Order(1030, 1, LocalDate.of(2024, 3, 2), 48200, "delivered"),
      new Order(1031, 2, LocalDate.of(2024, 3, 5), 12950, "delivered"),
      new Order(1032, 3, LocalDate.of(2024, 3, 9), 8990, "delivered"),
      new Order(1033, 4, LocalDate.of(2024, 3, 14), 21500, "processing"),
      new Order(1034, 1, LocalDate.of(2024, 3, 18), 65000, "delivered"),
      new Order(1035, 5, LocalDate.of(2024, 3, 22), 15475, "delivered"),
      new Order(1036, 6, LocalDate.of(2024, 3, 27), 9900, "shipped"),
      new Order(1037, 8, LocalDate.of(2024, 4, 1), 18800, "delivered"),
      new Order(1038, 3, LocalDate.of(2024, 4, 3), 5600, "cancelled"),
      new Order(1039, 2, LocalDate.of(2024, 4, 6), 31200, "delivered"),
      new Order(1040, 5, LocalDate.of(2024, 4, 9), 7450, "processing"),
      new Order(1041, 1, LocalDate.of(2024, 4, 11), 22000, "delivered"),
      new Order(1042, 4, LocalDate.of(2024, 4, 14), 13300, "shipped"),
      new Order(1043, 6, LocalDate.of(2024, 4, 16), 26750, "processing"),
      new Order(1044, 8, LocalDate.of(2024, 4, 18), 9900, "delivered"),
      new Order(1045, 2, LocalDate.of(2024, 4, 20), 15999, "shipped"),
      new Order(1046, 3, LocalDate.of(2024, 4, 22), 42000, "processing"),
      new Order(1047, 5, LocalDate.of(2024, 4, 24), 11850, "processing"));

  /** Months closed before the order history kept here begins; the report shows their archived totals. */
  private static final Map<YearMonth, Long> ARCHIVED_REVENUE = Map.of(
      YearMonth.of(2024, 1), 391240L,
      YearMonth.of(2024, 2), 428715L);

  private final Map<Integer, Order> orders = new LinkedHashMap<>();
  private final Set<Integer> deletedCustomers = new LinkedHashSet<>();

  AdminState() {
    reset();
  }

  void reset() {
    orders.clear();
    INITIAL_ORDERS.forEach(o -> orders.put(o.id(), o));
    deletedCustomers.clear();
  }

  // ---- orders ----

  Optional<Order> order(int id) {
    return Optional.ofNullable(orders.get(id));
  }

  /** Every order, newest (highest number) first. */
  List<Order> ordersNewestFirst() {
    return orders.values().stream().sorted(Comparator.comparingInt(Order::id).reversed()).toList();
  }

  List<Order> ordersOf(int customerId) {
    return orders.values().stream().filter(o -> o.customerId() == customerId).toList();
  }

  List<Order> ordersOf(YearMonth month) {
    return orders.values().stream().filter(o -> YearMonth.from(o.date()).equals(month)).toList();
  }

  /** Sets an order's status; false if there is no such order. An unknown status leaves the order as it was. */
  boolean setStatus(int id, String status) {
    Order o = orders.get(id);
    if (o == null) {
      return false;
    }
    if (STATUSES.contains(status)) {
      orders.put(id, o.withStatus(status));
    }
    return true;
  }

  // ---- customers ----

  Optional<Customer> customer(int id) {
    return CUSTOMERS.stream().filter(c -> c.id() == id).findFirst();
  }

  boolean customerExists(int id) {
    return customer(id).isPresent() && !deletedCustomers.contains(id);
  }

  /** The customers not deleted, in account order. */
  List<Customer> customers() {
    return CUSTOMERS.stream().filter(c -> customerExists(c.id())).toList();
  }

  /** Deletes a customer's account; false if there is no such account (or it is already deleted). */
  boolean deleteCustomer(int id) {
    if (!customerExists(id)) {
      return false;
    }
    deletedCustomers.add(id);
    return true;
  }

  // ---- reports ----

  /** Revenue of a month as the monthly sales report shows it: archived, or the sum of its non-cancelled orders. */
  long monthlyRevenueCents(YearMonth month) {
    Long archived = ARCHIVED_REVENUE.get(month);
    if (archived != null) {
      return archived;
    }
    return ordersOf(month).stream().filter(Order::counts).mapToLong(Order::totalCents).sum();
  }

  boolean isArchived(YearMonth month) {
    return ARCHIVED_REVENUE.containsKey(month);
  }

  /** The months a report can show, oldest first: the archived ones and every month with an order. */
  List<YearMonth> reportMonths() {
    Set<YearMonth> months = new TreeSet<>(ARCHIVED_REVENUE.keySet());
    orders.values().forEach(o -> months.add(YearMonth.from(o.date())));
    return List.copyOf(months);
  }

  /** Customers by total spend over non-cancelled orders, highest first, as the top customers report lists them. */
  List<Map.Entry<Customer, Long>> topCustomers() {
    Map<Customer, Long> spend = new LinkedHashMap<>();
    for (Order o : orders.values()) {
      if (o.counts()) {
        spend.merge(customer(o.customerId()).orElseThrow(), o.totalCents(), Long::sum);
      }
    }
    List<Map.Entry<Customer, Long>> ranked = new ArrayList<>(spend.entrySet());
    ranked.sort(Map.Entry.<Customer, Long>comparingByValue().reversed()
        .thenComparing(e -> e.getKey().id()));
    return ranked;
  }
}
