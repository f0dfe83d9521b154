package dev.jitrl.host.sites;

import static dev.jitrl.host.sites.HtmlPage.esc;
import static dev.jitrl.host.sites.HtmlPage.money;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Back Office", an admin app under {@code /admin}: a dashboard, a paginated order list, order pages with a
 * status form, customers (deleting one goes through a confirmation page) and an Analytics section whose
 * Reports are only linked from inside Analytics.
 */
final class AdminApp {
  static final int PAGE_SIZE = 10;
  static final List<String> STATUSES = List.of("processing", "shipped", "delivered", "on hold", "cancelled");

  record Customer(int id, String name, String email, String city) {}

  record Order(int id, int customerId, LocalDate date, long totalCents, String status) {
    Order withStatus(String newStatus) {
      return new Order(id, customerId, date, totalCents, newStatus);
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

  private static final YearMonth CURRENT_MONTH = YearMonth.of(2024, 4);
  private static final DateTimeFormatter MONTH_NAME = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
  private static final Pattern ORDER = Pattern.compile("/admin/orders/(\\d+)");
  private static final Pattern ORDER_STATUS = Pattern.compile("/admin/orders/(\\d+)/status");
  private static final Pattern ORDER_CANCEL = Pattern.compile("/admin/orders/(\\d+)/cancel");
  private static final Pattern CUSTOMER = Pattern.compile("/admin/customers/(\\d+)");
  private static final Pattern CUSTOMER_DELETE = Pattern.compile("/admin/customers/(\\d+)/delete");

  private final Map<Integer, Order> orders = new LinkedHashMap<>();
  private final Set<Integer> deletedCustomers = new LinkedHashSet<>();

  AdminApp() {
    reset();
  }

  void reset() {
    orders.clear();
    INITIAL_ORDERS.forEach(o -> orders.put(o.id(), o));
    deletedCustomers.clear();
  }

  // ---- state the checks read ----

  Optional<Order> order(int id) {
    return Optional.ofNullable(orders.get(id));
  }

  Optional<Customer> customer(int id) {
    return CUSTOMERS.stream().filter(c -> c.id() == id).findFirst();
  }

  boolean customerExists(int id) {
    return customer(id).isPresent() && !deletedCustomers.contains(id);
  }

  /** Revenue of a month as the monthly sales report shows it: archived, or the sum of its non-cancelled orders. */
  long monthlyRevenueCents(YearMonth month) {
    Long archived = ARCHIVED_REVENUE.get(month);
    if (archived != null) {
      return archived;
    }
    return ordersOf(month).stream().filter(o -> !o.status().equals("cancelled")).mapToLong(Order::totalCents).sum();
  }

  /** Customers by total spend over non-cancelled orders, highest first, as the top customers report lists them. */
  List<Map.Entry<Customer, Long>> topCustomers() {
    Map<Customer, Long> spend = new LinkedHashMap<>();
    for (Order o : orders.values()) {
      if (!o.status().equals("cancelled")) {
        spend.merge(customer(o.customerId()).orElseThrow(), o.totalCents(), Long::sum);
      }
    }
    List<Map.Entry<Customer, Long>> ranked = new ArrayList<>(spend.entrySet());
    ranked.sort(Map.Entry.<Customer, Long>comparingByValue().reversed()
        .thenComparing(e -> e.getKey().id()));
    return ranked;
  }

  private List<Order> ordersOf(YearMonth month) {
    return orders.values().stream().filter(o -> YearMonth.from(o.date()).equals(month)).toList();
  }

  private List<YearMonth> reportMonths() {
    Set<YearMonth> months = new java.util.TreeSet<>(ARCHIVED_REVENUE.keySet());
    orders.values().forEach(o -> months.add(YearMonth.from(o.date())));
    return List.copyOf(months);
  }

  // ---- routing ----

  WebResponse handle(WebRequest request) {
    String path = request.path();
    if (request.isPost()) {
      Matcher m = ORDER_STATUS.matcher(path);
      if (m.matches()) {
        return updateStatus(Integer.parseInt(m.group(1)), request.param("status").orElse(""));
      }
      m = ORDER_CANCEL.matcher(path);
      if (m.matches()) {
        return updateStatus(Integer.parseInt(m.group(1)), "cancelled");
      }
      m = CUSTOMER_DELETE.matcher(path);
      if (m.matches()) {
        return deleteCustomer(Integer.parseInt(m.group(1)));
      }
      return notFound();
    }
    switch (path) {
      case "/admin", "/admin/" -> {
        return dashboard();
      }
      case "/admin/orders" -> {
        return orderList(request);
      }
      case "/admin/customers" -> {
        return customerList(request);
      }
      case "/admin/analytics" -> {
        return analyticsOverview();
      }
      case "/admin/analytics/traffic" -> {
        return analyticsPage("Traffic", "<p>Visits this month: 12,480. Returning visitors: 38%.</p>\n");
      }
      case "/admin/analytics/conversion" -> {
        return analyticsPage("Conversion", "<p>Conversion rate this month: 2.7%. Cart abandonment: 64%.</p>\n");
      }
      case "/admin/analytics/reports" -> {
        return reportsIndex();
      }
      case "/admin/analytics/reports/monthly-sales" -> {
        return monthlySales(request);
      }
      case "/admin/analytics/reports/top-customers" -> {
        return topCustomersReport();
      }
      case "/admin/analytics/reports/refunds" -> {
        return analyticsPage("Refunds report",
            "<p>No refunds were issued in 2024. Cancelled orders are never charged.</p>\n");
      }
      case "/admin/settings" -> {
        return settings();
      }
      case "/admin/settings/targets" -> {
        return targets();
      }
      default -> {
        // patterned routes below
      }
    }
    Matcher m = ORDER.matcher(path);
    if (m.matches()) {
      return order(Integer.parseInt(m.group(1)))
          .map(o -> orderPage(o, request.param("saved").isPresent())).orElseGet(this::notFound);
    }
    m = CUSTOMER_DELETE.matcher(path);
    if (m.matches()) {
      int id = Integer.parseInt(m.group(1));
      return customerExists(id) ? confirmDeletePage(customer(id).orElseThrow()) : notFound();
    }
    m = CUSTOMER.matcher(path);
    if (m.matches()) {
      int id = Integer.parseInt(m.group(1));
      return customerExists(id) ? customerPage(customer(id).orElseThrow()) : notFound();
    }
    return notFound();
  }

  // ---- pages ----

  private String layout(String title, String main) {
    return layout(title, "", main);
  }

  private String layout(String title, String subNav, String main) {
    String header = "<a class=\"brand\" href=\"/admin\">Back Office</a>\n"
        + "<nav aria-label=\"Main\"><ul>\n"
        + "<li><a href=\"/admin\">Dashboard</a></li>\n"
        + "<li><a href=\"/admin/orders\">Orders</a></li>\n"
        + "<li><a href=\"/admin/customers\">Customers</a></li>\n"
        + "<li><a href=\"/admin/analytics\">Analytics</a></li>\n"
        + "<li><a href=\"/admin/settings\">Settings</a></li>\n"
        + "</ul></nav>\n" + subNav
        + "<p class=\"user\">Signed in as admin</p>\n";
    return HtmlPage.render(title + " | Back Office", "admin", header, main);
  }

  private static String orderLink(Order o) {
    return "<a href=\"/admin/orders/" + o.id() + "\">Order #" + o.id() + "</a>";
  }

  private String customerName(int id) {
    return customerExists(id) ? customer(id).orElseThrow().name() : "Deleted customer";
  }

  private String customerCell(int id) {
    if (!customerExists(id)) {
      return "Deleted customer";
    }
    return "<a href=\"/admin/customers/" + id + "\">" + esc(customerName(id)) + "</a>";
  }

  private WebResponse dashboard() {
    long toShip = orders.values().stream().filter(o -> o.status().equals("processing")).count();
    StringBuilder main = new StringBuilder("<h1>Dashboard</h1>\n<div class=\"cards\">\n")
        .append("<section class=\"card\" aria-labelledby=\"c-ship\"><h2 id=\"c-ship\">To ship</h2><p>")
        .append(toShip).append(" orders are waiting.</p><p><a href=\"/admin/orders?status=processing\">")
        .append("View orders waiting</a></p></section>\n")
        .append("<section class=\"card\" aria-labelledby=\"c-rev\"><h2 id=\"c-rev\">This month</h2><p>")
        .append(money(monthlyRevenueCents(CURRENT_MONTH))).append(" so far in ")
        .append(esc(CURRENT_MONTH.format(MONTH_NAME))).append(".</p>")
        .append("<p><a href=\"/admin/settings/targets\">Monthly revenue targets</a></p></section>\n")
        .append("<section class=\"card\" aria-labelledby=\"c-cust\"><h2 id=\"c-cust\">Customers</h2><p>")
        .append(CUSTOMERS.size() - deletedCustomers.size()).append(" accounts.</p>")
        .append("<p><a href=\"/admin/customers\">Manage customer accounts</a></p></section>\n")
        .append("</div>\n<section aria-labelledby=\"recent\"><h2 id=\"recent\">Recent orders</h2>\n<ul>\n");
    orders.values().stream().sorted(Comparator.comparingInt(Order::id).reversed()).limit(5)
        .forEach(o -> main.append("<li>").append(orderLink(o)).append(" \u2014 ").append(esc(customerName(o.customerId())))
            .append(", ").append(esc(o.status())).append("</li>\n"));
    main.append("</ul>\n</section>\n");
    return WebResponse.page(layout("Dashboard", main.toString()));
  }

  private WebResponse orderList(WebRequest request) {
    String status = request.param("status").filter(STATUSES::contains).orElse("");
    List<Order> all = orders.values().stream()
        .filter(o -> status.isEmpty() || o.status().equals(status))
        .sorted(Comparator.comparingInt(Order::id).reversed()).toList();
    int pages = Math.max(1, (all.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    int page = Math.max(1, Math.min(pages, request.intParam("page", 1)));
    List<Order> shown = all.subList((page - 1) * PAGE_SIZE, Math.min(all.size(), page * PAGE_SIZE));
    StringBuilder main = new StringBuilder("<h1>Orders</h1>\n")
        .append("<form method=\"get\" action=\"/admin/orders\"><label for=\"filter\">Status</label> ")
        .append("<select id=\"filter\" name=\"status\"><option value=\"\">All statuses</option>");
    for (String s : STATUSES) {
      main.append("<option value=\"").append(esc(s)).append('"').append(s.equals(status) ? " selected=\"selected\"" : "")
          .append('>').append(esc(capitalize(s))).append("</option>");
    }
    main.append("</select> <button type=\"submit\">Filter</button></form>\n")
        .append("<table>\n<thead><tr><th scope=\"col\">Order</th><th scope=\"col\">Date</th>")
        .append("<th scope=\"col\">Customer</th><th scope=\"col\">Total</th><th scope=\"col\">Status</th></tr></thead>\n")
        .append("<tbody>\n");
    for (Order o : shown) {
      main.append("<tr><td>").append(orderLink(o)).append("</td><td>").append(o.date()).append("</td><td>")
          .append(esc(customerName(o.customerId()))).append("</td><td>").append(money(o.totalCents()))
          .append("</td><td>").append(esc(o.status())).append("</td></tr>\n");
    }
    if (shown.isEmpty()) {
      main.append("<tr><td colspan=\"5\">No orders.</td></tr>\n");
    }
    String statusParam = status.isEmpty() ? "" : "&amp;status=" + HtmlPage.url(status);
    main.append("</tbody>\n</table>\n<nav class=\"pagination\" aria-label=\"Pages\"><p>Page ").append(page)
        .append(" of ").append(pages).append("</p><ul>\n");
    if (page > 1) {
      main.append("<li><a rel=\"prev\" href=\"/admin/orders?page=").append(page - 1).append(statusParam)
          .append("\">Previous</a></li>\n");
    }
    for (int i = 1; i <= pages; i++) {
      main.append("<li><a href=\"/admin/orders?page=").append(i).append(statusParam).append('"')
          .append(i == page ? " aria-current=\"page\"" : "").append('>').append(i).append("</a></li>\n");
    }
    if (page < pages) {
      main.append("<li><a rel=\"next\" href=\"/admin/orders?page=").append(page + 1).append(statusParam)
          .append("\">Next</a></li>\n");
    }
    main.append("</ul></nav>\n");
    return WebResponse.page(layout("Orders", main.toString()));
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private WebResponse orderPage(Order o, boolean saved) {
    StringBuilder main = new StringBuilder()
        .append("<nav aria-label=\"Breadcrumb\"><a href=\"/admin/orders\">Orders</a> / ")
        .append("<span aria-current=\"page\">#").append(o.id()).append("</span></nav>\n");
    if (saved) {
      main.append(HtmlPage.notice("Order #" + o.id() + " was updated."));
    }
    main.append("<h1>Order #").append(o.id()).append("</h1>\n<dl>\n")
        .append("<dt>Customer</dt><dd>").append(customerCell(o.customerId())).append("</dd>\n")
        .append("<dt>Date</dt><dd>").append(o.date()).append("</dd>\n")
        .append("<dt>Total</dt><dd>").append(money(o.totalCents())).append("</dd>\n")
        .append("<dt>Status</dt><dd id=\"current-status\">").append(esc(o.status())).append("</dd>\n</dl>\n");
    String next = switch (o.status()) {
      case "processing" -> "shipped";
      case "shipped" -> "delivered";
      default -> null;
    };
    if (next != null) {
      main.append("<form method=\"post\" action=\"/admin/orders/").append(o.id()).append("/status\">")
          .append("<input type=\"hidden\" name=\"status\" value=\"").append(next).append("\"/>")
          .append("<button type=\"submit\">Mark as ").append(next).append("</button></form>\n");
    }
    main.append("<form method=\"post\" action=\"/admin/orders/").append(o.id()).append("/status\">\n")
        .append("<label for=\"status\">Status</label> <select id=\"status\" name=\"status\">");
    for (String s : STATUSES) {
      main.append("<option value=\"").append(esc(s)).append('"').append(s.equals(o.status()) ? " selected=\"selected\"" : "")
          .append('>').append(esc(capitalize(s))).append("</option>");
    }
    main.append("</select>\n<button type=\"submit\">Save</button>\n</form>\n");
    if (!o.status().equals("cancelled") && !o.status().equals("delivered")) {
      // the one bit of JavaScript on the sites: a native confirm() that guards a destructive action
      String question = "Cancel order #" + o.id() + "? The customer is refunded and this cannot be undone.";
      main.append("<h2>Danger zone</h2>\n<form method=\"post\" action=\"/admin/orders/").append(o.id())
          .append("/cancel\"><button type=\"submit\" class=\"danger\" onclick=\"return confirm(")
          .append(esc("'" + question + "'")).append(")\">Cancel order</button></form>\n");
    }
    return WebResponse.page(layout("Order #" + o.id(), main.toString()));
  }

  private WebResponse updateStatus(int id, String status) {
    Order o = orders.get(id);
    if (o == null) {
      return notFound();
    }
    if (STATUSES.contains(status)) {
      orders.put(id, o.withStatus(status));
    }
    return WebResponse.seeOther("/admin/orders/" + id + "?saved=1");
  }

  private WebResponse customerList(WebRequest request) {
    StringBuilder main = new StringBuilder("<h1>Customers</h1>\n");
    request.param("deleted").ifPresent(name -> main.append(HtmlPage.notice("The account of " + name + " was deleted.")));
    main.append("<table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Email</th>")
        .append("<th scope=\"col\">City</th><th scope=\"col\">Orders</th></tr></thead>\n<tbody>\n");
    for (Customer c : CUSTOMERS) {
      if (!customerExists(c.id())) {
        continue;
      }
      long count = orders.values().stream().filter(o -> o.customerId() == c.id()).count();
      main.append("<tr><td><a href=\"/admin/customers/").append(c.id()).append("\">").append(esc(c.name()))
          .append("</a></td><td>").append(esc(c.email())).append("</td><td>").append(esc(c.city()))
          .append("</td><td>").append(count).append("</td></tr>\n");
    }
    main.append("</tbody>\n</table>\n");
    return WebResponse.page(layout("Customers", main.toString()));
  }

  private WebResponse customerPage(Customer c) {
    StringBuilder main = new StringBuilder()
        .append("<nav aria-label=\"Breadcrumb\"><a href=\"/admin/customers\">Customers</a> / ")
        .append("<span aria-current=\"page\">").append(esc(c.name())).append("</span></nav>\n")
        .append("<h1>").append(esc(c.name())).append("</h1>\n<dl>\n")
        .append("<dt>Email</dt><dd>").append(esc(c.email())).append("</dd>\n")
        .append("<dt>City</dt><dd>").append(esc(c.city())).append("</dd>\n</dl>\n<h2>Orders</h2>\n");
    List<Order> theirs = orders.values().stream().filter(o -> o.customerId() == c.id()).toList();
    if (theirs.isEmpty()) {
      main.append("<p>No orders yet.</p>\n");
    } else {
      main.append("<ul>\n");
      theirs.forEach(o -> main.append("<li>").append(orderLink(o)).append(" \u2014 ").append(money(o.totalCents()))
          .append(", ").append(esc(o.status())).append("</li>\n"));
      main.append("</ul>\n");
    }
    main.append("<h2>Danger zone</h2>\n<p><a class=\"button danger\" href=\"/admin/customers/").append(c.id())
        .append("/delete\">Delete customer</a></p>\n");
    return WebResponse.page(layout(c.name(), main.toString()));
  }

  private WebResponse confirmDeletePage(Customer c) {
    String main = "<h1>Are you sure?</h1>\n"
        + "<p role=\"alert\">This permanently deletes the account of " + esc(c.name())
        + " and cannot be undone.</p>\n"
        + "<form method=\"post\" action=\"/admin/customers/" + c.id() + "/delete\">"
        + "<button type=\"submit\" class=\"danger\">Yes, delete permanently</button></form>\n"
        + "<p><a href=\"/admin/customers/" + c.id() + "\">No, keep the customer account of "
        + esc(c.name()) + "</a></p>\n";
    return WebResponse.page(layout("Confirm deletion", main));
  }

  private WebResponse deleteCustomer(int id) {
    if (!customerExists(id)) {
      return notFound();
    }
    deletedCustomers.add(id);
    return WebResponse.seeOther("/admin/customers?deleted=" + HtmlPage.url(customer(id).orElseThrow().name()));
  }

  private static String analyticsNav() {
    return "<nav aria-label=\"Analytics\"><ul>\n"
        + "<li><a href=\"/admin/analytics\">Overview</a></li>\n"
        + "<li><a href=\"/admin/analytics/traffic\">Traffic</a></li>\n"
        + "<li><a href=\"/admin/analytics/conversion\">Conversion</a></li>\n"
        + "<li><a href=\"/admin/analytics/reports\">Reports</a></li>\n"
        + "</ul></nav>\n";
  }

  private WebResponse analyticsPage(String title, String body) {
    return WebResponse.page(layout(title, analyticsNav(), "<h1>" + esc(title) + "</h1>\n" + body));
  }

  private WebResponse analyticsOverview() {
    return analyticsPage("Analytics", "<p>Visits, conversion and sales reports for the store.</p>\n"
        + "<p>Pick a section from the Analytics menu.</p>\n");
  }

  private WebResponse reportsIndex() {
    return analyticsPage("Reports", "<ul>\n"
        + "<li><a href=\"/admin/analytics/reports/monthly-sales\">Monthly sales</a></li>\n"
        + "<li><a href=\"/admin/analytics/reports/top-customers\">Top customers</a></li>\n"
        + "<li><a href=\"/admin/analytics/reports/refunds\">Refunds</a></li>\n"
        + "</ul>\n");
  }

  private WebResponse monthlySales(WebRequest request) {
    List<YearMonth> months = reportMonths();
    YearMonth month = request.param("month").flatMap(AdminApp::parseMonth).filter(months::contains)
        .orElse(CURRENT_MONTH);
    StringBuilder body = new StringBuilder()
        .append("<form method=\"get\" action=\"/admin/analytics/reports/monthly-sales\">")
        .append("<label for=\"month\">Month</label> <select id=\"month\" name=\"month\">");
    for (YearMonth m : months) {
      body.append("<option value=\"").append(m).append('"').append(m.equals(month) ? " selected=\"selected\"" : "")
          .append('>').append(esc(m.format(MONTH_NAME))).append("</option>");
    }
    body.append("</select> <button type=\"submit\">Show</button></form>\n")
        .append("<h2>").append(esc(month.format(MONTH_NAME))).append("</h2>\n");
    if (ARCHIVED_REVENUE.containsKey(month)) {
      body.append("<p>This month is archived; only its total is kept.</p>\n");
    } else {
      body.append("<table>\n<thead><tr><th scope=\"col\">Order</th><th scope=\"col\">Date</th>")
          .append("<th scope=\"col\">Total</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
      for (Order o : ordersOf(month)) {
        body.append("<tr><td>").append(orderLink(o)).append("</td><td>").append(o.date()).append("</td><td>")
            .append(money(o.totalCents())).append("</td><td>").append(esc(o.status())).append("</td></tr>\n");
      }
      body.append("</tbody>\n</table>\n<p>Cancelled orders are not counted.</p>\n");
    }
    body.append("<p class=\"total\">Total revenue for ").append(esc(month.format(MONTH_NAME)))
        .append(": <strong id=\"total-revenue\">")
        .append(money(monthlyRevenueCents(month))).append("</strong></p>\n");
    return analyticsPage("Monthly sales", body.toString());
  }

  private static Optional<YearMonth> parseMonth(String text) {
    try {
      return Optional.of(YearMonth.parse(text.strip()));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private WebResponse topCustomersReport() {
    List<Map.Entry<Customer, Long>> ranked = topCustomers();
    StringBuilder body = new StringBuilder("<p>Total spend per customer over all non-cancelled orders.</p>\n")
        .append("<p class=\"total\">Top customer by total spend: <strong id=\"top-customer\">")
        .append(esc(ranked.isEmpty() ? "none" : customerName(ranked.get(0).getKey().id()))).append("</strong></p>\n")
        .append("<table>\n<thead><tr><th scope=\"col\">Rank</th><th scope=\"col\">Customer</th>")
        .append("<th scope=\"col\">Total spend</th></tr></thead>\n<tbody>\n");
    int rank = 1;
    for (Map.Entry<Customer, Long> e : ranked) {
      body.append("<tr><td>").append(rank++).append("</td><td>").append(customerCell(e.getKey().id()))
          .append("</td><td>").append(money(e.getValue())).append("</td></tr>\n");
    }
    body.append("</tbody>\n</table>\n");
    return analyticsPage("Top customers", body.toString());
  }

  private WebResponse settings() {
    String main = "<h1>Settings</h1>\n<ul>\n"
        + "<li><a href=\"/admin/settings/targets\">Monthly revenue targets</a></li>\n"
        + "</ul>\n<p>Store name: Harbor Goods. Currency: USD.</p>\n";
    return WebResponse.page(layout("Settings", main));
  }

  private WebResponse targets() {
    StringBuilder main = new StringBuilder("<h1>Monthly revenue targets</h1>\n")
        .append("<p>Targets are set by the finance team at the start of each quarter.</p>\n")
        .append("<table>\n<thead><tr><th scope=\"col\">Month</th><th scope=\"col\">Target</th></tr></thead>\n<tbody>\n");
    long target = 400000;
    for (YearMonth m : reportMonths()) {
      main.append("<tr><td>").append(esc(m.format(MONTH_NAME))).append("</td><td>").append(money(target))
          .append("</td></tr>\n");
      target += 50000;
    }
    main.append("</tbody>\n</table>\n");
    return WebResponse.page(layout("Revenue targets", main.toString()));
  }

  private WebResponse notFound() {
    return WebResponse.notFound(layout("Not found",
        "<h1>Page not found</h1>\n<p><a href=\"/admin\">Back to the dashboard</a></p>\n"));
  }
}
