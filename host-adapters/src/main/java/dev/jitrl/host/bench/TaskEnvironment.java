package dev.jitrl.host.bench;

import dev.jitrl.api.Outcome;
import dev.jitrl.host.agent.SuccessCondition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.WebDriver;

/**
 * A set of web tasks the agent can be run on, with an environment-side success check (server state or the
 * final page, never the agent's claim). The local sites adapt to it; so do test fixtures and MiniWoB++.
 *
 * <p>An episode: {@link #reset()}, load {@link #startUrl}, {@link #prepare} (which gives the goal), then after
 * every step {@link #check} and {@link #ended}, until success, the end of the episode or the step budget.
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

  /**
   * Called once the start page has loaded in {@code driver}, before the agent first looks at it: sets up the
   * episode in the page (MiniWoB++: seeds the page's random generator and starts the episode) and returns the
   * goal the agent is given. An environment whose checks read the live page keeps {@code driver} for the
   * episode's {@link #check} and {@link #ended} calls. Default: nothing to set up, the task's own goal.
   *
   * @throws RuntimeException when the episode cannot start (the episode then fails with that reason)
   */
  default String prepare(BenchTask task, WebDriver driver) {
    return task.goal();
  }

  /**
   * Whether the environment has ended the episode by itself, whatever the outcome (MiniWoB++ ends it at the
   * first wrong click); the agent then stops and {@link #check} gives the outcome. Default: never.
   */
  default boolean ended(BenchTask task) {
    return false;
  }

  /** {@link #check} and {@link #ended} for the agent loop. */
  default SuccessCondition successCondition(BenchTask task) {
    return SuccessCondition.endingWhen((page, answer) -> check(task, page.url(), page.text(), answer),
        () -> ended(task));
  }

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
