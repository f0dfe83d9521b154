package dev.jitrl.plugin.memory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Consumer;

/** Opens a memory file whose writer tells the test when an episode's write transaction holds uncommitted rows. */
public final class ProbedBank {
  private ProbedBank() {}

  public static SqliteMemoryBank open(Path path, long maxSteps, Clock clock, Consumer<String> inTransaction) {
    return SqliteMemoryBank.open(path, maxSteps, clock, new Properties(), inTransaction);
  }
}
