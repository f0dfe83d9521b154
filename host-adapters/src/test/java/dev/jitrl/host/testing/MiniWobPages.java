package dev.jitrl.host.testing;

import dev.jitrl.host.miniwob.MiniWobFiles;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The MiniWoB++ html folder for tests. Missing, it fails the test with a message naming
 * {@code scripts/setup-miniwob.sh}, unless {@code -Djitrl.requireMiniwob=false} (then the test is skipped).
 */
public final class MiniWobPages {
  private MiniWobPages() {}

  public static MiniWobFiles required() {
    try {
      return MiniWobFiles.locate();
    } catch (IllegalStateException e) {
      String message = e.getMessage() + " (scripts/setup-miniwob.sh fetches them; -Djitrl.requireMiniwob=false skips"
          + " the tests that need them)";
      if ("false".equalsIgnoreCase(System.getProperty("jitrl.requireMiniwob", "true"))) {
        Assumptions.abort(message);
      }
      return Assertions.fail(message);
    }
  }
}
