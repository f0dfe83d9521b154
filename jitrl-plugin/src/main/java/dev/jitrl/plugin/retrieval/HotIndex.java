package dev.jitrl.plugin.retrieval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.jitrl.plugin.memory.StoredStep;
import dev.jitrl.plugin.state.NormalizedAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory index of stored steps that retrieval runs on (DESIGN.md §2.3, §4).
 *
 * <p>Steps are grouped by {@code site + urlPattern}, then by task goal, so a query touches only its own page
 * kind and skips whole goal groups that fail the task filter. Goals, goal words, contexts and actions are
 * interned once; a step costs five primitive columns (id, episode, context id, action id, return): about 24 bytes
 * plus array slack. Query-side goal and context token sets are memoized in bounded Caffeine caches.
 *
 * <p>One episode's weight is bounded: at most {@code maxPerEpisode} of the k neighbours come from one episode,
 * and among equally similar steps of one action, episodes take turns (see {@link TopK}).
 *
 * <p>Thread-safe: many concurrent readers, writers exclusive.
 */
public final class HotIndex {
  private static final double CONTEXT_WEIGHT = 0.7;
  private static final double GOAL_WEIGHT = 0.3;
  static final double MAX_RETURN = 1e6;

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Integer> wordIds = new HashMap<>();
  private final Map<String, Goal> goals = new HashMap<>();
  private final List<Goal> goalsById = new ArrayList<>();
  private final Map<String, Integer> actionTextIds = new HashMap<>();
  private final List<NormalizedAction> actionsById = new ArrayList<>();
  private final Map<List<Integer>, Integer> contextIds = new HashMap<>();
  private final List<int[]> contextsById = new ArrayList<>();
  private final Map<String, Bucket> buckets = new HashMap<>();
  private final Cache<String, QuerySet> queryGoals;
  private final Cache<List<String>, QuerySet> queryContexts;
  private final int maxPerEpisode;
  private long size;
  private long maxStepId;

  /** An index where one episode may supply every neighbour (no bound on an episode's weight). */
  public HotIndex(int queryCacheSize) {
    this(queryCacheSize, Integer.MAX_VALUE);
  }

  /**
   * @param queryCacheSize bound of each query-side cache
   * @param maxPerEpisode most neighbours of one query that may come from one episode
   */
  public HotIndex(int queryCacheSize, int maxPerEpisode) {
    if (maxPerEpisode < 1) {
      throw new IllegalArgumentException("maxPerEpisode must be >= 1 but was " + maxPerEpisode);
    }
    this.maxPerEpisode = maxPerEpisode;
    this.queryGoals = Caffeine.newBuilder().maximumSize(queryCacheSize).executor(Runnable::run).build();
    this.queryContexts = Caffeine.newBuilder().maximumSize(queryCacheSize).executor(Runnable::run).build();
  }

