package dev.jitrl.host.miniwob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the MiniWoB++ html folder (needs no download). */
class MiniWobFilesTest {
  @Test
  void locate_missingFolder_failsNamingWhereItLookedAndTheScript(@TempDir Path tmp) {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> MiniWobFiles.locate(Map.of(), Map.of("JITRL_CACHE", tmp.toString())));
    assertTrue(e.getMessage().contains(tmp.resolve("miniwob").resolve("html").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("scripts/setup-miniwob.sh"), e.getMessage());
    assertTrue(e.getMessage().contains("jitrl.miniwob.path"), e.getMessage());
    IllegalStateException explicit = assertThrows(IllegalStateException.class,
        () -> MiniWobFiles.locate(Map.of("jitrl.miniwob.path", tmp.toString()), Map.of()));
    assertTrue(explicit.getMessage().contains(tmp.toString()), explicit.getMessage());
    assertTrue(explicit.getMessage().contains("scripts/setup-miniwob.sh"), explicit.getMessage());
  }

  @Test
  void locate_acceptsTheHtmlFolderOrAFolderHoldingIt(@TempDir Path tmp) throws Exception {
    Path html = tmp.resolve("miniwob").resolve("html");
    Files.createDirectories(html.resolve("core"));
    Files.createDirectories(html.resolve("miniwob"));
    Files.writeString(html.resolve("core").resolve("core.js"), "var core = {};");
    Files.writeString(html.resolve("miniwob").resolve("my-task.html"), "<html></html>");
    assertEquals(List.of("my-task"), MiniWobFiles.locate(Map.of(), Map.of("JITRL_CACHE", tmp.toString())).taskNames());
    assertEquals(html, MiniWobFiles.locate(Map.of(), Map.of("JITRL_MINIWOB_PATH", tmp.toString())).root());
    assertEquals(html, MiniWobFiles.at(html).root());
  }

}
