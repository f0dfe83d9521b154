package dev.jitrl.host.agent;

import dev.jitrl.api.Action;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.CandidateSource;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.EpisodeListener;
import dev.jitrl.api.Explanation;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.Replay;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.api.ScoredCandidate;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.api.StepStatus;
import dev.jitrl.host.act.ActionExecutor;
import dev.jitrl.host.act.ActionResult;
import dev.jitrl.host.observe.PageObserver;
import dev.jitrl.host.plugins.SelectionHook;
import dev.jitrl.host.policy.Policy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web-agent loop: observe → the policy's cheap candidates → a plugin sure of the step from memory decides it
 * (replay, no model call) → else the policy scores the candidates → each plugin rewrites the distribution → act →
 * record,
 * until the agent answers, the step budget is spent, or the caller's {@link SuccessCondition} says success or
 * that the environment ended the episode. A {@link StartHook} runs once the start page has loaded and may set
 * the goal from the page.
 * The finished {@link Episode} goes to every {@link EpisodeListener}; the host waits for each (bounded).
 *
 * <p>Plugins cannot break the loop: a plugin that throws, chooses a candidate that is not in the distribution
 * it was given, or takes longer than the selection budget is skipped for that step (the host keeps the
 * distribution it had) and the reason is logged. A static agent is one built with no hooks and no listeners.
 */
public final class WebAgent implements AutoCloseable {
  /** {@link Step#chosenBy()} when the host followed its own policy. */
  public static final String POLICY = "policy";

  private static final Logger LOG = LoggerFactory.getLogger(WebAgent.class);

  private final PageObserver observer;
  private final ActionExecutor executor;
  private final Policy policy;
  private final List<SelectionHook> hooks;
  private final List<EpisodeListener> listeners;
  private final AgentSettings settings;
  private final Clock clock;
  private final Consumer<StepReport> reporter;
  private final ExecutorService pluginThreads;

