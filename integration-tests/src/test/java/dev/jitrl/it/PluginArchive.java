package dev.jitrl.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The plugin zip built by the jitrl-plugin module, copied by Maven into target/plugin-dist. */
final class PluginArchive {
  private PluginArchive() {}

  static Path built() {
    String p = System.getProperty("jitrl.pluginZip", "target/plugin-dist/jitrl-plugin.zip");
    Path zip = Path.of(p);
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException("plugin archive " + zip.toAbsolutePath() + " is missing: run `mvn verify` from the root");
    }
    return zip;
  }

  /** A fresh plugins/ folder holding the archive. */
  static Path installInto(Path dir) throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Files.copy(built(), plugins.resolve("jitrl-plugin-0.1.0.zip"));
    return plugins;
  }
}
