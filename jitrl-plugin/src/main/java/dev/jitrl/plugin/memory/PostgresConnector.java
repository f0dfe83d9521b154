package dev.jitrl.plugin.memory;

import dev.jitrl.plugin.config.ServerMemory;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Opens connections to a PostgreSQL memory. The credentials are read once from the environment variables the
 * configuration names; they are kept only in the driver's properties and never appear in {@link #toString()},
 * {@link #location()} or any message.
 */
final class PostgresConnector {
  private final String url;
  private final String location;
  private final Properties properties;

  private PostgresConnector(String url, Properties properties) {
    this.url = url;
    this.location = ServerMemory.redact(url);
    this.properties = properties;
  }

  /**
   * @param server the configured memory
   * @param environment where the credentials are looked up (the process environment in production)
   */
  static PostgresConnector of(ServerMemory server, Map<String, String> environment) {
    Properties p = new Properties();
    String user = environment.get(server.userEnv());
    String password = environment.get(server.passwordEnv());
    if (user != null && !user.isEmpty()) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("ApplicationName", "jitrl");
    // Fail fast while the server is away: the episode goes to the outbox and decisions never wait on this.
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "120");
    p.setProperty("tcpKeepAlive", "true");
    // One multi-row INSERT per episode instead of one round trip per step.
    p.setProperty("reWriteBatchedInserts", "true");
    return new PostgresConnector(server.url(), p);
  }

  /** The server and database, without credentials or parameters. */
  String location() {
    return location;
  }

  /**
   * A new connection.
   *
   * @throws SQLException as the driver reports it (its messages never hold the password)
   */
  Connection connect() throws SQLException {
    // The driver is used directly: inside a plugin class loader DriverManager does not see it.
    Connection c = new org.postgresql.Driver().connect(url, properties);
    if (c == null) {
      throw new SQLException("the PostgreSQL driver refused the URL " + location);
    }
    return c;
  }

  /**
   * Whether a failure means the server cannot be reached now (the same request may work later): connection
   * failures (SQLState class 08), the server shutting down or starting (57P01-57P03), too many connections
   * (53300), or an I/O error underneath.
   */
  static boolean unavailable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Whether the server refused the data itself (bad value, constraint, size limit): retrying will not help. */
  static boolean rejected(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
  }

  @Override
  public String toString() {
    return "PostgresConnector[" + location + "]";
  }
}
