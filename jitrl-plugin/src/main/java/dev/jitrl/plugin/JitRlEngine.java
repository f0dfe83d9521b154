package dev.jitrl.plugin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.CandidateNote;
import dev.jitrl.api.CandidateSource;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.Explanation;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.MemoryAdministration.ImportSummary;
import dev.jitrl.api.MetricsSink;
import dev.jitrl.api.Observation;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.api.Replay;
import dev.jitrl.api.ScoredCandidate;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.estimate.ActionEstimate;
import dev.jitrl.plugin.estimate.AdvantageEstimator;
import dev.jitrl.plugin.estimate.ExplorationCoin;
import dev.jitrl.plugin.json.Json;
import dev.jitrl.plugin.judge.EnvironmentJudge;
import dev.jitrl.plugin.judge.LlmJudge;
import dev.jitrl.plugin.judge.ReflectiveJudge;
import dev.jitrl.plugin.judge.Returns;
import dev.jitrl.plugin.judge.RuleJudge;
import dev.jitrl.plugin.judge.StepReward;
import dev.jitrl.plugin.memory.EpisodeRecord;
import dev.jitrl.plugin.memory.MemoryBank;
import dev.jitrl.plugin.memory.MemoryBanks;
import dev.jitrl.plugin.memory.StoredStep;
import dev.jitrl.plugin.modulate.LogitModulator;
import dev.jitrl.plugin.replay.ReplayRule;
import dev.jitrl.plugin.retrieval.HotIndex;
import dev.jitrl.plugin.retrieval.Neighbour;
import dev.jitrl.plugin.state.ActionNormalizer;
import dev.jitrl.plugin.state.GoalValues;
import dev.jitrl.plugin.state.NormalizedAction;
import dev.jitrl.plugin.state.StateAbstraction.AbstractState;
import dev.jitrl.plugin.state.StateAbstraction;
import dev.jitrl.plugin.state.UrlPattern;
import dev.jitrl.plugin.state.UrlRegularizer;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JitRL end to end: the per-step decision (abstract the state, retrieve neighbours, estimate advantages,
 * modulate logits) and the post-run learning (judge, returns, one transaction, index refresh).
 *
 * <p>Thread-safe. Decisions never throw: an internal failure returns the host's distribution unchanged with
 * the reason in the explanation. Episodes are written by one background writer, in arrival order.
 */
