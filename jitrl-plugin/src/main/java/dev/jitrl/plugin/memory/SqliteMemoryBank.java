package dev.jitrl.plugin.memory;

import dev.jitrl.api.MemoryAdministration.ImportSummary;
import dev.jitrl.plugin.json.Json;
import dev.jitrl.plugin.state.NormalizedAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The memory in one SQLite file: WAL journal, a busy timeout so that concurrent writers wait instead of
 * failing, a schema version with migrations applied on open, and one transaction per episode.
 *
 * <p>Durability: with WAL and {@code synchronous=NORMAL} a committed episode survives the process being
 * killed; an operating-system crash may lose the last few commits but never corrupts the file.
 *
 * <p>Eviction rule: when more than {@code maxSteps} steps are stored, the oldest episodes (by insertion) are
 * deleted whole until the bound holds again; the episode just stored is never evicted.
 *
 * <p>A file that exists but is not an SQLite database, or that was written by a newer schema version, is
 * refused with an error naming the file; it is never modified.
 */
public final class SqliteMemoryBank implements MemoryBank {
  /** The schema version this code writes. */
  public static final int SCHEMA_VERSION = 1;

  private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int BUSY_TIMEOUT_MS = 30_000;

  private static final List<String> MIGRATION_1 = List.of(
      """
      CREATE TABLE episodes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        episode_key TEXT NOT NULL UNIQUE,
        goal TEXT NOT NULL,
        outcome TEXT NOT NULL,
        env_reward REAL NOT NULL,
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
      CREATE TABLE steps (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
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
        reward REAL NOT NULL,
        ret REAL NOT NULL,
        reason TEXT NOT NULL,
        explanation TEXT,
        UNIQUE (episode_id, step_index))""",
      "CREATE INDEX steps_by_pattern ON steps(site, url_pattern)");

  // AUTOINCREMENT: ids are never reused, even after every row was evicted; the hot index relies on step ids
  // growing with insertion order to pick up new rows.
  private static final List<List<String>> MIGRATIONS = List.of(MIGRATION_1);

  private final Path path;
  private final long maxSteps;
  private final Clock clock;
  private final Connection connection;
  private final Object lock = new Object();
  private long stepCount;
  // Prepared once: compiling the same SQL for every episode costs more than writing its rows.
  private PreparedStatement findEpisode;
  private PreparedStatement insertEpisode;
  private PreparedStatement insertStep;
  private PreparedStatement lockForWrite;
  private long dataVersion = -1;

  /**
   * Told the key of each episode whose write transaction holds uncommitted rows (its episode row is inserted, its
   * steps not yet): a seam for the crash test, which aims its kills at that moment. A no-op in production.
   */
  private final Consumer<String> inTransaction;

  private SqliteMemoryBank(Path path, long maxSteps, Clock clock, Connection connection, Consumer<String> inTransaction) {
    this.path = path;
    this.maxSteps = maxSteps;
    this.clock = clock;
    this.connection = connection;
    this.inTransaction = inTransaction;
  }

  /**
   * Opens (or creates) the memory file and migrates it to the current schema.
   *
   * @throws MemoryException if the file is not an SQLite database, is from a newer schema, or cannot be
   *     opened; the message names the path and the cause
   */
  public static SqliteMemoryBank open(Path path, long maxSteps, Clock clock) {
    return open(path, maxSteps, clock, new Properties());
  }

  /**
   * As {@link #open(Path, long, Clock)}, with further SQLite connection settings (for tests: a tiny
   * {@code max_page_count} stands in for a full disk).
   */
  static SqliteMemoryBank open(Path path, long maxSteps, Clock clock, Properties extra) {
    return open(path, maxSteps, clock, extra, key -> { });
  }

  /** As {@link #open(Path, long, Clock, Properties)}, telling {@code inTransaction} when a write transaction is open. */
  static SqliteMemoryBank open(Path path, long maxSteps, Clock clock, Properties extra, Consumer<String> inTransaction) {
    Path file = path.toAbsolutePath();
    checkHeader(file);
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new MemoryException("cannot create the folder of memory file " + file + ": " + e, e);
    }
    // Opening runs a few statements outside any transaction (journal mode, migration). When several processes
    // create or migrate one new file at the same moment, SQLite can answer SQLITE_BUSY at once instead of waiting
    // (seen once with two hosts starting together): the whole open is retried within the busy timeout.
    long deadline = System.nanoTime() + BUSY_TIMEOUT_MS * 1_000_000L;
    long pauseMillis = 5;
    while (true) {
      try {
        return openOnce(file, maxSteps, clock, extra, inTransaction);
      } catch (MemoryException e) {
        if (!(e.getCause() instanceof org.sqlite.SQLiteException se) || !se.getResultCode().name().startsWith("SQLITE_BUSY")
            || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(pauseMillis); // back-off before the retry, not synchronization
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pauseMillis = Math.min(500, pauseMillis * 2);
      }
    }
  }

