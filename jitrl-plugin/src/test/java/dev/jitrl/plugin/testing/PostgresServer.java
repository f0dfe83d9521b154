package dev.jitrl.plugin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from Debian's {@code postgresql} package, for tests: a fresh cluster in a temporary
 * folder, listening on 127.0.0.1 only on a free port, no Unix socket, password authentication. When the tests
 * run as root the cluster belongs to, and runs as, the unprivileged system user {@value #SYSTEM_USER}
 * (PostgreSQL refuses to run as root). {@link #close()} stops it and deletes the folder.
 *
 * <p>The server can be stopped and started again on the same port and data ({@link #stop()}, {@link #start()}),
 * to test what clients do while it is away.
 */
public final class PostgresServer implements AutoCloseable {
  /** The system user that owns and runs the cluster when the tests run as root. */
  public static final String SYSTEM_USER = "jitrlpg";
  /** The superuser of the test cluster. */
  public static final String USER = "jitrl";

  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private final String password;
  private final boolean asRoot;
  private boolean running;

  private PostgresServer(Path bin, Path dir, int port, String password, boolean asRoot) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.password = password;
    this.asRoot = asRoot;
  }

  /** Creates a cluster in a fresh temporary folder and starts it. */
  public static PostgresServer launch(String... settings) {
    Path bin = findBinaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path dir = Files.createTempDirectory("jitrl-pg-");
      byte[] secret = new byte[12];
      new SecureRandom().nextBytes(secret);
      PostgresServer server = new PostgresServer(bin, dir, freePort(), HexFormat.of().formatHex(secret), root);
      try {
        server.init(List.of(settings));
        server.start();
      } catch (RuntimeException | IOException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a test PostgreSQL server", e);
    }
  }

  /** The newest installed major version's binaries ({@code /usr/lib/postgresql/15/bin}). */
  static Path findBinaries() {
    Path base = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.list(base)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("postgres")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL under " + base + ": run scripts/setup.sh"));
    } catch (IOException e) {
      throw new IllegalStateException("PostgreSQL is not installed (" + base + " is missing): run scripts/setup.sh", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private void init(List<String> settings) throws IOException {
    Path pwfile = dir.resolve("pw");
    Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
    if (asRoot) {
      run(List.of("sh", "-c", "id -u " + SYSTEM_USER + " >/dev/null 2>&1 || useradd --system --no-create-home"
          + " --shell /usr/sbin/nologin " + SYSTEM_USER), 60);
      run(List.of("chown", "-R", SYSTEM_USER, dir.toString()), 60);
    }
    run(asUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
        "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync")), 120);
    Files.delete(pwfile);
    List<String> conf = new ArrayList<>(List.of(
        "listen_addresses = '127.0.0.1'",
        "port = " + port,
        "unix_socket_directories = ''",
        "max_connections = 60",
        "logging_collector = off"));
    for (String s : settings) {
      conf.add(s);
    }
    Files.writeString(data.resolve("postgresql.conf"), String.join("\n", conf) + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** Starts the server (again) and waits until it accepts connections. */
  public synchronized void start() {
    if (running) {
      return;
    }
    run(asUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
        "-w", "-t", "60", "start")), 90);
    running = true;
  }

  /** Stops the server (fast shutdown: sessions are ended, committed data is kept). */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    run(asUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60",
        "stop")), 90);
    running = false;
  }

  public synchronized boolean running() {
    return running;
  }

  public int port() {
    return port;
  }

  /** The JDBC URL of a database on this server (without credentials). */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The superuser's credentials as environment variables, under the names the plugin reads by default. */
  public Map<String, String> environment() {
    return Map.of("JITRL_PG_USER", USER, "JITRL_PG_PASSWORD", password);
  }

  public String password() {
    return password;
  }

  /** Creates an empty database and returns its JDBC URL. */
  public String createDatabase(String name) {
    if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
      throw new IllegalArgumentException("database name " + name);
    }
    try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return url(name);
  }

  /** A superuser connection to {@code database}. */
  public Connection connect(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", USER);
    p.setProperty("password", password);
    Connection c = new org.postgresql.Driver().connect(url(database), p);
    if (c == null) {
      throw new SQLException("driver refused " + url(database));
    }
    return c;
  }

  /** The server's log so far (for failure messages). */
  public String log() {
    try {
      return Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private List<String> asUser(List<String> command) {
    if (!asRoot) {
      return command;
    }
    List<String> out = new ArrayList<>(List.of("runuser", "-u", SYSTEM_USER, "--"));
    out.addAll(command);
    return out;
  }

  private void run(List<String> command, int timeoutSeconds) {
    try {
      Path out = Files.createTempFile(dir, "cmd", ".out");
      if (asRoot) {
        // written by the unprivileged user through runuser's inherited descriptor; owned by root, that is fine
        out.toFile().setWritable(true, false);
      }
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
            + Files.readString(out, StandardCharsets.UTF_8) + "\n" + log());
      }
      Files.deleteIfExists(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      stop();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary folder left behind is harmless
      }
    }
  }
}
