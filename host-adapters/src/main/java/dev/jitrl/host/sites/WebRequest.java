package dev.jitrl.host.sites;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the apps see it: the method, the path below the server root, the query parameters and,
 * for a POST, the form fields ({@code application/x-www-form-urlencoded}).
 */
record WebRequest(String method, String path, Map<String, String> query, Map<String, String> form) {
  WebRequest {
    query = Map.copyOf(query);
    form = Map.copyOf(form);
  }

  boolean isPost() {
    return "POST".equals(method);
  }

  boolean isGet() {
    return "GET".equals(method) || "HEAD".equals(method);
  }

  Optional<String> param(String name) {
    String value = isPost() && form.containsKey(name) ? form.get(name) : query.get(name);
    return Optional.ofNullable(value);
  }

  int intParam(String name, int fallback) {
    try {
      return param(name).map(String::strip).map(Integer::parseInt).orElse(fallback);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Parses {@code a=1&b=x+y}; the last value of a repeated name wins, as the apps never repeat one. */
  static Map<String, String> parseUrlEncoded(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }
}
