package dev.jitrl.plugin.reliability;

import dev.jitrl.api.Episode;
import dev.jitrl.api.HostServices;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One of two processes that store the same episode keys at the same time, for {@link SharedMemoryTest}: prints
 * {@code ready}, waits for a line on standard input, opens an engine on the (new) file, then learns {@code dup-0 … dup-<n-1>} (its own
 * content per key, from its seed) as fast as it can, printing {@code gen <key> <steps> <digest>} after each future
 * completed and {@code error <key> <what>} for any failure.
 *
 * <pre>SharedMemoryDuplicateMain &lt;memory file&gt; &lt;keys&gt; &lt;seed&gt;</pre>
 */
public final class SharedMemoryDuplicateMain {
  private SharedMemoryDuplicateMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
    JitRlConfig config = JitRlConfig.builder().memoryPath(Path.of(args[0])).judge(JudgeKind.RULES).build();
    int keys = Integer.parseInt(args[1]);
    SplittableRandom r = new SplittableRandom(Long.parseLong(args[2]));
    Episode[] episodes = new Episode[keys];
    for (int k = 0; k < keys; k++) {
      episodes[k] = Episodes.run(null, "dup-" + k, 1 + r.nextInt(8), r); // generated before the start signal
    }
    out.println("ready");
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    // both processes open the new file at the same moment, then store the same keys in the same order
    try (JitRlEngine engine = JitRlEngine.open(config, HostServices.of(Map.of()))) {
      for (Episode e : episodes) {
        try {
          engine.learn(e).get();
          out.println("gen " + e.id() + " " + e.steps().size() + " " + SharedMemoryAgents.digest(e));
        } catch (Exception ex) {
          out.println("error " + e.id() + " " + ex);
        }
      }
    }
    out.println("exit");
  }
}
