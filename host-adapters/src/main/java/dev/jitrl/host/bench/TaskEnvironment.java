package dev.jitrl.host.bench;

import dev.jitrl.api.Outcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of web tasks the agent can be run on, with an environment-side success check (server state or the
 * final page, never the agent's claim). The local sites adapt to it; so do test fixtures.
 */
public interface TaskEnvironment extends AutoCloseable {

  /** The suite's tasks, in a stable order. */
  List<BenchTask> tasks();

  /** Where an episode of {@code task} starts. */
  String startUrl(BenchTask task);

  /** Puts the sites back into their initial state (called before every episode). */
  void reset();

  /** Whether the task was done. */
  Outcome check(BenchTask task, String finalUrl, String finalPageText, Optional<String> answer);

  @Override
  void close();

  /**
   * Site names for the hosts this environment serves ({@code 127.0.0.1:40123 → local}), so that memory
   * written on one run matches the next run even when the sites listen on another port. Merged into the
   * plugin's {@code jitrl.site.aliases}; entries the user configured win.
   */
  default Map<String, String> siteAliases() {
    return Map.of();
  }

  /** The task with this id. */
  default BenchTask task(String id) {
    return tasks().stream().filter(t -> t.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown task " + id + "; known: "
            + tasks().stream().map(BenchTask::id).toList()));
  }
}
