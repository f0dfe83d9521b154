package dev.jitrl.host.miniwob;

import dev.jitrl.api.Outcome;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.host.bench.BenchTask;
import dev.jitrl.host.bench.TaskEnvironment;
import dev.jitrl.host.bench.TaskEnvironmentProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;

/**
 * The MiniWoB++ tasks of the {@code miniwob} package as a bench suite ({@code --suite miniwob}), driven as
 * BENCHMARKS.md §B says: the package's html folder is served on 127.0.0.1; an episode loads the task's page,
 * calls {@code Math.seedrandom(seed)}, raises {@code core.EPISODE_MAX_TIME}, calls {@code core.startEpisodeReal()}
 * and gives the agent {@code core.getUtterance()} as its goal; the outcome is read from the page's
 * {@code WOB_DONE_GLOBAL}, {@code WOB_REWARD_GLOBAL} and {@code WOB_RAW_REWARD_GLOBAL} (success = raw reward
 * &gt; 0), and the episode ends as soon as {@code WOB_DONE_GLOBAL} is true.
 *
 * <p>A task instance is {@code <task>#<seed>}; the same seed gives the same instance. Any task name of the
 * package is accepted ({@code click-button}, {@code book-flight}, ...); a name without a seed is the first
 * default seed's instance. {@link #tasks()} is the development set × the default seeds.
 */
public final class MiniWobEnvironment implements TaskEnvironment {
  /** BENCHMARKS.md §B's development set. */
  public static final List<String> DEVELOPMENT_SET = List.of("click-button", "click-link", "click-option",
      "click-checkboxes", "enter-text", "focus-text", "click-tab", "login-user", "navigate-tree", "choose-list");
  /** Seeds of {@link #tasks()} unless configured otherwise. */
  public static final List<Long> DEFAULT_SEEDS = List.of(1L, 2L, 3L, 4L, 5L);
  /**
   * Step budget of an episode unless configured otherwise: a form of a dozen checkboxes and its button takes 13
   * actions (10 made the longest instances impossible whatever the agent learnt).
   */
  public static final int DEFAULT_MAX_STEPS = 15;
  /** {@code core.EPISODE_MAX_TIME}: long enough that the page's own timer never ends an episode of the host. */
  public static final Duration EPISODE_MAX_TIME = Duration.ofMinutes(10);
  /** Instance ids read {@code <task>#<seed>}. */
  public static final char SEED_SEPARATOR = '#';

  private static final String START_SCRIPT = """
      if (typeof core === 'undefined' || typeof core.startEpisodeReal !== 'function') {
        return {error: 'the page has no MiniWoB++ core (core.startEpisodeReal)'};
      }
      Math.seedrandom(arguments[0]);
      core.EPISODE_MAX_TIME = arguments[1];
      core.startEpisodeReal();
      if (typeof core.hideDisplay === 'function' && document.getElementById('reward-display')) {
        core.hideDisplay(); // the harness's reward and countdown panel is not part of the task
      }
      return {ready: typeof WOB_TASK_READY === 'undefined' || WOB_TASK_READY === true};
      """;
  private static final String READY_SCRIPT = "return typeof WOB_TASK_READY === 'undefined' || WOB_TASK_READY === true;";
  // the instruction's text, with each icon it shows said in words ("the item with the seek start icon")
  // Some tasks wrap the utterance with the answer's fields for training ({utterance, fields}): the agent gets the
  // instruction a person would read, never the fields.
  private static final String UTTERANCE_SCRIPT = dev.jitrl.host.observe.PageObserver.iconFunctions() + """
      const said = () => {
        const u = core.getUtterance();
        return u !== null && typeof u === 'object' ? (typeof u.utterance === 'string' ? u.utterance : '') : u;
      };
      const query = document.getElementById('query');
      if (query === null) return said();
      const copy = query.cloneNode(true);
      let icons = 0;
      for (const e of Array.from(copy.querySelectorAll('*'))) {
        const w = iconWords(e);
        if (w) { e.replaceWith(' ' + w + ' '); icons++; }
      }
      return icons === 0 ? said() : copy.textContent.replace(/\\s+/g, ' ').replace(/\\bicon icon\\b/g, 'icon').trim();
      """;
  private static final String STATE_SCRIPT = """
      return [typeof WOB_DONE_GLOBAL === 'undefined' ? null : WOB_DONE_GLOBAL === true,
              typeof WOB_REWARD_GLOBAL === 'undefined' ? null : Number(WOB_REWARD_GLOBAL),
              typeof WOB_RAW_REWARD_GLOBAL === 'undefined' ? null : Number(WOB_RAW_REWARD_GLOBAL),
              typeof WOB_REWARD_REASON === 'undefined' || WOB_REWARD_REASON === null ? '' : String(WOB_REWARD_REASON)];
      """;

