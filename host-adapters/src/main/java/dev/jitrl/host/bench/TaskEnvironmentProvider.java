package dev.jitrl.host.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes a {@link TaskEnvironment} for a named suite ({@code local}); found with {@link ServiceLoader}, so a
 * suite can be added by putting its jar on the class path.
 */
public interface TaskEnvironmentProvider {

  /** The suite's name as given to {@code --suite}. */
  String suite();

  /** Starts the suite's sites. */
  TaskEnvironment open();

  /**
   * Opens the named suite.
   *
   * @throws IllegalArgumentException naming the suites that are available
   */
  static TaskEnvironment open(String suite) {
    List<String> known = new ArrayList<>();
    for (TaskEnvironmentProvider p : ServiceLoader.load(TaskEnvironmentProvider.class)) {
      if (p.suite().equals(suite)) {
        return p.open();
      }
      known.add(p.suite());
    }
    throw new IllegalArgumentException("no task suite named '" + suite + "' in this build; available: " + known);
  }
}
