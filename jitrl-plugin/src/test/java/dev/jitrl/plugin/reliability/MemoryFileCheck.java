package dev.jitrl.plugin.reliability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a memory file holds, read with a plain SQLite connection (not through the memory bank under test):
 * integrity, and every episode with its declared and actual step counts.
 */
public record MemoryFileCheck(String integrity, Map<String, long[]> episodes, long steps) {

  public static MemoryFileCheck of(Path file) throws SQLException {
    Properties p = new Properties();
    p.setProperty("busy_timeout", "30000");
    try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file.toAbsolutePath(), p);
        Statement st = c.createStatement()) {
      String integrity;
      try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
        StringBuilder sb = new StringBuilder();
        while (rs.next()) {
          sb.append(sb.length() == 0 ? "" : "; ").append(rs.getString(1));
        }
        integrity = sb.toString();
      }
      Map<String, long[]> episodes = new HashMap<>();
      try (ResultSet rs = st.executeQuery("SELECT e.episode_key, e.step_count, (SELECT count(*) FROM steps s"
          + " WHERE s.episode_id = e.id) FROM episodes e")) {
        while (rs.next()) {
          episodes.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        }
      }
      long steps;
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM steps")) {
        rs.next();
        steps = rs.getLong(1);
      }
      return new MemoryFileCheck(integrity, episodes, steps);
    }
  }

  /** Episodes whose declared step count differs from the rows present (a half-written episode). */
  public Map<String, String> halfEpisodes() {
    Map<String, String> out = new HashMap<>();
    episodes.forEach((k, v) -> {
      if (v[0] != v[1]) {
        out.put(k, v[1] + " of " + v[0] + " steps");
      }
    });
    return out;
  }

  /** Per episode key, the digest of its stored actions in step order (see {@link SharedMemoryAgents#digest}). */
  public static Map<String, String> digests(Path file) throws SQLException {
    Map<String, java.util.List<String>> actions = new java.util.LinkedHashMap<>();
    try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file.toAbsolutePath(), new Properties());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT e.episode_key, s.raw_action FROM steps s JOIN episodes e"
            + " ON s.episode_id = e.id ORDER BY e.id, s.step_index")) {
      while (rs.next()) {
        actions.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>()).add(rs.getString(2));
      }
    }
    Map<String, String> out = new HashMap<>();
    actions.forEach((k, v) -> out.put(k, SharedMemoryAgents.digest(v)));
    return out;
  }
}