  private final MiniWobFiles files;
  private final List<Long> defaultSeeds;
  private final int maxSteps;
  private final StaticFileServer server;
  private final List<BenchTask> tasks;
  private WebDriver driver; // the driver of the episode being run (given to prepare)
  private BenchTask current;

  /**
   * Serves {@code files} on an ephemeral port of 127.0.0.1.
   *
   * @param defaultSeeds the seeds of {@link #tasks()} and of a task named without a seed; not empty
   * @param maxSteps the step budget of every episode, &gt; 0
   */
  public MiniWobEnvironment(MiniWobFiles files, List<Long> defaultSeeds, int maxSteps) {
    this.files = Objects.requireNonNull(files, "files must not be null");
    if (defaultSeeds.isEmpty()) {
      throw new IllegalArgumentException("defaultSeeds must not be empty");
    }
    if (maxSteps <= 0) {
      throw new IllegalArgumentException("maxSteps must be > 0 but was " + maxSteps);
    }
    this.defaultSeeds = List.copyOf(defaultSeeds);
    this.maxSteps = maxSteps;
    List<BenchTask> all = new ArrayList<>();
    for (String name : DEVELOPMENT_SET) {
      if (files.hasTask(name)) {
        for (long seed : this.defaultSeeds) {
          all.add(instance(name, seed));
        }
      }
    }
    this.tasks = List.copyOf(all);
    this.server = new StaticFileServer(files.root());
  }

  /** The default seeds and step budget, the html folder found by {@link MiniWobFiles#locate()}. */
  public static MiniWobEnvironment start() {
    return new MiniWobEnvironment(MiniWobFiles.locate(), DEFAULT_SEEDS, DEFAULT_MAX_STEPS);
  }

  public MiniWobFiles files() {
    return files;
  }

  /** Where the html folder is served, {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return server.baseUrl();
  }

  /** The development set × the default seeds. */
  @Override
  public List<BenchTask> tasks() {
    return tasks;
  }

  /**
   * The instance {@code <task>#<seed>}, or {@code <task>} with the first default seed; any task of the package.
   *
   * @throws IllegalArgumentException for a task the package does not have (listing some it has) or a bad seed
   */
  @Override
  public BenchTask task(String id) {
    Objects.requireNonNull(id, "id must not be null");
    int at = id.lastIndexOf(SEED_SEPARATOR);
    String name = at < 0 ? id.strip() : id.substring(0, at).strip();
    long seed = at < 0 ? defaultSeeds.get(0) : parseSeed(id.substring(at + 1), id);
    if (!files.hasTask(name)) {
      throw new IllegalArgumentException("unknown MiniWoB++ task '" + name + "' (no " + name + ".html in "
          + files.root().resolve("miniwob") + "); the package has " + files.taskNames().size() + " tasks, e.g. "
          + String.join(", ", suggestions(name)));
    }
    return instance(name, seed);
  }

  /** The task name of an instance id ({@code click-button#3} → {@code click-button}). */
  public static String taskName(BenchTask task) {
    int at = task.id().lastIndexOf(SEED_SEPARATOR);
    return at < 0 ? task.id() : task.id().substring(0, at);
  }

  /** The seed of an instance id ({@code click-button#3} → 3). */
  public static long seed(BenchTask task) {
    int at = task.id().lastIndexOf(SEED_SEPARATOR);
    if (at < 0) {
      throw new IllegalArgumentException("task " + task.id() + " has no seed (<task>#<seed>)");
    }
    return parseSeed(task.id().substring(at + 1), task.id());
  }

  private BenchTask instance(String name, long seed) {
    return new BenchTask(name + SEED_SEPARATOR + seed, "MiniWoB++ " + name + " (seed " + seed + ")", maxSteps);
  }

