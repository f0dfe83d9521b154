package dev.jitrl.host.model;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real local model for tests, loaded once per test JVM and shared (loading takes about a second; the
 * native model is serialized internally, and the JVM's exit frees it). Missing model: the test fails and says
 * how to get it, unless {@code -Djitrl.requireModel=false}, which skips instead.
 */
public final class LocalModel {
  private static LlamaLanguageModel shared;

  private LocalModel() {}

  public static synchronized LlamaLanguageModel get() {
    if (shared == null) {
      shared = LlamaLanguageModel.load(LlamaLanguageModel.Settings.defaults(path()));
    }
    return shared;
  }

  /** The model file, or a failure (or skip) that tells how to fetch it. */
  public static Path path() {
    ModelLocator locator = ModelLocator.fromEnvironment(Map.of());
    Optional<Path> found = locator.find();
    if (found.isPresent()) {
      return found.get();
    }
    String why = "the local model is missing (looked at " + locator.candidates() + "): run "
        + ModelLocator.SETUP_SCRIPT + " first";
    if ("false".equalsIgnoreCase(System.getProperty("jitrl.requireModel", "true"))) {
      Assumptions.abort(why + " (skipped: jitrl.requireModel=false)");
    }
    return fail(why + ", or set -Djitrl.requireModel=false to skip the model tests");
  }
}
