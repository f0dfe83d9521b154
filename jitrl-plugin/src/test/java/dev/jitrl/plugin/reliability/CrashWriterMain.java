package dev.jitrl.plugin.reliability;

import dev.jitrl.api.Episode;
import dev.jitrl.plugin.EngineInternals;
import dev.jitrl.plugin.EngineOnBank;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.memory.ProbedBank;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.SplittableRandom;

/**
 * The child of {@link CrashSafetyTest}: writes episodes through the post-run hook in a loop until it is killed.
 * Prints {@code writing <key> <steps>} before handing an episode over, {@code tx <key>} from the writer thread when
 * that episode's transaction holds uncommitted rows (a test-only seam of the memory bank), and {@code stored <key>
 * <steps>} only after its future completed.
 *
 * <pre>CrashWriterMain &lt;memory file&gt; &lt;run number&gt; &lt;seed&gt; [episodes|-] [key to store first] [its steps]</pre>
 *
 * <p>With an episode count it exits normally after that many (used once to write a class-data archive that makes
 * the later starts cheaper). With a key, it first stores an episode under that key (one an earlier child lost to a
 * kill). It also stops when its output is closed, so that it never outlives its test.
 */
public final class CrashWriterMain {
  private CrashWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String run = args[1];
    SplittableRandom r = new SplittableRandom(Long.parseLong(args[2]));
    long episodes = args.length > 3 && !args[3].equals("-") ? Long.parseLong(args[3]) : Long.MAX_VALUE;
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
    JitRlConfig config = JitRlConfig.builder().memoryPath(file).judge(JudgeKind.RULES).build();
    try (JitRlEngine engine = EngineOnBank.open(config, ProbedBank.open(file, config.memoryMaxSteps(), Clock.systemUTC(),
        key -> {
          out.println("tx " + key);
          out.flush();
        }))) {
      out.println("ready " + EngineInternals.index(engine).size());
      out.flush();
      if (args.length > 5) {
        store(engine, out, args[4], Integer.parseInt(args[5]), r);
      }
      for (int i = 0; i < episodes && !out.checkError(); i++) {
        store(engine, out, "r" + run + "-" + i, 1 + r.nextInt(r.nextInt(10) == 0 ? 200 : 30), r);
      }
    }
  }

  private static void store(JitRlEngine engine, PrintStream out, String key, int steps, SplittableRandom r)
      throws Exception {
    Episode e = Episodes.run(engine, key, steps, r);
    out.println("writing " + key + " " + steps);
    out.flush();
    engine.learn(e).get();
    out.println("stored " + key + " " + steps);
    out.flush();
  }
}
