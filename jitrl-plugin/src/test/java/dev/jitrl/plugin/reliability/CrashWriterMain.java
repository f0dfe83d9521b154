package dev.jitrl.plugin.reliability;

import dev.jitrl.api.Episode;
import dev.jitrl.api.HostServices;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The child of {@link CrashSafetyTest}: writes episodes through the post-run hook in a loop until it is killed.
 * Prints {@code writing <key> <steps>} before handing an episode over and {@code stored <key> <steps>} only
 * after its future completed.
 *
 * <pre>CrashWriterMain &lt;memory file&gt; &lt;run number&gt; &lt;seed&gt; [episodes]</pre>
 *
 * <p>With an episode count it exits normally after that many (used once to write a class-data archive that
 * makes the later starts cheaper). It also stops when its output is closed, so that it never outlives its test.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String run = args[1];
    SplittableRandom r = new SplittableRandom(Long.parseLong(args[2]));
    long episodes = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
    JitRlConfig config = JitRlConfig.builder().memoryPath(file).judge(JudgeKind.RULES).build();
    try (JitRlEngine engine = JitRlEngine.open(config, HostServices.of(Map.of()))) {
      out.println("ready " + engine.index().size());
      out.flush();
      for (int i = 0; i < episodes && !out.checkError(); i++) {
        String key = "r" + run + "-" + i;
        int steps = 1 + r.nextInt(r.nextInt(10) == 0 ? 200 : 30);
        Episode e = Episodes.run(engine, key, steps, r);
        out.println("writing " + key + " " + steps);
        out.flush();
        engine.learn(e).get();
        out.println("stored " + key + " " + steps);
        out.flush();
      }
    }
  }
}
