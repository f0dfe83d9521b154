package dev.jitrl.host.miniwob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code miniwob/html} folder of the {@code miniwob} package (fetched by {@code scripts/setup-miniwob.sh}):
 * where it is and which tasks it holds ({@code miniwob/<name>.html}).
 */
public final class MiniWobFiles {
  /** System property naming the html folder. */
  public static final String PATH_PROPERTY = "jitrl.miniwob.path";
  /** Environment variable naming the html folder. */
  public static final String PATH_VARIABLE = "JITRL_MINIWOB_PATH";
  /** The script that fetches the folder. */
  public static final String SETUP_SCRIPT = "scripts/setup-miniwob.sh";

  private final Path root;
  private final List<String> taskNames;

  private MiniWobFiles(Path root, List<String> taskNames) {
    this.root = root;
    this.taskNames = List.copyOf(taskNames);
  }

  /** The html folder (holding {@code core/} and {@code miniwob/}). */
  public Path root() {
    return root;
  }

  /** Every task of the package, sorted by name. */
  public List<String> taskNames() {
    return taskNames;
  }

  /** Whether the package has a task of that name. */
  public boolean hasTask(String name) {
    return taskNames.contains(name);
  }

  /**
   * Opens the folder at {@code path}: the html folder itself, or a folder holding it as {@code html/} or
   * {@code miniwob/html/} (the cache folder, an unpacked wheel).
   *
   * @throws IllegalStateException when no MiniWoB++ html folder is there
   */
  public static MiniWobFiles at(Path path) {
    return find(path).orElseThrow(() -> new IllegalStateException("no MiniWoB++ html folder at " + path
        + " (expected core/core.js and miniwob/*.html); run " + SETUP_SCRIPT + " to fetch it"));
  }

  /**
   * Finds the folder: {@value #PATH_PROPERTY} (system property), else {@value #PATH_VARIABLE}, else the cache
   * of {@code scripts/setup-miniwob.sh} ({@code ${JITRL_CACHE:-~/.cache/jitrl}/miniwob/html}).
   *
   * @throws IllegalStateException naming where it looked and the script to run
   */
  public static MiniWobFiles locate() {
    return locate(System.getProperties().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().toString())),
        System.getenv());
  }

  /** {@link #locate()} over the given system properties and environment. */
  public static MiniWobFiles locate(Map<String, String> properties, Map<String, String> environment) {
    List<String> looked = new ArrayList<>();
    String prop = properties.get(PATH_PROPERTY);
    if (prop != null && !prop.isBlank()) {
      return at(Path.of(prop)); // an explicit choice is never second-guessed
    }
    String var = environment.get(PATH_VARIABLE);
    if (var != null && !var.isBlank()) {
      return at(Path.of(var));
    }
    Path cache = defaultCache(environment);
    Optional<MiniWobFiles> found = find(cache);
    if (found.isPresent()) {
      return found.get();
    }
    looked.add("-D" + PATH_PROPERTY + " (not set)");
    looked.add(PATH_VARIABLE + " (not set)");
    looked.add(cache.toString());
    throw new IllegalStateException("the MiniWoB++ task pages are missing: looked in " + String.join(", ", looked)
        + ". Run " + SETUP_SCRIPT + " (it downloads the miniwob wheel from PyPI into that cache), or point "
        + PATH_PROPERTY + " / " + PATH_VARIABLE + " at a miniwob/html folder");
  }

  /** {@code ${JITRL_CACHE:-$HOME/.cache/jitrl}/miniwob/html}, as the setup script writes it. */
  public static Path defaultCache(Map<String, String> environment) {
    String cache = environment.get("JITRL_CACHE");
    Path base = cache != null && !cache.isBlank() ? Path.of(cache)
        : Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".cache", "jitrl");
    return base.resolve("miniwob").resolve("html");
  }

  private static Optional<MiniWobFiles> find(Path path) {
    for (Path p : List.of(path, path.resolve("html"), path.resolve("miniwob").resolve("html"))) {
      if (Files.isRegularFile(p.resolve("core").resolve("core.js")) && Files.isDirectory(p.resolve("miniwob"))) {
        List<String> names = names(p.resolve("miniwob"));
        if (!names.isEmpty()) {
          return Optional.of(new MiniWobFiles(p.toAbsolutePath().normalize(), names));
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> names(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".html"))
          .map(n -> n.substring(0, n.length() - ".html".length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
