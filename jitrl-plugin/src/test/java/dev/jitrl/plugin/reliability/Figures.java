package dev.jitrl.plugin.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Writes a test's measured figures to {@code target/reliability/<name>.txt} (and stdout) for docs/reliability.md. */
public final class Figures {
  private Figures() {}

  public static void write(String name, String line) {
    System.out.println(name + ": " + line);
    try {
      Path dir = Path.of("target", "reliability");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".txt"), Instant.now() + " " + line + System.lineSeparator(),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
