package dev.jitrl.api;

/** Where plugins report counters and measurements; the host decides what to do with them. */
public interface MetricsSink {

  /** A sink that drops everything. */
  MetricsSink NONE = new MetricsSink() {
    @Override
    public void count(String name, long delta) {}

    @Override
    public void record(String name, double value) {}
  };

  /** Adds {@code delta} to the counter {@code name} ({@code jitrl.fallbacks}). */
  void count(String name, long delta);

  /** Records one measurement ({@code jitrl.decision.nanos}). */
  void record(String name, double value);
}
