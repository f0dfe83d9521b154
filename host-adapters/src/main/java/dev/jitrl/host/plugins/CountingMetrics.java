package dev.jitrl.host.plugins;

import dev.jitrl.api.MetricsSink;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A metrics sink that keeps the plugins' counters, so that the host can report them (the bench reads, per episode,
 * how often memory was sure of an action it could not place on the page: {@code jitrl.replay.declined}).
 * Measurements are dropped. Thread-safe.
 */
public final class CountingMetrics implements MetricsSink {
  private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();

  @Override
  public void count(String name, long delta) {
    counters.computeIfAbsent(name, n -> new AtomicLong()).addAndGet(delta);
  }

  @Override
  public void record(String name, double value) {
    // measurements are not kept: the host reports counts only
  }

  /** The counter's total so far; 0 for a counter never counted. */
  public long total(String name) {
    AtomicLong c = counters.get(name);
    return c == null ? 0 : c.get();
  }
}
