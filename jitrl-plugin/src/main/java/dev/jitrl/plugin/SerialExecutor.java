package dev.jitrl.plugin;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs tasks one at a time, in the order they were given, on an executor it does not own: memory writes and index
 * refreshes must not overlap, whatever executor the host injects (a pool, or {@code Runnable::run} in tests, which
 * makes every write finish before {@code execute} returns). Tasks report their own failures (the engine's do); a
 * failed task does not stop the ones after it.
 */
final class SerialExecutor implements Executor {
  private final Executor delegate;
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
  private boolean closed;

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  /**
   * Queues a task after every task queued before it.
   *
   * @throws RejectedExecutionException once {@link #closeAndAwait} was called
   */
  @Override
  public synchronized void execute(Runnable task) {
    if (closed) {
      throw new RejectedExecutionException("the memory writer is closed");
    }
    tail = tail.exceptionally(failed -> null).thenRunAsync(task, delegate);
  }

  /**
   * Refuses new tasks and waits for the queued ones.
   *
   * @return whether they finished within {@code timeout}
   */
  boolean closeAndAwait(Duration timeout) throws InterruptedException {
    CompletableFuture<Void> last;
    synchronized (this) {
      closed = true;
      last = tail;
    }
    try {
      last.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (ExecutionException e) {
      return true; // the last task failed; tasks report their own failures
    } catch (TimeoutException e) {
      return false;
    }
  }
}
