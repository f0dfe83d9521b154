package dev.jitrl.host.model;

import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe running totals behind {@link ModelUsage}. */
final class UsageCounter {
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong completionTokens = new AtomicLong();

  void call() {
    calls.incrementAndGet();
  }

  void tokens(long prompt, long completion) {
    promptTokens.addAndGet(prompt);
    completionTokens.addAndGet(completion);
  }

  ModelUsage snapshot() {
    return new ModelUsage(calls.get(), promptTokens.get(), completionTokens.get());
  }
}
