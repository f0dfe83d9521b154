package dev.jitrl.plugin.memory;

import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.ServerMemory;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the memory the configuration names: the SQLite file by default, a shared PostgreSQL database with {@code jitrl.memory.url}. */
public final class MemoryBanks {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryBanks.class);

  private MemoryBanks() {}

  /**
   * @param environment where the credentials' environment variables are read (the process environment)
   * @throws MemoryException if the memory cannot be used: the SQLite file is unusable, or the server refuses the
   *     credentials or the database (a server that cannot be reached is not an error: the host starts from its
   *     outbox and hot index, and connects when the server is back)
   */
  public static MemoryBank open(JitRlConfig config, Clock clock, Map<String, String> environment) {
    ServerMemory server = config.memoryServer();
    if (!server.enabled()) {
      return SqliteMemoryBank.open(config.memoryPath(), config.memoryMaxSteps(), clock);
    }
    return openShared(server, config.memoryMaxSteps(), clock, environment);
  }

  /** The PostgreSQL memory with its outbox. */
  public static OutboxMemoryBank openShared(ServerMemory server, long maxSteps, Clock clock,
      Map<String, String> environment) {
    return openShared(server, maxSteps, clock, environment, OutboxMemoryBank.senderThread());
  }

  /** The same with the executor of the outbox's sender loop (tests hold it to keep episodes in the outbox). */
  static OutboxMemoryBank openShared(ServerMemory server, long maxSteps, Clock clock, Map<String, String> environment,
      java.util.concurrent.Executor sender) {
    PostgresConnector connector = PostgresConnector.of(server, environment);
    PostgresMemoryBank pg = PostgresMemoryBank.openLazily(connector, maxSteps, clock, server.catchUpMillis());
    boolean down = false;
    try {
      pg.ready();
    } catch (MemoryUnavailableException e) {
      LOG.warn("shared memory {} cannot be reached at start ({}); starting from the outbox", pg.location(),
          e.getMessage());
      down = true;
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
    EpisodeOutbox outbox;
    try {
      outbox = EpisodeOutbox.open(server.outbox());
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
    return new OutboxMemoryBank(pg, outbox, clock, down, sender);
  }

  /** The PostgreSQL memory alone, without outbox or change feed (tools and tests). */
  public static PostgresMemoryBank openPostgres(ServerMemory server, long maxSteps, Clock clock,
      Map<String, String> environment) {
    return PostgresMemoryBank.open(PostgresConnector.of(server, environment), maxSteps, clock, server.catchUpMillis());
  }
}
