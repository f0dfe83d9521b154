package dev.jitrl.plugin.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a fleet's shared memory lives: a PostgreSQL database, with the names of the environment variables that
 * hold the credentials (the credentials themselves are never part of the configuration), the local outbox file
 * and the catch-up period of the hot index.
 *
 * @param url {@code jdbc:postgresql://host[:port]/database}, or empty for the SQLite file
 * @param userEnv the environment variable holding the user name
 * @param passwordEnv the environment variable holding the password
 * @param outbox the local SQLite file where episodes wait while the server cannot be reached
 * @param catchUpMillis how often the hot index looks for new rows without a notification
 */
public record ServerMemory(String url, String userEnv, String passwordEnv, Path outbox, long catchUpMillis) {
  private static final Pattern URL = Pattern.compile("jdbc:postgresql://[^/?#\\s]+/[^/?#\\s]+(\\?[^#\\s]*)?");

  public ServerMemory {
    requireUrl(Objects.requireNonNull(url, "url"));
    Setting.MEMORY_USER_ENV.requireVariableName(Objects.requireNonNull(userEnv, "userEnv"));
    Setting.MEMORY_PASSWORD_ENV.requireVariableName(Objects.requireNonNull(passwordEnv, "passwordEnv"));
    Setting.MEMORY_OUTBOX.requirePath(Objects.requireNonNull(outbox, "outbox"));
    Setting.MEMORY_CATCH_UP_MILLIS.require(catchUpMillis);
  }

  /** Checks a {@code jitrl.memory.url} value: empty, or a PostgreSQL URL without credentials. */
  static String requireUrl(String url) {
    if (!url.isEmpty() && !isValidUrl(url)) {
      throw Setting.MEMORY_URL.invalid(url);
    }
    return url;
  }

  /** Whether a PostgreSQL memory is configured. */
  public boolean enabled() {
    return !url.isEmpty();
  }

  /**
   * A PostgreSQL JDBC URL with a host and a database, without credentials: a password written into the URL would
   * end up in shell histories, process lists and configuration files; it belongs in the environment variable.
   */
  static boolean isValidUrl(String url) {
    if (!URL.matcher(url).matches()) {
      return false;
    }
    String lower = url.toLowerCase(Locale.ROOT);
    String authority = lower.substring("jdbc:postgresql://".length(), lower.indexOf('/', "jdbc:postgresql://".length()));
    return !authority.contains("@") && !lower.contains("password=");
  }

  /** The address part of a JDBC URL, for messages: what follows {@code ?} and any {@code user:pass@} are dropped. */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String out = url;
    int q = out.indexOf('?');
    if (q >= 0) {
      out = out.substring(0, q) + "?…";
    }
    int scheme = out.indexOf("://");
    int at = out.indexOf('@');
    if (scheme >= 0 && at > scheme) {
      out = out.substring(0, scheme + 3) + "…@" + out.substring(at + 1);
    }
    return out;
  }
}
