package dev.jitrl.host.browser;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running headless Chromium with its own temporary profile; closing quits it and deletes the profile. */
public final class ChromiumBrowser implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChromiumBrowser.class);

  private final ChromeDriver driver;
  private final Path profile;
  private boolean closed;

  /** Quits the browser when the JVM is stopped (Ctrl-C, SIGTERM) before {@link #close()} ran. */
  private final Thread shutdownHook;

  ChromiumBrowser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
    // Without it, a stopped `jitrl bench` leaves chromedriver and Chromium running (adopted by init) and the
    // profile on disk.
    this.shutdownHook = new Thread(this::closeFromShutdown, "jitrl-browser-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  private void closeFromShutdown() {
    quitAndDelete();
  }

  public WebDriver driver() {
    return driver;
  }

  /** The temporary profile folder (deleted on close). */
  public Path profile() {
    return profile;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is stopping: the hook closes the browser (or has)
    }
    quitAndDelete();
  }

  private synchronized void quitAndDelete() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      driver.quit();
    } catch (RuntimeException e) {
      LOG.warn("quitting Chromium failed: {}", ChromiumLauncher.firstLine(e));
    } finally {
      deleteTree(profile);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      LOG.warn("could not delete browser profile {}: {}", root, e.getMessage());
    }
  }
}
