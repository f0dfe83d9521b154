package dev.jitrl.plugin.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Episodes not written to the shared memory yet, in a local SQLite file: durable across a crash
 * of the host (WAL, {@code synchronous=FULL}: an episode handed over survives even a power cut), in arrival order,
 * one row per episode key. Episodes the server refused for their content (not for being away) are moved to a
 * table of their own, kept for a person to look at, never dropped.
 *
 * <p>Several processes of one host may share the file: SQLite serializes them, and an episode sent twice is
 * stored once by the shared memory.
 */
final class EpisodeOutbox implements AutoCloseable {
  private final Path path;
  private final Connection connection;
  private final Object lock = new Object();

  private EpisodeOutbox(Path path, Connection connection) {
    this.path = path;
    this.connection = connection;
  }

  /** One episode waiting, with its row id. */
  record Pending(long id, EpisodeRecord episode) {}

  static EpisodeOutbox open(Path path) {
    Path file = path.toAbsolutePath();
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (IOException e) {
      throw new MemoryException("cannot create the folder of outbox " + file + ": " + e, e);
    }
    try {
      Properties p = new Properties();
      p.setProperty("busy_timeout", "30000");
      Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, p);
      if (c == null) {
        throw new SQLException("the SQLite driver refused the URL");
      }
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=FULL");
        st.execute("CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " episode_key TEXT NOT NULL UNIQUE, episode TEXT NOT NULL)");
        st.execute("CREATE TABLE IF NOT EXISTS rejected (id INTEGER PRIMARY KEY AUTOINCREMENT,"
            + " episode_key TEXT NOT NULL, episode TEXT NOT NULL, reason TEXT NOT NULL)");
      }
      return new EpisodeOutbox(file, c);
    } catch (SQLException e) {
      throw new MemoryException("cannot open outbox " + file + ": " + e.getMessage(), e);
    }
  }

  Path path() {
    return path;
  }

  /**
   * Keeps an episode until it is sent (durable when this returns); a key already waiting is kept once.
   *
   * @return its row id, or -1 if its key was already waiting
   */
  long add(EpisodeRecord episode) {
    String json = EpisodeJson.write(episode); // outside the lock: the sender reads meanwhile
    synchronized (lock) {
      try (PreparedStatement ins = connection.prepareStatement(
          "INSERT OR IGNORE INTO outbox(episode_key, episode) VALUES (?, ?)")) {
        ins.setString(1, episode.key());
        ins.setString(2, json);
        if (ins.executeUpdate() == 0) {
          return -1;
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
          rs.next();
          return rs.getLong(1);
        }
      } catch (SQLException e) {
        throw new MemoryException("cannot keep episode " + episode.key() + " in outbox " + path + ": " + e.getMessage(), e);
      }
    }
  }

  /** The oldest waiting episodes, at most {@code limit}. */
  List<Pending> oldest(int limit) {
    return oldest(limit, id -> null);
  }

  /**
   * The oldest waiting episodes, at most {@code limit}; {@code known} gives the episodes this process still holds by
   * row id, which are not read back from their JSON (null for the others, parsed outside the lock).
   */
  List<Pending> oldest(int limit, java.util.function.LongFunction<EpisodeRecord> known) {
    List<Long> ids = new ArrayList<>();
    List<Object> rows = new ArrayList<>();
    synchronized (lock) {
      try (PreparedStatement q = connection.prepareStatement("SELECT id, episode FROM outbox ORDER BY id LIMIT ?")) {
        q.setInt(1, limit);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong(1);
            EpisodeRecord held = known.apply(id);
            ids.add(id);
            rows.add(held != null ? held : rs.getString(2));
          }
        }
      } catch (SQLException e) {
        throw new MemoryException("cannot read outbox " + path + ": " + e.getMessage(), e);
      }
    }
    List<Pending> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      Object row = rows.get(i);
      out.add(new Pending(ids.get(i), row instanceof EpisodeRecord e ? e : EpisodeJson.read((String) row)));
    }
    return out;
  }

  /** Forgets an episode that the shared memory now holds. */
  void remove(long id) {
    synchronized (lock) {
      try (PreparedStatement del = connection.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
        del.setLong(1, id);
        del.executeUpdate();
      } catch (SQLException e) {
        throw new MemoryException("cannot update outbox " + path + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Forgets episodes that the shared memory now holds, in one transaction written without waiting for the disk: a
   * delete lost in a power cut only means the burst is sent again, which stores nothing (episode keys). The next
   * {@link #add}'s flush writes it out anyway (the log is sequential).
   */
  void removeAll(List<Long> ids) {
    synchronized (lock) {
      try (Statement st = connection.createStatement()) {
        st.execute("PRAGMA synchronous=NORMAL");
        try {
          deleteAll(ids);
        } finally {
          st.execute("PRAGMA synchronous=FULL");
        }
      } catch (SQLException e) {
        throw new MemoryException("cannot update outbox " + path + ": " + e.getMessage(), e);
      }
    }
  }

  private void deleteAll(List<Long> ids) throws SQLException {
    inTransaction(() -> {
      try (PreparedStatement del = connection.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
        for (long id : ids) {
          del.setLong(1, id);
          del.addBatch();
        }
        del.executeBatch();
      }
    });
  }

  /** Work on the outbox's connection that must happen in one statement or not at all. */
  private interface SqlWork {
    void run() throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  private void inTransaction(SqlWork work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      work.run();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Moves an episode the server refused for its content to the rejected table, in one transaction. */
  void reject(Pending p, String reason) {
    synchronized (lock) {
      try {
        inTransaction(() -> {
          try (PreparedStatement ins = connection.prepareStatement(
                  "INSERT INTO rejected(episode_key, episode, reason) VALUES (?, ?, ?)");
              PreparedStatement del = connection.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
            ins.setString(1, p.episode().key());
            ins.setString(2, EpisodeJson.write(p.episode()));
            ins.setString(3, reason);
            ins.executeUpdate();
            del.setLong(1, p.id());
            del.executeUpdate();
          }
        });
      } catch (SQLException e) {
        throw new MemoryException("cannot update outbox " + path + ": " + e.getMessage(), e);
      }
    }
  }

  /** Episodes waiting. */
  long size() {
    return count("outbox");
  }

  /** Episodes the server refused, kept for inspection. */
  long rejected() {
    return count("rejected");
  }

  private long count(String table) {
    synchronized (lock) {
      try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException e) {
        throw new MemoryException("cannot read outbox " + path + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      try {
        connection.close();
      } catch (SQLException e) {
        throw new MemoryException("cannot close outbox " + path + ": " + e.getMessage(), e);
      }
    }
  }
}