  public WebAgent(
      PageObserver observer,
      ActionExecutor executor,
      Policy policy,
      List<SelectionHook> hooks,
      List<EpisodeListener> listeners,
      AgentSettings settings,
      Clock clock,
      Consumer<StepReport> reporter) {
    this.observer = Objects.requireNonNull(observer, "observer must not be null");
    this.executor = Objects.requireNonNull(executor, "executor must not be null");
    this.policy = Objects.requireNonNull(policy, "policy must not be null");
    this.hooks = List.copyOf(hooks);
    this.listeners = List.copyOf(listeners);
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.reporter = Objects.requireNonNull(reporter, "reporter must not be null");
    this.pluginThreads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "jitrl-selection");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs one episode; never throws for browser or plugin failures (they end up in the episode). */
  public AgentRun run(EpisodeRequest request, SuccessCondition check) {
    String episodeId = UUID.randomUUID().toString();
    Instant started = clock.instant();
    List<Step> steps = new ArrayList<>();
    Optional<String> answer = Optional.empty();
    Outcome outcome = null;
    String stopReason = "max steps reached";
    int changed = 0;
    int fallbacks = 0;

    executor.startEpisode();
    ActionResult start = executor.execute(Action.goTo(request.startUrl()));
    if (!start.executed()) {
      stopReason = "start page did not load: " + start.error().orElse("");
      outcome = Outcome.failure(stopReason);
    }
    TaskGoal goal = request.goal();
    if (outcome == null) {
      try {
        goal = Objects.requireNonNull(request.startHook().onStartPage(goal), "the start hook gave no goal");
      } catch (RuntimeException e) {
        stopReason = "the episode could not start: " + e.getMessage();
        outcome = Outcome.failure(stopReason);
      }
    }
    Observation page = outcome == null ? observeOrNull() : null;
    if (outcome == null && page == null) {
      stopReason = "the page could not be observed";
      outcome = Outcome.failure(stopReason);
    }
    ReplayCounts cost = new ReplayCounts();
    boolean policyDecidesNext = false;
    for (int i = 0; outcome == null && i < request.maxSteps(); i++) {
      List<Candidate> candidates;
      try {
        candidates = policy.candidates(goal, page, steps);
      } catch (RuntimeException e) {
        stopReason = "policy failed: " + e;
        LOG.warn("step {}: {}", i, stopReason);
        break;
      }
      if (candidates.isEmpty()) {
        stopReason = "no candidates";
        LOG.info("step {}: the policy proposes nothing on {}", i, page.url());
        break;
      }
      // the task's id names the instance: a task of this host is one page and one goal (a MiniWoB++ seed, a local task)
      DecisionContext context = new DecisionContext(episodeId, goal, page, steps, request.taskId());
      // Memory first: a plugin that is sure decides the step and the policy (the model) is not asked.
      Optional<Decision> replayed = policyDecidesNext ? Optional.empty() : replay(context, candidates, cost);
      Decision d;
      if (replayed.isPresent()) {
        d = replayed.get();
      } else {
        try {
          // scored in memory's order (a model scores its first options), decided in the policy's own order: the
          // order breaks ties between equal logits, and that is the policy's habit, not memory's
          candidates = inOrderOf(candidates, policy.score(goal, page, steps, rememberedFirst(context, candidates)));
          cost.policyCalls++;
        } catch (RuntimeException e) {
          stopReason = "policy failed: " + e;
          LOG.warn("step {}: {}", i, stopReason);
          break;
        }
        d = decide(context, candidates);
      }
      changed += d.changedBy.isPresent() ? 1 : 0;
      fallbacks += d.fallbacks.size();
      Action action = d.selection.chosen().action();
      ActionResult result = executor.execute(action);
      Observation after = result.endsEpisode() ? page : observeOrNull();
      if (after == null) {
        after = page;
        result = result.executed() ? ActionResult.failed("the page could not be observed after the action") : result;
      }
      // A replayed step that failed or changed nothing: the policy decides the next step on this page.
      policyDecidesNext = replayed.isPresent() && (!result.executed() || (!result.endsEpisode() && after.equals(page)));
      if (policyDecidesNext) {
        cost.replayFallbacks++;
        LOG.info("step {}: the replayed step {}; the policy decides the next step", i,
            result.executed() ? "changed nothing" : "failed");
      }
      Step step = new Step(i, page, action, result.executed() ? StepStatus.EXECUTED : StepStatus.FAILED,
          result.error(), after, d.chosenBy);
      steps.add(step);
      log(step, d);
      reporter.accept(new StepReport(step, d.selection, d.changedBy, d.fallbacks, d.replay));
      if (result.answer().isPresent()) {
        answer = result.answer();
        stopReason = "answered";
        break;
      }
      Outcome now = checkQuietly(check, after, Optional.empty());
      if (now.status() == OutcomeStatus.SUCCESS) {
        outcome = now;
        stopReason = "success";
      } else if (endedQuietly(check)) {
        outcome = now;
        stopReason = "ended by the environment";
      }
      page = after;
    }
    if (outcome == null) {
      outcome = checkQuietly(check, page == null ? blank() : page, answer);
    }
    Map<String, String> tags = new LinkedHashMap<>(request.tags());
    tags.put("policy", policy.name());
    tags.put("task", request.taskId());
    tags.put(Episode.INSTANCE_TAG, request.taskId());
    tags.put("mode", settings.mode());
    Episode episode = new Episode(episodeId, goal, steps, outcome, started, clock.instant(), tags);
    LOG.info("episode {} on task {} ended after {} steps ({}): {} - {}", episodeId, request.taskId(), steps.size(),
        stopReason, outcome.status(), outcome.reason());
    List<String> listenerFailures = notifyListeners(episode);
    return new AgentRun(episode, answer, stopReason, changed, fallbacks, listenerFailures, cost.replayedSteps,
        cost.replayFallbacks, cost.policyCalls, cost.replayNanosMax);
  }

  private Observation observeOrNull() {
    try {
      return observer.observe();
    } catch (RuntimeException e) {
      LOG.warn("observing the page failed: {}", e.getMessage());
      return null;
    }
  }

  private static Observation blank() {
    return new Observation("about:blank", "", List.of(), "");
  }

  private static Outcome checkQuietly(SuccessCondition check, Observation page, Optional<String> answer) {
    try {
      return check.check(page, answer);
    } catch (RuntimeException e) {
      return Outcome.unknown("the success check failed: " + e.getMessage());
    }
  }

  private static boolean endedQuietly(SuccessCondition check) {
    try {
      return check.ended();
    } catch (RuntimeException e) {
      LOG.warn("asking whether the episode ended failed: {}", e.getMessage());
      return false;
    }
  }