  /** Number of indexed steps. */
  public long size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The largest stored-step id indexed so far (0 when empty). */
  public long maxStepId() {
    lock.readLock().lock();
    try {
      return maxStepId;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of distinct page kinds. */
  public int patternCount() {
    lock.readLock().lock();
    try {
      return buckets.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Adds stored steps (ids must increase); steps already indexed are ignored. */
  public void addAll(Collection<StoredStep> steps) {
    if (steps.isEmpty()) {
      return; // a periodic refresh that found nothing new must not block readers or empty the query caches
    }
    lock.writeLock().lock();
    try {
      boolean newWords = false;
      for (StoredStep s : steps) {
        if (s.id() <= maxStepId) {
          continue;
        }
        int before = wordIds.size();
        Goal goal = internGoal(s.goal(), s.instance());
        newWords |= wordIds.size() != before;
        int contextId = internContext(s.context());
        int actionId = internAction(s.action());
        buckets.computeIfAbsent(s.patternKey(), k -> new Bucket())
            .add(goal.id, s.id(), episodeOf(s), contextId, contextsById.get(contextId).length, actionId,
                boundedReturn(s.ret()));
        maxStepId = s.id();
        size++;
      }
      if (newWords) {
        queryGoals.invalidateAll();
      }
      queryContexts.invalidateAll();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * The episode as a compact int: the low 32 bits of its row id (ids beyond 2^31 episodes may share a value,
   * which only merges two episodes' shares); a step of unknown episode counts as an episode of its own.
   */
  private static int episodeOf(StoredStep s) {
    return s.episodeId() > 0 ? (int) s.episodeId() : -(int) (s.id() & 0x7fffffff) - 1;
  }

  /** Adds one stored step. */
  public void add(StoredStep step) {
    addAll(List.of(step));
  }

  /** Drops every step whose id is at most {@code stepId} (the memory evicted them). */
  public void evictThrough(long stepId) {
    lock.writeLock().lock();
    try {
      Iterator<Bucket> it = buckets.values().iterator();
      while (it.hasNext()) {
        Bucket b = it.next();
        size -= b.evictThrough(stepId);
        if (b.isEmpty()) {
          it.remove();
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Forgets everything. */
  public void clear() {
    lock.writeLock().lock();
    try {
      buckets.clear();
      size = 0;
      maxStepId = 0;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * The neighbours of a state (DESIGN.md §2.3): steps on the same page kind whose goal has word Jaccard
   * {@code >= taskThreshold}, ranked by {@code 0.7·J(context) + 0.3·J(goal)}, kept when {@code >= threshold},
   * at most {@code k}; among equal similarities actions take turns, most recent first (see {@link TopK}).
   */
  public List<Neighbour> neighbours(
      String patternKey, String goal, List<String> context, double taskThreshold, double threshold, int k) {
    return neighbours(patternKey, goal, "", context, taskThreshold, threshold, k);
  }

  /**
   * Goal similarity of a step whose goal reads word for word as the query's but whose task instance the host named
   * otherwise: another instance of the same task (a card table dealt otherwise), not a repeat of this one.
   */
  public static final double OTHER_INSTANCE = 0.99;

  /**
   * The neighbours of a state of the task instance {@code instance} ("" when the host names none): as {@link
   * #neighbours(String, String, List, double, double, int)}, except that a step with the same goal text but another
   * named instance has goal similarity {@link #OTHER_INSTANCE} (when either instance is unnamed, the goal text decides).
   */
  public List<Neighbour> neighbours(String patternKey, String goal, String instance, List<String> context,
      double taskThreshold, double threshold, int k) {
    lock.readLock().lock();
    try {
      Bucket bucket = buckets.get(patternKey);
      if (bucket == null) {
        return List.of();
      }
      QuerySet goalSet = queryGoals.get(goal, this::goalQuery);
      QuerySet contextSet = queryContexts.get(List.copyOf(context), this::contextQuery);
      TopK top = new TopK(k, maxPerEpisode);
      for (int g = 0; g < bucket.goalCount; g++) {
        Column col = bucket.columns[g];
        Goal stored = goalsById.get(col.goalId);
        double jg = Tokens.jaccard(goalSet.ids, goalSet.unknown, stored.words);
        if (jg >= 1.0 && otherInstance(instance, stored.instance)) {
          jg = OTHER_INSTANCE;
        }
        if (jg < taskThreshold) {
          continue;
        }
        double goalPart = GOAL_WEIGHT * jg;
        if (goalPart + CONTEXT_WEIGHT < threshold) {
          continue; // even an identical context could not reach the threshold
        }
        // J(a,b) <= min(|a|,|b|)/max(|a|,|b|): contexts whose size is too different cannot qualify.
        double minContextJ = (threshold - goalPart) / CONTEXT_WEIGHT;
        int querySize = contextSet.ids.length + contextSet.unknown;
        int lastContext = -1;
        double lastSim = 0;
        for (int i = col.size - 1; i >= col.start; i--) {
          int ctx = col.contextIds[i];
          double sim;
          if (ctx == lastContext) {
            sim = lastSim;
          } else if (minContextJ > 0 && !sizesCompatible(querySize, col.contextSize(i, contextsById), minContextJ)) {
            continue;
          } else {
            sim = goalPart + CONTEXT_WEIGHT * Tokens.jaccard(contextSet.ids, contextSet.unknown, contextsById.get(ctx));
            lastContext = ctx;
            lastSim = sim;
          }
          if (sim >= threshold) {
            top.offer(sim, jg, col.stepIds[i], col.episodes[i], col.actionIds[i], col.returns[i], col.goalId);
          }
        }
      }
      return top.result(actionsById, goalsById);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The context part of a neighbour's similarity: the Jaccard of its context with the query's (1 when identical). */
  public static double contextSimilarity(Neighbour n) {
    return (n.similarity() - GOAL_WEIGHT * n.goalSimilarity()) / CONTEXT_WEIGHT;
  }

  /** Whether a neighbour stood at the query's very state: its context equals the query's (context similarity 1). */
  public static boolean sameContext(Neighbour n) {
    return contextSimilarity(n) >= 1.0 - 1e-9;
  }

  /** Returns beyond float range (or NaN from a hand-edited import) would poison every estimate of a page kind. */
  static float boundedReturn(double ret) {
    if (Double.isNaN(ret)) {
      return 0f;
    }
    return (float) Math.max(-MAX_RETURN, Math.min(MAX_RETURN, ret));
  }

  private static boolean sizesCompatible(int a, int b, double minJaccard) {
    int small = Math.min(a, b);
    int large = Math.max(a, b);
    return large == 0 || small >= minJaccard * large - 1e-9;
  }

  /** Approximate heap held by the per-step columns (not the interned strings), in bytes. */
  public long columnBytes() {
    lock.readLock().lock();
    try {
      long bytes = 0;
      for (Bucket b : buckets.values()) {
        for (int g = 0; g < b.goalCount; g++) {
          Column c = b.columns[g];
          bytes += 6L * 16 + 8L * c.stepIds.length + 4L * c.episodes.length + 4L * c.contextIds.length
              + c.contextSizes.length
              + 4L * c.actionIds.length + 4L * c.returns.length + 32;
        }
      }
      return bytes;
    } finally {
      lock.readLock().unlock();
    }
  }

  private static boolean otherInstance(String a, String b) {
    return !a.isEmpty() && !b.isEmpty() && !a.equals(b);
  }

  private Goal internGoal(String text, String instance) {
    String key = instance.isEmpty() ? text : text + '\u0000' + instance;
    Goal g = goals.get(key);
    if (g == null) {
      Set<String> words = Tokens.words(text);
      int[] ids = new int[words.size()];
      int n = 0;
      for (String w : words) {
        ids[n++] = wordIds.computeIfAbsent(w, x -> wordIds.size());
      }
      Arrays.sort(ids);
      g = new Goal(goalsById.size(), ids, text, instance);
      goals.put(key, g);
      goalsById.add(g);
    }
    return g;
  }

  private int internAction(NormalizedAction action) {
    int id = actionTextId(action.text());
    while (actionsById.size() <= id) {
      actionsById.add(null);
    }
    if (actionsById.get(id) == null) {
      actionsById.set(id, action);
    }
    return id;
  }

  private int actionTextId(String text) {
    return actionTextIds.computeIfAbsent(text, x -> actionTextIds.size());
  }

  private int internContext(List<String> context) {
    int[] ids = new int[context.size()];
    int n = 0;
    for (String a : context) {
      ids[n++] = actionTextId(a);
    }
    ids = Arrays.stream(ids).distinct().sorted().toArray();
    List<Integer> key = Arrays.stream(ids).boxed().toList();
    Integer id = contextIds.get(key);
    if (id == null) {
      id = contextsById.size();
      contextIds.put(key, id);
      contextsById.add(ids);
    }
    return id;
  }

  private QuerySet goalQuery(String goal) {
    return toQuerySet(Tokens.words(goal), wordIds);
  }

  private QuerySet contextQuery(List<String> context) {
    return toQuerySet(new java.util.LinkedHashSet<>(context), actionTextIds);
  }

  private static QuerySet toQuerySet(Set<String> items, Map<String, Integer> ids) {
    int[] known = new int[items.size()];
    int n = 0;
    int unknown = 0;
    for (String w : items) {
      Integer id = ids.get(w);
      if (id == null) {
        unknown++;
      } else {
        known[n++] = id;
      }
    }
    int[] sorted = Arrays.copyOf(known, n);
    Arrays.sort(sorted);
    return new QuerySet(sorted, unknown);
  }

  private record Goal(int id, int[] words, String text, String instance) {}

  /** A query's token set: ids of interned tokens, plus how many tokens memory has never seen. */
  private record QuerySet(int[] ids, int unknown) {}

  /** Steps of one page kind, one column per task goal. */
  private static final class Bucket {
    private final Map<Integer, Integer> columnOfGoal = new HashMap<>();
    private Column[] columns = new Column[4];
    private int goalCount;

    void add(int goalId, long stepId, int episode, int contextId, int contextSize, int actionId, float ret) {
      Integer c = columnOfGoal.get(goalId);
      if (c == null) {
        c = goalCount;
        if (goalCount == columns.length) {
          columns = Arrays.copyOf(columns, goalCount * 2);
        }
        columns[goalCount++] = new Column(goalId);
        columnOfGoal.put(goalId, c);
      }
      columns[c].add(stepId, episode, contextId, contextSize, actionId, ret);
    }

    long evictThrough(long stepId) {
      long removed = 0;
      int kept = 0;
      for (int g = 0; g < goalCount; g++) {
        Column col = columns[g];
        removed += col.evictThrough(stepId);
        if (col.size > col.start) {
          columns[kept++] = col;
        }
      }
      Arrays.fill(columns, kept, goalCount, null);
      goalCount = kept;
      columnOfGoal.clear();
      for (int g = 0; g < goalCount; g++) {
        columnOfGoal.put(columns[g].goalId, g);
      }
      return removed;
    }

    boolean isEmpty() {
      return goalCount == 0;
    }
  }

  /** Columnar storage of the steps of one goal on one page kind, oldest first; {@code start} skips evicted. */
  private static final class Column {
    final int goalId;
    long[] stepIds = new long[4];
    int[] episodes = new int[4];
    int[] contextIds = new int[4];
    /**
     * Each step's context size (saturating at {@link #SIZE_UNKNOWN}), next to its context id: the scan's size filter
     * reads it in sequence instead of following a pointer to the context per stored step (that chase was most of a
     * decision's time at 100k steps).
     */
    byte[] contextSizes = new byte[4];
    int[] actionIds = new int[4];
    float[] returns = new float[4];
    int start;
    int size;

    Column(int goalId) {
      this.goalId = goalId;
    }

    static final int SIZE_UNKNOWN = 255;

    void add(long stepId, int episode, int contextId, int contextSize, int actionId, float ret) {
      if (size == stepIds.length) {
        int cap = size + (size >> 1) + 1;
        stepIds = Arrays.copyOf(stepIds, cap);
        episodes = Arrays.copyOf(episodes, cap);
        contextIds = Arrays.copyOf(contextIds, cap);
        contextSizes = Arrays.copyOf(contextSizes, cap);
        actionIds = Arrays.copyOf(actionIds, cap);
        returns = Arrays.copyOf(returns, cap);
      }
      stepIds[size] = stepId;
      episodes[size] = episode;
      contextIds[size] = contextId;
      contextSizes[size] = (byte) Math.min(contextSize, SIZE_UNKNOWN);
      actionIds[size] = actionId;
      returns[size] = ret;
      size++;
    }

    int contextSize(int i, List<int[]> contextsById) {
      int n = contextSizes[i] & 0xff;
      return n < SIZE_UNKNOWN ? n : contextsById.get(contextIds[i]).length;
    }

    long evictThrough(long stepId) {
      int from = start;
      while (start < size && stepIds[start] <= stepId) {
        start++;
      }
      long removed = start - from;
      if (start > 0 && start * 2 >= size) {
        compact();
      }
      return removed;
    }

    private void compact() {
      int n = size - start;
      int cap = Math.max(4, n + (n >> 1));
      stepIds = Arrays.copyOfRange(stepIds, start, start + cap);
      episodes = Arrays.copyOfRange(episodes, start, start + cap);
      contextIds = Arrays.copyOfRange(contextIds, start, start + cap);
      contextSizes = Arrays.copyOfRange(contextSizes, start, start + cap);
      actionIds = Arrays.copyOfRange(actionIds, start, start + cap);
      returns = Arrays.copyOfRange(returns, start, start + cap);
      size = n;
      start = 0;
    }
  }

  /**
   * The k best neighbours. Order: similarity first; among equal similarities, actions take turns (the most
   * recent step of each action, then the second most recent of each, ...), most recent first within a turn.
   * Within one action, episodes take turns in the same way, and no episode supplies more than
   * {@code maxPerEpisode} neighbours.
   *
   * <p>Why the turns: a page visited many times gives many equally similar steps. Ranking ties by recency
   * alone fills the window with the latest habit, so a rare contrasting experience (the one failure of the
   * tempting action) drops out, its Q disappears, A of the habit collapses to 0, and the old mistake returns.
   * Keeping each action's most recent steps in the window keeps the contrast that advantages are made of.
   * Why the episode turns and cap: one episode (a fluke, or a poisoned import) that visited a page many times
   * would otherwise fill an action's share of the window by itself.
   */
  private static final class TopK {
    private final int k;
    private final int maxPerEpisode;
    private final Map<Integer, PerAction> byAction = new HashMap<>();

    TopK(int k, int maxPerEpisode) {
      this.k = k;
      this.maxPerEpisode = maxPerEpisode;
    }

    private int lastAction = -1;
    private PerAction lastPerAction;

    void offer(double sim, double goalSim, long id, int episode, int action, float ret, int goal) {
      if (action != lastAction) { // a column holds runs of one action: skip the boxed map look-up within a run
        lastPerAction = byAction.computeIfAbsent(action, a -> new PerAction(k, maxPerEpisode));
        lastAction = action;
      }
      lastPerAction.offer(sim, goalSim, id, episode, ret, goal);
    }

    List<Neighbour> result(List<NormalizedAction> actionsById, List<Goal> goalsById) {
      List<double[]> all = new ArrayList<>();
      for (Map.Entry<Integer, PerAction> e : byAction.entrySet()) {
        PerAction p = e.getValue();
        List<double[]> rows = new ArrayList<>(p.n);
        for (int i = 0; i < p.n; i++) {
          // episode rank: how many better steps of the same episode precede it at the same similarity
          int episodeRank = 0;
          for (int j = i - 1; j >= 0 && p.sims[j] == p.sims[i]; j--) {
            if (p.episodes[j] == p.episodes[i]) {
              episodeRank++;
            }
          }
          rows.add(new double[] {p.sims[i], episodeRank, p.ids[i], e.getKey(), p.rets[i], p.goalSims[i],
              p.episodes[i], p.goals[i]});
        }
        rows.sort(TopK::byRankThenRecency);
        // action rank: the position among the action's steps of the same similarity, episodes taking turns
        for (int i = 0; i < rows.size(); i++) {
          int rank = 0;
          for (int j = i - 1; j >= 0 && rows.get(j)[0] == rows.get(i)[0]; j--) {
            rank++;
          }
          rows.get(i)[1] = rank;
        }
        all.addAll(rows);
      }
      all.sort(TopK::byRankThenRecency);
      List<Neighbour> out = new ArrayList<>(Math.min(k, all.size()));
      Map<Integer, Integer> perEpisode = new HashMap<>();
      for (int i = 0; i < all.size() && out.size() < k; i++) {
        double[] r = all.get(i);
        int episode = (int) r[6];
        if (perEpisode.merge(episode, 1, Integer::sum) > maxPerEpisode) {
          continue;
        }
        out.add(new Neighbour((long) r[2], actionsById.get((int) r[3]), r[4], r[0], r[5], episode,
            goalsById.get((int) r[7]).text()));
      }
      return out;
    }

    private static int byRankThenRecency(double[] a, double[] b) {
      int c = Double.compare(b[0], a[0]);
      if (c != 0) {
        return c;
      }
      c = Double.compare(a[1], b[1]);
      return c != 0 ? c : Double.compare(b[2], a[2]);
    }
  }

  /** The k best (similarity, recency) steps of one action, at most {@code maxPerEpisode} per episode. */
  private static final class PerAction {
    private final int k;
    private final int maxPerEpisode;
    private final double[] sims;
    private final double[] goalSims;
    private final long[] ids;
    private final float[] rets;
    private final int[] episodes;
    private final int[] goals;
    private int n;

    PerAction(int k, int maxPerEpisode) {
      this.k = k;
      this.maxPerEpisode = maxPerEpisode;
      sims = new double[k];
      goalSims = new double[k];
      ids = new long[k];
      rets = new float[k];
      episodes = new int[k];
      goals = new int[k];
    }

    void offer(double sim, double goalSim, long id, int episode, float ret, int goal) {
      if (n == k && !better(sim, id, sims[k - 1], ids[k - 1])) {
        return;
      }
      if (maxPerEpisode < k) {
        int count = 0;
        int worst = -1;
        for (int i = 0; i < n; i++) {
          if (episodes[i] == episode) {
            count++;
            worst = i;
          }
        }
        if (count >= maxPerEpisode) {
          if (!better(sim, id, sims[worst], ids[worst])) {
            return;
          }
          remove(worst);
        }
      }
      int pos = n == k ? k - 1 : n++;
      while (pos > 0 && better(sim, id, sims[pos - 1], ids[pos - 1])) {
        sims[pos] = sims[pos - 1];
        goalSims[pos] = goalSims[pos - 1];
        ids[pos] = ids[pos - 1];
        rets[pos] = rets[pos - 1];
        episodes[pos] = episodes[pos - 1];
        goals[pos] = goals[pos - 1];
        pos--;
      }
      sims[pos] = sim;
      goalSims[pos] = goalSim;
      ids[pos] = id;
      rets[pos] = ret;
      episodes[pos] = episode;
      goals[pos] = goal;
    }

    private void remove(int i) {
      int tail = n - i - 1;
      System.arraycopy(sims, i + 1, sims, i, tail);
      System.arraycopy(goalSims, i + 1, goalSims, i, tail);
      System.arraycopy(ids, i + 1, ids, i, tail);
      System.arraycopy(rets, i + 1, rets, i, tail);
      System.arraycopy(episodes, i + 1, episodes, i, tail);
      System.arraycopy(goals, i + 1, goals, i, tail);
      n--;
    }

    private static boolean better(double sim, long id, double otherSim, long otherId) {
      return sim > otherSim || (sim == otherSim && id > otherId);
    }
  }
}
