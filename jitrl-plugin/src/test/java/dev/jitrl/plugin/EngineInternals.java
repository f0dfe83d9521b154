package dev.jitrl.plugin;

import dev.jitrl.plugin.memory.MemoryBank;
import dev.jitrl.plugin.retrieval.HotIndex;

/**
 * The engine's memory and hot index for tests and benchmarks in other packages: the engine keeps them
 * package-private because no host needs them.
 */
public final class EngineInternals {
  private EngineInternals() {}

  public static HotIndex index(JitRlEngine engine) {
    return engine.index();
  }

  public static MemoryBank memory(JitRlEngine engine) {
    return engine.memory();
  }
}
