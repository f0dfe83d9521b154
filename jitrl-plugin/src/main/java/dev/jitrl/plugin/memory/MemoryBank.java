package dev.jitrl.plugin.memory;

import dev.jitrl.api.MemoryAdministration.ImportSummary;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.function.Consumer;

/**
 * The durable memory of episodes and their scored steps. The local implementation is {@link SqliteMemoryBank};
 * the interface is what a shared store on a database server would implement for a fleet of agents.
 *
 * <p>Implementations are thread-safe.
 */
public interface MemoryBank extends AutoCloseable {

  /** Where the memory lives, for messages ({@code /home/me/.jitrl/memory.sqlite}). */
  String location();

  /**
   * Stores an episode and all its steps atomically, then evicts the oldest whole episodes if the bound on
   * stored steps is exceeded. Storing an episode key that is already present stores nothing.
   *
   * @throws MemoryException if it cannot be stored; then nothing of it is stored
   */
  AppendResult append(EpisodeRecord episode);

  /**
   * Stores several episodes as {@link #append} would, one after the other; returns how many were stored (the others'
   * keys were present). A server memory overrides it to store them in one transaction (all or nothing), so that
   * a backlog costs one commit instead of one per episode.
   *
   * @throws MemoryException if one cannot be stored; the ones before it may be stored (storing them again is harmless)
   */
  default long appendAll(java.util.List<EpisodeRecord> episodes) {
    long stored = 0;
    for (EpisodeRecord e : episodes) {
      stored += append(e).stored() ? 1 : 0;
    }
    return stored;
  }

  /** Calls {@code sink} with every stored step whose id is greater than {@code afterId}, in id order. */
  void forEachStepAfter(long afterId, Consumer<StoredStep> sink);

  /**
   * The id of the oldest stored step (0 when empty). Every step with a smaller id was evicted, by this process
   * or another one sharing the memory.
   */
  long oldestStepId();

  /** Evicts oldest whole episodes until at most {@code maxSteps} steps remain; returns the eviction boundary. */
  long evictTo(long maxSteps);

  MemoryStats stats();

  /** Writes every episode as one JSON line, oldest first; returns the number of episodes written. */
  long exportTo(Writer out) throws IOException;

  /**
   * Reads JSON lines written by {@link #exportTo(Writer)}. The whole input is validated before anything is
   * stored; episodes whose key is already present are skipped.
   *
   * @return how many episodes were stored and skipped
   * @throws MemoryException naming the line of the first invalid record (then nothing is stored)
   */
  ImportSummary importFrom(Reader in) throws IOException;

  /**
   * Registers a listener called when other processes or hosts may have stored episodes, so that the hot index can
   * refresh at once instead of at its next periodic refresh. The SQLite memory has no such feed (nothing is
   * called); the PostgreSQL memory calls it at each notification and at every catch-up period.
   */
  default void onChange(Runnable listener) {}

  /** Episodes accepted but not yet written to the shared memory (waiting in a local outbox); 0 for SQLite. */
  default long pendingWrites() {
    return 0;
  }

  @Override
  void close();
}
