package dev.jitrl.host.sites;

import static dev.jitrl.host.sites.HtmlPage.money;

import dev.jitrl.host.sites.AdminState.Customer;
import dev.jitrl.host.sites.AdminState.Order;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The back office's pages, rendered from {@link AdminState}; reading them never changes the state. */
final class AdminPages {
  private static final DateTimeFormatter MONTH_NAME = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
  private static final Html MAIN_MENU = Menu.of("Main", List.of(
      new Link("/admin", "Dashboard"),
      new Link("/admin/orders", "Orders"),
      new Link("/admin/customers", "Customers"),
      new Link("/admin/analytics", "Analytics"),
      new Link("/admin/settings", "Settings")));
  private static final Html ANALYTICS_MENU = Menu.of("Analytics", List.of(
      new Link("/admin/analytics", "Overview"),
      new Link("/admin/analytics/traffic", "Traffic"),
      new Link("/admin/analytics/conversion", "Conversion"),
      new Link("/admin/analytics/reports", "Reports")));

  private final AdminState state;

  AdminPages(AdminState state) {
    this.state = state;
  }

  private static String layout(String title, Html subMenu, Html main) {
    Html header = Html.builder()
        .add("<a class=\"brand\" href=\"/admin\">Back Office</a>\n")
        .add(MAIN_MENU)
        .add(subMenu)
        .add("<p class=\"user\">Signed in as admin</p>\n")
        .build();
    return HtmlPage.render(title + " | Back Office", "admin", header, main);
  }

  private static WebResponse page(String title, Html main) {
    return WebResponse.page(layout(title, Html.EMPTY, main));
  }

  private static Html orderLink(Order o) {
    return new Link("/admin/orders/" + o.id(), "Order #" + o.id()).html();
  }

  private String customerName(int id) {
    return state.customerExists(id) ? state.customer(id).orElseThrow().name() : "Deleted customer";
  }