public final class JitRlEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JitRlEngine.class);

  private final JitRlConfig config;
  private final StateAbstraction abstraction;
  private final MemoryBank memory;
  private final HotIndex index;
  private final ReflectiveJudge judge;
  private final Returns returns;
  private final AdvantageEstimator estimator;
  private final LogitModulator modulator;
  private final ExplorationCoin coin;
  private final MetricsSink metrics;
  /** Memory writes and index refreshes, one at a time and in order, on the injected executor. */
  private final SerialExecutor writer;
  /** The writer thread the engine made for itself when none was injected; shut down on close. */
  private final Optional<ExecutorService> ownThread;
  /** Times the index refresh and the decision metrics. */
  private final Ticker ticker;
  private final ReplayRule replayRule;
  /**
   * Replays that failed (target missing or ambiguous, the step failed or changed nothing), by state and action:
   * the newest step id memory held then. The entry is not replayed again until memory holds a newer success of it.
   */
  private final Cache<String, Long> replayFailures;
  /**
   * The decisions of running episodes, kept as objects until the post-run hook turns them into JSON: building the
   * JSON at every decision made garbage that, with 100k retained strings, cost full collections of 60–300 ms.
   */
  private final Cache<String, Decided> explanations;

  private record Decided(Explanation explanation, List<Neighbour> neighbours) {}
  /** Per running episode: candidates seen and the one deviation (see {@link EpisodeTrace}). */
  private final Cache<String, EpisodeTrace> traces;
  /** Per site: controls seen on pages of two or more address paths (site-wide navigation), learned from runs. */
  private final Cache<String, Set<String>> siteWide;
  private final Object refreshLock = new Object();
  /** Rows written by other processes are looked for at least this often, off the decision path. */
  static final long REFRESH_INTERVAL_NANOS = 2_000_000_000L;
  private final java.util.concurrent.atomic.AtomicBoolean refreshQueued = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile long lastRefreshNanos;
  private long evictedThrough;

  /** Running episodes whose last decision is older than this are forgotten (their trace and explanations). */
  static final Duration RUNNING_EPISODE_EXPIRY = Duration.ofHours(6);

  /** An engine with the system ticker and a writer thread of its own. */
  JitRlEngine(JitRlConfig config, MemoryBank memory, ReflectiveJudge judge, MetricsSink metrics) {
    this(config, memory, judge, metrics, Ticker.systemTicker(), Optional.empty());
  }

  /**
   * An engine whose time and threads are injected, as Caffeine's {@code ticker(...)} and {@code executor(...)}:
   * {@code ticker} times the index refresh, the decision metrics and the expiry of running episodes;
   * {@code executor} runs memory writes and index refreshes (one at a time, in order) and the caches' upkeep.
   * The engine does not shut {@code executor} down. Without one (the other constructor) the engine writes on a
   * thread of its own and the caches' upkeep runs on the calling thread.
   */
  JitRlEngine(JitRlConfig config, MemoryBank memory, ReflectiveJudge judge, MetricsSink metrics, Ticker ticker,
      Executor executor) {
    this(config, memory, judge, metrics, ticker, Optional.of(executor));
  }

  private JitRlEngine(JitRlConfig config, MemoryBank memory, ReflectiveJudge judge, MetricsSink metrics, Ticker ticker,
      Optional<Executor> executor) {
    this.ticker = ticker;
    this.ownThread = executor.isPresent() ? Optional.empty() : Optional.of(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "jitrl-memory-writer");
      t.setDaemon(true);
      return t;
    }));
    this.writer = new SerialExecutor(executor.orElseGet(ownThread::orElseThrow));
    // Without an injected executor the caches' upkeep stays on the calling thread, as before: handed to the writer
    // thread it made every decision wake that thread, which on one core competes with the decision (p50 +30 µs).
    Executor upkeep = executor.orElse(Runnable::run);
    this.replayFailures = Caffeine.newBuilder().maximumSize(10_000).ticker(ticker).executor(upkeep).build();
    this.explanations = Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(RUNNING_EPISODE_EXPIRY)
        .ticker(ticker).executor(upkeep).build();
    this.traces = Caffeine.newBuilder().maximumSize(1_000).expireAfterAccess(RUNNING_EPISODE_EXPIRY)
        .ticker(ticker).executor(upkeep).build();
    this.siteWide = Caffeine.newBuilder().maximumSize(1_000).ticker(ticker).executor(upkeep).build();
    this.config = config;
    this.abstraction = new StateAbstraction(
        new UrlRegularizer(config.siteAliases(), config.urlCacheSize()), new ActionNormalizer());
    this.memory = memory;
    this.index = new HotIndex(10_000, maxPerEpisode(config.k()));
    this.judge = judge;
    this.returns = new Returns(config.gamma(), config.successReward(), config.failureReward());
    this.estimator = new AdvantageEstimator(config.explorationAlpha(), config.advantageScaling(), config.rewardScale(),
        config.explorationMaxValue(), outlierMargin(config));
    this.modulator = new LogitModulator(config.beta());
    this.coin = new ExplorationCoin(config.seed());
    this.metrics = metrics;
    this.replayRule = new ReplayRule(config.replay());
    refreshIndex();
    // A shared memory says when other hosts stored episodes: the index refreshes then, off the decision path.
    memory.onChange(this::queueRefresh);
  }

  /**
   * Opens the memory named by the configuration, loads its hot index and picks the judge.
   *
   * @throws dev.jitrl.plugin.memory.MemoryException if the memory file cannot be used (it is left untouched)
   */
  public static JitRlEngine open(JitRlConfig config, HostServices services) {
    return open(config, services, System.getenv());
  }

  /** As {@link #open(JitRlConfig, HostServices)}, with the environment that holds a shared memory's credentials. */
  public static JitRlEngine open(JitRlConfig config, HostServices services, Map<String, String> environment) {
    MemoryBank memory = MemoryBanks.open(config, services.clock(), environment);
    try {
      long t0 = System.nanoTime();
      JitRlEngine engine = new JitRlEngine(config, memory, chooseJudge(config, services), services.metrics());
      LOG.info("JitRL memory {} loaded: {} steps on {} page kinds in {} ms", memory.location(), engine.index.size(),
          engine.index.patternCount(), (System.nanoTime() - t0) / 1_000_000);
      return engine;
    } catch (RuntimeException e) {
      memory.close();
      throw e;
    }
  }

  /** At most this many of the k neighbours come from one episode: 3 of the default 10. */
  static int maxPerEpisode(int k) {
    return Math.max(1, (k + 3) / 4);
  }

  /** How far beyond the other episodes' returns one episode's return may lie: one outcome span (20 by default). */
  static double outlierMargin(JitRlConfig config) {
    return Math.max(6.0, config.successReward() - config.failureReward());
  }

  static ReflectiveJudge chooseJudge(JitRlConfig config, HostServices services) {
    return switch (config.judge()) {
      case ENV -> new EnvironmentJudge();
      case RULES -> new RuleJudge();
      case LLM -> services.languageModel().<ReflectiveJudge>map(m -> new LlmJudge(m, new RuleJudge())).orElseGet(() -> {
        LOG.info("jitrl.judge=llm but the host offers no language model: using the rule judge");
        return new RuleJudge();
      });
    };
  }

  // Package-private: the host reaches the engine only through the extension points; tests look inside.
  MemoryBank memory() {
    return memory;
  }

  HotIndex index() {
    return index;
  }

  ReflectiveJudge judge() {
    return judge;
  }

  StateAbstraction abstraction() {
    return abstraction;
  }

  // ---------------------------------------------------------------- decision

  /** The modulated selection for one step; never throws for non-empty candidates. */
  public Selection select(DecisionContext context, List<Candidate> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates must not be empty");
    }
    long t0 = ticker.read();
    try {
      refreshSoon(t0);
      metrics.count("jitrl.decisions", 1);
      Selection s = decide(context, candidates);
      metrics.record("jitrl.decision.nanos", ticker.read() - t0);
      if (s.explanation().changedChoice()) {
        metrics.count("jitrl.changed", 1);
        LOG.info("step {} of {}: {}", context.stepIndex(), context.episodeId(), s.explanation().summary());
      } else if (LOG.isDebugEnabled()) {
        LOG.debug("step {} of {}: {}", context.stepIndex(), context.episodeId(), s.explanation().summary());
      }
      return s;
    } catch (Exception | LinkageError | StackOverflowError e) {
      countQuietly("jitrl.fallbacks");
      LOG.warn("JitRL decision failed for step {} of {}; the host's distribution is used unchanged", context.stepIndex(),
          context.episodeId(), e);
      return Selection.unchanged(candidates, Explanation.unchanged("internal error, host distribution unchanged: " + e));
    }
  }

  // ---------------------------------------------------------------- replay

  /**
   * The action memory is sure of here, to be taken without the host's policy (see {@link ReplayRule}); empty when
   * replay is off, memory is not sure, the action cannot be placed on this page without doubt (its target is
   * missing or several elements match it), it would type text the current goal does not give, or the previous
   * step was a replay that failed. Never throws.
   */
  public Optional<Replay> replay(DecisionContext ctx, List<Candidate> candidates) {
    if (!config.replay().enabled()) {
      return Optional.empty();
    }
    long t0 = ticker.read();
    try {
      refreshSoon(t0);
      Optional<Replay> r = replayOrEmpty(ctx, candidates);
      metrics.record("jitrl.replay.nanos", ticker.read() - t0);
      if (r.isPresent()) {
        metrics.count("jitrl.replays", 1);
        LOG.info("step {} of {}: {}", ctx.stepIndex(), ctx.episodeId(), r.get().explanation().summary());
      }
      return r;
    } catch (Exception | LinkageError | StackOverflowError e) {
      countQuietly("jitrl.fallbacks");
      LOG.warn("JitRL replay failed for step {} of {}; the host's policy decides", ctx.stepIndex(), ctx.episodeId(), e);
      return Optional.empty();
    }
  }

  /**
   * The neighbours without the steps of a successful run that came after its step most like this state, and matched
   * less well. A successful run is a path: where this state is most like its step t, what it advises here is what it
   * did at t. Its later steps were taken once t's action had been done, at states more like the end of the task; taken
   * as advice here they skip that action, and the later the step the larger its discounted return (a Submit remembered
   * from after a style was applied outbid the style button on the page before it).
   */
  static List<Neighbour> alignedOnSuccessfulRuns(List<Neighbour> neighbours) {
    Map<Long, PathAnchor> anchors = new HashMap<>(); // per successful run: its best-matching step here
    for (Neighbour n : neighbours) {
      if (n.ret() > Returns.SUCCESS_EVIDENCE) {
        PathAnchor seen = anchors.get(n.episode());
        double sim = HotIndex.contextSimilarity(n);
        if (seen == null || sim > seen.similarity() + SAME_SIMILARITY) {
          anchors.put(n.episode(), new PathAnchor(sim, n.stepId()));
        } else if (sim >= seen.similarity() - SAME_SIMILARITY && n.stepId() < seen.stepId()) {
          anchors.put(n.episode(), new PathAnchor(seen.similarity(), n.stepId())); // an earlier step as good
        }
      }
    }
    if (anchors.isEmpty()) {
      return neighbours;
    }
    List<Neighbour> out = new ArrayList<>(neighbours.size());
    for (Neighbour n : neighbours) {
      PathAnchor at = n.ret() > Returns.SUCCESS_EVIDENCE ? anchors.get(n.episode()) : null;
      if (at != null && n.stepId() > at.stepId()
          && HotIndex.contextSimilarity(n) < at.similarity() - SAME_SIMILARITY) {
        continue; // later on that run's path than where this state stands on it
      }
      out.add(n);
    }
    return out;
  }

  /** Where this state stands on a successful run's path: its best context similarity and earliest step of it. */
  private record PathAnchor(double similarity, long stepId) {}

  /** Similarities closer than this are the same. */
  private static final double SAME_SIMILARITY = 1e-9;

  /** At most this many candidates are named as remembered per step: a model's option list stays mostly its own. */
  static final int MAX_REMEMBERED = 4;

  /**
   * The candidates whose remembered value on this kind of page and goal is positive (some similar step with it
   * led to success), best first, at most {@link #MAX_REMEMBERED}. Never throws: on an internal error, none.
   */
  public List<Candidate> remembered(DecisionContext ctx, List<Candidate> candidates) {
    try {
      if (candidates.isEmpty()) {
        return List.of();
      }
      AbstractState state = abstraction.stateOf(ctx.observation(), ctx.history(), ctx.goal().text());
      List<Neighbour> neighbours = index.neighbours(state.pattern().key(), ctx.goal().text(), ctx.instance(), state.context(),
          config.taskThreshold(), config.thresholdAt(ctx.stepIndex()), config.k());
      Map<String, Double> best = new HashMap<>();
      for (Neighbour n : neighbours) {
        best.merge(n.action().text(), n.ret(), Math::max);
      }
      ActionNormalizer normalizer = abstraction.actions();
      List<Map.Entry<Candidate, Double>> good = new ArrayList<>();
      for (Candidate c : candidates) {
        Double v = best.get(normalizer.normalize(c.action(), ctx.observation(), ctx.goal().text()).text());
        if (v != null && v > 0) {
          good.add(Map.entry(c, v));
        }
      }
      good.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
      return good.stream().limit(MAX_REMEMBERED).map(Map.Entry::getKey).toList();
    } catch (Exception | LinkageError | StackOverflowError e) {
      countQuietly("jitrl.fallbacks");
      LOG.warn("JitRL could not name remembered candidates for step {} of {}", ctx.stepIndex(), ctx.episodeId(), e);
      return List.of();
    }
  }

  /**
   * Without a success of this very goal, the least number of other goals whose successful runs took an action for it
   * to be replayed over the policy's own choice: two goals that differ and took the same action here show that it
   * holds whatever the goal.
   */
  static final int MIN_OTHER_GOALS = 2;

  private Optional<Replay> replayOrEmpty(DecisionContext ctx, List<Candidate> candidates) {
    EpisodeTrace trace = traces.get(ctx.episodeId(), id -> new EpisodeTrace());
    if (noteReplayOutcomes(ctx.history(), trace)) {
      return Optional.empty(); // the previous step was a replay that failed: the policy decides this one
    }
    AbstractState state = abstraction.stateOf(ctx.observation(), ctx.history(), ctx.goal().text());
    List<Neighbour> neighbours = alignedOnSuccessfulRuns(index.neighbours(state.pattern().key(), ctx.goal().text(),
        ctx.instance(), state.context(), config.taskThreshold(), config.thresholdAt(ctx.stepIndex()), config.k()));
    if (neighbours.isEmpty()) {
      return Optional.empty();
    }
    String stateKey = state.pattern().key() + '\n' + String.join(" ", state.context()) + '\n';
    ReplayRule.Assessment a = replayRule.assess(neighbours, action -> {
      Long failed = replayFailures.getIfPresent(stateKey + action);
      return failed == null ? Long.MIN_VALUE : failed;
    });
    if (!a.sure()) {
      LOG.debug("step {} of {}: no replay ({}): {}", ctx.stepIndex(), ctx.episodeId(), a.action(), a.reason());
      return Optional.empty();
    }
    if (noOpsHere(ctx, state.pattern(), trace).contains(a.action())) {
      return Optional.empty(); // it already changed nothing here in this run, or led round in a circle
    }
    NormalizedAction remembered = neighbours.stream().map(Neighbour::action).filter(n -> n.text().equals(a.action()))
        .findFirst().orElseThrow();
    if (!replayable(remembered)) {
      return Optional.empty(); // an answer, a navigation or a literal text: the policy always decides those
    }
    Optional<Action> action = placeOnPage(remembered, ctx);
    if (action.isPresent() && isOn(action.get()) && clickedHere(ctx, state.pattern()).contains(a.action())) {
      return Optional.empty(); // this run switched it on here: replaying the click would switch it off
    }
    if (action.isEmpty()) {
      replayFailed(stateKey + a.action(), ctx, "jitrl.replay.declined", "its target is missing or ambiguous on this page");
      return Optional.empty();
    }
    ActionNormalizer normalizer = abstraction.actions();
    List<String> texts = new ArrayList<>(candidates.size() + 1);
    for (Candidate c : candidates) {
      texts.add(normalizer.normalize(c.action(), ctx.observation(), ctx.goal().text()).text());
    }
    int top = candidates.isEmpty() ? -1 : topOf(candidates);
    boolean policyDisagrees = top >= 0 && !texts.get(top).equals(a.action());
    if (!a.ownSuccess() && !a.otherGoals().contains(ctx.goal().text()) && a.otherGoals().size() < MIN_OTHER_GOALS
        && texts.contains(a.action()) && policyDisagrees) {
      // one other instance's successes show what held for its goal (its width to widen), not that the action holds
      // whatever the goal; where the policy weighed the action for this goal and chose otherwise, it decides (memory
      // still weighs in); an action the host did not propose is memory's own to offer
      LOG.debug("step {} of {}: no replay of {}: only one other goal's runs took it and the policy chooses otherwise",
          ctx.stepIndex(), ctx.episodeId(), a.action());
      return Optional.empty();
    }
    if (top >= 0 && !ownSuccess(neighbours, a.action())
        && goalSpeaksAgainst(ctx.goal().text(), neighbours, top, a.action(), candidates, texts)) {
      LOG.debug("step {} of {}: no replay of {}: only other instances took it and this goal names another control",
          ctx.stepIndex(), ctx.episodeId(), a.action());
      return Optional.empty();
    }
    double[] policyP = LogitModulator.softmax(candidates.stream().mapToDouble(Candidate::logit).toArray());
    trace.candidates(ctx.stepIndex(), texts, policyP);
    trace.replayed(ctx.stepIndex(), stateKey + a.action());
    if (policyDisagrees) {
      trace.deliberate(ctx.stepIndex());
      if (!ownSuccess(neighbours, a.action())) {
        trace.transferred(ctx.stepIndex());
      }
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("pattern", state.pattern().key());
    facts.put("context", String.join(" ", state.context()));
    facts.put("neighbours", Integer.toString(neighbours.size()));
    facts.put("support", Integer.toString(a.support()));
    facts.put("Q", format(a.value()));
    facts.put("spread", format(a.spread()));
    facts.put("alternative", format(a.alternative()));
    facts.put("margin", format(a.margin()));
    String summary = String.format(Locale.ROOT,
        "replayed %s without the policy: %d successful runs took it here, Q=%.2f (spread %.2f), margin %.2f over the best alternative (%.2f)",
        a.action(), a.support(), a.value(), a.spread(), a.margin(), a.alternative());
    CandidateNote note = new CandidateNote(a.action(), 0, 0, OptionalDouble.of(a.value()), a.margin(), a.support(), "replay");
    Explanation explanation = new Explanation(summary, false, false, List.of(note), facts);
    explanations.put(explanationKey(ctx.episodeId(), ctx.stepIndex()), new Decided(explanation, List.copyOf(neighbours)));
    return Optional.of(new Replay(action.get(), a.support(), a.value(), a.margin(), explanation));
  }

  /**
   * The remembered action on the current page: its target must be the one element of this role and label (a
   * repeated label is ambiguous: the remembered ordinal may name another item once the list changed), only
   * element actions are replayed, a number in the target's label must occur in the current goal when the goal names
   * numbers (the control of another item is not replayed for this one), and typed text must be a parameter that the current goal gives,
   * and occur in it: a literal typed by another run is never replayed.
   */
  private Optional<Action> placeOnPage(NormalizedAction remembered, DecisionContext ctx) {
    ActionType type = remembered.type();
    if (!replayable(remembered)) {
      return Optional.empty();
    }
    // placed as any remembered action is: by role, name and ordinal on the current page
    Optional<Action> action = abstraction.actions().denormalize(remembered, ctx.observation(), ctx.goal().text());
    if (action.isEmpty()) {
      return Optional.empty();
    }
    Element target = action.get().target().orElseThrow();
    String key = ActionNormalizer.elementKey(target);
    long matching = ctx.observation().elements().stream().filter(e -> ActionNormalizer.elementKey(e).equals(key)).count();
    if (matching != 1) {
      return Optional.empty(); // several controls of that name: which one is meant depends on their order
    }
    if (namesAnotherItem(ctx.goal().text(), target)) {
      return Optional.empty();
    }
    if (type == ActionType.FILL && !ctx.goal().text().contains(action.get().firstArg())) {
      return Optional.empty(); // guard: the text must be the current goal's own
    }
    return action;
  }


  /**
   * Whether an action of this kind may ever be replayed: element actions only (answers are masked, a remembered
   * address may belong to another run), and typed text only as a goal parameter (a literal is another run's text).
   */
  private static boolean replayable(NormalizedAction remembered) {
    return remembered.type().needsTarget()
        && (remembered.type() != ActionType.FILL || GoalValues.isParameter(remembered.arg()));
  }

  /**
   * Records the outcome of this run's replayed steps that the history now shows: a replayed step that failed or
   * changed nothing lowers the confidence of that entry. Returns whether the last step was such a failure.
   */
  private boolean noteReplayOutcomes(List<Step> history, EpisodeTrace trace) {
    boolean lastFailed = false;
    for (Step step : history) {
      Optional<String> key = trace.uncheckedReplay(step.index());
      if (key.isEmpty()) {
        continue;
      }
      boolean failed = step.status() != StepStatus.EXECUTED || !RuleJudge.changed(step.observation(), step.result());
      if (failed) {
        trace.replayFailed(step.index());
        replayFailed(key.get(), null, "jitrl.replay.failures", step.status() != StepStatus.EXECUTED
            ? "the step failed: " + step.error().orElse("") : "the step changed nothing");
        lastFailed = step.index() == history.size() - 1;
      }
    }
    return lastFailed;
  }

  /**
   * Lowers the confidence of a replay entry: it is not replayed again until memory holds a newer success of it.
   * Counted as {@code counter}: {@code jitrl.replay.declined} (memory was sure but could not place the action on
   * the page) or {@code jitrl.replay.failures} (the replayed step failed or changed nothing).
   */
  private void replayFailed(String key, DecisionContext ctx, String counter, String why) {
    replayFailures.put(key, index.maxStepId());
    countQuietly(counter);
    LOG.info("replay of {} failed{}: {}", key.substring(key.lastIndexOf('\n') + 1),
        ctx == null ? "" : " at step " + ctx.stepIndex() + " of " + ctx.episodeId(), why);
  }

  /**
   * Queues a refresh of the hot index on the writer thread when the last one is older than the refresh interval,
   * so that a process that only decides still sees what other processes learned. The decision does not wait.
   */
  private void refreshSoon(long now) {
    if (now - lastRefreshNanos < REFRESH_INTERVAL_NANOS) {
      return;
    }
    queueRefresh();
  }

  /** Queues one refresh of the hot index on the writer thread, unless one is already queued. */
  private void queueRefresh() {
    if (!refreshQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      writer.execute(() -> {
        // Cleared before the refresh reads: a notification that arrives meanwhile queues the next refresh.
        refreshQueued.set(false);
        try {
          refreshIndex();
        } catch (RuntimeException e) {
          LOG.warn("refreshing the hot index from {} failed: {}", memory.location(), e.getMessage());
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      refreshQueued.set(false); // closing
    }
  }

  private void countQuietly(String counter) {
    try {
      metrics.count(counter, 1);
    } catch (RuntimeException ignored) {
      // the host's metrics sink is what failed; the fallback itself must not throw
    }
  }

  private Selection decide(DecisionContext ctx, List<Candidate> candidates) {
    AbstractState state = abstraction.stateOf(ctx.observation(), ctx.history(), ctx.goal().text());
    double threshold = config.thresholdAt(ctx.stepIndex());
    List<Neighbour> neighbours = alignedOnSuccessfulRuns(index.neighbours(state.pattern().key(), ctx.goal().text(),
        ctx.instance(), state.context(), config.taskThreshold(), threshold, config.k()));
    EpisodeTrace trace = traces.get(ctx.episodeId(), id -> new EpisodeTrace());
    Set<Integer> undoes = undoes(ctx, candidates, state.pattern(), trace);
    candidates = keepDeliberate(candidates, undoes);
    if (deviatedOnThisVisit(ctx, state.pattern(), trace.deviationStep())) {
      // Past its deviation on this page the run stands where no run stood: what was remembered at the states around
      // (the form before the deviation's click, with the step blamed there) is what the deviation answered, not
      // evidence about this state. Only runs that stood at this very state speak; else the policy goes on.
      neighbours = neighbours.stream().filter(HotIndex::sameContext).toList();
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("pattern", state.pattern().key());
    facts.put("context", String.join(" ", state.context()));
    facts.put("threshold", format(threshold));
    facts.put("neighbours", Integer.toString(neighbours.size()));
    ActionNormalizer normalizer = abstraction.actions();
    List<String> texts = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      texts.add(normalizer.normalize(c.action(), ctx.observation(), ctx.goal().text()).text());
    }
    Set<String> noOps = noOpsHere(ctx, state.pattern(), trace);
    if (!undoes.isEmpty()) {
      noOps = new HashSet<>(noOps);
      for (int i : undoes) {
        noOps.add(texts.get(i)); // neither memory nor a deviation takes back JitRL's own choice here
      }
      facts.put("undoes", Integer.toString(undoes.size()));
    }
    double[] policyP = LogitModulator.softmax(candidates.stream().mapToDouble(Candidate::logit).toArray());
    Set<String> repeats = config.beta() > 0 ? repeatsHere(ctx, texts) : Set.of();
    if (!repeats.isEmpty()) {
      facts.put("repeats", String.join(" ", repeats));
    }
    if (neighbours.isEmpty()) {
      trace.candidates(ctx.stepIndex(), texts, policyP);
      if (repeats.contains(texts.get(topOf(candidates)))) {
        return avoidingRepeats(ctx, candidates, texts, repeats, trace, facts);
      }
      return Selection.unchanged(candidates, new Explanation(
          "no similar steps in memory for " + state.pattern().key() + ": policy unchanged", false, true, List.of(), facts));
    }
    List<Candidate> all = new ArrayList<>(candidates);
    addMemoryCandidates(ctx, neighbours, all, texts);
    trace.candidates(ctx.stepIndex(), texts, policyP);

    AdvantageEstimator.Estimates est = estimator.estimate(neighbours, texts, a -> false);
    Set<String> sameGoal = ownActions(neighbours);
    int target = -1;
    if (config.beta() > 0 && est.blamed(config.explorationMaxValue()) && blamedForThisGoal(neighbours, texts)
        && !trace.hasDeviated()) {
      target = explorationTarget(ctx, all, texts, est, noOps, sameGoal, trace);
      if (target >= 0 && coin.flip(config.explorationLambda(), ctx.episodeId(), ctx.stepIndex(), texts.get(target))
          && trace.deviateAt(ctx.stepIndex())) {
        String targetText = texts.get(target);
        est = estimator.estimate(neighbours, texts, targetText::equals);
      } else {
        target = -1;
      }
    }
    double[] z = new double[all.size()];
    double[] adv = new double[all.size()];
    for (int i = 0; i < z.length; i++) {
      z[i] = all.get(i).logit();
      adv[i] = est.actions().get(i).advantage();
    }
    // only a candidate that is on needs the run's clicks here (normalizing them is the costly part)
    Set<String> clickedHere = all.stream().anyMatch(c -> isOn(c.action())) ? clickedHere(ctx, state.pattern()) : Set.of();
    Set<String> lastBlamed = lastOutcomeBlamed(neighbours);
    guard(adv, ctx, all, texts, sameGoal, noOps, clickedHere, lastBlamed);
    if (target < 0 && !trace.hasDeviated()) {
      target = frontierPath(neighbours, texts, noOps, est);
      if (target >= 0) {
        facts.put("frontier", texts.get(target));
      }
    }
    if (target >= 0) {
      // The one deviation of this episode: the untried action gets the least advantage that makes it the choice
      // (at least its optimistic one), so that the run tries it whatever the policy's gap.
      double others = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < z.length; i++) {
        if (i != target) {
          others = Math.max(others, z[i] + config.beta() * adv[i]);
        }
      }
      double needed = Math.max(Math.max(adv[target], DEVIATION_MARGIN), (others - z[target]) / config.beta() + DEVIATION_MARGIN);
      if (Double.isFinite(needed) && Double.isFinite(z[target] + config.beta() * needed)) {
        adv[target] = needed;
      } else {
        // logits at the edge of the double range (a host's ±MAX_VALUE): no finite advantage makes it the choice;
        // the policy's distribution stands rather than a NaN
        facts.remove("frontier");
        target = -1;
      }
    }
    if (target >= 0) {
      if (!facts.containsKey("frontier")) {
        facts.put("deviation", texts.get(target));
      }
    }
    lowerRepeats(z, adv, texts, repeats, target);
    int policyChoice = LogitModulator.argmax(java.util.Arrays.copyOf(z, candidates.size()));
    double[] z2 = modulator.modulate(z, adv);
    int chosen = chooseFrom(z2, adv);
    boolean transferred = target < 0 && chosen != policyChoice && !sameGoal.contains(texts.get(chosen));
    boolean oneOther = transferred && chosen < candidates.size()
        && oneOtherGoalOverUntried(neighbours, ctx.goal().text(), texts.get(policyChoice), texts.get(chosen));
    if (transferred && (oneOther
        || goalSpeaksAgainst(ctx.goal().text(), neighbours, policyChoice, texts.get(chosen), all, texts))) {
      // (or memory's choice rests on one other instance's successes and no run tried the policy's choice here)
      // the policy chose the control that carries this goal's own number (the day 3 of 03/03/2016) or a word only
      // this goal has (the item the goal names, where other instances named others) and only other instances' runs
      // speak for something else: their walk (how many months back, which item) is theirs, not this one's; so
      // where only they speak for a control that lacks this goal's own word while another control has it
      // This goal's own outcomes are then judged among themselves: next to the other instances' successes (their
      // colour of tile) the innocent steps of this goal's failed run (its own colour) would fall below the baseline
      // and the policy's choice would still be pushed down.
      List<Neighbour> own = ownNeighbours(neighbours);
      double[] ownAdv = new double[adv.length];
      if (!own.isEmpty()) {
        AdvantageEstimator.Estimates ownEst = estimator.estimate(own, texts, a -> false);
        for (int i = 0; i < adv.length; i++) {
          ownAdv[i] = ownEst.actions().get(i).advantage();
        }
        guard(ownAdv, ctx, all, texts, sameGoal, noOps, clickedHere, lastBlamed);
      }
      for (int i = 0; i < adv.length; i++) {
        if (sameGoal.contains(texts.get(i))) {
          adv[i] = ownAdv[i];
        } else {
          adv[i] = i == policyChoice ? Math.max(adv[i], 0) : Math.min(adv[i], 0);
        }
      }
      z2 = modulator.modulate(z, adv);
      chosen = chooseFrom(z2, adv);
      facts.put("kept", oneOther
          ? "only one other instance's successes speak for another action, and no run tried the policy's choice here"
          : "the policy's choice names what this goal names; other instances' evidence does not move it");
    }
    double[] p = LogitModulator.softmax(z2);

    List<ScoredCandidate> dist = new ArrayList<>(z.length);
    List<CandidateNote> notes = new ArrayList<>(z.length);
    for (int i = 0; i < z.length; i++) {
      dist.add(new ScoredCandidate(all.get(i), z2[i], p[i]));
      ActionEstimate e = est.actions().get(i);
      String note = all.get(i).source() == CandidateSource.MEMORY ? "memory-only"
          : e.explored() ? "explore" : e.support() > 0 ? "seen" : "unseen";
      notes.add(new CandidateNote(texts.get(i), z[i], z2[i], e.q(), adv[i], e.support(), note));
    }
    boolean changed = chosen != policyChoice;
    if (changed) {
      trace.deliberate(ctx.stepIndex());
      if (target < 0 && !sameGoal.contains(texts.get(chosen))) {
        trace.transferred(ctx.stepIndex());
      }
    }
    facts.put("V", format(est.value()));
    facts.put("beta", format(config.beta()));
    String summary = changed
        ? String.format(Locale.ROOT, "memory of %d similar steps (V=%.2f) moved the choice from %s (A=%.2f) to %s (A=%.2f)",
            neighbours.size(), est.value(), texts.get(policyChoice), adv[policyChoice], texts.get(chosen), adv[chosen])
        : String.format(Locale.ROOT, "memory of %d similar steps (V=%.2f) kept the policy's choice %s (A=%.2f)",
            neighbours.size(), est.value(), texts.get(chosen), adv[chosen]);
    Explanation explanation = new Explanation(summary, changed, false, notes, facts);
    explanations.put(explanationKey(ctx.episodeId(), ctx.stepIndex()), new Decided(explanation, List.copyOf(neighbours)));
    return new Selection(all.get(chosen), dist, explanation);
  }

  /**
   * The actions this run has already taken on this very page (the same address, title, controls, values and text)
   * that changed nothing there: a Submit that the page answered with the feedback it already shows, a click on a
   * label that does nothing. Taken again on the same page they would change nothing again; a run that repeats one
   * goes round until its steps run out. An action that changed the page at another step of this run must have
   * missed twice here (a button that draws a random number may draw the same one again). Waits, key presses, scrolls,
   * drags and highlights are not counted: their effect may not show on the page (see
   * {@link StateAbstraction#effectMayBeUnseen}).
   */
  private Set<String> repeatsHere(DecisionContext ctx, List<String> texts) {
    // most decisions stand on a page no earlier step of the run stood on: then nothing is normalized at all
    Map<String, Integer> missesHere = null;
    for (Step step : ctx.history()) {
      if (StateAbstraction.effectMayBeUnseen(step.action().type())
          || RuleJudge.changed(step.observation(), ctx.observation())
          || RuleJudge.changed(step.observation(), step.result())) {
        continue;
      }
      String text = abstraction.actions().normalize(step.action(), step.observation(), ctx.goal().text()).text();
      if (texts.contains(text)) {
        if (missesHere == null) {
          missesHere = new HashMap<>();
        }
        missesHere.merge(text, 1, Integer::sum);
      }
    }
    if (missesHere == null) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    for (Map.Entry<String, Integer> e : missesHere.entrySet()) {
      // an action that changed the page at other steps of this run (a Generate button that shows a new random
      // number each time) may have shown the same page again by chance: it takes two misses here to count
      if (e.getValue() >= 2 || !changedThePageElsewhere(ctx, e.getKey())) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** Whether a step of this run that took {@code action} (normalized text) changed its page. */
  private boolean changedThePageElsewhere(DecisionContext ctx, String action) {
    for (Step step : ctx.history()) {
      if (!StateAbstraction.effectMayBeUnseen(step.action().type()) && RuleJudge.changed(step.observation(), step.result())
          && abstraction.actions().normalize(step.action(), step.observation(), ctx.goal().text()).text().equals(action)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lowers the advantage of every action this run found to change nothing on this very page just below the best
   * other candidate's modulated logit, so that the run does something else (the closed form stands: the change is
   * beta times an advantage). Where every candidate is such a repeat, or the one repeat is the run's deviation,
   * nothing changes.
   */
  private void lowerRepeats(double[] z, double[] adv, List<String> texts, Set<String> repeats, int target) {
    if (repeats.isEmpty() || config.beta() <= 0) {
      return;
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < z.length; i++) {
      if (!repeats.contains(texts.get(i))) {
        best = Math.max(best, z[i] + config.beta() * adv[i]);
      }
    }
    if (!Double.isFinite(best)) {
      return;
    }
    for (int i = 0; i < z.length; i++) {
      if (i != target && repeats.contains(texts.get(i)) && z[i] + config.beta() * adv[i] >= best - DEVIATION_MARGIN) {
        double lowered = (best - z[i]) / config.beta() - DEVIATION_MARGIN;
        if (Double.isFinite(lowered)) {
          adv[i] = Math.min(adv[i], lowered);
        }
      }
    }
  }

  /** The policy's distribution with the run's own repeats on this page lowered (memory has nothing here). */
  private Selection avoidingRepeats(DecisionContext ctx, List<Candidate> candidates, List<String> texts,
      Set<String> repeats, EpisodeTrace trace, Map<String, String> facts) {
    double[] z = candidates.stream().mapToDouble(Candidate::logit).toArray();
    double[] adv = new double[z.length];
    lowerRepeats(z, adv, texts, repeats, -1);
    double[] z2 = modulator.modulate(z, adv);
    int chosen = chooseFrom(z2, adv);
    int policyChoice = topOf(candidates);
    if (chosen == policyChoice) {
      return Selection.unchanged(candidates, new Explanation(
          "no similar steps in memory; policy unchanged", false, true, List.of(), facts));
    }
    double[] p = LogitModulator.softmax(z2);
    List<ScoredCandidate> dist = new ArrayList<>(z.length);
    List<CandidateNote> notes = new ArrayList<>(z.length);
    for (int i = 0; i < z.length; i++) {
      dist.add(new ScoredCandidate(candidates.get(i), z2[i], p[i]));
      notes.add(new CandidateNote(texts.get(i), z[i], z2[i], java.util.OptionalDouble.empty(), adv[i], 0,
          repeats.contains(texts.get(i)) ? "repeat" : "unseen"));
    }
    trace.deliberate(ctx.stepIndex());
    String summary = String.format(Locale.ROOT,
        "this run already took %s on this very page and it changed nothing: chose %s instead",
        texts.get(policyChoice), texts.get(chosen));
    return new Selection(candidates.get(chosen), dist, new Explanation(summary, true, false, notes, facts));
  }

  /** Zeroes the advantages memory must not push, whatever its evidence (see each case). */
  private static void guard(double[] adv, DecisionContext ctx, List<Candidate> all, List<String> texts,
      Set<String> sameGoal, Set<String> noOps, Set<String> clickedHere, Set<String> lastBlamed) {
    for (int i = 0; i < adv.length; i++) {
      if (adv[i] > 0 && lastBlamed.contains(texts.get(i))) {
        // its latest try here for this goal was blamed for the failure: what the page showed then differed from what
        // the successes saw (one more item left to pick); memory does not push it until it succeeds here again
        adv[i] = 0;
      }
      if (adv[i] > 0 && noOps.contains(texts.get(i))) {
        adv[i] = 0; // it changed nothing here, or it led round in a circle: memory does not push it again
      }
      if (adv[i] > 0 && isOn(all.get(i).action()) && clickedHere.contains(texts.get(i))) {
        adv[i] = 0; // this run switched it on here: another click would switch it off again
      }
      if (adv[i] > 0 && !sameGoal.contains(texts.get(i)) && namesAnotherItem(ctx.goal().text(), all.get(i))) {
        // learnt on other goals for a numbered control (Order #1045) while this goal names other numbers
        // (order 1033): another item, not this goal's way; memory does not push it
        adv[i] = 0;
      }
    }
  }

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /** The argmax of the modulated logits; a tie goes to what memory prefers, not to the policy's habit. */
  private static int chooseFrom(double[] z2, double[] adv) {
    int chosen = LogitModulator.argmax(z2);
    for (int i = 0; i < z2.length; i++) {
      if (z2[i] == z2[chosen] && adv[i] > adv[chosen]) {
        chosen = i;
      }
    }
    return chosen;
  }

  /**
   * Whether this goal's own runs (identical goal) blame every action they took here: a deviation explores where this
   * task instance failed, not where another instance did (another date needs another walk through the calendar; a
   * new task's first run is the policy's, moved by what transfers, not an exploration).
   */
  private boolean blamedForThisGoal(List<Neighbour> neighbours, List<String> texts) {
    List<Neighbour> own = ownNeighbours(neighbours);
    return !own.isEmpty() && estimator.estimate(own, texts, a -> false).blamed(config.explorationMaxValue());
  }

  /**
   * Whether the candidate's control carries a number the goal does not, while the goal names numbers of its own
   * (the goal names items by number; where it names none, numbers on controls are page state such as Cart (2)).
   */
  static boolean namesAnotherItem(String goal, Candidate c) {
    return c.action().target().map(e -> namesAnotherItem(goal, e)).orElse(false);
  }

  /**
   * The goal names items by number: a control with another number (Order #1045 for order 1046) is another item;
   * where the goal names none, numbers on controls are page state (Cart (2)) and say nothing about the goal.
   */
  static boolean namesAnotherItem(String goal, Element target) {
    if (!DIGITS.matcher(goal).find()) {
      return false;
    }
    Matcher digits = DIGITS.matcher(target.name());
    while (digits.find()) {
      if (!goal.contains(digits.group())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the candidate's control is named by a number that the goal itself gives as a whole number (leading
   * zeros ignored): the day "3" for 03/03/2016, "Order #1033" for order 1033 — not "1" for order 1033.
   */
  static boolean namesThisGoalsNumber(String goal, Candidate c) {
    Element target = c.action().target().orElse(null);
    if (target == null) {
      return false;
    }
    Set<String> goalNumbers = new HashSet<>();
    Matcher g = DIGITS.matcher(goal);
    while (g.find()) {
      goalNumbers.add(g.group().replaceFirst("^0+(?=.)", ""));
    }
    Matcher m = DIGITS.matcher(target.name());
    boolean any = false;
    while (m.find()) {
      if (!goalNumbers.contains(m.group().replaceFirst("^0+(?=.)", ""))) {
        return false;
      }
      any = true;
    }
    return any;
  }

  /** Whether this instance's own runs took {@code action} here to a success. */
  private static boolean ownSuccess(List<Neighbour> neighbours, String action) {
    for (Neighbour n : neighbours) {
      if (n.goalSimilarity() >= SAME_TASK && n.ret() > 0 && n.action().text().equals(action)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether memory's choice rests on the successes of a single other goal while no remembered run tried the policy's
   * choice here: that instance's way held for its goal (its direction, its item); for this goal the policy chose
   * otherwise and nothing shows it wrong. Two goals that differ and took the action here, an instance whose goal reads
   * word for word as this one, or a run that tried the policy's choice here, let memory speak. The caller asks only
   * for an action the policy weighed (one of its candidates): a memory-only action is memory's own to offer.
   */
  static boolean oneOtherGoalOverUntried(List<Neighbour> neighbours, String goal, String policyChoice, String chosen) {
    Set<String> goals = new HashSet<>();
    for (Neighbour n : neighbours) {
      String a = n.action().text();
      if (a.equals(policyChoice)) {
        return false;
      }
      if (a.equals(chosen) && n.ret() > Returns.SUCCESS_EVIDENCE && n.goalSimilarity() < SAME_TASK) {
        goals.add(n.goal());
      }
    }
    return goals.size() == 1 && !goals.contains(goal);
  }

  /** The index of the policy's own choice: its highest-logit candidate (the first among equals). */
  private static int topOf(List<Candidate> candidates) {
    int top = 0;
    for (int i = 1; i < candidates.size(); i++) {
      if (candidates.get(i).logit() > candidates.get(top).logit()) {
        top = i;
      }
    }
    return top;
  }

  /**
   * Whether this goal speaks against other instances' evidence for {@code action} (the caller has checked that only
   * other instances speak for it): the policy's choice, another action, carries this goal's own number or a word
   * that sets this goal apart from the instances whose successes back the action (see {@link #wordsSetApart}; the day
   * 3 of 03/03/2016 shown where other instances still went back a month); or a control on this page carries such a
   * word and the action's own control does not (a menu item "Zoom In" for "the zoomin icon", where other runs opened
   * "Playback" for "the stop icon").
   *
   * @param policyChoice the index of the policy's choice in {@code candidates}
   */
  static boolean goalSpeaksAgainst(String goal, List<Neighbour> neighbours, int policyChoice, String action,
      List<Candidate> candidates, List<String> texts) {
    Set<String> backers = backers(neighbours, action);
    Set<String> own = backers.isEmpty() ? ownWords(goal, otherGoals(neighbours)) : wordsSetApart(goal, backers);
    Candidate choice = candidates.get(policyChoice);
    if (!texts.get(policyChoice).equals(action) && (namesThisGoalsNumber(goal, choice) || carries(own, choice))) {
      return true;
    }
    Set<String> theirs = theirWords(goal, backers);
    for (int i = 0; i < candidates.size() && !theirs.isEmpty(); i++) {
      if (texts.get(i).equals(action) && namesAny(theirs, candidates.get(i))) {
        return true; // the action's control names what the backing instances asked for ("Cancel"), not this goal
      }
    }
    if (own.isEmpty()) {
      return false;
    }
    // the action's control against the control that carries most of this goal's own words ("Zoom Out" carries
    // "zoom" and "out", "Zoom In" only "zoom": the other instances' "Zoom In" does not name this goal's item)
    int best = 0;
    int actions = -1;
    for (int i = 0; i < candidates.size(); i++) {
      int n = carried(own, candidates.get(i));
      best = Math.max(best, n);
      if (texts.get(i).equals(action)) {
        actions = Math.max(actions, n);
      }
    }
    return best > 0 && actions < best;
  }

  /**
   * Goals at least this similar by words (and not the same) are other instances of one templated task: "click the
   * item labeled Prev" and "click the item with the zoomin icon" (0.64), two dates of one date picker's task (0.73);
   * two tasks of one site share less ("Add the blue shirt to your cart", "Place an order for the items already in
   * your cart": 0.15; "Find the price of the wireless mouse" / "… of the gardening handbook": 0.5).
   */
  static final double SAME_TEMPLATE = 0.6;

  /** The goals of the other instances whose successes speak for {@code action} (template mates, known goals). */
  private static Set<String> backers(List<Neighbour> neighbours, String action) {
    Set<String> out = new HashSet<>();
    for (Neighbour n : neighbours) {
      if (templateMate(n) && n.ret() > 0 && n.action().text().equals(action)) {
        out.add(n.goal());
      }
    }
    return out;
  }

  /**
   * The words of this goal that set it apart from the goals of the instances whose successes back an action: each
   * such goal's missing words count ("shades of blue" against a "shades of red" that clicked red, even when a third
   * instance also asked for blue and clicked Submit). Without backers the caller takes the words no other instance's
   * goal has ({@link #ownWords}).
   */
  private static Set<String> wordsSetApart(String goal, Set<String> backers) {
    Set<String> words = wordsOf(goal);
    Set<String> out = new HashSet<>();
    for (String other : backers) {
      Set<String> apart = new HashSet<>(words);
      apart.removeAll(wordsOf(other));
      out.addAll(apart);
    }
    return out;
  }

  /**
   * The words every backing goal quotes and this goal lacks: the value they asked for ("labeled "Cancel"" where this
   * goal asks for the "x"). Quoted values only: an unquoted word may be the same request put otherwise. Empty without
   * backers.
   */
  private static Set<String> theirWords(String goal, Set<String> backers) {
    Set<String> out = null;
    for (String other : backers) {
      Set<String> w = tokensOf(String.join(" ", GoalValues.of(other).quoted()), 1);
      if (out == null) {
        out = w;
      } else {
        out.retainAll(w);
      }
    }
    if (out == null) {
      return Set.of();
    }
    out.removeAll(tokensOf(goal, 1));
    return out;
  }


  /** Whether the candidate's control (its name or shown text) has one of {@code words} as a word of its own. */
  private static boolean namesAny(Set<String> words, Candidate c) {
    Element target = c.action().target().orElse(null);
    if (target == null) {
      return false;
    }
    Set<String> control = tokensOf(target.name() + " " + target.text(), 1);
    control.retainAll(words);
    return !control.isEmpty();
  }

  /** The goals of the neighbours that are other instances of this templated task (known goals only). */
  private static Set<String> otherGoals(List<Neighbour> neighbours) {
    Set<String> out = new HashSet<>();
    for (Neighbour n : neighbours) {
      if (templateMate(n)) {
        out.add(n.goal());
      }
    }
    return out;
  }

  /** Whether the neighbour is a step of another instance of this templated task whose goal is known. */
  private static boolean templateMate(Neighbour n) {
    return n.goalSimilarity() < SAME_TASK && n.goalSimilarity() >= SAME_TEMPLATE && !n.goal().isEmpty();
  }

  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** The text's words of three letters or more, lower case: what tells goals apart without their small words. */
  private static Set<String> wordsOf(String text) {
    return tokensOf(text, 3);
  }

  /** The text's words of at least {@code minLength} letters, lower case ("OK", "x" at 1: a quote's words are a value). */
  private static Set<String> tokensOf(String text, int minLength) {
    Set<String> out = new HashSet<>();
    for (String w : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
      if (w.length() >= Math.max(1, minLength)) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * Whether the candidate's control (its name or what it shows, a select's option) carries a word of this goal that none of the other
   * instances' goals has: of a templated task ("click the item labeled …"), the word that sets this instance apart.
   * Words of fewer than three characters do not count; with no other goals nothing is set apart.
   */
  static boolean carriesThisGoalsOwnWord(String goal, Set<String> otherGoals, Candidate c) {
    return carries(ownWords(goal, otherGoals), c);
  }

  /** The words of this goal (three characters or more) that none of the other goals has; empty without others. */
  static Set<String> ownWords(String goal, Set<String> otherGoals) {
    if (otherGoals.isEmpty()) {
      return Set.of();
    }
    Set<String> own = wordsOf(goal);
    for (String other : otherGoals) {
      own.removeAll(wordsOf(other));
    }
    return own;
  }

  /** Whether the candidate's control (name, shown text, a select's option) carries one of {@code own}. */
  private static boolean carries(Set<String> own, Candidate c) {
    return carried(own, c) > 0;
  }

  /** How many of {@code own} the candidate's control (name, shown text, a select's option) carries. */
  private static int carried(Set<String> own, Candidate c) {
    Element target = c.action().target().orElse(null);
    if (target == null || own.isEmpty()) {
      return 0;
    }
    // a select's control is the option it chooses as much as the list
    String option = c.action().type() == ActionType.SELECT ? " " + String.join(" ", c.action().args()) : "";
    Set<String> control = wordsOf(target.name() + " " + target.text() + option);
    control.retainAll(own);
    return control.size();
  }

  /**
   * Neighbours at least this similar by goal are runs of the same task instance: the path back to a frontier is the
   * instance's (another instance of the task, another date or name, takes another path).
   */
  static final double SAME_TASK = CulpritLocator.SAME_TASK;

  /**
   * The candidate that leads back towards the state where the latest failed run of this task was blamed, or -1:
   * where memory knows no success, the newest same-task neighbour carrying the path credit ({@link
   * dev.jitrl.plugin.judge.Returns#PATH_CREDIT}) names the action that run took on its way to its blamed state.
   * Following it (as a deviation follows its target) brings this run back to that frontier, where it deviates;
   * without it the policy's habits at the earlier states lead elsewhere and the search restarts from the top
   * (return first, then explore).
   */
  private int frontierPath(List<Neighbour> neighbours, List<String> texts, Set<String> noOps,
      AdvantageEstimator.Estimates est) {
    if (est.bestKnown() > dev.jitrl.plugin.judge.Returns.SUCCESS_EVIDENCE) {
      return -1; // a success is known here: memory's advantages lead the way
    }
    // per action its newest same-goal neighbour: an action blamed since its path credit is no longer the way
    Map<String, Neighbour> newestByAction = new HashMap<>();
    for (Neighbour n : neighbours) {
      if (n.goalSimilarity() >= SAME_TASK) {
        newestByAction.merge(n.action().text(), n, (a, b) -> a.stepId() >= b.stepId() ? a : b);
      }
    }
    Neighbour newest = null;
    for (Neighbour n : neighbours) {
      boolean path = dev.jitrl.plugin.judge.Returns.isPathCredit(n.ret());
      boolean blamedSince = n.goalSimilarity() >= SAME_TASK
          && newestByAction.get(n.action().text()).ret() <= config.explorationMaxValue();
      if (path && !blamedSince && n.similarity() >= 1.0 - 1e-9 && (newest == null || n.stepId() > newest.stepId())) {
        newest = n; // later visits of a failed run after its blamed step carry no credit: they are not the path
      }
    }
    if (newest == null) {
      return -1;
    }
    String action = newest.action().text();
    int i = texts.indexOf(action);
    return i >= 0 && !noOps.contains(action) ? i : -1;
  }

  /** How far (in logits) the deviation's action ends up ahead of the next candidate. */
  static final double DEVIATION_MARGIN = 0.05;

  /** The neighbours from this task instance's own runs (its goal, word for word, and its instance). */
  private static List<Neighbour> ownNeighbours(List<Neighbour> neighbours) {
    return neighbours.stream().filter(n -> n.goalSimilarity() >= SAME_TASK).toList();
  }

  /** The actions this task instance's own runs took at the neighbours (its goal, word for word, and its instance). */
  private static Set<String> ownActions(List<Neighbour> neighbours) {
    Set<String> out = new HashSet<>();
    for (Neighbour n : neighbours) {
      if (n.goalSimilarity() >= SAME_TASK) {
        out.add(n.action().text());
      }
    }
    return out;
  }

  /**
   * The candidate to deviate to: one no run tried here (page turns first, then the page's own controls, then
   * site-wide ones, then the shapes of failed actions); when none is left, one that failed on other instances only
   * (this instance's answer may differ), the policy's favourite first.
   */
  private int explorationTarget(DecisionContext ctx, List<Candidate> all, List<String> texts,
      AdvantageEstimator.Estimates est, Set<String> noOps, Set<String> own, EpisodeTrace trace) {
    Set<String> siteWide = siteWideControls(ctx);
    double[] doubt = toggleDoubts(ctx, all, texts, trace);
    Set<String> failedShapes = new HashSet<>();
    for (int i = 0; i < all.size(); i++) {
      ActionEstimate e = est.actions().get(i);
      if ((e.support() > 0 && e.q().orElse(0) <= config.explorationMaxValue()) || noOps.contains(texts.get(i))) {
        failedShapes.add(shapeOf(all.get(i))); // failed in memory, or a dead end of this run
      }
    }
    boolean pages = paginated(ctx.observation());
    int best = -1;
    int bestRank = Integer.MAX_VALUE;
    for (int i = 0; i < all.size(); i++) {
      Candidate c = all.get(i);
      ActionEstimate e = est.actions().get(i);
      boolean elsewhereOnly = e.support() > 0 && !own.isEmpty() && !own.contains(texts.get(i))
          && e.q().orElse(0) <= Math.min(config.explorationMaxValue(), 0);
      if ((e.support() > 0 && !elsewhereOnly) || c.source() == CandidateSource.MEMORY || noOps.contains(texts.get(i))) {
        continue;
      }
      boolean local = c.action().target().map(t -> !siteWide.contains(ActionNormalizer.elementKey(t))).orElse(true);
      int rank = elsewhereOnly ? 4 : failedShapes.contains(shapeOf(c)) ? 3 : !local ? 2 : pages && isPageTurn(c) ? 0 : 1;
      boolean before = rank == bestRank && (Double.isFinite(doubt[i]) && Double.isFinite(doubt[best])
          ? doubt[i] < doubt[best] : c.logit() > all.get(best).logit());
      if (rank < bestRank || before) {
        best = i;
        bestRank = rank;
      }
    }
    return best;
  }

  /**
   * Per candidate, how narrowly the policy decided about its toggle (a box, a section: value "true" or "false"),
   * NaN for other candidates: for a box that stands off, how far its logit lies below the best other action's (what
   * the policy did instead of ticking it, Submit); for a box this visit ticked, how far its logit lay above the best
   * other action's when it was ticked. A form's failure is likelier the policy's narrowest call than its surest, so
   * the deviation flips that box first (one box short: the best-liked box left off; one too many: the least-liked
   * box ticked).
   */
  private double[] toggleDoubts(DecisionContext ctx, List<Candidate> all, List<String> texts, EpisodeTrace trace) {
    double[] doubt = new double[all.size()];
    java.util.Arrays.fill(doubt, Double.NaN);
    Set<String> toggles = new HashSet<>();
    double boundary = Double.NEGATIVE_INFINITY;
    ActionNormalizer normalizer = abstraction.actions();
    for (int i = 0; i < all.size(); i++) {
      if (isToggle(all.get(i).action())) {
        NormalizedAction on = normalizer.normalize(all.get(i).action(), ctx.observation(), ctx.goal().text()).switchingOn();
        toggles.add(on.text());
        toggles.add(on.switchingOff().text());
      } else if (all.get(i).source() != CandidateSource.MEMORY) {
        boundary = Math.max(boundary, all.get(i).logit());
      }
    }
    if (toggles.isEmpty() || boundary == Double.NEGATIVE_INFINITY) {
      return doubt;
    }
    List<Step> visit = null;
    for (int i = 0; i < all.size(); i++) {
      Action a = all.get(i).action();
      if (!isToggle(a)) {
        continue;
      }
      if (!StateAbstraction.switchesOff(a)) {
        doubt[i] = boundary - all.get(i).logit();
        continue;
      }
      if (visit == null) {
        visit = stepsHere(ctx, abstraction.urls().regularize(ctx.observation().url()));
      }
      String ticking = normalizer.normalize(a, ctx.observation(), ctx.goal().text()).switchingOn().text();
      for (Step step : visit) { // newest first: the click that ticked it last
        if (!isToggle(step.action()) || StateAbstraction.switchesOff(step.action())
            || !normalizer.normalize(step.action(), step.observation(), ctx.goal().text()).text().equals(ticking)) {
          continue;
        }
        List<String> then = trace.candidatesAt(step.index());
        if (then != null) {
          double box = trace.policyProbability(step.index(), ticking);
          double other = 0;
          for (String t : then) {
            if (!toggles.contains(t)) {
              other = Math.max(other, trace.policyProbability(step.index(), t));
            }
          }
          if (box > 0 && other > 0) {
            doubt[i] = Math.log(box) - Math.log(other);
          }
        }
        break;
      }
    }
    return doubt;
  }

  /**
   * Whether the run's deviation marked what the page will submit (switched a toggle, clicked a point of a drawing, drew
   * a stroke across it) and every later step of the run stayed on that page kind.
   */
  private static boolean formDeviationThenEnd(List<Step> steps, List<UrlPattern> patterns, int deviation) {
    if (deviation < 0 || deviation + 1 >= steps.size() || !marksPage(steps.get(deviation).action())) {
      return false;
    }
    for (int j = deviation + 1; j < steps.size(); j++) {
      if (!patterns.get(j).equals(patterns.get(deviation))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a later click of the same visit to the page switched back the toggle that step {@code i} clicked. */
  private static boolean takenBack(List<Step> steps, List<UrlPattern> patterns, List<NormalizedAction> actions, int i) {
    for (int j = i + 1; j < steps.size() && patterns.get(j).equals(patterns.get(i)); j++) {
      if (isToggle(steps.get(j).action())
          && actions.get(j).switchingOn().text().equals(actions.get(i).switchingOn().text())) {
        return true;
      }
    }
    return false;
  }

  /**
   * An action whose effect is a mark the page keeps for what it submits: a toggle switched, a point of a drawing
   * clicked, a stroke drawn across it.
   */
  private static boolean marksPage(Action a) {
    return isToggle(a) || a.clickPoint().isPresent() || a.strokePoints().isPresent();
  }

  /** A click on a control that stands on or off (value "true" or "false": a box, a section, a switch). */
  private static boolean isToggle(Action a) {
    return a.type() == ActionType.CLICK
        && a.target().map(e -> e.value().equals("true") || e.value().equals("false")).orElse(false);
  }

  /**
   * The toggle clicks among the candidates (a box, a section: value "true" or "false") that would take back what JitRL
   * chose on this visit against the policy's choice (its deviation, memory's move, a replay): the latest click on
   * that toggle in this visit was such a step. Returned as candidate indices.
   */
  private Set<Integer> undoes(DecisionContext ctx, List<Candidate> candidates, UrlPattern here, EpisodeTrace trace) {
    List<Integer> toggles = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (isToggle(candidates.get(i).action())) {
        toggles.add(i);
      }
    }
    if (toggles.isEmpty()) {
      return Set.of();
    }
    List<Step> visit = stepsHere(ctx, here); // newest first
    if (visit.stream().noneMatch(step -> trace.isDeliberate(step.index()))) {
      return Set.of(); // JitRL chose nothing against the policy on this visit: nothing to take back
    }
    // per toggle (as its switching on), whether its latest click on this visit was JitRL's own choice
    ActionNormalizer normalizer = abstraction.actions();
    Map<String, Boolean> latest = new HashMap<>();
    for (Step step : visit) {
      if (isToggle(step.action())) {
        latest.putIfAbsent(normalizer.normalize(step.action(), step.observation(), ctx.goal().text()).switchingOn().text(),
            trace.isDeliberate(step.index()));
      }
    }
    Set<Integer> out = new HashSet<>();
    for (int i : toggles) {
      String text = normalizer.normalize(candidates.get(i).action(), ctx.observation(), ctx.goal().text())
          .switchingOn().text();
      if (latest.getOrDefault(text, false)) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * The candidates with those that would take back JitRL's own choice on this visit's form ({@link #undoes}) put
   * below all others: the policy's habit (tick every box it likes) would at once tick again the box a deviation or
   * memory switched off, and the run would go round in a circle, learning nothing. JitRL's one override of the policy
   * besides the deviation; the explanation's prior logits show it.
   */
  private List<Candidate> keepDeliberate(List<Candidate> candidates, Set<Integer> undoes) {
    if (undoes.isEmpty() || undoes.size() >= candidates.size()) {
      return candidates;
    }
    double lowest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < candidates.size(); i++) {
      if (!undoes.contains(i)) {
        lowest = Math.min(lowest, candidates.get(i).logit());
      }
    }
    if (!Double.isFinite(lowest)) {
      return candidates;
    }
    List<Candidate> out = new ArrayList<>(candidates);
    for (int i : undoes) {
      Candidate c = candidates.get(i);
      if (c.logit() >= lowest) {
        out.set(i, new Candidate(c.action(), lowest - 1.0, c.source()));
      }
    }
    return out;
  }

  /**
   * Whether this run deviated at an earlier step of its current visit to the page kind {@code here} (every step
   * since the deviation was taken on it, and it is still there).
   */
  private boolean deviatedOnThisVisit(DecisionContext ctx, UrlPattern here, int deviation) {
    List<Step> history = ctx.history();
    if (deviation < 0 || deviation >= history.size()) {
      return false;
    }
    for (int i = history.size() - 1; i >= 0; i--) {
      Step step = history.get(i);
      if (!abstraction.urls().regularize(step.observation().url()).equals(here)) {
        return false;
      }
      if (step.index() == deviation) {
        return true;
      }
    }
    return false;
  }

  /** The run's latest steps on the current page kind (since it last came to it), newest first. */
  private List<Step> stepsHere(DecisionContext ctx, UrlPattern here) {
    List<Step> out = new ArrayList<>();
    List<Step> history = ctx.history();
    for (int i = history.size() - 1; i >= 0; i--) {
      Step step = history.get(i);
      if (!abstraction.urls().regularize(step.observation().url()).equals(here)) {
        break;
      }
      out.add(step);
    }
    return out;
  }

  /**
   * The actions whose latest outcome among this goal's neighbours is a blame (a return at most
   * {@code jitrl.exploration.maxValue}, newer than the action's latest success here).
   */
  private Set<String> lastOutcomeBlamed(List<Neighbour> neighbours) {
    Map<String, long[]> latest = new HashMap<>(); // action -> {newest success id, newest blame id}
    for (Neighbour n : neighbours) {
      if (n.goalSimilarity() < SAME_TASK) {
        continue;
      }
      long[] l = latest.computeIfAbsent(n.action().text(), a -> new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
      if (n.ret() > 0) {
        l[0] = Math.max(l[0], n.stepId());
      } else if (n.ret() <= config.explorationMaxValue()) {
        l[1] = Math.max(l[1], n.stepId());
      }
    }
    Set<String> out = new HashSet<>();
    latest.forEach((a, l) -> {
      if (l[1] > l[0] && l[0] != Long.MIN_VALUE) {
        out.add(a);
      }
    });
    return out;
  }

  /** The normalized clicks this run made on the current page kind (since it last came to it). */
  private Set<String> clickedHere(DecisionContext ctx, UrlPattern here) {
    Set<String> out = new HashSet<>();
    for (Step step : stepsHere(ctx, here)) {
      if (step.action().type() == ActionType.CLICK) {
        out.add(abstraction.actions().normalize(step.action(), step.observation(), ctx.goal().text()).text());
      }
    }
    return out;
  }

  /** A click on a control that is on (a checked box, an item the page marks chosen: value "true"). */
  private static boolean isOn(Action action) {
    return StateAbstraction.switchesOff(action);
  }

  /**
   * The actions memory must not push now: those of this run that changed nothing on this page kind (same address,
   * title, controls, values and text afterwards; when the run's deviation was one of them, the deviation is given
   * back), and those this run already took on this very page and that led away and back here.
   */
  private Set<String> noOpsHere(DecisionContext ctx, UrlPattern here, EpisodeTrace trace) {
    Set<String> out = new HashSet<>();
    List<Step> history = ctx.history();
    for (Step step : stepsHere(ctx, here)) {
      // a drag moves what the observer does not place (a box's position), a highlight selects what it does not
      // record: looking the same, they may still have worked
      if (step.action().type() != ActionType.DRAG && step.action().type() != ActionType.HIGHLIGHT
          && !RuleJudge.changed(step.observation(), step.result())) {
        out.add(abstraction.actions().normalize(step.action(), step.observation(), ctx.goal().text()).text());
        trace.deadEnd(step.index()); // a deviation that changed nothing is a failed try too
      }
    }
    // The deviation of the last step took the run back to a page it had already been on before it: a step back,
    // not a way on (a "Back to cart" link, a breadcrumb): a dead end, as if it had changed nothing.
    int deviation = trace.deviationStep();
    // A deviation that stayed on its page (a box ticked, a section opened: the same controls, other values) did work
    // on it, if it changed anything (the rule above judges that): not a step back.
    if (deviation >= 0 && !history.isEmpty() && history.get(history.size() - 1).index() == deviation
        && trace.signature(history.get(history.size() - 1).observation()) != trace.signature(ctx.observation())) {
      long now = trace.signature(ctx.observation());
      for (Step step : history) {
        if (step.index() < deviation && trace.signature(step.observation()) == now) {
          trace.deadEnd(deviation);
          break;
        }
      }
    }
    // Back on a page this run has already been on: what it did here then led back here, so memory does not push
    // it again (the run would go round in the same circle).
    long page = trace.signature(ctx.observation());
    Set<Integer> deadEnds = trace.deadEnds();
    for (Step step : history) {
      if (trace.signature(step.observation()) == page && trace.signature(step.result()) != page) {
        boolean backByDeadEnd = false;
        for (int dead : deadEnds) {
          backByDeadEnd |= dead > step.index();
        }
        if (backByDeadEnd && step.index() != trace.deviationStep()) {
          continue; // the run came back here through a dead end it has given up, not through this step's choice
        }
        out.add(abstraction.actions().normalize(step.action(), step.observation(), ctx.goal().text()).text());
        if (step.index() == trace.deviationStep() && noWorkAfter(history, step.index(), trace)) {
          // the deviation led round and back to its own page without any work on the way: a dead end, found
          // within this run; the run may try the next untried action here (the dead end is excluded above).
          // Measured (local suite, 2026-11-30): sparing a deviation that reached a page new to the run cost the
          // checkout and ship-order traps (00011/00111 -> 00000): a product link in a cart is such a deviation too.
          trace.deadEnd(step.index());
        }
      }
    }
    return out;
  }

  /** Whether the run only moved between pages after step {@code from} (no value typed, chosen or changed). */
  private static boolean noWorkAfter(List<Step> history, int from, EpisodeTrace trace) {
    for (int i = from + 1; i < history.size(); i++) {
      Step s = history.get(i);
      if (CulpritLocator.work(s, trace.signature(s.observation()), trace.signature(s.result()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Controls seen on pages of another address path than the current one, by this run or by earlier runs on the
   * same site in this process: site-wide navigation.
   */
  private Set<String> siteWideControls(DecisionContext ctx) {
    String here = pathOf(ctx.observation().url());
    Set<String> seenElsewhere = new HashSet<>();
    Set<String> paths = new HashSet<>();
    for (Step step : ctx.history()) {
      String path = pathOf(step.observation().url());
      if (!path.equals(here) && paths.add(path)) {
        for (Element e : step.observation().elements()) {
          seenElsewhere.add(ActionNormalizer.elementKey(e));
        }
      }
    }
    Set<String> known = siteWide.getIfPresent(abstraction.urls().regularize(ctx.observation().url()).site());
    if (known != null) {
      seenElsewhere.addAll(known);
    }
    return seenElsewhere;
  }

  private static final Set<String> PAGE_TURNS = Set.of("next", "next page", "more", "show more", "load more", "older",
      "older posts", "older threads", "›", "»", "→", ">", ">>");

  /** A click on a link that turns a list's page: "Next", "More", "›". */
  static boolean isPageTurn(Candidate c) {
    return c.action().type() == dev.jitrl.api.ActionType.CLICK && c.action().target()
        .map(e -> e.role().equals("link") && PAGE_TURNS.contains(e.name().toLowerCase(Locale.ROOT)))
        .orElse(false);
  }

  /**
   * Whether the page shows a list split into pages: a page-turning link next to numbered page links (1, 2, ...).
   * On such a page, a deviation looks at the list's next page before the rest of this one: the policy's best
   * match on this page failed, and what it ranked lower here matches the goal less than what it has not seen yet.
   */
  static boolean paginated(dev.jitrl.api.Observation page) {
    boolean turn = false;
    int numbered = 0;
    for (Element e : page.elements()) {
      if (!e.role().equals("link")) {
        continue;
      }
      String name = e.name().toLowerCase(Locale.ROOT);
      turn |= PAGE_TURNS.contains(name);
      if (!name.isEmpty() && name.length() <= 3 && name.chars().allMatch(Character::isDigit)) {
        numbered++;
      }
    }
    return turn && numbered >= 1 && numbered <= 20;
  }

  /**
   * An action's shape: its type, its target's role, and the target's label with digit runs masked. Siblings in a
   * list ({@code Order #1047}, {@code Order #1046}) share a shape; when one failed here, the others are tried
   * last.
   */
  private static String shapeOf(Candidate c) {
    return c.action().type() + ":" + c.action().target()
        .map(e -> DIGITS.matcher(ActionNormalizer.elementKey(e)).replaceAll("#")).orElse("");
  }

  /** Remembers the controls an episode saw on pages of two or more address paths of a site. */
  private void learnSiteWide(Episode episode) {
    Map<String, List<Observation>> pagesOfSite = new HashMap<>();
    List<Step> steps = episode.steps();
    for (int i = 0; i <= steps.size() && !steps.isEmpty(); i++) {
      // each result is the next step's observation; the last result ends the run
      Observation o = i < steps.size() ? steps.get(i).observation() : steps.get(i - 1).result();
      pagesOfSite.computeIfAbsent(abstraction.urls().regularize(o.url()).site(), x -> new ArrayList<>()).add(o);
    }
    pagesOfSite.forEach((site, pages) -> {
      Set<String> wide = siteWide.get(site, x -> ConcurrentHashMap.newKeySet());
      for (String control : CulpritLocator.siteWide(pages, this::pathOf)) {
        if (wide.size() >= 10_000) {
          break;
        }
        wide.add(control);
      }
    });
  }

  private String pathOf(String url) {
    String key = abstraction.urls().regularize(url).key();
    int q = key.indexOf('?');
    return q < 0 ? key : key.substring(0, q);
  }

  /** Actions neighbours took that the policy did not propose, when the current page has their target. */
  private void addMemoryCandidates(DecisionContext ctx, List<Neighbour> neighbours, List<Candidate> all, List<String> texts) {
    // the policy's mean preference: the logit of an action with the mean probability 1/n of the proposed ones.
    // (The lowest logit, as before, put a remembered good action out of reach of any evidence when the policy
    // floors options it did not score at -20.)
    double max = all.stream().mapToDouble(Candidate::logit).max().orElse(0);
    double sum = all.stream().mapToDouble(c -> Math.exp(c.logit() - max)).sum();
    double prior = max + Math.log(sum / all.size());
    Set<String> seen = new LinkedHashSet<>(texts);
    for (Neighbour n : neighbours) {
      NormalizedAction a = n.action();
      if (a.type() == ActionType.FILL && !GoalValues.isParameter(a.arg())) {
        // literal text typed on another page (a word read there) is that page's; memory brings in typed text only as
        // a reference to the goal, and promotes a literal only when the policy proposes it here
        continue;
      }
      if (seen.add(a.text())) {
        Optional<Action> action = abstraction.actions().denormalize(a, ctx.observation(), ctx.goal().text());
        if (action.isPresent()) {
          all.add(new Candidate(action.get(), prior, CandidateSource.MEMORY));
          texts.add(a.text());
        }
      }
    }
  }

  private static String explanationKey(String episodeId, int stepIndex) {
    return episodeId + '#' + stepIndex;
  }

  private static String toJson(Explanation e, List<Neighbour> neighbours) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("summary", e.summary());
    m.put("changedChoice", e.changedChoice());
    m.put("facts", e.facts());
    List<Object> cands = new ArrayList<>();
    for (CandidateNote n : e.candidates()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("action", n.action());
      c.put("z", finiteOrNull(n.priorLogit()));
      c.put("z2", finiteOrNull(n.logit()));
      c.put("q", n.value().isPresent() ? finiteOrNull(n.value().getAsDouble()) : null);
      c.put("A", finiteOrNull(n.advantage()));
      c.put("support", n.support());
      c.put("note", n.note());
      cands.add(c);
    }
    m.put("candidates", cands);
    List<Object> ns = new ArrayList<>();
    for (Neighbour n : neighbours) {
      ns.add(Map.of("step", n.stepId(), "action", n.action().text(), "G", n.ret(), "sim", n.similarity()));
    }
    m.put("neighbours", ns);
    return Json.write(m);
  }

  /** A logit of -∞ (a candidate the host ruled out) has no JSON number: the explanation says null for it. */
  private static Object finiteOrNull(double d) {
    return Double.isFinite(d) ? d : Json.NULL;
  }

  private static String format(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }

  /**
   * What memory says about a state, without a policy: V and Q of every action neighbours took. For the
   * {@code memory explain} command.
   */
  public StateReport explain(String url, String goal, List<String> context, int stepIndex) {
    UrlPattern pattern = abstraction.urls().regularize(url);
    List<Neighbour> neighbours = index.neighbours(pattern.key(), goal, context, config.taskThreshold(),
        config.thresholdAt(stepIndex), config.k());
    if (neighbours.isEmpty()) {
      return new StateReport(pattern, neighbours, OptionalDouble.empty(), Map.of());
    }
    List<String> remembered = neighbours.stream().map(n -> n.action().text()).distinct().toList();
    AdvantageEstimator.Estimates est = estimator.estimate(neighbours, remembered, a -> false);
    Map<String, Double> qs = new LinkedHashMap<>();
    for (int i = 0; i < remembered.size(); i++) {
      qs.put(remembered.get(i), est.actions().get(i).q().orElseThrow());
    }
    OptionalDouble v = OptionalDouble.of(est.value());
    return new StateReport(pattern, neighbours, v, qs);
  }

  /**
   * What memory says about one state.
   *
   * @param pattern the regularized URL
   * @param neighbours the neighbours found
   * @param value V(s), if any neighbour
   * @param q Q(s,a) per remembered action
   */
  public record StateReport(UrlPattern pattern, List<Neighbour> neighbours, OptionalDouble value, Map<String, Double> q) {}

  // ---------------------------------------------------------------- learning

  /**
   * Scores the episode and stores it with its steps in one transaction; the hot index is refreshed after the
   * commit. The returned future completes when the episode is durable.
   */
  public CompletableFuture<Void> learn(Episode episode) {
    try {
      return CompletableFuture.runAsync(() -> store(episode), writer);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void store(Episode episode) {
    EpisodeTrace finished = traces.getIfPresent(episode.id());
    if (finished != null) {
      noteReplayOutcomes(episode.steps(), finished); // the run's last step, too
    }
    learnSiteWide(episode);
    EpisodeRecord record = score(episode);
    memory.append(record);
    refreshIndex(); // also drops what the append evicted
    for (Step s : episode.steps()) {
      explanations.invalidate(explanationKey(episode.id(), s.index()));
    }
    LOG.debug("episode {} stored: {} steps, outcome {}", episode.id(), record.steps().size(), record.outcome());
  }

  /**
   * Counts, for the host's report, the steps an LLM judge was asked about ({@code jitrl.judge.asked}) and those its
   * reply scored ({@code jitrl.judge.parsed}); the rest fell back to the rule score. Read from the rewards' reasons
   * ({@code llm: ...} / {@code rules: ...}); the rule judge gives neither.
   */
  private void countJudgeReplies(List<StepReward> judged) {
    int asked = 0;
    int parsed = 0;
    for (StepReward r : judged) {
      if (r.reason().startsWith("llm:")) {
        asked++;
        parsed++;
      } else if (r.reason().startsWith("rules:")) {
        asked++;
      }
    }
    if (asked > 0) {
      metrics.count("jitrl.judge.asked", asked);
      metrics.count("jitrl.judge.parsed", parsed);
    }
  }

  /** The episode as it would be stored: abstract states, normalized actions, rewards and returns. */
  public EpisodeRecord score(Episode episode) {
    List<StepReward> judged = judge.score(episode);
    countJudgeReplies(judged);
    List<StepReward> rewards = returns.applyOutcome(judged, episode.outcome());
    List<Step> all = episode.steps();
    List<UrlPattern> patterns = new ArrayList<>(all.size());
    List<List<String>> contexts = new ArrayList<>(all.size());
    List<NormalizedAction> actions = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      Step s = all.get(i);
      UrlPattern pattern = abstraction.urls().regularize(s.observation().url());
      patterns.add(pattern);
      contexts.add(abstraction.contextOf(pattern, all, i, episode.goal().text()));
      actions.add(abstraction.actions().normalize(s.action(), s.observation(), episode.goal().text()));
    }
    double[] g;
    EpisodeTrace trace = traces.getIfPresent(episode.id());
    if (episode.outcome().status() == OutcomeStatus.FAILURE && !all.isEmpty()) {
      List<CulpritLocator.StepView> views = stepViews(all, actions);
      int culprit = culprit(episode, views, judged, patterns, contexts, trace);
      LOG.info("episode {} failed: blamed on step {} ({} on {}){}", episode.id(), culprit, actions.get(culprit).text(),
          patterns.get(culprit).key(), trace != null && trace.hasDeviated() ? ", after deviating at step " + trace.deviationStep() : "");
      boolean[] blamed = CulpritLocator.branch(views, culprit);
      if (trace != null) {
        for (int dead : trace.deadEnds()) {
          if (dead < blamed.length) {
            blamed[dead] = true; // a deviation that led straight back: a failed try, not a way out
          }
        }
      }
      rewards = new ArrayList<>(judged.size());
      for (int i = 0; i < judged.size(); i++) {
        StepReward r = judged.get(i);
        rewards.add(new StepReward(StepReward.clamp(r.reward()),
            i == culprit ? "blamed for the failure (" + episode.outcome().reason() + "); " + r.reason()
                : blamed[i] ? "the blamed choice again; " + r.reason() : r.reason()));
      }
      g = returns.blamed(judged, blamed, culprit);
    } else {
      g = returns.discount(rewards);
      for (int i = 0; i < all.size(); i++) {
        if (isToggle(all.get(i).action()) && takenBack(all, patterns, actions, i)) {
          g[i] = Math.min(g[i], 0); // a box the run ticked and unticked again on the same visit did not help it
        }
      }
      if (trace != null) {
        for (int dead : trace.deadEnds()) {
          if (dead < g.length) {
            g[dead] = Math.min(g[dead], 0); // a detour the successful run came back from did not help it
          }
        }
        for (int failed : trace.failedReplays()) {
          if (failed < g.length) {
            // a replay that failed or changed nothing did not help the run that recovered from it: not a success of
            // that action (else storing this run would make the entry look sure again at once)
            g[failed] = Math.min(g[failed], 0);
          }
        }
      }
    }
    traces.invalidate(episode.id());
    String goal = maskSecrets(episode.goal().text(), all);
    List<StoredStep> steps = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      Step s = all.get(i);
      UrlPattern pattern = patterns.get(i);
      List<String> context = contexts.get(i);
      NormalizedAction action = actions.get(i);
      Decided decided = explanations.getIfPresent(explanationKey(episode.id(), i));
      String explanation = decided == null ? null : toJson(decided.explanation(), decided.neighbours());
      steps.add(StoredStep.builder().stepIndex(i).goal(goal).site(pattern.site()).urlPattern(pattern.pattern())
          .context(context).action(action).rawAction(s.action().describe())
          .reward(rewards.get(i).reward()).ret(g[i]).reason(maskSecrets(rewards.get(i).reason(), all))
          .explanation(Optional.ofNullable(explanation).map(e -> maskSecrets(e, all))).instance(episode.instance())
          .build());
    }
    return EpisodeRecord.builder().key(episode.id()).goal(goal).outcome(episode.outcome().status())
        .envReward(episode.outcome().reward()).outcomeReason(maskSecrets(episode.outcome().reason(), all))
        .startedAt(episode.startedAt()).endedAt(episode.endedAt())
        .policy(episode.tags().getOrDefault("policy", "unknown")).configFingerprint(config.fingerprint())
        .judge(judge.name()).tags(episode.tags()).steps(steps).build();
  }

  /**
   * The goal as memory may keep it: every text the run typed into a secret field (a password) is replaced by
   * {@code ***}. The steps themselves keep such text only as a reference to the goal, or masked.
   */
  static String maskSecrets(String goal, List<Step> steps) {
    String out = goal;
    for (Step s : steps) {
      if (s.action().type() == ActionType.FILL && s.action().target().map(Element::secret).orElse(false)) {
        String secret = s.action().firstArg();
        if (!secret.isEmpty()) {
          out = out.replace(secret, NormalizedAction.MASK);
        }
      }
    }
    return out;
  }

  /**
   * The steps as the culprit search sees them. Work: a fill, a select, a key press, a click that changed its own
   * page, or a step that changed nothing; what matters more is where the run went.
   */
  private static List<CulpritLocator.StepView> stepViews(List<Step> all, List<NormalizedAction> actions) {
    List<CulpritLocator.StepView> views = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      Step s = all.get(i);
      boolean work = !RuleJudge.changed(s.observation(), s.result())
          || CulpritLocator.work(s, CulpritLocator.signature(s.observation()), CulpritLocator.signature(s.result()));
      views.add(new CulpritLocator.StepView(s.observation(), s.result(), actions.get(i).text(),
          s.action().target().map(ActionNormalizer::elementKey).orElse(null), work));
    }
    return views;
  }

  /** The step a failed episode's failure is blamed on (see {@link CulpritLocator}). */
  private int culprit(Episode episode, List<CulpritLocator.StepView> views, List<StepReward> judged,
      List<UrlPattern> patterns, List<List<String>> contexts, EpisodeTrace trace) {
    List<Step> all = episode.steps();
    List<List<String>> seen = new ArrayList<>(all.size());
    double[] prior = new double[all.size()];
    for (int i = 0; i < all.size(); i++) {
      prior[i] = trace == null ? Double.NaN : trace.policyProbability(i, views.get(i).action());
      seen.add(trace == null ? null : trace.candidatesAt(i));
    }
    String goal = episode.goal().text();
    String instance = episode.instance();
    java.util.function.IntFunction<List<Neighbour>> memoryAt = i -> index.neighbours(patterns.get(i).key(), goal,
        instance, contexts.get(i), config.taskThreshold(), config.thresholdAt(i), config.k());
    int culprit;
    int tried;
    if (trace != null && !trace.hasDeviated() && !trace.deadEnds().isEmpty()) {
      // The run's last deviation was a dead end and no later one found a way on: the dead end is where this run
      // learnt something; the steps after it wandered without a plan. Blaming it keeps the path to its state as the
      // frontier the next run returns to (and tries the next untried action there).
      culprit = java.util.Collections.max(trace.deadEnds());
      tried = culprit;
    } else if (trace != null && CulpritLocator.leftAtOnce(views, trace.deviationStep())) {
      // the deviation's page was left at once by the site's navigation: a failed try at the frontier, like a dead
      // end; the next run returns there and tries the next untried action
      return trace.deviationStep();
    } else if (trace != null && formDeviationThenEnd(all, patterns, trace.deviationStep())) {
      // The deviation switched a box of a form (or set a point of a drawing) and the run ended on that form
      // (submitted it as it then stood): the form it made is what failed, not the submitting. Blaming the box keeps
      // the search one box from the policy's form, its narrowest calls first: a form is likelier one box off than two
      // (blaming the submit sent the next run one box further, and the next, and it never came back to the other
      // boxes).
      return trace.deviationStep();
    } else if (trace != null && !trace.hasDeviated() && trace.firstTransferred() >= 0) {
      // JitRL overruled the policy on other instances' runs alone and this instance's run failed: what worked for them
      // is the first suspect (the textarea they widened, this goal wants narrower). Blaming it gives this goal its own
      // evidence at that state, so the next run hears the policy there again instead of repeating the carried choice.
      return trace.firstTransferred();
    } else {
      culprit = CulpritLocator.locate(views, prior, judged, memoryAt,
          seen, trace == null ? -1 : trace.deviationStep(), config.explorationMaxValue());
      tried = trace == null ? -1 : trace.deviationStep();
    }
    int entry = CulpritLocator.exhaustedPageEntry(views, culprit, tried, memoryAt, config.explorationMaxValue());
    if (entry >= 0) {
      LOG.info("episode {}: a second failed try on the page of step {}: blame goes up to step {}, which led there",
          episode.id(), culprit, entry);
      return entry;
    }
    return culprit;
  }

  /**
   * Brings the hot index up to date with the memory: rows written since the last refresh, by anyone, are added,
   * and rows another process evicted are dropped.
   */
  public void refreshIndex() {
    synchronized (refreshLock) {
      long started = ticker.read();
      long oldest = memory.oldestStepId();
      long gone = oldest == 0 ? index.maxStepId() : oldest - 1;
      if (gone > evictedThrough) {
        index.evictThrough(gone);
        evictedThrough = gone;
      }
      List<StoredStep> fresh = new ArrayList<>();
      memory.forEachStepAfter(index.maxStepId(), fresh::add);
      index.addAll(fresh);
      lastRefreshNanos = started;
    }
  }

  /** Rebuilds the hot index from scratch (after an import or a prune). */
  public void rebuildIndex() {
    synchronized (refreshLock) {
      index.clear();
      evictedThrough = 0;
      refreshIndex();
    }
  }

  /** Where the memory lives and what it and the hot index hold, for {@code jitrl memory stats}. */
  public Map<String, String> stats() {
    var s = memory.stats();
    Map<String, String> out = new LinkedHashMap<>();
    out.put("memory", memory.location());
    out.put("episodes", Long.toString(s.episodes()));
    out.put("successes", Long.toString(s.successes()));
    out.put("steps", Long.toString(s.steps()));
    out.put("pageKinds", Long.toString(s.patterns()));
    out.put("goals", Long.toString(s.goals()));
    out.put("fileBytes", Long.toString(s.fileBytes()));
    out.put("indexedSteps", Long.toString(index.size()));
    out.put("indexBytes", Long.toString(index.columnBytes()));
    out.put("maxSteps", Long.toString(config.memoryMaxSteps()));
    if (config.memoryServer().enabled()) {
      out.put("outbox", config.memoryServer().outbox().toString());
      out.put("outboxPending", Long.toString(memory.pendingWrites()));
    }
    out.put("judge", judge.name());
    return out;
  }

  /**
   * Waits for pending writes, evicts the oldest whole episodes until at most {@code keepSteps} steps remain and
   * rebuilds the index.
   *
   * @return the number of steps removed
   */
  public long prune(long keepSteps) {
    flush();
    long before = memory.stats().steps();
    memory.evictTo(keepSteps);
    rebuildIndex();
    return before - memory.stats().steps();
  }

  /** Exports the memory as JSON Lines. */
  public long exportTo(Writer out) throws IOException {
    return memory.exportTo(out);
  }

  /** Imports JSON Lines and rebuilds the index. */
  public ImportSummary importFrom(Reader in) throws IOException {
    ImportSummary r = memory.importFrom(in);
    rebuildIndex();
    return r;
  }

  /** Waits for pending episode writes. */
  public void flush() {
    try {
      CompletableFuture.runAsync(() -> { }, writer).get(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new dev.jitrl.api.JitRlException("waiting for pending memory writes failed: " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      if (!writer.closeAndAwait(Duration.ofMinutes(5))) {
        LOG.warn("pending memory writes did not finish in 5 minutes; closing anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ownThread.ifPresent(ExecutorService::shutdown);
    memory.close();
  }

}
