package dev.jitrl.host.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Fixture HTML pages served by the JDK's HttpServer on 127.0.0.1 and a free port. */
public final class FixtureSite implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Function<String, String>> pages = new ConcurrentHashMap<>();

  public FixtureSite() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      Function<String, String> page = pages.get(exchange.getRequestURI().getPath());
      String query = exchange.getRequestURI().getQuery();
      byte[] body = (page == null ? "<html><body><h1>Not found</h1></body></html>" : page.apply(query == null ? "" : query))
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** Serves {@code html} at {@code path}. */
  public FixtureSite page(String path, String html) {
    pages.put(path, q -> html);
    return this;
  }

  /** Serves the HTML computed from the query string at {@code path}. */
  public FixtureSite page(String path, Function<String, String> html) {
    pages.put(path, html);
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