  /** The customer's name, linked to the account while it exists. */
  private Html customerCell(int id) {
    return state.customerExists(id)
        ? new Link("/admin/customers/" + id, customerName(id)).html()
        : Html.text(customerName(id));
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static Html statusOptions(String selected) {
    return Options.of(AdminState.STATUSES, selected, s -> s, AdminPages::capitalize);
  }

  WebResponse dashboard() {
    long toShip = state.ordersNewestFirst().stream().filter(o -> o.status().equals("processing")).count();
    YearMonth month = AdminState.CURRENT_MONTH;
    Html.Builder main = Html.builder()
        .add("<h1>Dashboard</h1>\n<div class=\"cards\">\n")
        .add("<section class=\"card\" aria-labelledby=\"c-ship\"><h2 id=\"c-ship\">To ship</h2><p>{} orders are waiting."
            + "</p><p><a href=\"/admin/orders?status=processing\">View orders waiting</a></p></section>\n", toShip)
        .add("<section class=\"card\" aria-labelledby=\"c-rev\"><h2 id=\"c-rev\">This month</h2><p>{} so far in {}.</p>"
            + "<p><a href=\"/admin/settings/targets\">Monthly revenue targets</a></p></section>\n",
            money(state.monthlyRevenueCents(month)), month.format(MONTH_NAME))
        .add("<section class=\"card\" aria-labelledby=\"c-cust\"><h2 id=\"c-cust\">Customers</h2><p>{} accounts.</p>"
            + "<p><a href=\"/admin/customers\">Manage customer accounts</a></p></section>\n", state.customers().size())
        .add("</div>\n<section aria-labelledby=\"recent\"><h2 id=\"recent\">Recent orders</h2>\n<ul>\n");
    state.ordersNewestFirst().stream().limit(5).forEach(o ->
        main.add("<li>{} \u2014 {}, {}</li>\n", orderLink(o), customerName(o.customerId()), o.status()));
    return page("Dashboard", main.add("</ul>\n</section>\n").build());
  }

  /** The order list, filtered by {@code status} unless it is empty. */
  WebResponse orderList(String status, int requestedPage) {
    List<Order> all = state.ordersNewestFirst().stream()
        .filter(o -> status.isEmpty() || o.status().equals(status)).toList();
    Pagination pages = Pagination.of(all.size(), AdminState.PAGE_SIZE, requestedPage);
    Table table = Table.withColumns("Order", "Date", "Customer", "Total", "Status");
    for (Order o : pages.slice(all, AdminState.PAGE_SIZE)) {
      table.row(orderLink(o), o.date(), customerName(o.customerId()), money(o.totalCents()), o.status());
    }
    String statusParam = status.isEmpty() ? "" : "&status=" + HtmlPage.url(status);
    return page("Orders", Html.builder()
        .add("<h1>Orders</h1>\n")
        .add("<form method=\"get\" action=\"/admin/orders\"><label for=\"filter\">Status</label> "
            + "<select id=\"filter\" name=\"status\"><option value=\"\">All statuses</option>{}</select> "
            + "<button type=\"submit\">Filter</button></form>\n", statusOptions(status))
        .add(table.html("No orders."))
        .add(pages.navigation(i -> "/admin/orders?page=" + i + statusParam))
        .build());
  }

  WebResponse order(Order o, boolean saved) {
    Html.Builder main = Html.builder().add(Breadcrumb.of(new Link("/admin/orders", "Orders"), "#" + o.id()));
    if (saved) {
      main.add(HtmlPage.notice("Order #" + o.id() + " was updated."));
    }
    main.add("<h1>Order #{}</h1>\n<dl>\n", o.id())
        .add("<dt>Customer</dt><dd>{}</dd>\n", customerCell(o.customerId()))
        .add("<dt>Date</dt><dd>{}</dd>\n", o.date())
        .add("<dt>Total</dt><dd>{}</dd>\n", money(o.totalCents()))
        .add("<dt>Status</dt><dd id=\"current-status\">{}</dd>\n</dl>\n", o.status());
    nextStatus(o.status()).ifPresent(next -> main.add("<form method=\"post\" action=\"/admin/orders/{}/status\">"
        + "<input type=\"hidden\" name=\"status\" value=\"{}\"/><button type=\"submit\">Mark as {}</button></form>\n",
        o.id(), next, next));
    main.add("<form method=\"post\" action=\"/admin/orders/{}/status\">\n"
        + "<label for=\"status\">Status</label> <select id=\"status\" name=\"status\">{}</select>\n"
        + "<button type=\"submit\">Save</button>\n</form>\n", o.id(), statusOptions(o.status()));
    if (!o.status().equals("cancelled") && !o.status().equals("delivered")) {
      // the one bit of JavaScript on the sites: a native confirm() that guards a destructive action
      String question = "Cancel order #" + o.id() + "? The customer is refunded and this cannot be undone.";
      main.add("<h2>Danger zone</h2>\n<form method=\"post\" action=\"/admin/orders/{}/cancel\">"
          + "<button type=\"submit\" class=\"danger\" onclick=\"return confirm({})\">Cancel order</button></form>\n",
          o.id(), "'" + question + "'");
    }
    return page("Order #" + o.id(), main.build());
  }

  /** The one-click next step of an order's life, if it has one. */
  private static Optional<String> nextStatus(String status) {
    return switch (status) {
      case "processing" -> Optional.of("shipped");
      case "shipped" -> Optional.of("delivered");
      default -> Optional.empty();
    };
  }

  /** The customer list; {@code deleted} is the name a deletion just removed, if any, for the notice. */
  WebResponse customerList(Optional<String> deleted) {
    Html.Builder main = Html.builder().add("<h1>Customers</h1>\n");
    deleted.ifPresent(name -> main.add(HtmlPage.notice("The account of " + name + " was deleted.")));
    Table table = Table.withColumns("Name", "Email", "City", "Orders");
    for (Customer c : state.customers()) {
      table.row(new Link("/admin/customers/" + c.id(), c.name()).html(), c.email(), c.city(),
          state.ordersOf(c.id()).size());
    }
    return page("Customers", main.add(table.html()).build());
  }

  WebResponse customer(Customer c) {
    Html.Builder main = Html.builder()
        .add(Breadcrumb.of(new Link("/admin/customers", "Customers"), c.name()))
        .add("<h1>{}</h1>\n<dl>\n<dt>Email</dt><dd>{}</dd>\n<dt>City</dt><dd>{}</dd>\n</dl>\n<h2>Orders</h2>\n",
            c.name(), c.email(), c.city());
    List<Order> theirs = state.ordersOf(c.id());
    if (theirs.isEmpty()) {
      main.add("<p>No orders yet.</p>\n");
    } else {
      main.add("<ul>\n");
      theirs.forEach(o -> main.add("<li>{} \u2014 {}, {}</li>\n", orderLink(o), money(o.totalCents()), o.status()));
      main.add("</ul>\n");
    }
    main.add("<h2>Danger zone</h2>\n<p><a class=\"button danger\" href=\"/admin/customers/{}/delete\">"
        + "Delete customer</a></p>\n", c.id());
    return page(c.name(), main.build());
  }

  WebResponse confirmDelete(Customer c) {
    return page("Confirm deletion", Html.of("<h1>Are you sure?</h1>\n"
        + "<p role=\"alert\">This permanently deletes the account of {} and cannot be undone.</p>\n"
        + "<form method=\"post\" action=\"/admin/customers/{}/delete\">"
        + "<button type=\"submit\" class=\"danger\">Yes, delete permanently</button></form>\n"
        + "<p><a href=\"/admin/customers/{}\">No, keep the customer account of {}</a></p>\n",
        c.name(), c.id(), c.id(), c.name()));
  }

  /** A page of the Analytics section: its own menu under the main one, the title, then {@code body}. */
  WebResponse analytics(String title, Html body) {
    return WebResponse.page(layout(title, ANALYTICS_MENU, Html.of("<h1>{}</h1>\n{}", title, body)));
  }

  WebResponse analyticsOverview() {
    return analytics("Analytics", Html.of("<p>Visits, conversion and sales reports for the store.</p>\n"
        + "<p>Pick a section from the Analytics menu.</p>\n"));
  }

  WebResponse reportsIndex() {
    return analytics("Reports", Html.of("<ul>\n"
        + "<li><a href=\"/admin/analytics/reports/monthly-sales\">Monthly sales</a></li>\n"
        + "<li><a href=\"/admin/analytics/reports/top-customers\">Top customers</a></li>\n"
        + "<li><a href=\"/admin/analytics/reports/refunds\">Refunds</a></li>\n"
        + "</ul>\n"));
  }

  WebResponse monthlySales(YearMonth month) {
    Html.Builder body = Html.builder()
        .add("<form method=\"get\" action=\"/admin/analytics/reports/monthly-sales\">"
            + "<label for=\"month\">Month</label> <select id=\"month\" name=\"month\">{}</select> "
            + "<button type=\"submit\">Show</button></form>\n",
            Options.of(state.reportMonths(), month, m -> m, m -> m.format(MONTH_NAME)))
        .add("<h2>{}</h2>\n", month.format(MONTH_NAME));
    if (state.isArchived(month)) {
      body.add("<p>This month is archived; only its total is kept.</p>\n");
    } else {
      Table table = Table.withColumns("Order", "Date", "Total", "Status");
      for (Order o : state.ordersOf(month)) {
        table.row(orderLink(o), o.date(), money(o.totalCents()), o.status());
      }
      body.add(table.html()).add("<p>Cancelled orders are not counted.</p>\n");
    }
    body.add("<p class=\"total\">Total revenue for {}: <strong id=\"total-revenue\">{}</strong></p>\n",
        month.format(MONTH_NAME), money(state.monthlyRevenueCents(month)));
    return analytics("Monthly sales", body.build());
  }

  WebResponse topCustomers() {
    List<Map.Entry<Customer, Long>> ranked = state.topCustomers();
    Table table = Table.withColumns("Rank", "Customer", "Total spend");
    for (int i = 0; i < ranked.size(); i++) {
      table.row(i + 1, customerCell(ranked.get(i).getKey().id()), money(ranked.get(i).getValue()));
    }
    return analytics("Top customers", Html.builder()
        .add("<p>Total spend per customer over all non-cancelled orders.</p>\n")
        .add("<p class=\"total\">Top customer by total spend: <strong id=\"top-customer\">{}</strong></p>\n",
            ranked.isEmpty() ? "none" : customerName(ranked.get(0).getKey().id()))
        .add(table.html())
        .build());
  }

  WebResponse settings() {
    return page("Settings", Html.of("<h1>Settings</h1>\n<ul>\n"
        + "<li><a href=\"/admin/settings/targets\">Monthly revenue targets</a></li>\n"
        + "</ul>\n<p>Store name: Harbor Goods. Currency: USD.</p>\n"));
  }

  WebResponse targets() {
    Table table = Table.withColumns("Month", "Target");
    long target = 400000;
    for (YearMonth m : state.reportMonths()) {
      table.row(m.format(MONTH_NAME), money(target));
      target += 50000;
    }
    return page("Revenue targets", Html.builder()
        .add("<h1>Monthly revenue targets</h1>\n")
        .add("<p>Targets are set by the finance team at the start of each quarter.</p>\n")
        .add(table.html())
        .build());
  }

  WebResponse notFound() {
    return WebResponse.notFound(layout("Not found", Html.EMPTY,
        Html.of("<h1>Page not found</h1>\n<p><a href=\"/admin\">Back to the dashboard</a></p>\n")));
  }
}