  private static long parseSeed(String s, String id) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad seed '" + s + "' in task " + id + ": a MiniWoB++ instance is "
          + "<task>#<seed> with an integer seed (click-button#3)");
    }
  }

  /** Known names close to {@code name} first (sharing a word), then the development set: at most 12. */
  private List<String> suggestions(String name) {
    List<String> out = new ArrayList<>();
    for (String word : name.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (word.length() < 3) {
        continue;
      }
      for (String n : files.taskNames()) {
        if (n.contains(word) && !out.contains(n) && out.size() < 6) {
          out.add(n);
        }
      }
    }
    for (String n : DEVELOPMENT_SET) {
      if (files.hasTask(n) && !out.contains(n) && out.size() < 12) {
        out.add(n);
      }
    }
    return out;
  }

  @Override
  public String startUrl(BenchTask task) {
    return baseUrl() + "/miniwob/" + taskName(task) + ".html";
  }

  @Override
  public Map<String, String> siteAliases() {
    return Map.of(URI.create(baseUrl()).getAuthority(), "miniwob");
  }

  /** Nothing to reset on the server: every episode loads its page afresh. */
  @Override
  public void reset() {
    driver = null;
    current = null;
  }

  /** Seeds the page, raises the time limit, starts the episode and returns {@code core.getUtterance()}. */
  @Override
  public String prepare(BenchTask task, WebDriver driver) {
    this.driver = Objects.requireNonNull(driver, "driver must not be null");
    this.current = task;
    JavascriptExecutor js = (JavascriptExecutor) driver;
    Object started = js.executeScript(START_SCRIPT, seed(task), EPISODE_MAX_TIME.toMillis());
    if (started instanceof Map<?, ?> m && m.get("error") != null) {
      throw new IllegalStateException(m.get("error") + " at " + startUrl(task));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!Boolean.TRUE.equals(js.executeScript(READY_SCRIPT))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("WOB_TASK_READY stayed false for 10 s on " + startUrl(task));
      }
      sleep(50);
    }
    Object utterance = js.executeScript(UTTERANCE_SCRIPT);
    String goal = utterance == null ? "" : utterance.toString().strip();
    if (goal.isEmpty()) {
      throw new IllegalStateException("core.getUtterance() is empty on " + startUrl(task));
    }
    return goal;
  }

  /** What the page's globals say now. */
  public WobState state() {
    if (driver == null) {
      throw new IllegalStateException("no MiniWoB++ episode has been prepared");
    }
    Object raw = ((JavascriptExecutor) driver).executeScript(STATE_SCRIPT);
    if (!(raw instanceof List<?> l) || l.size() < 4 || l.get(0) == null || l.get(1) == null || l.get(2) == null) {
      throw new IllegalStateException("the page has no WOB_DONE_GLOBAL / WOB_REWARD_GLOBAL / WOB_RAW_REWARD_GLOBAL");
    }
    return new WobState(Boolean.TRUE.equals(l.get(0)), ((Number) l.get(1)).doubleValue(),
        ((Number) l.get(2)).doubleValue(), String.valueOf(l.get(3)));
  }

  /** Success when the page says done with a raw reward &gt; 0; the URL, text and answer are not used. */
  @Override
  public Outcome check(BenchTask task, String finalUrl, String finalPageText, Optional<String> answer) {
    if (driver == null || current == null || !current.equals(task)) {
      return Outcome.failure("the MiniWoB++ episode of " + task.id() + " was not started");
    }
    WobState s;
    try {
      s = state();
    } catch (WebDriverException | IllegalStateException e) {
      return Outcome.failure("the MiniWoB++ globals could not be read: " + firstLine(e.getMessage()));
    }
    return s.outcome();
  }

  /** {@code WOB_DONE_GLOBAL}. */
  @Override
  public boolean ended(BenchTask task) {
    if (driver == null || current == null || !current.equals(task)) {
      return false;
    }
    try {
      return state().done();
    } catch (WebDriverException | IllegalStateException e) {
      return false;
    }
  }

  @Override
  public void close() {
    driver = null;
    server.close();
  }

  private static String firstLine(String m) {
    String s = String.valueOf(m);
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the MiniWoB++ task", e);
    }
  }

  /**
   * The page's episode state.
   *
   * @param done {@code WOB_DONE_GLOBAL}
   * @param reward {@code WOB_REWARD_GLOBAL} (scaled down by the time taken in some tasks)
   * @param rawReward {@code WOB_RAW_REWARD_GLOBAL}
   * @param reason {@code WOB_REWARD_REASON}, often empty
   */
  public record WobState(boolean done, double reward, double rawReward, String reason) {
    /** Success when done with a raw reward &gt; 0; the outcome's reward is the raw reward. */
    public Outcome outcome() {
      String figures = String.format(Locale.ROOT, "WOB_DONE_GLOBAL=%s WOB_RAW_REWARD_GLOBAL=%.2f WOB_REWARD_GLOBAL=%.2f",
          done, rawReward, reward) + (reason.isBlank() ? "" : " (" + reason + ")");
      if (!done) {
        return new Outcome(OutcomeStatus.FAILURE, 0.0, "episode not done: " + figures);
      }
      return new Outcome(rawReward > 0 ? OutcomeStatus.SUCCESS : OutcomeStatus.FAILURE, rawReward, figures);
    }
  }

  /** {@code --suite miniwob}. */
  public static final class Provider implements TaskEnvironmentProvider {
    @Override
    public String suite() {
      return "miniwob";
    }

    @Override
    public TaskEnvironment open() {
      return start();
    }
  }
}
