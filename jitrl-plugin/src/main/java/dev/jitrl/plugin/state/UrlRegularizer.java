package dev.jitrl.plugin.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Maps a URL to its {@link UrlPattern} (DESIGN.md §2.1): host and port to a site alias, numeric path segments
 * to {@code {id}}, id-like or token-like segments to {@code {token}}, query values dropped with the sorted
 * query keys kept, fragment dropped, trailing slash removed. Results are cached in a bounded Caffeine cache.
 * Never throws: a URL that does not parse becomes a pattern under the site {@code "?"}.
 */
public final class UrlRegularizer {
  static final String ID = "{id}";
  static final String TOKEN = "{token}";

  private static final Pattern NUMBER = Pattern.compile("[0-9]+");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{16,}");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]{16,}={0,2}");
  private static final Pattern MIXED_ALNUM = Pattern.compile("[A-Za-z0-9]{12,}");

  private final Map<String, String> aliases;
  private final Cache<String, UrlPattern> cache;

  /**
   * @param aliases {@code host[:port]} (lower case) to site name; a host:port entry wins over a host entry
   * @param cacheSize bound of the cache, in entries
   */
  public UrlRegularizer(Map<String, String> aliases, int cacheSize) {
    this.aliases = Map.copyOf(aliases);
    // Maintenance runs on the calling thread: no hand-off to the common pool on the decision path.
    this.cache = Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();
  }

  public UrlPattern regularize(String url) {
    if (url == null) {
      return new UrlPattern("?", "");
    }
    return cache.get(url, this::compute);
  }

  private UrlPattern compute(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      return new UrlPattern("?", regularizePath(stripQueryAndFragment(url)));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.isOpaque()) {
      // about:blank, data:..., mailto:... — no hierarchy; keep the scheme and a bounded prefix.
      String ssp = uri.getSchemeSpecificPart();
      return new UrlPattern(scheme + ":", ssp.length() > 40 ? ssp.substring(0, 40) : ssp);
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    String hostPort = defaultPort ? host : host + ":" + port;
    String site = aliases.getOrDefault(hostPort, aliases.getOrDefault(host, hostPort.isEmpty() ? scheme + ":" : hostPort));
    String path = regularizePath(uri.getRawPath() == null ? "" : uri.getRawPath());
    String query = queryKeys(uri.getRawQuery());
    return new UrlPattern(site, query.isEmpty() ? path : path + "?" + query);
  }

  private static String stripQueryAndFragment(String url) {
    int cut = url.length();
    int q = url.indexOf('?');
    int h = url.indexOf('#');
    if (q >= 0) {
      cut = q;
    }
    if (h >= 0 && h < cut) {
      cut = h;
    }
    return url.substring(0, cut);
  }

  static String regularizePath(String rawPath) {
    StringBuilder sb = new StringBuilder();
    for (String segment : rawPath.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      sb.append('/').append(regularizeSegment(segment));
    }
    return sb.length() == 0 ? "/" : sb.toString();
  }

  static String regularizeSegment(String segment) {
    if (NUMBER.matcher(segment).matches()) {
      return ID;
    }
    if (UUID.matcher(segment).matches()) {
      return TOKEN;
    }
    if (HEX.matcher(segment).matches() && hasDigit(segment)) {
      return TOKEN;
    }
    if (BASE64.matcher(segment).matches() && hasDigit(segment) && hasLetter(segment)
        && (hasUpperAndLower(segment) || segment.endsWith("="))) {
      return TOKEN;
    }
    if (MIXED_ALNUM.matcher(segment).matches() && hasDigit(segment) && hasUpperAndLower(segment)) {
      return TOKEN;
    }
    return segment;
  }

  private static String queryKeys(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    TreeSet<String> keys = new TreeSet<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq >= 0 ? pair.substring(0, eq) : pair;
      if (!key.isEmpty()) {
        keys.add(key);
      }
    }
    return String.join("&", keys);
  }

  private static boolean hasDigit(String s) {
    return s.chars().anyMatch(Character::isDigit);
  }

  private static boolean hasLetter(String s) {
    return s.chars().anyMatch(Character::isLetter);
  }

  private static boolean hasUpperAndLower(String s) {
    return s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase);
  }
}
