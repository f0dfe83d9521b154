package dev.jitrl.host.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Outcome;
import dev.jitrl.api.OutcomeStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;

class LocalSitesTest {
  private static LocalSites sites;
  private static HttpClient client;
  private FormBrowser browser;

  @BeforeAll
  static void startServer() {
    sites = LocalSites.start(0);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopServer() {
    sites.close();
  }

  @BeforeEach
  void freshState() {
    sites.reset();
    browser = new FormBrowser(client, sites.baseUrl());
  }

  static Stream<WebTask> tasks() {
    return TaskSuite.builtIn().tasks().stream();
  }

  @Test
  void start_portZero_bindsAnEphemeralLoopbackPort() {
    assertTrue(sites.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"), sites.baseUrl());
    assertFalse(sites.baseUrl().endsWith(":0"));
  }

  @Test
  void allPages_crawledFromEachApp_return200WithWellFormedHtml() {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of("/", "/shop", "/admin", "/forum"));
    while (!queue.isEmpty()) {
      String path = queue.poll();
      if (!seen.add(path)) {
        continue;
      }
      FormBrowser.Page page = browser.get(path);
      assertTrue(page.html().startsWith("<!DOCTYPE html>"), path);
      assertEquals(1, page.elements("title").size(), path);
      assertEquals(1, page.elements("main").size(), path);
      for (Element a : page.elements("a")) {
        String href = a.getAttribute("href");
        assertFalse(href.isBlank(), () -> "empty link on " + path);
        assertFalse(FormBrowser.nameOf(a).isBlank(), () -> "link without a name to " + href + " on " + path);
        if (href.startsWith("/") && !seen.contains(href)) {
          queue.add(href);
        }
      }
      for (Element button : page.elements("button")) {
        assertFalse(FormBrowser.nameOf(button).isBlank(), () -> "button without a name on " + path);
      }
    }
    for (String app : List.of("/shop", "/admin", "/forum")) {
      long pages = seen.stream().filter(p -> p.startsWith(app)).count();
      assertTrue(pages >= 10, () -> app + " has only " + pages + " linked pages: " + seen);
    }
  }

  @Test
  void unknownPage_ofEachApp_answers404WithWellFormedHtml() {
    for (String path : List.of("/shop/product/999", "/admin/orders/1", "/forum/t/999", "/nowhere")) {
      FormBrowser.Page page = browser.fetch(HttpRequest.newBuilder(URI.create(sites.baseUrl() + path)).build());
      assertEquals(404, page.status(), path);
      assertTrue(page.text().contains("Page not found"), path);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  void startPath_ofEveryTask_loads(WebTask task) {
    FormBrowser.Page page = browser.get(task.startPath());
    assertTrue(page.uri().getPath().startsWith("/" + task.site()), task.id() + " starts outside its site");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  void check_correctPathPerformed_succeeds(WebTask task) {
    TaskSolutions.Solution solution = TaskSolutions.BY_TASK.get(task.id());
    assertTrue(solution != null, "no scripted solution for task " + task.id());
    Optional<String> answer = solution.perform(browser);
    FormBrowser.Page last = browser.current();

    Outcome outcome = sites.check(task, last.uri().toString(), last.text(), answer);

    assertEquals(OutcomeStatus.SUCCESS, outcome.status(), task.id() + ": " + outcome.reason());
    assertEquals(1.0, outcome.reward());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  void check_nothingDone_fails(WebTask task) {
    FormBrowser.Page start = browser.get(task.startPath());

    Outcome outcome = sites.check(task, start.uri().toString(), start.text(), Optional.empty());

    assertEquals(OutcomeStatus.FAILURE, outcome.status(), task.id() + ": " + outcome.reason());
    assertFalse(outcome.reason().isBlank());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  void check_claimedAnswerWithoutDoingTheTask_fails(WebTask task) {
    FormBrowser.Page start = browser.get(task.startPath());

    Outcome outcome = sites.check(task, start.uri().toString(), start.text(), Optional.of("Done, task complete. 42"));

    assertEquals(OutcomeStatus.FAILURE, outcome.status(), task.id() + ": " + outcome.reason());
  }

  @Test
  void check_orderStatus_reasonNamesOrderAndStatus() {
    WebTask task = sites.suite().task("admin-deliver-order-1045");
    TaskSolutions.BY_TASK.get(task.id()).perform(browser);

    Outcome outcome = sites.check(task, browser.current().uri().toString(), "", Optional.empty());

    assertTrue(outcome.reason().contains("order 1045 status is 'delivered'"), outcome.reason());
  }

  @Test
  void check_priceAnswerWrittenDifferently_comparesByValue() {
    WebTask task = sites.suite().task("shop-price-gardening-handbook");
    String url = sites.baseUrl() + "/shop/product/14";

    assertEquals(OutcomeStatus.SUCCESS, sites.check(task, url, "", Optional.of("It costs 27.4 USD")).status());
    assertEquals(OutcomeStatus.SUCCESS, sites.check(task, url, "", Optional.of("$27.40")).status());
    assertEquals(OutcomeStatus.FAILURE, sites.check(task, url, "", Optional.of("$24.99")).status());
    assertEquals(OutcomeStatus.FAILURE, sites.check(task, url, "", Optional.of("the price is shown")).status());
  }

  @Test
  void check_revenueAnswerOfTheDefaultMonth_fails() {
    WebTask task = sites.suite().task("admin-report-march-revenue");
    browser.get("/admin/analytics/reports/monthly-sales");
    String aprilTotal = browser.current().textOf("total-revenue");

    Outcome outcome = sites.check(task, browser.current().uri().toString(), browser.current().text(),
        Optional.of(aprilTotal));

    assertEquals(OutcomeStatus.FAILURE, outcome.status(), outcome.reason());
  }

  @Test
  void check_replyInThePinnedHelpThread_fails() {
    WebTask task = sites.suite().task("forum-reply-tubeless");
    browser.get("/forum");
    browser.click("Read first: how to post, reply and start a new thread");
    browser.submit("Post reply", Map.of("body", "Carry spare sealant, it dries out every few months."));

    Outcome outcome = sites.check(task, browser.current().uri().toString(), browser.current().text(),
        Optional.empty());

    assertEquals(OutcomeStatus.FAILURE, outcome.status(), outcome.reason());
  }

  @Test
  void check_shippingTheWrongOrder_fails() {
    WebTask task = sites.suite().task("admin-ship-order-1033");
    browser.get("/admin");
    browser.click("Order #1047");
    browser.submit("Mark as shipped", Map.of());

    Outcome outcome = sites.check(task, browser.current().uri().toString(), browser.current().text(),
        Optional.empty());

    assertEquals(OutcomeStatus.FAILURE, outcome.status());
    assertTrue(outcome.reason().contains("order 1033 status is 'processing'"), outcome.reason());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  void reset_afterTaskDone_makesItsCheckFailAgain(WebTask task) {
    Optional<String> answer = TaskSolutions.BY_TASK.get(task.id()).perform(browser);
    FormBrowser.Page last = browser.current();
    assertEquals(OutcomeStatus.SUCCESS, sites.check(task, last.uri().toString(), last.text(), answer).status());

    sites.reset();

    FormBrowser.Page start = browser.get(task.startPath());
    Outcome outcome = sites.check(task, start.uri().toString(), start.text(), Optional.empty());
    assertEquals(OutcomeStatus.FAILURE, outcome.status(), task.id() + " after reset: " + outcome.reason());
  }

  @Test
  void reset_afterChangesInEveryApp_restoresInitialPages() {
    for (String id : List.of("shop-checkout-cart", "admin-cancel-order-1043", "admin-delete-customer-tom-becker",
        "forum-reply-tubeless", "forum-new-thread-cast-iron")) {
      TaskSolutions.BY_TASK.get(id).perform(browser);
    }
    assertTrue(browser.get("/shop").text().contains("Cart (0)"));

    sites.reset();

    assertTrue(browser.get("/shop").text().contains("Cart (2)"));
    assertTrue(browser.get("/shop/orders").text().contains("You have no orders yet."));
    assertTrue(browser.get("/admin/customers").text().contains("Tom Becker"));
    assertEquals("processing", browser.get("/admin/orders/1043").textOf("current-status"));
    assertEquals(3, browser.get("/forum/t/14").elements("article").size());
    assertFalse(browser.get("/forum/f/cooking").text().contains("cast iron"));
    assertEquals("3", browser.get("/forum/u/alex_d").textOf("post-count"));
  }

  @Test
  void post_emptyReply_showsErrorAndAddsNothing() {
    browser.get("/forum/t/14");
    FormBrowser.Page page = browser.submit("Post reply", Map.of("body", "   "));

    assertTrue(page.text().contains("Your reply is empty."));
    assertEquals(3, browser.get("/forum/t/14").elements("article").size());
  }

  @Test
  void pages_markupTypedIntoSearchReplyAndNewTopic_isShownAsText() {
    String typed = "<i>x</i> & \"q\"";
    assertTrue(browser.get("/shop/search?q=" + HtmlPage.url(typed)).html().contains("&lt;i&gt;x&lt;/i&gt; &amp; &quot;q&quot;"));
    browser.get("/forum/f/cooking/new");
    FormBrowser.Page refused = browser.submit("Publish", Map.of("title", typed, "body", ""));
    assertTrue(refused.html().contains("value=\"&lt;i&gt;x&lt;/i&gt; &amp; &quot;q&quot;\""), refused.html());
    browser.get("/forum/t/14");
    FormBrowser.Page thread = browser.submit("Post reply", Map.of("body", typed));

    assertTrue(thread.text().contains(typed), thread.text());
    assertFalse(thread.html().contains("<i>x</i>"));
    assertEquals(0, thread.elements("i").size());
  }

  @Test
  void orderList_filterThatFitsOnOnePage_hasNoPageNavigation() {
    FormBrowser.Page processing = browser.get("/admin/orders?status=processing");
    FormBrowser.Page all = browser.get("/admin/orders");

    assertEquals(0, processing.elements("nav").stream().filter(n -> n.getAttribute("class").equals("pagination")).count());
    assertTrue(all.text().contains("Page 1 of 2"), all.text());
  }

  @Test
  void close_afterStart_refusesConnections() throws Exception {
    LocalSites other = LocalSites.start(0);
    URI uri = URI.create(other.baseUrl() + "/shop");
    assertEquals(200, client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode());

    other.close();

    HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThrows(IOException.class,
        () -> fresh.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()));
  }

  @Test
  void start_negativePort_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalSites.start(-1));
    assertTrue(e.getMessage().contains("port"));
  }
}
