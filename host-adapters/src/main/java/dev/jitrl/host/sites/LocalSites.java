package dev.jitrl.host.sites;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jitrl.api.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local web task sites on one loopback HTTP server: a shop under {@code /shop}, an admin back office under
 * {@code /admin} and a forum under {@code /forum}, with the task suite that runs on them.
 *
 * <p>Pages are server-rendered HTML without JavaScript; every change of state is a form POST answered by a 303
 * redirect. Requests, {@link #reset()} and {@link #check} are serialized, so a check never sees half a request.
 */
public final class LocalSites implements AutoCloseable {
  private static final Html INDEX_BRAND = Html.of("<p class=\"brand\">Local task sites</p>\n");
  private final HttpServer server;
  private final ExecutorService executor;
  private final Object lock = new Object();
  private final ShopState shopState = new ShopState();
  private final AdminState adminState = new AdminState();
  private final ForumState forumState = new ForumState();
  private final ShopApp shop = new ShopApp(shopState);
  private final AdminApp admin = new AdminApp(adminState);
  private final ForumApp forum = new ForumApp(forumState);
  private final TaskSuite suite = TaskSuite.builtIn();
  private final byte[] stylesheet = readResource("site.css");
  private volatile Set<SiteVariant> variants = Set.of();

  private LocalSites(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts the sites on 127.0.0.1.
   *
   * @param port the port to bind, or 0 for an ephemeral one (see {@link #baseUrl()})
   */
  public static LocalSites start(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 but was " + port);
    }
    // Without TCP_NODELAY a kept-alive connection waits ~40 ms for delayed ACKs on every response. The JDK
    // server reads this property once, when its first server is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "local-sites-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    LocalSites sites = new LocalSites(server, executor);
    server.createContext("/", sites::serve);
    server.setExecutor(executor);
    server.start();
    return sites;
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The built-in tasks ({@code tasks.json}). */
  public TaskSuite suite() {
    return suite;
  }

  /** Restores every app's initial state: the shop's cart and orders, order statuses and customers, forum posts. */
  public void reset() {
    synchronized (lock) {
      shopState.reset();
      adminState.reset();
      forumState.reset();
    }
  }

  /**
   * Serves every page from now on with {@code variants} applied (see {@link SiteVariant}); an empty set serves the
   * pages as they are. The apps' state and the success checks are unchanged.
   */
  public void variants(Set<SiteVariant> variants) {
    this.variants = Set.copyOf(variants);
  }

  /**
   * Decides whether a task succeeded, from the server's state or the final page, never from the agent's claim.
   *
   * @param task the task, usually from {@link #suite()}
   * @param finalUrl the URL the browser showed at the end of the episode
   * @param finalPageText the visible text of that page
   * @param answer the agent's answer, read only by tasks that ask for a value ({@code answerEquals})
   * @return success or failure with a reason that says what was checked ("order 1042 status is 'shipped' ...")
   */
  public Outcome check(WebTask task, String finalUrl, String finalPageText, Optional<String> answer) {
    Objects.requireNonNull(task, "task must not be null");
    Objects.requireNonNull(finalUrl, "finalUrl must not be null");
    Objects.requireNonNull(finalPageText, "finalPageText must not be null");
    Objects.requireNonNull(answer, "answer must not be null");
    SuccessCheck check = SuccessCheck.parse(task.successCheck());
    synchronized (lock) {
      return check.evaluate(new SuccessCheck.Sites(shopState, adminState, forumState),
          new SuccessCheck.FinalPage(finalUrl, finalPageText, answer));
    }
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD, POST");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed".getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (path.equals("/static/site.css")) {
        send(exchange, 200, "text/css; charset=utf-8", stylesheet);
        return;
      }
      if (path.equals("/favicon.ico")) {
        send(exchange, 204, "image/x-icon", new byte[0]);
        return;
      }
      Map<String, String> form = Map.of();
      if (method.equals("POST")) {
        try (InputStream in = exchange.getRequestBody()) {
          form = WebRequest.parseUrlEncoded(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      WebRequest request = new WebRequest(method, path,
          WebRequest.parseUrlEncoded(exchange.getRequestURI().getRawQuery()), form);
      WebResponse response;
      synchronized (lock) {
        response = route(request);
      }
      if (response.isRedirect()) {
        exchange.getResponseHeaders().set("Location", response.location());
        send(exchange, response.status(), "text/plain; charset=utf-8", new byte[0]);
      } else {
        Set<SiteVariant> now = variants;
        String body = now.isEmpty() ? response.body() : SiteVariant.apply(now, response.body());
        send(exchange, response.status(), "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private WebResponse route(WebRequest request) {
    String path = request.path();
    if (under(path, "/shop")) {
      return shop.handle(request);
    }
    if (under(path, "/admin")) {
      return admin.handle(request);
    }
    if (under(path, "/forum")) {
      return forum.handle(request);
    }
    if (path.equals("/") && request.isGet()) {
      return WebResponse.page(HtmlPage.render("Local task sites", "index", INDEX_BRAND,
          Html.of("<h1>Local task sites</h1>\n<ul>\n<li><a href=\"/shop\">Harbor Goods (shop)</a></li>\n"
              + "<li><a href=\"/admin\">Back Office (admin)</a></li>\n"
              + "<li><a href=\"/forum\">Trailhead Community (forum)</a></li>\n</ul>\n")));
    }
    return WebResponse.notFound(HtmlPage.render("Not found", "index", INDEX_BRAND,
        Html.of("<h1>Page not found</h1>\n<p><a href=\"/\">All sites</a></p>\n")));
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean noBody = body.length == 0 || exchange.getRequestMethod().equals("HEAD") || status == 204;
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] readResource(String name) {
    try (InputStream in = LocalSites.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
