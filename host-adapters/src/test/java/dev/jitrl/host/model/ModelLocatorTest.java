package dev.jitrl.host.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.JitRlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {
  @TempDir
  Path tmp;

  @Test
  void locate_configKeyWinsOverEnvironment() throws IOException {
    Path a = Files.writeString(tmp.resolve("a.gguf"), "GGUF");
    Path b = Files.writeString(tmp.resolve("b.gguf"), "GGUF");
    ModelLocator l = new ModelLocator(Map.of(ModelLocator.CONFIG_KEY, a.toString()),
        Map.of(ModelLocator.ENV_VAR, b.toString()), tmp);
    assertEquals(a, l.locate());
  }

  @Test
  void locate_nothingNamed_usesTheCacheUnderJitrlCache() throws IOException {
    Path model = tmp.resolve("cache/models/" + ModelLocator.DEFAULT_FILE_NAME);
    Files.createDirectories(model.getParent());
    Files.writeString(model, "GGUF");
    assertEquals(model, new ModelLocator(Map.of(), Map.of("JITRL_CACHE", tmp.resolve("cache").toString()), tmp).locate());
  }

  @Test
  void locate_missing_namesWhereItLookedAndTheScript() {
    ModelLocator l = new ModelLocator(Map.of(), Map.of(), tmp);
    JitRlException e = assertThrows(JitRlException.class, l::locate);
    assertTrue(e.getMessage().contains(tmp.resolve(".cache/jitrl/models").toString()), e.getMessage());
    assertTrue(e.getMessage().contains(ModelLocator.SETUP_SCRIPT), e.getMessage());
  }

  @Test
  void locate_namedFileMissing_failsInsteadOfLookingFurther() {
    ModelLocator l = new ModelLocator(Map.of(), Map.of(ModelLocator.ENV_VAR, tmp.resolve("nope.gguf").toString()), tmp);
    JitRlException e = assertThrows(JitRlException.class, l::locate);
    assertTrue(e.getMessage().contains("nope.gguf") && e.getMessage().contains(ModelLocator.ENV_VAR), e.getMessage());
  }
}