  /**
   * The candidates with those the plugins remember as good moved to the front (in the plugins' order, the rest in
   * the policy's), so that a policy that scores only its first candidates scores them. A plugin's failure or an
   * answer that is not one of the candidates is ignored.
   */
  private List<Candidate> rememberedFirst(DecisionContext context, List<Candidate> candidates) {
    if (hooks.isEmpty()) {
      return candidates;
    }
    java.util.LinkedHashSet<Candidate> front = new java.util.LinkedHashSet<>();
    for (SelectionHook hook : hooks) {
      try {
        for (Candidate c : hook.extension().remembered(context, candidates)) {
          if (candidates.contains(c)) {
            front.add(c);
          }
        }
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("step {}: ignoring plugin {}'s remembered candidates: {}", context.stepIndex(), hook.pluginId(), e.toString());
      }
    }
    if (front.isEmpty()) {
      return candidates;
    }
    List<Candidate> out = new ArrayList<>(front);
    for (Candidate c : candidates) {
      if (!front.contains(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /** {@code scored} sorted by the position of each action in {@code order}; actions not there last, as they come. */
  static List<Candidate> inOrderOf(List<Candidate> order, List<Candidate> scored) {
    Map<Action, Integer> position = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      position.putIfAbsent(order.get(i).action(), i);
    }
    List<Candidate> out = new ArrayList<>(scored);
    out.sort(Comparator.comparingInt(c -> position.getOrDefault(c.action(), Integer.MAX_VALUE)));
    return out;
  }

  /**
   * Asks the plugins in order whether one is sure of this step from memory alone; the first answer the host can
   * follow decides it (its target must be an element of the page, as observed). An answer that throws, runs late
   * or names an element not on the page is ignored and counted as a replay fallback.
   */
  private Optional<Decision> replay(DecisionContext context, List<Candidate> candidates, ReplayCounts cost) {
    for (SelectionHook hook : hooks) {
      long t0 = System.nanoTime();
      Optional<Replay> answer;
      try {
        answer = replayWithinBudget(hook, context, candidates);
      } catch (HookFailure f) {
        cost.replayFallbacks++;
        LOG.warn("step {}: ignoring plugin {}'s replay: {}", context.stepIndex(), hook.pluginId(), f.getMessage());
        continue;
      } finally {
        cost.replayNanosMax = Math.max(cost.replayNanosMax, System.nanoTime() - t0);
      }
      if (answer.isEmpty()) {
        continue;
      }
      Replay r = answer.get();
      Optional<Element> target = r.action().target();
      if (target.isPresent() && !context.observation().element(target.get().id()).equals(target)) {
        cost.replayFallbacks++;
        LOG.warn("step {}: ignoring plugin {}'s replay of {}: its element is not on the page", context.stepIndex(),
            hook.pluginId(), r.action().describe());
        continue;
      }
      cost.replayedSteps++;
      Candidate chosen = candidates.stream().filter(c -> c.action().equals(r.action())).findFirst()
          .orElse(new Candidate(r.action(), 0, CandidateSource.MEMORY));
      Selection s = new Selection(chosen, List.of(new ScoredCandidate(chosen, chosen.logit(), 1.0)), r.explanation());
      return Optional.of(new Decision(s, hook.pluginId(), Optional.empty(), List.of(), Optional.of(r)));
    }
    return Optional.empty();
  }

  private Optional<Replay> replayWithinBudget(SelectionHook hook, DecisionContext context, List<Candidate> given) {
    Future<Optional<Replay>> f = pluginThreads.submit(() -> hook.extension().replay(context, given));
    try {
      Optional<Replay> r = f.get(settings.selectionBudget().toNanos(), TimeUnit.NANOSECONDS);
      if (r == null) {
        throw new HookFailure("returned null instead of an empty replay");
      }
      return r;
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new HookFailure("slower than the budget of " + settings.selectionBudget().toMillis() + " ms");
    } catch (ExecutionException e) {
      throw new HookFailure("threw " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new HookFailure("interrupted");
    }
  }

  /** Per-episode counts of the replay path. */
  private static final class ReplayCounts {
    int replayedSteps;
    int replayFallbacks;
    int policyCalls;
    long replayNanosMax;
  }

  /** Runs the hooks in order, each on the previous accepted distribution. */
  private Decision decide(DecisionContext context, List<Candidate> proposed) {
    Selection current = Selection.unchanged(proposed, Explanation.unchanged("policy"));
    Action policyChoice = current.chosen().action();
    String chosenBy = POLICY;
    Optional<Explanation> changedBy = Optional.empty();
    List<String> fallbacks = new ArrayList<>();
    for (SelectionHook hook : hooks) {
      List<Candidate> given = asCandidates(current);
      Selection s;
      try {
        s = callWithinBudget(hook, context, given);
      } catch (HookFailure f) {
        fallbacks.add(hook.pluginId() + ": " + f.getMessage());
        LOG.warn("step {}: ignoring plugin {}: {}", context.stepIndex(), hook.pluginId(), f.getMessage());
        continue;
      }
      Optional<String> problem = problem(s, given, context.observation());
      if (problem.isPresent()) {
        fallbacks.add(hook.pluginId() + ": " + problem.get());
        LOG.warn("step {}: ignoring plugin {}: {}", context.stepIndex(), hook.pluginId(), problem.get());
        continue;
      }
      current = s;
      if (!s.explanation().fallback()) {
        chosenBy = hook.pluginId();
      }
      if (!s.chosen().action().equals(policyChoice)) {
        changedBy = Optional.of(s.explanation());
      }
    }
    if (current.chosen().action().equals(policyChoice)) {
      changedBy = Optional.empty(); // a later plugin may have restored the policy's choice
    }
    return new Decision(current, chosenBy, changedBy, fallbacks, Optional.empty());
  }

  private Selection callWithinBudget(SelectionHook hook, DecisionContext context, List<Candidate> given) {
    Future<Selection> f = pluginThreads.submit(() -> hook.extension().select(context, given));
    try {
      Selection s = f.get(settings.selectionBudget().toNanos(), TimeUnit.NANOSECONDS);
      if (s == null) {
        throw new HookFailure("returned no selection");
      }
      return s;
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new HookFailure("slower than the budget of " + settings.selectionBudget().toMillis() + " ms");
    } catch (ExecutionException e) {
      throw new HookFailure("threw " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new HookFailure("interrupted");
    }
  }

  /** Why a plugin's selection cannot be followed, if it cannot. */
  static Optional<String> problem(Selection s, List<Candidate> given, Observation page) {
    Set<Action> inDistribution = new HashSet<>();
    for (ScoredCandidate sc : s.distribution()) {
      inDistribution.add(sc.candidate().action());
    }
    for (Candidate c : given) {
      if (!inDistribution.contains(c.action())) {
        return Optional.of("its distribution drops the candidate " + c.action().describe());
      }
    }
    Candidate chosen = s.chosen();
    if (chosen.source() == CandidateSource.POLICY) {
      boolean known = given.stream().anyMatch(c -> c.action().equals(chosen.action()));
      if (!known) {
        return Optional.of("it chose " + chosen.action().describe() + ", which was not among the candidates");
      }
    } else {
      Optional<Element> target = chosen.action().target();
      if (target.isPresent() && !page.element(target.get().id()).equals(target)) {
        return Optional.of("it chose " + chosen.action().describe() + ", whose element is not on the page");
      }
    }
    return Optional.empty();
  }

  private static List<Candidate> asCandidates(Selection s) {
    List<Candidate> out = new ArrayList<>(s.distribution().size());
    for (ScoredCandidate sc : s.distribution()) {
      out.add(new Candidate(sc.candidate().action(), sc.logit(), sc.candidate().source()));
    }
    return out;
  }

  private void log(Step step, Decision d) {
    LOG.info("step {}: {} [{} p={}] {}{}", step.index(), step.action().describe(), step.chosenBy(),
        String.format("%.2f", d.selection.chosenProbability()),
        step.status() == StepStatus.EXECUTED ? "ok" : "FAILED",
        step.error().map(e -> " (" + e + ")").orElse(""));
    d.changedBy.ifPresent(x -> LOG.info("step {}: memory changed the choice: {}", step.index(), x.summary()));
    d.replay.ifPresent(r -> LOG.info("step {}: {}", step.index(), r.explanation().summary()));
    if (LOG.isDebugEnabled()) {
      StringBuilder sb = new StringBuilder();
      List<ScoredCandidate> dist = d.selection.distribution();
      for (int i = 0; i < Math.min(12, dist.size()); i++) {
        ScoredCandidate c = dist.get(i);
        sb.append(String.format(java.util.Locale.ROOT, "%n    %.2f %s%s", c.logit(), c.candidate().action().describe(),
            c.candidate().source() == CandidateSource.MEMORY ? " [memory]" : ""));
      }
      LOG.debug("step {}: {} candidates on {}, first by logit:{}", step.index(), dist.size(), step.observation().url(), sb);
    }
  }

  /**
   * Hands the episode to every post-run hook and waits for each at most the listener budget. The hook is called
   * on a plugin thread, so that one that blocks in the call itself cannot hold the host either; one that throws,
   * fails its future or runs late is recorded and skipped.
   */
  private List<String> notifyListeners(Episode episode) {
    List<String> failures = new ArrayList<>();
    long budget = settings.listenerBudget().toMillis();
    for (EpisodeListener l : listeners) {
      String name = l.getClass().getSimpleName();
      CompletableFuture<Void> done;
      try {
        done = CompletableFuture.supplyAsync(() -> l.onEpisodeEnd(episode), pluginThreads)
            .thenCompose(stage -> stage);
      } catch (RejectedExecutionException e) {
        failures.add(name + ": not called, the host is closing");
        continue;
      }
      try {
        done.get(budget, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        failures.add(name + ": did not finish within " + budget + " ms");
        LOG.warn("post-run hook {} did not finish within {} ms; going on without it", name, budget);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
        failures.add(name + ": failed: " + cause);
        LOG.warn("post-run hook {} failed: {}", name, String.valueOf(cause));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.add(name + ": interrupted while waiting");
        break;
      }
    }
    return failures;
  }


  @Override
  public void close() {
    pluginThreads.shutdownNow();
  }

  private record Decision(Selection selection, String chosenBy, Optional<Explanation> changedBy, List<String> fallbacks,
      Optional<Replay> replay) {}

  private static final class HookFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HookFailure(String message) {
      super(message, null, false, false);
    }
  }
}
