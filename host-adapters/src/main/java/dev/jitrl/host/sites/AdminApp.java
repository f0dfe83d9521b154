package dev.jitrl.host.sites;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Back Office", an admin app under {@code /admin}: a dashboard, a paginated order list, order pages with a
 * status form, customers (deleting one goes through a confirmation page) and an Analytics section whose
 * Reports are only linked from inside Analytics. This class routes requests: a GET renders one of
 * {@link AdminPages}, a POST changes {@link AdminState} and redirects.
 */
final class AdminApp {
  private static final Pattern ORDER = Pattern.compile("/admin/orders/(\\d+)");
  private static final Pattern ORDER_STATUS = Pattern.compile("/admin/orders/(\\d+)/status");
  private static final Pattern ORDER_CANCEL = Pattern.compile("/admin/orders/(\\d+)/cancel");
  private static final Pattern CUSTOMER = Pattern.compile("/admin/customers/(\\d+)");
  private static final Pattern CUSTOMER_DELETE = Pattern.compile("/admin/customers/(\\d+)/delete");

  private final AdminState state;
  private final AdminPages pages;

  AdminApp(AdminState state) {
    this.state = state;
    this.pages = new AdminPages(state);
  }

  WebResponse handle(WebRequest request) {
    return request.isPost() ? post(request) : get(request);
  }

  private WebResponse post(WebRequest request) {
    String path = request.path();
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
      int id = Integer.parseInt(m.group(1));
      String name = state.customer(id).map(AdminState.Customer::name).orElse("");
      return state.deleteCustomer(id)
          ? WebResponse.seeOther("/admin/customers?deleted=" + HtmlPage.url(name))
          : pages.notFound();
    }
    return pages.notFound();
  }

  private WebResponse updateStatus(int id, String status) {
    return state.setStatus(id, status) ? WebResponse.seeOther("/admin/orders/" + id + "?saved=1") : pages.notFound();
  }

  private WebResponse get(WebRequest request) {
    String path = request.path();
    switch (path) {
      case "/admin", "/admin/" -> {
        return pages.dashboard();
      }
      case "/admin/orders" -> {
        return pages.orderList(request.param("status").filter(AdminState.STATUSES::contains).orElse(""),
            request.intParam("page", 1));
      }
      case "/admin/customers" -> {
        return pages.customerList(request.param("deleted"));
      }
      case "/admin/analytics" -> {
        return pages.analyticsOverview();
      }
      case "/admin/analytics/traffic" -> {
        return pages.analytics("Traffic", Html.of("<p>Visits this month: 12,480. Returning visitors: 38%.</p>\n"));
      }
      case "/admin/analytics/conversion" -> {
        return pages.analytics("Conversion",
            Html.of("<p>Conversion rate this month: 2.7%. Cart abandonment: 64%.</p>\n"));
      }
      case "/admin/analytics/reports" -> {
        return pages.reportsIndex();
      }
      case "/admin/analytics/reports/monthly-sales" -> {
        return pages.monthlySales(request.param("month").flatMap(AdminApp::parseMonth)
            .filter(state.reportMonths()::contains).orElse(AdminState.CURRENT_MONTH));
      }
      case "/admin/analytics/reports/top-customers" -> {
        return pages.topCustomers();
      }
      case "/admin/analytics/reports/refunds" -> {
        return pages.analytics("Refunds report",
            Html.of("<p>No refunds were issued in 2024. Cancelled orders are never charged.</p>\n"));
      }
      case "/admin/settings" -> {
        return pages.settings();
      }
      case "/admin/settings/targets" -> {
        return pages.targets();
      }
      default -> {
        // patterned routes below
      }
    }
    Matcher m = ORDER.matcher(path);
    if (m.matches()) {
      return state.order(Integer.parseInt(m.group(1)))
          .map(o -> pages.order(o, request.param("saved").isPresent())).orElseGet(pages::notFound);
    }
    m = CUSTOMER_DELETE.matcher(path);
    if (m.matches()) {
      return existingCustomer(m.group(1)).map(pages::confirmDelete).orElseGet(pages::notFound);
    }
    m = CUSTOMER.matcher(path);
    if (m.matches()) {
      return existingCustomer(m.group(1)).map(pages::customer).orElseGet(pages::notFound);
    }
    return pages.notFound();
  }

  private Optional<AdminState.Customer> existingCustomer(String id) {
    int number = Integer.parseInt(id);
    return state.customerExists(number) ? state.customer(number) : Optional.empty();
  }

  private static Optional<YearMonth> parseMonth(String text) {
    try {
      return Optional.of(YearMonth.parse(text.strip()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
