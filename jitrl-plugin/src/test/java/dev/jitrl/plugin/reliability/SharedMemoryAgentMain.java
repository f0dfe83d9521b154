package dev.jitrl.plugin.reliability;

import dev.jitrl.api.HostServices;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A second host process on a shared memory, for {@link SharedMemoryTest}: one engine, several agent threads.
 *
 * <pre>SharedMemoryAgentMain &lt;memory file&gt; &lt;name&gt; &lt;threads&gt; &lt;millis&gt; &lt;seed&gt; [maxSteps [minSteps]]</pre>
 *
 * <p>{@code minSteps}: each agent thread goes on past {@code millis} until it generated that many steps.
 */
public final class SharedMemoryAgentMain {
  private SharedMemoryAgentMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
    var builder = JitRlConfig.builder().memoryPath(Path.of(args[0])).judge(JudgeKind.RULES);
    if (args.length > 5) {
      builder.memoryMaxSteps(Long.parseLong(args[5]));
    }
    JitRlConfig config = builder.build();
    try (JitRlEngine engine = JitRlEngine.open(config, HostServices.of(Map.of()))) {
      out.println("ready");
      SharedMemoryAgents.run(engine, args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]),
          args.length > 6 ? Long.parseLong(args[6]) : 0, Long.parseLong(args[4]), line -> {
            synchronized (out) {
              out.println(line);
            }
          });
    }
    out.println("exit");
  }
}
