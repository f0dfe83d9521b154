package dev.jitrl.plugin.memory;

import dev.jitrl.api.MemoryAdministration.ImportSummary;
import dev.jitrl.plugin.json.Json;
import dev.jitrl.plugin.state.NormalizedAction;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory of a fleet in one PostgreSQL database, behind the same interface and with the same rules as
 * {@link SqliteMemoryBank}: schema version and migrations applied on open, one transaction per episode, storing an
 * episode key twice stores it once, the oldest whole episodes evicted beyond {@code maxSteps}.
 *
 * <p>Migrations run under one advisory lock ({@code pg_advisory_xact_lock}), so hosts that start at once apply
 * them once. Writers take the row lock of the one-row table {@code jitrl_meta} first: like SQLite's write lock this
 * serializes episode writes, so step ids are assigned in commit order, which is what lets every host's hot index
 * follow the table with "ids after the largest one I have" and never miss a row committed late with a smaller id.
 * The same lock keeps the step count exact for eviction.
 *
 * <p>Every commit notifies the channel {@value #CHANNEL}; {@link #onChange(Runnable)} listeners are called on each
 * notification and, without one, every {@code catchUpMillis} (a notification can be missed while a connection is
 * down, the catch-up cannot).
 *
 * <p>PostgreSQL text cannot hold U+0000, which pages do contain: text is stored with U+0000 written as
 * U+E000 '0' and U+E000 as U+E000 U+E000, so that every string comes back exactly as it was written.
 *
 * <p>Thread-safe: one connection for reads and writes, guarded by a lock, reopened when it broke; one more for
 * the change feed.
 */
public final class PostgresMemoryBank implements MemoryBank {
  /** The schema version this code writes. */
  public static final int SCHEMA_VERSION = 1;
  /** The notification channel of new episodes. */
  public static final String CHANNEL = "jitrl_memory";
  /** The advisory lock key of migrations ("jitrlMig"). */
  static final long MIGRATION_LOCK = 0x6a6974726c4d6967L;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresMemoryBank.class);
  private static final char ESCAPE = '\uE000';

  private static final List<String> MIGRATION_1 = List.of(
      """
      CREATE TABLE jitrl_episodes (
        id BIGSERIAL PRIMARY KEY,
        episode_key TEXT NOT NULL UNIQUE,
        goal TEXT NOT NULL,
        outcome TEXT NOT NULL,
        env_reward DOUBLE PRECISION NOT NULL,
        outcome_reason TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        policy TEXT NOT NULL,
        config_fingerprint TEXT NOT NULL,
        judge TEXT NOT NULL,
        tags TEXT NOT NULL,
        step_count INTEGER NOT NULL)""",
      """
      CREATE TABLE jitrl_steps (
        id BIGSERIAL PRIMARY KEY,
        episode_id BIGINT NOT NULL REFERENCES jitrl_episodes(id) ON DELETE CASCADE,
        step_index INTEGER NOT NULL,
        goal TEXT NOT NULL,
        site TEXT NOT NULL,
        url_pattern TEXT NOT NULL,
        context TEXT NOT NULL,
        action TEXT NOT NULL,
        action_type TEXT NOT NULL,
        action_role TEXT NOT NULL,
        action_label TEXT NOT NULL,
        action_ordinal INTEGER NOT NULL,
        action_arg TEXT NOT NULL,
        raw_action TEXT NOT NULL,
        reward DOUBLE PRECISION NOT NULL,
        ret DOUBLE PRECISION NOT NULL,
        reason TEXT NOT NULL,
        explanation TEXT,
        UNIQUE (episode_id, step_index))""",
      "CREATE TABLE jitrl_meta (id INTEGER PRIMARY KEY CHECK (id = 1), step_count BIGINT NOT NULL)",
      "INSERT INTO jitrl_meta VALUES (1, 0)");

  private static final List<List<String>> MIGRATIONS = List.of(MIGRATION_1);

  private final PostgresConnector connector;
  private final long maxSteps;
  private final Clock clock;
  private final long catchUpMillis;
  private final Object lock = new Object();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private Connection connection;
  /** The connection of bursts ({@link #appendAll}), so that a burst's commit does not hold up the hot index's reads. */
  private Connection burstConnection;
  private final Object burstLock = new Object();
  private boolean migrated;
  private Thread feed;
  /** The server process of this bank's own connection: its notifications need no refresh (the writer refreshes). */
  private volatile int ownBackend = -1;
  /** The feed's connection, closed by {@link #close()} to end a wait for notifications at once. */
  private volatile Connection feedConnection;

  private PostgresMemoryBank(PostgresConnector connector, long maxSteps, Clock clock, long catchUpMillis) {
    this.connector = connector;
    this.maxSteps = maxSteps;
    this.clock = clock;
    this.catchUpMillis = catchUpMillis;
  }

  /**
   * Opens the memory: connects and applies migrations under the migration lock.
   *
   * @throws MemoryUnavailableException when the server cannot be reached now
   * @throws MemoryException when it refuses (credentials, missing database, newer schema): a configuration error
   */
  public static PostgresMemoryBank open(PostgresConnector connector, long maxSteps, Clock clock, long catchUpMillis) {
    PostgresMemoryBank bank = openLazily(connector, maxSteps, clock, catchUpMillis);
    bank.ready();
    return bank;
  }

  /** A bank that connects and migrates at its first use: a host may start while the server is away. */
  static PostgresMemoryBank openLazily(PostgresConnector connector, long maxSteps, Clock clock, long catchUpMillis) {
    return new PostgresMemoryBank(connector, maxSteps, clock, catchUpMillis);
  }

  @Override
  public String location() {
    return connector.location();
  }

  /** Connects (and migrates) now if not done yet. */
  public void ready() {
    synchronized (lock) {
      try {
        connection();
      } catch (SQLException e) {
        throw failure("cannot open", e);
      }
    }
  }

  // ---------------------------------------------------------------- connection

  /** The open connection, reopened (and the schema migrated, once) when needed. Call under {@link #lock}. */
  private Connection connection() throws SQLException {
    if (connection != null) {
      return connection;
    }
    Connection c = connector.connect();
    try {
      ownBackend = c.unwrap(PGConnection.class).getBackendPID();
      try (Statement st = c.createStatement()) {
        // Every query of this bank is a key or id-range lookup that an index serves. A table that grew since its
        // statistics were taken (a fresh memory filling up, before autovacuum's next ANALYZE) looks tiny to the
        // planner, which then scans and sorts all of it for "min(id)" and "id > ?" at every refresh.
        st.execute("SET enable_seqscan = off");
      }
      c.setAutoCommit(false);
      if (!migrated) {
        migrate(c);
        migrated = true;
      }
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    connection = c;
    return c;
  }

  private void migrate(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      // Ten hosts starting at once: one applies the migrations, the others wait here and then find them done.
      st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
      st.execute("CREATE TABLE IF NOT EXISTS jitrl_schema_version (version INTEGER NOT NULL)");
      int version;
      try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM jitrl_schema_version")) {
        rs.next();
        version = rs.getInt(1);
      }
      if (version > SCHEMA_VERSION) {
        c.rollback();
        throw new MemoryException("memory " + location() + " has schema version " + version
            + ", newer than this plugin understands (" + SCHEMA_VERSION + "); it was left untouched");
      }
      for (int v = version + 1; v <= SCHEMA_VERSION; v++) {
        for (String sql : MIGRATIONS.get(v - 1)) {
          st.execute(sql);
        }
        st.execute("DELETE FROM jitrl_schema_version");
        st.execute("INSERT INTO jitrl_schema_version(version) VALUES (" + v + ")");
      }
      c.commit();
      if (version < SCHEMA_VERSION) {
        LOG.info("memory {} migrated from schema version {} to {}", location(), version, SCHEMA_VERSION);
      }
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the original failure is what matters
      }
      throw e;
    }
  }

  /** After a failure: roll back, and drop the connection if it is broken so that the next call reconnects. */
  private void afterFailure(SQLException e) {
    if (connection == null) {
      return;
    }
    boolean broken = PostgresConnector.unavailable(e);
    try {
      broken |= connection.isClosed();
      if (!broken) {
        connection.rollback();
      }
    } catch (SQLException again) {
      broken = true;
    }
    if (broken) {
      closeQuietly(connection);
      connection = null;
    }
  }

  private MemoryException failure(String what, SQLException e) {
    afterFailure(e);
    String message = what + " memory " + location() + ": " + e.getMessage();
    return PostgresConnector.unavailable(e) ? new MemoryUnavailableException(message, e) : new MemoryException(message, e);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // already gone
    }
  }

  // ---------------------------------------------------------------- text

  /** PostgreSQL text cannot hold U+0000: an escape that every string survives unchanged. */
  static String encode(String s) {
    if (s == null || (s.indexOf('\u0000') < 0 && s.indexOf(ESCAPE) < 0)) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\u0000') {
        sb.append(ESCAPE).append('0');
      } else if (ch == ESCAPE) {
        sb.append(ESCAPE).append(ESCAPE);
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  static String decode(String s) {
    if (s == null || s.indexOf(ESCAPE) < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == ESCAPE && i + 1 < s.length()) {
        char next = s.charAt(++i);
        sb.append(next == '0' ? '\u0000' : next);
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- writes

  @Override
  public AppendResult append(EpisodeRecord episode) {
    synchronized (lock) {
      try {
        Connection c = connection();
        return episode.steps().size() <= ONE_STATEMENT_STEPS ? appendFast(c, episode) : appendGeneral(c, episode);
      } catch (SQLException e) {
        throw failure("cannot store episode " + episode.key() + " in", e);
      } catch (RuntimeException e) {
        afterFailure(new SQLException(e));
        throw new MemoryException("cannot store episode " + episode.key() + " in memory " + location() + ": " + e, e);
      }
    }
  }

  private AppendResult appendGeneral(Connection c, EpisodeRecord episode) throws SQLException {
    long count = beginWrite(c);
    Appended a = appendInTransaction(c, episode, count);
    finishWrite(c, a.stepCount(), a.result().stored());
    return a.result();
  }

  /**
   * The same transaction in three round trips instead of seven (every round trip waits for the server to be
   * scheduled, which on a loaded host costs more than the work): the write lock, the step count and the
   * notification in one statement; the episode and its steps in one statement; the commit.
   */
  private AppendResult appendFast(Connection c, EpisodeRecord e) throws SQLException {
    int n = e.steps().size();
    long count;
    try (PreparedStatement lockAndCount = c.prepareStatement("UPDATE jitrl_meta SET step_count = step_count + ?"
        + " WHERE id = 1 RETURNING step_count, pg_notify('" + CHANNEL + "', '')")) {
      lockAndCount.setLong(1, n);
      try (ResultSet rs = lockAndCount.executeQuery()) {
        rs.next();
        count = rs.getLong(1);
      }
    }
    long episodeId = insertWithSteps(c, e);
    if (episodeId < 0) {
      // Already stored (a resend): undo the count and the notification, and name the stored row.
      c.rollback();
      long existing;
      try (PreparedStatement find = c.prepareStatement("SELECT id FROM jitrl_episodes WHERE episode_key = ?")) {
        find.setString(1, encode(e.key()));
        try (ResultSet rs = find.executeQuery()) {
          existing = rs.next() ? rs.getLong(1) : 0;
        }
      }
      c.commit();
      return new AppendResult(false, existing, 0);
    }
    long boundary = 0;
    if (count > maxSteps) {
      Evicted ev = evictOldest(c, count, maxSteps, episodeId);
      if (ev.removed() > 0) {
        try (PreparedStatement up = c.prepareStatement("UPDATE jitrl_meta SET step_count = ? WHERE id = 1")) {
          up.setLong(1, count - ev.removed());
          up.executeUpdate();
        }
      }
      boundary = ev.boundaryStep();
    }
    c.commit();
    return new AppendResult(true, episodeId, boundary);
  }

  /** The most steps one burst writes (its arrays travel in one message). */
  static final int BURST_STEPS = 20_000;

  /**
   * Stores several episodes in one transaction: one synchronous commit (one flush of the server's log) for all of
   * them, which is what makes a backlog of small episodes cheap to send. Same rules as {@link #append}: the write
   * lock is taken before any id is assigned (step ids follow commit order), an episode key already stored is
   * skipped, the oldest whole episodes are evicted beyond the bound after the burst. All or nothing.
   *
   * @return how many of the episodes were stored (the others were stored before)
   * @throws MemoryException if the burst cannot be stored; then nothing of it is stored
   */
  @Override
  public long appendAll(List<EpisodeRecord> episodes) {
    Map<String, EpisodeRecord> unique = new LinkedHashMap<>();
    for (EpisodeRecord e : episodes) {
      unique.putIfAbsent(e.key(), e); // one row per key, as the second would be skipped anyway
    }
    if (unique.isEmpty()) {
      return 0;
    }
    synchronized (burstLock) {
      try {
        Connection c = burstConnection();
        try {
          return appendBurst(c, List.copyOf(unique.values()));
        } catch (SQLException | RuntimeException e) {
          burstFailed(c, e instanceof SQLException s ? s : new SQLException(e));
          throw e;
        }
      } catch (SQLException e) {
        String message = "cannot store " + unique.size() + " episodes in memory " + location() + ": " + e.getMessage();
        throw PostgresConnector.unavailable(e) ? new MemoryUnavailableException(message, e) : new MemoryException(message, e);
      } catch (RuntimeException e) {
        throw new MemoryException("cannot store " + unique.size() + " episodes in memory " + location() + ": " + e, e);
      }
    }
  }

  /** The burst connection, opened after the main one has migrated the schema. Call under {@link #burstLock}. */
  private Connection burstConnection() throws SQLException {
    if (burstConnection != null) {
      return burstConnection;
    }
    synchronized (lock) {
      if (connection != null && !connection.isValid(2)) {
        // Reconnecting after a failure: the server restarted, and the main connection is as dead as the burst one
        // was. Dropped now so that the next read reconnects instead of failing once.
        closeQuietly(connection);
        connection = null;
      }
      connection(); // migrations first, once
    }
    Connection c = connector.connect();
    try {
      try (Statement st = c.createStatement()) {
        st.execute("SET enable_seqscan = off");
      }
      c.setAutoCommit(false);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    burstConnection = c;
    return c;
  }

  private void burstFailed(Connection c, SQLException e) {
    boolean broken = PostgresConnector.unavailable(e);
    try {
      broken |= c.isClosed();
      if (!broken) {
        c.rollback();
      }
    } catch (SQLException again) {
      broken = true;
    }
    if (broken) {
      closeQuietly(c);
      burstConnection = null;
    }
  }

  /**
   * Three round trips for the whole burst: the write lock; the episodes, their steps and the new step count in one
   * statement (columns as arrays, so its size does not depend on the burst's); the commit.
   */
  private long appendBurst(Connection c, List<EpisodeRecord> burst) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("UPDATE jitrl_meta SET step_count = step_count WHERE id = 1"
            + " RETURNING pg_notify('" + CHANNEL + "', '')")) {
      rs.next(); // the row lock is held from here to the commit: no id below is assigned before it
    }
    int n = burst.size();
    int total = 0;
    for (EpisodeRecord e : burst) {
      total += e.steps().size();
    }
    Object[][] ep = new Object[12][n];
    Object[][] st = new Object[17][total];
    int j = 0;
    for (int i = 0; i < n; i++) {
      EpisodeRecord e = burst.get(i);
      String key = encode(e.key());
      Object[] row = {key, encode(e.goal()), e.outcome().name().toLowerCase(Locale.ROOT), e.envReward(),
          encode(e.outcomeReason()), e.startedAt().toString(), e.endedAt().toString(), encode(e.policy()),
          encode(e.configFingerprint()), encode(e.judge()), encode(Json.write(e.tags())), e.steps().size()};
      for (int col = 0; col < row.length; col++) {
        ep[col][i] = row[col];
      }
      for (StoredStep s : e.steps()) {
        NormalizedAction a = s.action();
        Object[] step = {key, s.stepIndex(), encode(s.goal()), encode(s.site()), encode(s.urlPattern()),
            encode(Json.write(s.context())), encode(a.text()), a.type().verb(), encode(a.role()), encode(a.label()),
            a.ordinal(), encode(a.arg()), encode(s.rawAction()), s.reward(), s.ret(), encode(s.reason()),
            encode(s.explanation().orElse(null))};
        for (int col = 0; col < step.length; col++) {
          st[col][j] = step[col];
        }
        j++;
      }
    }
    String[] epTypes = {"text", "text", "text", "float8", "text", "text", "text", "text", "text", "text", "text", "int4"};
    String[] stTypes = {"text", "int4", "text", "text", "text", "text", "text", "text", "text", "text", "int4", "text",
        "text", "float8", "float8", "text", "text"};
    long stored;
    long count;
    long newest;
    try (PreparedStatement ins = c.prepareStatement(BURST_SQL)) {
      int p = 1;
      for (int col = 0; col < epTypes.length; col++) {
        ins.setArray(p++, c.createArrayOf(epTypes[col], ep[col]));
      }
      ins.setString(p++, Instant.now(clock).toString());
      for (int col = 0; col < stTypes.length; col++) {
        ins.setArray(p++, c.createArrayOf(stTypes[col], st[col]));
      }
      try (ResultSet rs = ins.executeQuery()) {
        rs.next();
        stored = rs.getLong(1);
        count = rs.getLong(2);
        newest = rs.getLong(3);
      }
    }
    if (stored == 0) {
      c.rollback(); // every episode was stored before (a resend): nothing to notify
      return 0;
    }
    if (count > maxSteps) {
      Evicted ev = evictOldest(c, count, maxSteps, newest);
      if (ev.removed() > 0) {
        try (PreparedStatement up = c.prepareStatement("UPDATE jitrl_meta SET step_count = ? WHERE id = 1")) {
          up.setLong(1, count - ev.removed());
          up.executeUpdate();
        }
      }
    }
    c.commit();
    return stored;
  }

  /**
   * Episodes in burst order (ids follow it: the volatile default {@code nextval} is evaluated after the sort), then
   * the steps of the episodes that were not stored before, joined by key, in burst and step order, and the step
   * count kept in the locked meta row.
   */
  private static final String BURST_SQL = """
      WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::float8[], ?::text[], ?::text[], ?::text[],
            ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[]) WITH ORDINALITY AS v(episode_key, goal, outcome,
            env_reward, outcome_reason, started_at, ended_at, policy, config_fingerprint, judge, tags, step_count, ord)),
        e AS (INSERT INTO jitrl_episodes(episode_key, goal, outcome, env_reward, outcome_reason, started_at, ended_at,
            stored_at, policy, config_fingerprint, judge, tags, step_count)
          SELECT episode_key, goal, outcome, env_reward, outcome_reason, started_at, ended_at, ?, policy,
            config_fingerprint, judge, tags, step_count FROM v ORDER BY ord
          ON CONFLICT (episode_key) DO NOTHING RETURNING id, episode_key, step_count),
        s AS (INSERT INTO jitrl_steps(episode_id, step_index, goal, site, url_pattern, context, action, action_type,
            action_role, action_label, action_ordinal, action_arg, raw_action, reward, ret, reason, explanation)
          SELECT e.id, w.step_index, w.goal, w.site, w.url_pattern, w.context, w.action, w.action_type, w.action_role,
            w.action_label, w.action_ordinal, w.action_arg, w.raw_action, w.reward, w.ret, w.reason, w.explanation
          FROM unnest(?::text[], ?::int4[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
            ?::text[], ?::int4[], ?::text[], ?::text[], ?::float8[], ?::float8[], ?::text[], ?::text[]) WITH ORDINALITY
            AS w(episode_key, step_index, goal, site, url_pattern, context, action, action_type, action_role,
            action_label, action_ordinal, action_arg, raw_action, reward, ret, reason, explanation, ord)
          JOIN e ON e.episode_key = w.episode_key ORDER BY w.ord RETURNING 1),
        m AS (UPDATE jitrl_meta SET step_count = step_count + (SELECT coalesce(sum(step_count), 0) FROM e)
          WHERE id = 1 RETURNING step_count)
      SELECT (SELECT count(*) FROM e), (SELECT step_count FROM m), (SELECT coalesce(max(id), 0) FROM e),
        (SELECT count(*) FROM s)""";

  /** Episodes up to this many steps are written with one statement (16 parameters a step, 65,535 at most). */
  static final int ONE_STATEMENT_STEPS = 1000;

  /** Inserts the episode and its steps in one statement; returns the episode's row id, or -1 if its key is stored. */
  private long insertWithSteps(Connection c, EpisodeRecord e) throws SQLException {
    StringBuilder sql = new StringBuilder(512 + 60 * e.steps().size());
    sql.append("WITH e AS (INSERT INTO jitrl_episodes(episode_key, goal, outcome, env_reward, outcome_reason,"
        + " started_at, ended_at, stored_at, policy, config_fingerprint, judge, tags, step_count)"
        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (episode_key) DO NOTHING RETURNING id)");
    if (!e.steps().isEmpty()) {
      sql.append(", s AS (INSERT INTO jitrl_steps(episode_id, step_index, goal, site, url_pattern, context, action,"
          + " action_type, action_role, action_label, action_ordinal, action_arg, raw_action, reward, ret, reason,"
          + " explanation) SELECT e.id, v.* FROM e CROSS JOIN (VALUES ");
      for (int i = 0; i < e.steps().size(); i++) {
        sql.append(i == 0 ? "" : ",").append("(?::integer,?,?,?,?,?,?,?,?,?::integer,?,?,?::float8,?::float8,?,?::text)");
      }
      // Rows keep the order of the list, so step ids follow step order as in SQLite.
      sql.append(") AS v(step_index, goal, site, url_pattern, context, action, action_type, action_role, action_label,"
          + " action_ordinal, action_arg, raw_action, reward, ret, reason, explanation) RETURNING 1)");
    }
    sql.append(" SELECT id FROM e");
    try (PreparedStatement ins = c.prepareStatement(sql.toString())) {
      int p = 1;
      ins.setString(p++, encode(e.key()));
      ins.setString(p++, encode(e.goal()));
      ins.setString(p++, e.outcome().name().toLowerCase(Locale.ROOT));
      ins.setDouble(p++, e.envReward());
      ins.setString(p++, encode(e.outcomeReason()));
      ins.setString(p++, e.startedAt().toString());
      ins.setString(p++, e.endedAt().toString());
      ins.setString(p++, Instant.now(clock).toString());
      ins.setString(p++, encode(e.policy()));
      ins.setString(p++, encode(e.configFingerprint()));
      ins.setString(p++, encode(e.judge()));
      ins.setString(p++, encode(Json.write(e.tags())));
      ins.setInt(p++, e.steps().size());
      for (StoredStep s : e.steps()) {
        NormalizedAction a = s.action();
        ins.setInt(p++, s.stepIndex());
        ins.setString(p++, encode(s.goal()));
        ins.setString(p++, encode(s.site()));
        ins.setString(p++, encode(s.urlPattern()));
        ins.setString(p++, encode(Json.write(s.context())));
        ins.setString(p++, encode(a.text()));
        ins.setString(p++, a.type().verb());
        ins.setString(p++, encode(a.role()));
        ins.setString(p++, encode(a.label()));
        ins.setInt(p++, a.ordinal());
        ins.setString(p++, encode(a.arg()));
        ins.setString(p++, encode(s.rawAction()));
        ins.setDouble(p++, s.reward());
        ins.setDouble(p++, s.ret());
        ins.setString(p++, encode(s.reason()));
        ins.setString(p++, encode(s.explanation().orElse(null)));
      }
      try (ResultSet rs = ins.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  /** Takes the write lock (the meta row) and returns the exact number of stored steps. */
  private static long beginWrite(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT step_count FROM jitrl_meta WHERE id = 1 FOR UPDATE")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void finishWrite(Connection c, long stepCount, boolean changed) throws SQLException {
    if (changed) {
      try (PreparedStatement up = c.prepareStatement("UPDATE jitrl_meta SET step_count = ? WHERE id = 1")) {
        up.setLong(1, stepCount);
        up.executeUpdate();
      }
      try (Statement st = c.createStatement()) {
        // Delivered to every listening host when the transaction commits, never before.
        st.execute("NOTIFY " + CHANNEL);
      }
    }
    c.commit();
  }

  private record Appended(AppendResult result, long stepCount) {}

  private Appended appendInTransaction(Connection c, EpisodeRecord e, long stepCount) throws SQLException {
    try (PreparedStatement find = c.prepareStatement("SELECT id FROM jitrl_episodes WHERE episode_key = ?")) {
      find.setString(1, encode(e.key()));
      try (ResultSet rs = find.executeQuery()) {
        if (rs.next()) {
          return new Appended(new AppendResult(false, rs.getLong(1), 0), stepCount);
        }
      }
    }
    long episodeId;
    try (PreparedStatement ins = c.prepareStatement(
        "INSERT INTO jitrl_episodes(episode_key, goal, outcome, env_reward, outcome_reason, started_at, ended_at,"
            + " stored_at, policy, config_fingerprint, judge, tags, step_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
            + " RETURNING id")) {
      ins.setString(1, encode(e.key()));
      ins.setString(2, encode(e.goal()));
      ins.setString(3, e.outcome().name().toLowerCase(Locale.ROOT));
      ins.setDouble(4, e.envReward());
      ins.setString(5, encode(e.outcomeReason()));
      ins.setString(6, e.startedAt().toString());
      ins.setString(7, e.endedAt().toString());
      ins.setString(8, Instant.now(clock).toString());
      ins.setString(9, encode(e.policy()));
      ins.setString(10, encode(e.configFingerprint()));
      ins.setString(11, encode(e.judge()));
      ins.setString(12, encode(Json.write(e.tags())));
      ins.setInt(13, e.steps().size());
      try (ResultSet rs = ins.executeQuery()) {
        rs.next();
        episodeId = rs.getLong(1);
      }
    }
    if (!e.steps().isEmpty()) {
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO jitrl_steps(episode_id, step_index, goal, site, url_pattern, context, action, action_type,"
              + " action_role, action_label, action_ordinal, action_arg, raw_action, reward, ret, reason, explanation)"
              + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
        for (StoredStep s : e.steps()) {
          NormalizedAction a = s.action();
          ins.setLong(1, episodeId);
          ins.setInt(2, s.stepIndex());
          ins.setString(3, encode(s.goal()));
          ins.setString(4, encode(s.site()));
          ins.setString(5, encode(s.urlPattern()));
          ins.setString(6, encode(Json.write(s.context())));
          ins.setString(7, encode(a.text()));
          ins.setString(8, a.type().verb());
          ins.setString(9, encode(a.role()));
          ins.setString(10, encode(a.label()));
          ins.setInt(11, a.ordinal());
          ins.setString(12, encode(a.arg()));
          ins.setString(13, encode(s.rawAction()));
          ins.setDouble(14, s.reward());
          ins.setDouble(15, s.ret());
          ins.setString(16, encode(s.reason()));
          ins.setString(17, encode(s.explanation().orElse(null)));
          ins.addBatch();
        }
        ins.executeBatch();
      }
    }
    long count = stepCount + e.steps().size();
    long boundary = 0;
    if (count > maxSteps) {
      Evicted ev = evictOldest(c, count, maxSteps, episodeId);
      count -= ev.removed();
      boundary = ev.boundaryStep();
    }
    return new Appended(new AppendResult(true, episodeId, boundary), count);
  }

  private record Evicted(long removed, long boundaryStep) {}

  /** Deletes the oldest whole episodes (never {@code keepEpisodeId}) until at most {@code bound} steps remain. */
  private static Evicted evictOldest(Connection c, long stepCount, long bound, long keepEpisodeId) throws SQLException {
    long excess = stepCount - bound;
    if (excess <= 0) {
      return new Evicted(0, 0);
    }
    long cutoff = 0;
    long removed = 0;
    try (PreparedStatement q = c.prepareStatement("SELECT id, step_count FROM jitrl_episodes WHERE id <> ? ORDER BY id")) {
      q.setLong(1, keepEpisodeId);
      q.setFetchSize(256);
      try (ResultSet rs = q.executeQuery()) {
        while (removed < excess && rs.next()) {
          cutoff = rs.getLong(1);
          removed += rs.getLong(2);
        }
      }
    }
    if (cutoff == 0) {
      return new Evicted(0, 0);
    }
    long boundary = 0;
    // Step ids follow commit order and one episode's steps are consecutive: the boundary is the largest step id of
    // the newest evicted episode that has steps.
    try (PreparedStatement q = c.prepareStatement(
        "SELECT coalesce(max(s.id), 0) FROM jitrl_steps s WHERE s.episode_id = (SELECT max(e.id) FROM jitrl_episodes e"
            + " WHERE e.id <= ? AND e.id <> ? AND e.step_count > 0)")) {
      q.setLong(1, cutoff);
      q.setLong(2, keepEpisodeId);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        boundary = rs.getLong(1);
      }
    }
    try (PreparedStatement del = c.prepareStatement("DELETE FROM jitrl_episodes WHERE id <= ? AND id <> ?")) {
      del.setLong(1, cutoff);
      del.setLong(2, keepEpisodeId);
      del.executeUpdate();
    }
    return new Evicted(removed, boundary);
  }

  @Override
  public long evictTo(long bound) {
    synchronized (lock) {
      try {
        Connection c = connection();
        long count = beginWrite(c);
        Evicted ev = evictOldest(c, count, bound, -1);
        finishWrite(c, count - ev.removed(), ev.removed() > 0);
        return ev.boundaryStep();
      } catch (SQLException e) {
        throw failure("cannot evict from", e);
      }
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public void forEachStepAfter(long afterId, Consumer<StoredStep> sink) {
    synchronized (lock) {
      try {
        Connection c = connection();
        try (PreparedStatement q = c.prepareStatement(
            MemoryRows.indexSelect("jitrl_steps", "jitrl_episodes") + " WHERE s.id > ? ORDER BY s.id")) {
          q.setLong(1, afterId);
          q.setFetchSize(4096);
          MemoryRows rows = MemoryRows.forIndex(PostgresMemoryBank::decode);
          try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
              sink.accept(rows.step(rs));
            }
          }
        }
        c.commit();
      } catch (SQLException e) {
        throw failure("cannot read", e);
      }
    }
  }

  @Override
  public long oldestStepId() {
    synchronized (lock) {
      try {
        Connection c = connection();
        long id;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(min(id), 0) FROM jitrl_steps")) {
          rs.next();
          id = rs.getLong(1);
        }
        c.commit();
        return id;
      } catch (SQLException e) {
        throw failure("cannot read", e);
      }
    }
  }

  @Override
  public MemoryStats stats() {
    synchronized (lock) {
      try {
        Connection c = connection();
        MemoryStats stats;
        try (Statement st = c.createStatement()) {
          long episodes;
          long successes;
          long steps;
          long patterns;
          long goals;
          long bytes;
          try (ResultSet rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE outcome = 'success'),"
              + " count(DISTINCT goal) FROM jitrl_episodes")) {
            rs.next();
            episodes = rs.getLong(1);
            successes = rs.getLong(2);
            goals = rs.getLong(3);
          }
          try (ResultSet rs = st.executeQuery("SELECT count(*) FROM jitrl_steps")) {
            rs.next();
            steps = rs.getLong(1);
          }
          try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT DISTINCT site, url_pattern FROM jitrl_steps) p")) {
            rs.next();
            patterns = rs.getLong(1);
          }
          try (ResultSet rs = st.executeQuery("SELECT pg_total_relation_size('jitrl_episodes')"
              + " + pg_total_relation_size('jitrl_steps')")) {
            rs.next();
            bytes = rs.getLong(1);
          }
          stats = new MemoryStats(episodes, successes, steps, patterns, goals, bytes);
        }
        c.commit();
        return stats;
      } catch (SQLException e) {
        throw failure("cannot read", e);
      }
    }
  }

  @Override
  public long exportTo(Writer out) throws IOException {
    return EpisodeJson.writeLines(this::readEpisodes, out);
  }

  private EpisodeJson.Batch readEpisodes(long afterId, int limit) {
    synchronized (lock) {
      try {
        Connection c = connection();
        Map<Long, EpisodeRecord> heads = new LinkedHashMap<>();
        MemoryRows rows = MemoryRows.forEpisodes(PostgresMemoryBank::decode);
        try (PreparedStatement q = c.prepareStatement(
            "SELECT " + MemoryRows.EPISODE_COLUMNS + " FROM jitrl_episodes WHERE id > ? ORDER BY id LIMIT ?")) {
          q.setLong(1, afterId);
          q.setInt(2, limit);
          try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
              heads.put(rs.getLong("id"), rows.episodeHead(rs));
            }
          }
        }
        List<EpisodeRecord> out = new ArrayList<>(heads.size());
        long lastId = afterId;
        if (!heads.isEmpty()) {
          Map<Long, List<StoredStep>> steps = new HashMap<>();
          try (PreparedStatement q = c.prepareStatement("SELECT " + MemoryRows.STEP_COLUMNS_WITH_EXPLANATION
              + " FROM jitrl_steps WHERE episode_id > ? AND episode_id <= ? ORDER BY episode_id, step_index")) {
            q.setLong(1, afterId);
            q.setLong(2, heads.keySet().stream().mapToLong(Long::longValue).max().orElse(afterId));
            q.setFetchSize(4096);
            try (ResultSet rs = q.executeQuery()) {
              while (rs.next()) {
                steps.computeIfAbsent(rs.getLong("episode_id"), k -> new ArrayList<>()).add(rows.step(rs));
              }
            }
          }
          for (Map.Entry<Long, EpisodeRecord> h : heads.entrySet()) {
            out.add(h.getValue().withSteps(steps.getOrDefault(h.getKey(), List.of())));
            lastId = h.getKey();
          }
        }
        c.commit();
        return new EpisodeJson.Batch(out, lastId);
      } catch (SQLException e) {
        throw failure("cannot read", e);
      }
    }
  }

  /** Reads one stored episode by its key, with its steps. */
  public Optional<EpisodeRecord> episode(String key) {
    long id;
    synchronized (lock) {
      try {
        Connection c = connection();
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM jitrl_episodes WHERE episode_key = ?")) {
          q.setString(1, encode(key));
          try (ResultSet rs = q.executeQuery()) {
            if (!rs.next()) {
              c.commit();
              return Optional.empty();
            }
            id = rs.getLong(1);
          }
        }
        c.commit();
      } catch (SQLException e) {
        throw failure("cannot read", e);
      }
    }
    List<EpisodeRecord> one = readEpisodes(id - 1, 1).episodes();
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  @Override
  public ImportSummary importFrom(Reader in) throws IOException {
    List<EpisodeRecord> parsed = EpisodeJson.readLines(in, location());
    synchronized (lock) {
      long stored = 0;
      long skipped = 0;
      try {
        Connection c = connection();
        long count = beginWrite(c);
        for (EpisodeRecord e : parsed) {
          Appended a = appendInTransaction(c, e, count);
          count = a.stepCount();
          if (a.result().stored()) {
            stored++;
          } else {
            skipped++;
          }
        }
        finishWrite(c, count, stored > 0);
        return new ImportSummary(stored, skipped);
      } catch (SQLException e) {
        afterFailure(e);
        throw new MemoryException("import into " + location() + " failed, nothing was imported: " + e.getMessage(), e);
      }
    }
  }

  // ---------------------------------------------------------------- change feed

  /**
   * Calls {@code listener} after another host (or this one) committed episodes, and at least every
   * {@code catchUpMillis} without a notification. Listeners run on the feed thread and must return quickly.
   */
  @Override
  public void onChange(Runnable listener) {
    listeners.add(listener);
    synchronized (lock) {
      if (feed == null && closing.getCount() > 0) {
        feed = new Thread(this::listen, "jitrl-memory-feed");
        feed.setDaemon(true);
        feed.start();
      }
    }
  }

  private void listen() {
    long backoff = 100;
    Connection c = null;
    while (closing.getCount() > 0) {
      try {
        if (c == null) {
          c = connector.connect();
          feedConnection = c;
          if (closing.getCount() == 0) {
            break;
          }
          c.setAutoCommit(true);
          try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
          }
          backoff = 100;
          fire(); // what was committed before LISTEN took effect sent no notification to this connection
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        // Returns at a notification or after the catch-up period.
        org.postgresql.PGNotification[] got = pg.getNotifications((int) catchUpMillis);
        if (!onlyOwn(got)) {
          fire();
        }
      } catch (SQLException | RuntimeException e) {
        if (c != null) {
          closeQuietly(c);
          c = null;
        }
        LOG.debug("change feed of {} interrupted: {}", location(), e.getMessage());
        fire(); // listeners such as the outbox find out for themselves whether the server is back
        try {
          if (closing.await(backoff, TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
        backoff = Math.min(2_000, backoff * 2);
      }
    }
    if (c != null) {
      closeQuietly(c);
    }
  }

  /** Whether every notification came from this bank's own writes (its engine refreshes after each of them). */
  private boolean onlyOwn(org.postgresql.PGNotification[] got) {
    if (got == null || got.length == 0) {
      return false; // the catch-up period passed
    }
    for (org.postgresql.PGNotification n : got) {
      if (n.getPID() != ownBackend) {
        return false;
      }
    }
    return true;
  }

  private void fire() {
    for (Runnable r : listeners) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("memory change listener failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    closing.countDown();
    Thread t;
    synchronized (lock) {
      t = feed;
      if (connection != null) {
        closeQuietly(connection);
        connection = null;
      }
    }
    synchronized (burstLock) {
      if (burstConnection != null) {
        closeQuietly(burstConnection);
        burstConnection = null;
      }
    }
    Connection fc = feedConnection;
    if (fc != null) {
      try {
        fc.abort(Runnable::run); // closes the socket under the feed's wait for notifications (close() would wait)
      } catch (SQLException | RuntimeException ignored) {
        // the feed ends at its next period anyway
      }
    }
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
