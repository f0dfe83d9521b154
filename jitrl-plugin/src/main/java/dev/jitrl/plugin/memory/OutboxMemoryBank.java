package dev.jitrl.plugin.memory;

import dev.jitrl.api.MemoryAdministration.ImportSummary;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared memory on a server, written through a local outbox (a SQLite file): an episode is acknowledged once it is
 * durable in the outbox, and a sender thread moves what waits to the server in bursts, oldest first, each burst in
 * one transaction with one synchronous commit; only then does the outbox forget the burst. While the episodes come
 * slowly a burst is one episode (sent at once); when they come faster than the server commits, the next burst
 * takes all that arrived during the last commit, so one flush of the server's log serves many episodes. A backlog
 * left by a crash or an outage is sent the same way, also by the next process after a restart. Sending is
 * idempotent by episode key: a burst sent twice (the host died between the server's commit and the outbox's
 * delete) is stored once.
 *
 * <p>While the server is away, reads for the hot index return nothing new (decisions go on from the hot index),
 * episodes wait in the outbox, and only the sender (at most once per {@link #RETRY_MILLIS} while episodes wait) and
 * the change-feed thread try the server, so that neither decisions nor the episode writer wait on connection
 * attempts. A host's own episodes reach its hot index like other hosts' ones: after they are sent, when the
 * server's notification arrives (milliseconds). Administration (stats, export, import, prune) goes to the server
 * and fails with a clear error while it is away.
 *
 * <p>An episode the server refuses for its content (not for being away) is set aside in the outbox's table of
 * rejected episodes, with a warning in the log; the others of its burst are stored. Nothing is silently dropped.
 */
public final class OutboxMemoryBank implements MemoryBank {
  /** How long after a failure the server is left alone before it is tried again. */
  static final long RETRY_MILLIS = 500;
  /** The most episodes one burst sends. */
  static final int BURST_EPISODES = 256;
  /**
   * Episodes waiting beyond which the writer waits for the sender while the server answers: back-pressure, as a
   * direct write would make it wait, so that a host cannot outrun the server without bound.
   */
  static final long MAX_BACKLOG = 4_096;

  private static final Logger LOG = LoggerFactory.getLogger(OutboxMemoryBank.class);

  private final MemoryBank server;
  private final EpisodeOutbox outbox;
  private final long maxBacklog;
  private final Clock clock;
  /** Guards the fields below; the sender and writers held back by the backlog wait on it. */
  private final Object state = new Object();
  private final Object drainLock = new Object();
  private long retryAtMillis;
  private volatile boolean down;
  private volatile long oldestKnown;
  /** Episodes this process holds in memory besides the outbox, at most (an outage can leave many more in the file). */
  static final int UNSENT_KEPT = 1_024;
  /**
   * This process's own waiting episodes by outbox row id, so that the sender need not read them back from their
   * JSON (a copy of what the outbox holds; the outbox file stays the truth, and a restart reads it).
   */
  private final Map<Long, EpisodeRecord> unsent = new ConcurrentHashMap<>();
  /** Episodes this process put in the outbox and has not seen sent (a hint: the outbox file is the truth). */
  private long waiting;
  /** Look in the outbox even if {@link #waiting} is 0: another process sharing the file may have left episodes. */
  private boolean recheck;
  private boolean closing;
  /**
   * Counts what may have changed the server's rows: every notification and catch-up tick of the change feed and
   * every burst this bank sent. A read at an unchanged count would find nothing new, so it is answered without a
   * round trip: the engine refreshes its hot index after each of its own episodes, which now only reach the server
   * with a later burst.
   */
  private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong(1);
  /** What the last read found: at change count {@code change}, no stored step had an id above {@code emptyAfter}. */
  private record ReadMark(long change, long emptyAfter) {}

  private volatile ReadMark lastRead = new ReadMark(0, 0);
  private volatile long oldestAtChange;
  private boolean senderRunning;

  /**
   * @param sender runs the sender loop (one long task) until {@link #close()}
   */
  OutboxMemoryBank(MemoryBank server, EpisodeOutbox outbox, Clock clock, boolean startsDown, Executor sender) {
    this(server, outbox, clock, startsDown, sender, MAX_BACKLOG);
  }

  /** @param maxBacklog waiting episodes beyond which a writer waits while the server answers ({@link #MAX_BACKLOG}) */
  OutboxMemoryBank(MemoryBank server, EpisodeOutbox outbox, Clock clock, boolean startsDown, Executor sender,
      long maxBacklog) {
    this.maxBacklog = maxBacklog;
    this.server = server;
    this.outbox = outbox;
    this.clock = clock;
    this.waiting = outbox.size();
    if (startsDown) {
      synchronized (state) {
        markDown("unreachable at start");
      }
    }
    if (waiting > 0) {
      LOG.info("{} episodes wait in outbox {} from an earlier run; they are sent when {} answers", waiting,
          outbox.path(), server.location());
    }
    // Registered before any other listener: the hot index refreshes after the outbox was sent.
    server.onChange(this::probe);
    sender.execute(this::sendLoop);
  }

  /** Runs the sender loop on a daemon thread of its own (an episode in the outbox survives the process anyway). */
  static Executor senderThread() {
    return task -> {
      Thread t = new Thread(task, "jitrl-memory-sender");
      t.setDaemon(true);
      t.start();
    };
  }

  @Override
  public String location() {
    return server.location();
  }

  /**
   * Keeps the episode in the outbox (durable when this returns) and wakes the sender. The result names no row: the
   * episode gets its ids when it is sent.
   */
  @Override
  public AppendResult append(EpisodeRecord episode) {
    long row = outbox.add(episode);
    if (row > 0 && unsent.size() < UNSENT_KEPT) {
      unsent.put(row, episode);
    }
    synchronized (state) {
      waiting++;
      state.notifyAll();
      while (waiting > maxBacklog && !down && !closing) {
        try {
          state.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break; // the episode is kept; only the back-pressure is cut short
        }
      }
    }
    return new AppendResult(true, 0, 0);
  }

  private static boolean rejectedContent(MemoryException e) {
    return e.getCause() instanceof SQLException s && PostgresConnector.rejected(s);
  }

  /** Call under {@link #state}. */
  private boolean backingOff() {
    return down && clock.millis() < retryAtMillis;
  }

  /** Call under {@link #state}. */
  private void markDown(String why) {
    retryAtMillis = clock.millis() + RETRY_MILLIS;
    if (!down) {
      down = true;
      LOG.warn("shared memory {} cannot be reached ({}); decisions go on from the hot index and finished episodes"
          + " wait in outbox {}", server.location(), why, outbox.path());
    }
    state.notifyAll(); // writers held back by the backlog go on: the outbox keeps what they bring
  }

  /** Call under {@link #state}. */
  private void markUp() {
    if (down) {
      down = false;
      LOG.info("shared memory {} answers again", server.location());
    }
  }

  /** The sender thread: sends what waits whenever something waits and the server is not being left alone. */
  private void sendLoop() {
    synchronized (state) {
      if (closing) {
        return;
      }
      senderRunning = true;
    }
    try {
      while (true) {
        synchronized (state) {
          while (!closing && ((waiting == 0 && !recheck) || backingOff())) {
            long retryIn = waiting == 0 && !recheck ? 0 : Math.max(1, retryAtMillis - clock.millis());
            state.wait(retryIn);
          }
          if (closing) {
            return;
          }
        }
        try {
          drain();
        } catch (MemoryException e) {
          LOG.warn("outbox {}: {}", outbox.path(), e.getMessage());
          synchronized (state) {
            markDown(e.getMessage()); // the outbox itself failed: try again later rather than spin
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      synchronized (state) {
        senderRunning = false;
        state.notifyAll();
      }
    }
  }

  /**
   * Sends waiting episodes, oldest first, in bursts of one transaction each, until the outbox is empty or the server
   * fails. One drainer at a time; new episodes join the outbox meanwhile and go with the next burst. Reads for the
   * hot index resume at the first burst the server takes.
   */
  private void drain() {
    synchronized (drainLock) {
      synchronized (state) {
        recheck = false; // this drain reads the outbox file itself
      }
      long sent = 0;
      boolean wasDown = down;
      try {
        while (true) {
          List<EpisodeOutbox.Pending> batch = burst(outbox.oldest(BURST_EPISODES, unsent::get));
          if (batch.isEmpty()) {
            synchronized (state) {
              waiting = 0;
              markUp();
              state.notifyAll();
            }
            return;
          }
          try {
            server.appendAll(batch.stream().map(EpisodeOutbox.Pending::episode).toList());
          } catch (MemoryUnavailableException e) {
            synchronized (state) {
              markDown(e.getMessage());
            }
            return;
          } catch (MemoryException e) {
            if (!rejectedContent(e)) {
              synchronized (state) {
                markDown(e.getMessage());
              }
              return;
            }
            // One of them is refused for what it holds: one by one, so that the others are stored.
            if (!sendOneByOne(batch)) {
              return;
            }
            sent += batch.size();
            continue;
          }
          changes.incrementAndGet();
          List<Long> ids = batch.stream().map(EpisodeOutbox.Pending::id).toList();
          outbox.removeAll(ids);
          ids.forEach(unsent::remove);
          synchronized (state) {
            waiting = Math.max(0, waiting - batch.size());
            markUp();
            state.notifyAll();
          }
          sent += batch.size();
        }
      } finally {
        if (sent > 0 && wasDown) {
          LOG.info("{} episodes sent from outbox {} to {}", sent, outbox.path(), server.location());
        }
      }
    }
  }

  /** The oldest episodes up to the step bound of one burst (at least one). */
  private static List<EpisodeOutbox.Pending> burst(List<EpisodeOutbox.Pending> oldest) {
    int steps = 0;
    for (int i = 0; i < oldest.size(); i++) {
      steps += oldest.get(i).episode().steps().size();
      if (i > 0 && steps > PostgresMemoryBank.BURST_STEPS) {
        return oldest.subList(0, i);
      }
    }
    return oldest;
  }

  /** Sends a burst one episode at a time, setting aside the ones refused for their content; false if it stopped. */
  private boolean sendOneByOne(List<EpisodeOutbox.Pending> batch) {
    for (EpisodeOutbox.Pending p : batch) {
      try {
        server.append(p.episode());
        changes.incrementAndGet();
        outbox.remove(p.id());
        unsent.remove(p.id());
      } catch (MemoryUnavailableException e) {
        synchronized (state) {
          markDown(e.getMessage());
        }
        return false;
      } catch (MemoryException e) {
        if (!rejectedContent(e)) {
          synchronized (state) {
            markDown(e.getMessage());
          }
          return false;
        }
        outbox.reject(p, e.getMessage());
        unsent.remove(p.id());
        LOG.warn("shared memory {} refused episode {}; it is kept in outbox {} (table rejected): {}",
            server.location(), p.episode().key(), outbox.path(), e.getMessage());
      }
      synchronized (state) {
        waiting = Math.max(0, waiting - 1);
        markUp();
        state.notifyAll();
      }
    }
    return true;
  }

  /**
   * Called on the change-feed thread at each notification and catch-up tick: wakes the sender if episodes wait
   * (also ones another process of this host left in a shared outbox file), or probes the server.
   */
  private void probe() {
    changes.incrementAndGet();
    boolean check;
    synchronized (state) {
      if (backingOff() || closing) {
        return;
      }
      if (waiting == 0) {
        try {
          // Only a flag for the sender, never a new count: an append between its outbox write and its count would
          // be counted twice.
          recheck = outbox.size() > 0;
        } catch (MemoryException e) {
          LOG.warn("outbox {}: {}", outbox.path(), e.getMessage());
          return;
        }
      }
      if (waiting > 0 || recheck) {
        state.notifyAll();
        return;
      }
      check = down;
    }
    if (check) {
      try {
        long oldest = server.oldestStepId(); // outside the state lock: writers never wait for a connection attempt
        synchronized (state) {
          oldestKnown = oldest;
          markUp();
        }
      } catch (MemoryUnavailableException e) {
        synchronized (state) {
          markDown(e.getMessage());
        }
      }
    }
  }

  @Override
  public void forEachStepAfter(long afterId, Consumer<StoredStep> sink) {
    if (down) {
      return;
    }
    long at = changes.get(); // taken before the read: a commit seen after it counts as a change
    ReadMark mark = lastRead;
    if (at == mark.change() && afterId >= mark.emptyAfter()) {
      return; // nothing was committed since a read that found nothing above afterId
    }
    long[] max = {afterId};
    try {
      server.forEachStepAfter(afterId, st -> {
        max[0] = Math.max(max[0], st.id());
        sink.accept(st);
      });
      lastRead = new ReadMark(at, max[0]);
    } catch (MemoryUnavailableException e) {
      synchronized (state) {
        markDown(e.getMessage());
      }
    }
  }

  @Override
  public long oldestStepId() {
    if (down) {
      return oldestKnown;
    }
    long at = changes.get();
    if (at == oldestAtChange) {
      return oldestKnown;
    }
    try {
      oldestKnown = server.oldestStepId();
      oldestAtChange = at;
    } catch (MemoryUnavailableException e) {
      synchronized (state) {
        markDown(e.getMessage());
      }
    }
    return oldestKnown;
  }

  @Override
  public long evictTo(long maxSteps) {
    try {
      return server.evictTo(maxSteps);
    } finally {
      changes.incrementAndGet();
    }
  }

  @Override
  public MemoryStats stats() {
    return server.stats();
  }

  /** Sends what waits first (if the server answers), so that the export holds every episode of this host. */
  @Override
  public long exportTo(Writer out) throws IOException {
    boolean send;
    synchronized (state) {
      send = !backingOff() && waiting > 0;
    }
    if (send) {
      drain();
    }
    return server.exportTo(out);
  }

  @Override
  public ImportSummary importFrom(Reader in) throws IOException {
    try {
      return server.importFrom(in);
    } finally {
      changes.incrementAndGet();
    }
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
    synchronized (state) {
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
      synchronized (state) {
        closing = true;
        state.notifyAll();
        while (senderRunning) { // its burst in flight ends first: one drainer, and the outbox stays open for it
          try {
            state.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
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
