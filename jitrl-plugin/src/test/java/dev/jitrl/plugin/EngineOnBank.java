package dev.jitrl.plugin;

import dev.jitrl.api.HostServices;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.memory.MemoryBank;
import java.util.Map;

/** An engine over a memory bank the test opened itself (as {@link JitRlEngine#open}, with that bank). */
public final class EngineOnBank {
  private EngineOnBank() {}

  public static JitRlEngine open(JitRlConfig config, MemoryBank memory) {
    HostServices services = HostServices.of(Map.of());
    return new JitRlEngine(config, memory, JitRlEngine.chooseJudge(config, services), services.metrics());
  }
}