  private static SqliteMemoryBank openOnce(Path file, long maxSteps, Clock clock, Properties extra,
      Consumer<String> inTransaction) {
    Connection c;
    try {
      Properties p = new Properties();
      p.putAll(extra);
      p.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
      p.setProperty("foreign_keys", "true");
      // The driver is used directly: inside a plugin class loader DriverManager does not see it.
      c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, p);
      if (c == null) {
        throw new SQLException("the SQLite driver refused the URL");
      }
    } catch (SQLException e) {
      throw new MemoryException("cannot open memory file " + file + ": " + e.getMessage() + hint(file), e);
    }
    try {
      SqliteMemoryBank bank = new SqliteMemoryBank(file, maxSteps, clock, c, inTransaction);
      bank.initialize();
      return bank;
    } catch (RuntimeException | SQLException e) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the original failure is what matters
      }
      if (e instanceof MemoryException me) {
        throw me;
      }
      throw new MemoryException("cannot open memory file " + file + ": " + e.getMessage() + hint(file), e);
    }
  }

  /** Why SQLite's "unable to open" or "readonly" may have happened, in words a user can act on. */
  private static String hint(Path file) {
    Path parent = file.getParent();
    if (Files.exists(file) && !Files.isWritable(file)) {
      return " (the file is read-only)";
    }
    if (parent != null && Files.isDirectory(parent) && !Files.isWritable(parent)) {
      return " (its folder " + parent + " is read-only: SQLite needs to create the file and its -wal and -shm"
          + " files there)";
    }
    return "";
  }

  private static void checkHeader(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw new MemoryException("memory path " + file + " is a directory, not a file");
    }
    if (!Files.isWritable(file)) {
      // SQLite would open it read-only without a word and fail at the first episode, after the run.
      throw new MemoryException("memory file " + file + " is read-only: the plugin writes what it learns there;"
          + " make it writable or point jitrl.memory.path elsewhere (it was left untouched)");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(SQLITE_HEADER.length);
      if (head.length == 0) {
        return; // an empty file: SQLite treats it as a new database
      }
      if (head.length < SQLITE_HEADER.length || !java.util.Arrays.equals(head, SQLITE_HEADER)) {
        throw new MemoryException("memory file " + file
            + " is not an SQLite database (its header does not match); it was left untouched");
      }
    } catch (IOException e) {
      throw new MemoryException("cannot read memory file " + file + ": " + e, e);
    }
  }

  private void initialize() throws SQLException {
    try (Statement st = connection.createStatement()) {
      // A read first: a damaged file fails here, before anything is written to it.
      boolean versioned;
      try (ResultSet rs = st.executeQuery(
          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
        rs.next();
        versioned = rs.getLong(1) > 0;
      }
      // Still read-only: a newer schema is refused before the journal mode (a header write) is changed.
      if (versioned) {
        refuseNewerVersion(readVersion());
      }
      if (!versioned && isEmptyDatabase(st)) {
        // Only a fresh file can switch: evicted pages then go back to the file system (incremental_vacuum).
        st.execute("PRAGMA auto_vacuum=INCREMENTAL");
      }
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=NORMAL");
      st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    }
    connection.setAutoCommit(false);
    try {
      // The write lock first (waiting up to the busy timeout), as in every write transaction: reading the version
      // first would pin a snapshot, and a second process migrating the same new file at the same moment made the
      // upgrade to a write fail at once with SQLITE_BUSY (found by two hosts starting on one new file).
      try (Statement st = connection.createStatement()) {
        st.executeUpdate("UPDATE schema_version SET version = version WHERE 0");
      }
      int version = readVersion();
      refuseNewerVersion(version);
      try (Statement st = connection.createStatement()) {
        for (int v = version + 1; v <= SCHEMA_VERSION; v++) {
          for (String sql : MIGRATIONS.get(v - 1)) {
            st.execute(sql);
          }
          st.execute("DELETE FROM schema_version");
          st.execute("INSERT INTO schema_version(version) VALUES (" + v + ")");
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM steps")) {
      rs.next();
      stepCount = rs.getLong(1);
    }
    connection.commit();
  }

  private static boolean isEmptyDatabase(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
      rs.next();
      return rs.getLong(1) == 0;
    }
  }

  private void refuseNewerVersion(int version) {
    if (version > SCHEMA_VERSION) {
      throw new MemoryException("memory file " + path + " has schema version " + version
          + ", newer than this plugin understands (" + SCHEMA_VERSION + "); it was left untouched");
    }
  }

  private int readVersion() throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT max(version) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  @Override
  public String location() {
    return path.toString();
  }

  /** The database file. */
  public Path path() {
    return path;
  }

  @Override
  public AppendResult append(EpisodeRecord episode) {
    synchronized (lock) {
      try {
        AppendResult result = appendInTransaction(episode);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly();
        throw new MemoryException("cannot store episode " + episode.key() + " in memory file " + path + ": "
            + e.getMessage(), e);
      }
    }
  }

  private void prepareWriteStatements() throws SQLException {
    if (findEpisode != null) {
      return;
    }
    // A write that changes nothing: the transaction takes the write lock before it reads anything. A read first
    // would pin a snapshot, and if another process commits before our first write, SQLite fails the upgrade
    // with SQLITE_BUSY_SNAPSHOT at once instead of waiting (the busy timeout does not apply).
    lockForWrite = connection.prepareStatement("UPDATE schema_version SET version = version WHERE 0");
    findEpisode = connection.prepareStatement("SELECT id FROM episodes WHERE episode_key = ?");
    insertEpisode = connection.prepareStatement(
        "INSERT INTO episodes(episode_key, goal, outcome, env_reward, outcome_reason, started_at, ended_at, stored_at,"
            + " policy, config_fingerprint, judge, tags, step_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        Statement.RETURN_GENERATED_KEYS);
    insertStep = connection.prepareStatement(
        "INSERT INTO steps(episode_id, step_index, goal, site, url_pattern, context, action, action_type, action_role,"
            + " action_label, action_ordinal, action_arg, raw_action, reward, ret, reason, explanation)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  }

  /** Takes the write lock (waiting up to the busy timeout) and recounts if another connection wrote since. */
  private void beginWrite() throws SQLException {
    prepareWriteStatements();
    lockForWrite.executeUpdate();
    long version;
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA data_version")) {
      rs.next();
      version = rs.getLong(1);
    }
    if (version != dataVersion) {
      // Another process wrote (or this is the first write): the bound must hold for the file, not for this
      // process's share of it. The sum over episodes reads far fewer rows than counting the steps.
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT coalesce(sum(step_count), 0) FROM episodes")) {
        rs.next();
        stepCount = rs.getLong(1);
      }
      dataVersion = version;
    }
  }

  private AppendResult appendInTransaction(EpisodeRecord e) throws SQLException {
    beginWrite();
    PreparedStatement find = findEpisode;
    {
      find.setString(1, e.key());
      try (ResultSet rs = find.executeQuery()) {
        if (rs.next()) {
          return new AppendResult(false, rs.getLong(1), 0);
        }
      }
    }
    long episodeId;
    {
      PreparedStatement ins = insertEpisode;
      ins.setString(1, e.key());
      ins.setString(2, e.goal());
      ins.setString(3, e.outcome().name().toLowerCase(Locale.ROOT));
      ins.setDouble(4, e.envReward());
      ins.setString(5, e.outcomeReason());
      ins.setString(6, e.startedAt().toString());
      ins.setString(7, e.endedAt().toString());
      ins.setString(8, Instant.now(clock).toString());
      ins.setString(9, e.policy());
      ins.setString(10, e.configFingerprint());
      ins.setString(11, e.judge());
      ins.setString(12, Json.write(e.tags()));
      ins.setInt(13, e.steps().size());
      ins.executeUpdate();
      try (ResultSet keys = ins.getGeneratedKeys()) {
        keys.next();
        episodeId = keys.getLong(1);
      }
    }
    inTransaction.accept(e.key());
    {
      PreparedStatement ins = insertStep;
      for (StoredStep s : e.steps()) {
        NormalizedAction a = s.action();
        ins.setLong(1, episodeId);
        ins.setInt(2, s.stepIndex());
        ins.setString(3, s.goal());
        ins.setString(4, s.site());
        ins.setString(5, s.urlPattern());
        ins.setString(6, Json.write(s.context()));
        ins.setString(7, a.text());
        ins.setString(8, a.type().verb());
        ins.setString(9, a.role());
        ins.setString(10, a.label());
        ins.setInt(11, a.ordinal());
        ins.setString(12, a.arg());
        ins.setString(13, s.rawAction());
        ins.setDouble(14, s.reward());
        ins.setDouble(15, s.ret());
        ins.setString(16, s.reason());
        ins.setString(17, s.explanation().orElse(null));
        ins.addBatch();
      }
      ins.executeBatch();
    }
    stepCount += e.steps().size();
    long evicted = 0;
    if (stepCount > maxSteps) {
      evicted = evictOldest(maxSteps, episodeId);
    }
    return new AppendResult(true, episodeId, evicted);
  }

  /** Deletes the oldest whole episodes (never {@code keepEpisodeId}) until at most {@code bound} steps remain. */
  private long evictOldest(long bound, long keepEpisodeId) throws SQLException {
    // stepCount is exact here: recounted when the write began if anyone else wrote, then kept in step. Counting
    // the rows instead would read every step at every append once the bound is reached.
    long excess = stepCount - bound;
    if (excess <= 0) {
      return 0;
    }
    long cutoff = 0;
    long removed = 0;
    try (PreparedStatement q = connection.prepareStatement(
        "SELECT id, step_count FROM episodes WHERE id <> ? ORDER BY id")) {
      q.setLong(1, keepEpisodeId);
      try (ResultSet rs = q.executeQuery()) {
        while (removed < excess && rs.next()) {
          cutoff = rs.getLong(1);
          removed += rs.getLong(2);
        }
      }
    }
    if (cutoff == 0) {
      return 0;
    }
    long boundaryStep;
    // CROSS JOIN keeps the evicted episodes as the outer loop: a plain max(id) ... WHERE episode_id <= ? made
    // SQLite walk the steps from the newest row down, reading the whole table at every eviction.
    try (PreparedStatement q = connection.prepareStatement(
        "SELECT coalesce(max(s.id), 0) FROM episodes e CROSS JOIN steps s ON s.episode_id = e.id WHERE e.id <= ?")) {
      q.setLong(1, cutoff);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        boundaryStep = rs.getLong(1);
      }
    }
    try (PreparedStatement del = connection.prepareStatement("DELETE FROM episodes WHERE id <= ? AND id <> ?")) {
      del.setLong(1, cutoff);
      del.setLong(2, keepEpisodeId);
      del.executeUpdate();
    }
    stepCount -= removed;
    releaseFreePages();
    return boundaryStep;
  }

  /**
   * Gives the pages freed by an eviction back to the file system, so that a bounded memory also has a bounded
   * file (files created before auto_vacuum was set keep their free pages for reuse instead). Run as an update,
   * the driver steps the pragma to the end, which frees every page on the free list.
   */
  private void releaseFreePages() throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.executeUpdate("PRAGMA incremental_vacuum");
    }
  }

  @Override
  public long evictTo(long bound) {
    synchronized (lock) {
      try {
        beginWrite();
        long boundary = evictOldest(bound, -1);
        connection.commit();
        return boundary;
      } catch (SQLException e) {
        rollbackQuietly();
        throw new MemoryException("cannot evict from memory file " + path + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void forEachStepAfter(long afterId, Consumer<StoredStep> sink) {
    synchronized (lock) {
      try (PreparedStatement q = connection.prepareStatement(
          MemoryRows.indexSelect("steps", "episodes") + " WHERE s.id > ? ORDER BY s.id")) {
        q.setLong(1, afterId);
        q.setFetchSize(4096);
        MemoryRows rows = MemoryRows.forIndex(UnaryOperator.identity());
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            sink.accept(rows.step(rs));
          }
        }
        connection.commit();
      } catch (SQLException e) {
        rollbackQuietly();
        throw new MemoryException("cannot read memory file " + path + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public long oldestStepId() {
    synchronized (lock) {
      try (Statement st = connection.createStatement();
          ResultSet rs = st.executeQuery("SELECT coalesce(min(id), 0) FROM steps")) {
        rs.next();
        long id = rs.getLong(1);
        connection.commit();
        return id;
      } catch (SQLException e) {
        rollbackQuietly();
        throw new MemoryException("cannot read memory file " + path + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public MemoryStats stats() {
    synchronized (lock) {
      try (Statement st = connection.createStatement()) {
        long episodes;
        long successes;
        long steps;
        long patterns;
        long goals;
        try (ResultSet rs = st.executeQuery(
            "SELECT count(*), coalesce(sum(outcome = 'success'), 0) FROM episodes")) {
          rs.next();
          episodes = rs.getLong(1);
          successes = rs.getLong(2);
        }
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM steps")) {
          rs.next();
          steps = rs.getLong(1);
        }
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT DISTINCT site, url_pattern FROM steps)")) {
          rs.next();
          patterns = rs.getLong(1);
        }
        try (ResultSet rs = st.executeQuery("SELECT count(DISTINCT goal) FROM episodes")) {
          rs.next();
          goals = rs.getLong(1);
        }
        connection.commit();
        return new MemoryStats(episodes, successes, steps, patterns, goals, fileBytes());
      } catch (SQLException e) {
        rollbackQuietly();
        throw new MemoryException("cannot read memory file " + path + ": " + e.getMessage(), e);
      }
    }
  }

  private long fileBytes() {
    long size = 0;
    for (String suffix : new String[] {"", "-wal"}) {
      Path p = Path.of(path + suffix);
      try {
        if (Files.exists(p)) {
          size += Files.size(p);
        }
      } catch (IOException ignored) {
        // a log that vanished between the two calls has no size
      }
    }
    return size;
  }

  @Override
  public long exportTo(Writer out) throws IOException {
    return EpisodeJson.writeLines(this::readEpisodes, out);
  }

  private EpisodeJson.Batch readEpisodes(long afterId, int limit) {
    synchronized (lock) {
      try {
        Map<Long, EpisodeRecord> heads = new LinkedHashMap<>();
        MemoryRows rows = MemoryRows.forEpisodes(UnaryOperator.identity());
        try (PreparedStatement q = connection.prepareStatement(
            "SELECT " + MemoryRows.EPISODE_COLUMNS + " FROM episodes WHERE id > ? ORDER BY id LIMIT ?")) {
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
        try (PreparedStatement q = connection.prepareStatement("SELECT " + MemoryRows.STEP_COLUMNS_WITH_EXPLANATION
            + " FROM steps WHERE episode_id = ? ORDER BY step_index")) {
          for (Map.Entry<Long, EpisodeRecord> h : heads.entrySet()) {
            q.setLong(1, h.getKey());
            List<StoredStep> steps = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
              while (rs.next()) {
                steps.add(rows.step(rs));
              }
            }
            out.add(h.getValue().withSteps(steps));
            lastId = h.getKey();
          }
        }
        connection.commit();
        return new EpisodeJson.Batch(out, lastId);
      } catch (SQLException e) {
        rollbackQuietly();
        throw new MemoryException("cannot read memory file " + path + ": " + e.getMessage(), e);
      }
    }
  }

  /** Reads one stored episode by its key, with its steps. */
  public Optional<EpisodeRecord> episode(String key) {
    long id;
    synchronized (lock) {
      try (PreparedStatement q = connection.prepareStatement("SELECT id FROM episodes WHERE episode_key = ?")) {
        q.setString(1, key);
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) {
            connection.commit();
            return Optional.empty();
          }
          id = rs.getLong(1);
        }
        connection.commit();
      } catch (SQLException e) {
        rollbackQuietly();
        throw new MemoryException("cannot read memory file " + path + ": " + e.getMessage(), e);
      }
    }
    List<EpisodeRecord> one = readEpisodes(id - 1, 1).episodes();
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  @Override
  public ImportSummary importFrom(Reader in) throws IOException {
    List<EpisodeRecord> parsed = EpisodeJson.readLines(in, path.toString());
    synchronized (lock) {
      long stored = 0;
      long skipped = 0;
      try {
        for (EpisodeRecord e : parsed) {
          AppendResult r = appendInTransaction(e);
          if (r.stored()) {
            stored++;
          } else {
            skipped++;
          }
        }
        connection.commit();
        return new ImportSummary(stored, skipped);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly();
        throw new MemoryException("import into " + path + " failed, nothing was imported: " + e.getMessage(), e);
      }
    }
  }

  private void rollbackQuietly() {
    dataVersion = -1; // the count kept during the transaction is void: recount at the next write
    try {
      connection.rollback();
    } catch (SQLException e) {
      // SQLite already rolled back by itself (it does on SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM...). The driver's
      // rollback failed before it could open the next transaction, so every later commit would fail with "no
      // transaction is active": open it here.
      try (Statement st = connection.createStatement()) {
        st.execute("BEGIN");
      } catch (SQLException ignored) {
        // the connection is broken; the caller reports the original failure
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      try {
        for (PreparedStatement ps : new PreparedStatement[] {lockForWrite, findEpisode, insertEpisode, insertStep}) {
          if (ps != null) {
            ps.close();
          }
        }
        connection.close();
      } catch (SQLException e) {
        throw new MemoryException("cannot close memory file " + path + ": " + e.getMessage(), e);
      }
    }
  }
}
