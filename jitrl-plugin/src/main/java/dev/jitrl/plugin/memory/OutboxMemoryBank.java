package dev.jitrl.plugin.memory;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared memory on a server, with a local outbox for the times the server is away: an episode that cannot be
 * written waits in the outbox (a local SQLite file) and is sent, oldest first, when the server answers again —
 * also by the next process after a restart. Sending is idempotent by episode key, so an episode sent twice (the
 * host died between the server's commit and the outbox's delete) is stored once.
 *
 * <p>While the server is away, reads for the hot index return nothing new (decisions go on from the hot index),
 * episodes go straight to the outbox, and only the change-feed thread tries the server (at most once per
 * {@link #RETRY_MILLIS}), so that neither decisions nor the episode writer wait on connection attempts. Administration (stats, export, import, prune) goes to
 * the server and fails with a clear error while it is away.
 *
 * <p>An episode the server refuses for its content (not for being away) is kept in the outbox's table of rejected
 * episodes and the append fails, as it would with the SQLite memory: nothing is silently dropped.
 */
public final class OutboxMemoryBank implements MemoryBank {
  /** How long after a failure the server is left alone before it is tried again. */
  static final long RETRY_MILLIS = 500;

  private static final Logger LOG = LoggerFactory.getLogger(OutboxMemoryBank.class);

  private final MemoryBank server;
  private final EpisodeOutbox outbox;
  private final Clock clock;
  private final Object sendLock = new Object();
  private final Object drainLock = new Object();
  private volatile long retryAtMillis;
  private volatile boolean down;
  private volatile long oldestKnown;
  private long waiting;

  OutboxMemoryBank(MemoryBank server, EpisodeOutbox outbox, Clock clock, boolean startsDown) {
    this.server = server;
    this.outbox = outbox;
    this.clock = clock;
    this.waiting = outbox.size();
    if (startsDown) {
      markDown("unreachable at start");
    }
    if (waiting > 0) {
      LOG.info("{} episodes wait in outbox {} from an earlier run; they are sent when {} answers", waiting,
          outbox.path(), server.location());
    }
    // Registered before any other listener: the hot index refreshes after the outbox was sent.
    server.onChange(this::probe);
  }

  @Override
  public String location() {
    return server.location();
  }

  @Override
  public AppendResult append(EpisodeRecord episode) {
    synchronized (sendLock) {
      if (waiting == 0 && !down) {
        try {
          return server.append(episode);
        } catch (MemoryUnavailableException e) {
          markDown(e.getMessage());
        } catch (MemoryException e) {
          if (rejectedContent(e)) {
            outbox.keepRejected(episode, e.getMessage());
            throw e;
          }
          markDown(e.getMessage()); // credentials, permissions...: may be fixed on the server; keep it meanwhile
        }
      }
      outbox.add(episode);
      waiting++;
    }
    if (!down) {
      // The server answers but older episodes wait: help send them, oldest first. The writer waits for the backlog
      // (back-pressure, as a direct write would make it wait) but never for a server that is away.
      try {
        drain();
      } catch (MemoryException e) {
        LOG.warn("outbox {}: {}", outbox.path(), e.getMessage());
      }
    }
    return new AppendResult(true, 0, 0);
  }

  private static boolean rejectedContent(MemoryException e) {
    return e.getCause() instanceof SQLException s && PostgresConnector.rejected(s);
  }

  private boolean backingOff() {
    return down && clock.millis() < retryAtMillis;
  }

  private void markDown(String why) {
    retryAtMillis = clock.millis() + RETRY_MILLIS;
    if (!down) {
      down = true;
      LOG.warn("shared memory {} cannot be reached ({}); decisions go on from the hot index and finished episodes"
          + " wait in outbox {}", server.location(), why, outbox.path());
    }
  }

  private void markUp() {
    if (down) {
      down = false;
      LOG.info("shared memory {} answers again", server.location());
    }
  }

  /**
   * Sends waiting episodes, oldest first, until the outbox is empty or the server fails. One drainer at a time; the
   * state lock is taken per episode, not for the whole drain, so that new episodes join the outbox meanwhile
   * instead of waiting for it, and reads for the hot index resume at the first episode the server takes.
   */
  private void drain() {
    synchronized (drainLock) {
      long sent = 0;
      try {
        while (true) {
          List<EpisodeOutbox.Pending> batch;
          synchronized (sendLock) {
            batch = outbox.oldest(16);
            if (batch.isEmpty()) {
              waiting = 0;
              markUp();
              return;
            }
          }
          for (EpisodeOutbox.Pending p : batch) {
            try {
              server.append(p.episode());
            } catch (MemoryUnavailableException e) {
              synchronized (sendLock) {
                markDown(e.getMessage());
              }
              return;
            } catch (MemoryException e) {
              synchronized (sendLock) {
                if (!rejectedContent(e)) {
                  markDown(e.getMessage());
                  return;
                }
                outbox.reject(p, e.getMessage());
              }
              LOG.warn("shared memory {} refused episode {}; it is kept in outbox {} (table rejected): {}",
                  server.location(), p.episode().key(), outbox.path(), e.getMessage());
              continue;
            }
            synchronized (sendLock) {
              outbox.remove(p.id());
              markUp();
            }
            sent++;
          }
        }
      } finally {
        if (sent > 0) {
          LOG.info("{} episodes sent from outbox {} to {}", sent, outbox.path(), server.location());
        }
      }
    }
  }

  /** Called on the change-feed thread at each notification and catch-up tick: sends what waits, or probes. */
  private void probe() {
    boolean drainNow;
    synchronized (sendLock) {
      if (backingOff()) {
        return;
      }
      try {
        drainNow = waiting > 0 || outbox.size() > 0;
        if (!drainNow && down) {
          oldestKnown = server.oldestStepId();
          markUp();
        }
      } catch (MemoryUnavailableException e) {
        markDown(e.getMessage());
        return;
      } catch (MemoryException e) {
        LOG.warn("outbox {}: {}", outbox.path(), e.getMessage());
        return;
      }
    }
    if (drainNow) {
      try {
        drain();
      } catch (MemoryException e) {
        LOG.warn("outbox {}: {}", outbox.path(), e.getMessage());
      }
    }
  }

  @Override
  public void forEachStepAfter(long afterId, Consumer<StoredStep> sink) {
    if (down) {
      return;
    }
    try {
      server.forEachStepAfter(afterId, sink);
    } catch (MemoryUnavailableException e) {
      synchronized (sendLock) {
        markDown(e.getMessage());
      }
    }
  }

  @Override
  public long oldestStepId() {
    if (down) {
      return oldestKnown;
    }
    try {
      oldestKnown = server.oldestStepId();
    } catch (MemoryUnavailableException e) {
      synchronized (sendLock) {
        markDown(e.getMessage());
      }
    }
    return oldestKnown;
  }

  @Override
  public long evictTo(long maxSteps) {
    return server.evictTo(maxSteps);
  }

  @Override
  public MemoryStats stats() {
    return server.stats();
  }

  /** Sends what waits first (if the server answers), so that the export holds every episode of this host. */
  @Override
  public long exportTo(Writer out) throws IOException {
    boolean send;
    synchronized (sendLock) {
      send = !backingOff() && waiting > 0;
    }
    if (send) {
      drain();
    }
    return server.exportTo(out);
  }

  @Override
  public ImportResult importFrom(Reader in) throws IOException {
    return server.importFrom(in);
  }

  @Override
  public void onChange(Runnable listener) {
    server.onChange(listener);
  }

  @Override
  public long pendingWrites() {
    return outbox.size();
  }

  /** Episodes the server refused for their content, kept in the outbox file. */
  public long rejectedWrites() {
    return outbox.rejected();
  }

  /** The server-side bank. */
  public MemoryBank server() {
    return server;
  }

  /** Sends what waits now, if the server answers; returns how many episodes still wait. */
  public long sendPending() {
    synchronized (sendLock) {
      retryAtMillis = 0;
    }
    try {
      drain();
    } catch (MemoryException e) {
      LOG.warn("outbox {}: {}", outbox.path(), e.getMessage());
    }
    return outbox.size();
  }

  @Override
  public void close() {
    try {
      boolean send;
      synchronized (sendLock) {
        send = !backingOff() && (waiting > 0 || outbox.size() > 0);
      }
      if (send) {
        drain();
      }
      long left = outbox.size();
      if (left > 0) {
        LOG.warn("{} episodes still wait in outbox {}; the next start sends them", left, outbox.path());
      }
    } catch (MemoryException e) {
      LOG.warn("outbox {}: {}", outbox.path(), e.getMessage());
    } finally {
      try {
        server.close();
      } finally {
        outbox.close();
      }
    }
  }
}
