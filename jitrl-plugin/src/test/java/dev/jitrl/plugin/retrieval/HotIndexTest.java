package dev.jitrl.plugin.retrieval;

import static dev.jitrl.plugin.testing.TestData.click;
import static dev.jitrl.plugin.testing.TestData.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.plugin.memory.StoredStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HotIndexTest {
  private static final String SITE = "shop";
  private static final String GOAL = "show the orders of customer alice";

  private final HotIndex index = new HotIndex(100);

  private static StoredStep s(long id, String goal, String pattern, List<String> context, String action, double ret) {
    return step(id, 0, goal, SITE, pattern, context, click(action), ret);
  }

  private static List<Long> ids(List<Neighbour> ns) {
    return ns.stream().map(Neighbour::stepId).toList();
  }

  @Test
  void neighbours_otherUrlPattern_neverReturned() {
    index.addAll(List.of(
        s(1, GOAL, "/orders", List.of(), "A", 1),
        s(2, GOAL, "/orders/{id}", List.of(), "B", 1),
        s(3, GOAL, "/orders?page", List.of(), "C", 1),
        s(4, GOAL, "/orders", List.of(), "D", 1)));
    assertEquals(List.of(4L, 1L), ids(index.neighbours(SITE + "/orders", GOAL, List.of(), 0, 0, 10)));
    assertEquals(List.of(2L), ids(index.neighbours(SITE + "/orders/{id}", GOAL, List.of(), 0, 0, 10)));
    assertEquals(List.of(), index.neighbours("other/orders", GOAL, List.of(), 0, 0, 10));
    assertEquals(3, index.patternCount());
  }

  @Test
  void neighbours_generatedIndex_onlyOwnPatternEver() {
    SplittableRandom r = new SplittableRandom(21);
    Map<Long, String> patternOf = new HashMap<>();
    List<StoredStep> steps = new ArrayList<>();
    for (long id = 1; id <= 2000; id++) {
      String pattern = "/p" + r.nextInt(6);
      patternOf.put(id, SITE + pattern);
      steps.add(s(id, "goal " + r.nextInt(3), pattern, List.of(), "A" + r.nextInt(3), 0));
    }
    index.addAll(steps);
    for (int p = 0; p < 7; p++) {
      String key = SITE + "/p" + p;
      for (Neighbour n : index.neighbours(key, "goal 1", List.of(), 0, 0, 50)) {
        assertEquals(key, patternOf.get(n.stepId()));
      }
    }
  }

  @Test
  void neighbours_sameGoalTextOfAnotherNamedInstance_isAnotherInstance_unnamedInstancesGoByTheGoalText() {
    StoredStep a = s(1, GOAL, "/orders", List.of(), "A", 1);
    StoredStep b = s(2, GOAL, "/orders", List.of(), "B", 1);
    StoredStep unnamed = s(3, GOAL, "/orders", List.of(), "C", 1);
    index.addAll(List.of(
        StoredStep.builder().id(1).goal(GOAL).site(SITE).urlPattern("/orders").action(a.action()).rawAction("a")
            .reason("").ret(1).instance("seed-1").build(),
        StoredStep.builder().id(2).goal(GOAL).site(SITE).urlPattern("/orders").action(b.action()).rawAction("b")
            .reason("").ret(1).instance("seed-2").build(),
        unnamed));
    Map<Long, Double> bySeed1 = new HashMap<>();
    index.neighbours(SITE + "/orders", GOAL, "seed-1", List.of(), 0, 0, 10)
        .forEach(n -> bySeed1.put(n.stepId(), n.goalSimilarity()));
    assertEquals(Map.of(1L, 1.0, 2L, HotIndex.OTHER_INSTANCE, 3L, 1.0), bySeed1);
    Map<Long, Double> unnamedQuery = new HashMap<>();
    index.neighbours(SITE + "/orders", GOAL, List.of(), 0, 0, 10)
        .forEach(n -> unnamedQuery.put(n.stepId(), n.goalSimilarity()));
    assertEquals(Map.of(1L, 1.0, 2L, 1.0, 3L, 1.0), unnamedQuery);
    // a task threshold of 1 (the same task only) keeps the other instance out
    assertEquals(List.of(3L, 1L), ids(index.neighbours(SITE + "/orders", GOAL, "seed-1", List.of(), 1.0, 0, 10)));
  }

  @Test
  void neighbours_goalBelowTaskThreshold_filtered() {
    index.addAll(List.of(
        s(1, "show the orders of customer bob", "/orders", List.of(), "A", 1), // J = 5/7 with GOAL
        s(2, "list all products", "/orders", List.of(), "B", 1), // J = 0
        s(3, "orders of a customer", "/orders", List.of(), "C", 1))); // {orders, of, a, customer}: J = 3/8
    assertEquals(List.of(1L), ids(index.neighbours(SITE + "/orders", GOAL, List.of(), 0.5, 0, 10)));
    // ranked by 0.7·1 + 0.3·J(goal): step 1 (5/7) before step 3 (3/8) before step 2 (0)
    assertEquals(List.of(1L, 3L), ids(index.neighbours(SITE + "/orders", GOAL, List.of(), 0.27, 0, 10)));
    assertEquals(List.of(1L, 3L, 2L), ids(index.neighbours(SITE + "/orders", GOAL, List.of(), 0, 0, 10)));
  }

  @Test
  void neighbours_similarityIsWeightedJaccards_andThresholded() {
    String a = click("a").text();
    String b = click("b").text();
    String c = click("c").text();
    // stored goal shares 5 of 7 words with GOAL; stored context {a, c} vs query {a, b}: J = 1/3
    index.add(s(1, "show the orders of customer bob", "/orders", List.of(a, c), "X", 2.5));
    double jg = 5.0 / 7.0;
    double expected = 0.7 * (1.0 / 3.0) + 0.3 * jg;

    List<Neighbour> found = index.neighbours(SITE + "/orders", GOAL, List.of(a, b), 0, 0, 10);
    assertEquals(1, found.size());
    assertEquals(expected, found.get(0).similarity(), 1e-12);
    assertEquals(jg, found.get(0).goalSimilarity(), 1e-12);
    assertEquals(2.5, found.get(0).ret(), 1e-6);
    assertEquals(click("X"), found.get(0).action());

    assertEquals(1, index.neighbours(SITE + "/orders", GOAL, List.of(a, b), 0, expected - 1e-9, 10).size());
    assertEquals(0, index.neighbours(SITE + "/orders", GOAL, List.of(a, b), 0, expected + 1e-9, 10).size());
  }

  @Test
  void neighbours_contextsLongerThanTheSizeColumnHolds_filteredByTheirTrueSize() {
    // the scan's size filter keeps each step's context size in a byte; longer contexts read their true size
    List<String> long300 = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long300.add(click("box" + i).text());
    }
    index.add(s(1, GOAL, "/orders", long300, "X", 1));
    index.add(s(2, GOAL, "/orders", long300.subList(0, 260), "Y", 1));
    // query = the 300: X identical (J 1), Y 260/300; a threshold between them keeps X alone
    double y = 0.3 + 0.7 * (260.0 / 300.0);
    List<Neighbour> found = index.neighbours(SITE + "/orders", GOAL, long300, 0, y + 1e-9, 10);
    assertEquals(List.of(click("X")), found.stream().map(Neighbour::action).toList());
    assertEquals(2, index.neighbours(SITE + "/orders", GOAL, long300, 0, y - 1e-9, 10).size());
    // a short query is too small for either long context at a high threshold, and meets both at a low one
    assertEquals(0, index.neighbours(SITE + "/orders", GOAL, long300.subList(0, 10), 0, 0.35, 10).size());
    assertEquals(2, index.neighbours(SITE + "/orders", GOAL, long300.subList(0, 10), 0, 0.3, 10).size());
  }

  @Test
  void neighbours_repeatedContextEntries_treatedAsSets() {
    String a = click("a").text();
    index.add(s(1, GOAL, "/orders", List.of(a, a), "X", 0));
    assertEquals(1.0, index.neighbours(SITE + "/orders", GOAL, List.of(a), 0, 0, 10).get(0).similarity(), 1e-12);
  }

  @Test
  void neighbours_manyEqual_atMostKAndMostRecentIds() {
    List<StoredStep> steps = new ArrayList<>();
    for (long id = 1; id <= 20; id++) {
      steps.add(s(id, GOAL, "/orders", List.of(), "A", id));
    }
    index.addAll(steps);
    assertEquals(List.of(20L, 19L, 18L, 17L, 16L), ids(index.neighbours(SITE + "/orders", GOAL, List.of(), 0, 0, 5)));
  }

  @Test
  void neighbours_higherSimilarityBeatsRecency() {
    String a = click("a").text();
    index.addAll(List.of(
        s(1, GOAL, "/orders", List.of(a), "A", 0),
        s(2, GOAL, "/orders", List.of(), "B", 0),
        s(3, GOAL, "/orders", List.of(), "C", 0)));
    assertEquals(List.of(1L, 3L), ids(index.neighbours(SITE + "/orders", GOAL, List.of(a), 0, 0, 2)));
  }

  @Test
  void addAll_alreadyIndexedIds_ignored() {
    index.addAll(List.of(s(1, GOAL, "/o", List.of(), "A", 0), s(2, GOAL, "/o", List.of(), "A", 0)));
    index.addAll(List.of(s(2, GOAL, "/o", List.of(), "A", 0), s(3, GOAL, "/o", List.of(), "A", 0)));
    assertEquals(3, index.size());
    assertEquals(3, index.maxStepId());
  }

  @Test
  void evictThrough_removesExactlyTheOldSteps() {
    List<StoredStep> steps = new ArrayList<>();
    for (long id = 1; id <= 30; id++) {
      steps.add(s(id, id % 2 == 0 ? GOAL : "show the orders of customer bob", "/p" + (id % 3), List.of(), "A", 0));
    }
    index.addAll(steps);
    index.evictThrough(17);
    assertEquals(13, index.size());
    Set<Long> left = new HashSet<>();
    for (int p = 0; p < 3; p++) {
      left.addAll(ids(index.neighbours(SITE + "/p" + p, GOAL, List.of(), 0, 0, 100)));
    }
    Set<Long> expected = new HashSet<>();
    for (long id = 18; id <= 30; id++) {
      expected.add(id);
    }
    assertEquals(expected, left);
  }

  @Test
  void evictThrough_wholePatternEvicted_patternGoneAndNewStepsStillIndexed() {
    index.addAll(List.of(s(1, GOAL, "/old", List.of(), "A", 0), s(2, GOAL, "/new", List.of(), "A", 0)));
    index.evictThrough(1);
    assertEquals(1, index.patternCount());
    assertEquals(List.of(), index.neighbours(SITE + "/old", GOAL, List.of(), 0, 0, 10));
    index.add(s(3, GOAL, "/old", List.of(), "B", 0));
    assertEquals(List.of(3L), ids(index.neighbours(SITE + "/old", GOAL, List.of(), 0, 0, 10)));
  }

  @Test
  void evictThrough_repeatedInSmallSlices_matchesBruteForce() {
    SplittableRandom r = new SplittableRandom(23);
    List<StoredStep> steps = new ArrayList<>();
    for (long id = 1; id <= 600; id++) {
      steps.add(s(id, "goal " + r.nextInt(2) + " orders", "/p" + r.nextInt(2), List.of(), "A" + r.nextInt(5), 0));
    }
    index.addAll(steps);
    for (long through = 7; through < 600; through += 37) {
      index.evictThrough(through);
      assertEquals(600 - through, index.size());
      for (int p = 0; p < 2; p++) {
        for (Neighbour n : index.neighbours(SITE + "/p" + p, "goal 0 orders", List.of(), 0, 0, 1000)) {
          assertTrue(n.stepId() > through);
        }
      }
    }
  }

  /** Brute force: the definition of DESIGN.md §2.3 computed naively, compared with the index on random data. */
  @Test
  void neighbours_generatedMemory_matchesBruteForceDefinition() {
    SplittableRandom r = new SplittableRandom(24);
    String[] words = {"show", "orders", "customer", "alice", "bob", "price", "shirt", "blue", "cancel", "review"};
    String[] actions = new String[8];
    for (int i = 0; i < actions.length; i++) {
      actions[i] = click("L" + i).text();
    }
    List<StoredStep> steps = new ArrayList<>();
    for (long id = 1; id <= 3000; id++) {
      steps.add(s(id, randomGoal(r, words), "/p" + r.nextInt(3), randomContext(r, actions), "L" + r.nextInt(8),
          r.nextInt(-10, 11)));
    }
    index.addAll(steps);
    for (int q = 0; q < 200; q++) {
      String pattern = "/p" + r.nextInt(3);
      String goal = randomGoal(r, words) + (r.nextInt(4) == 0 ? " unseen" : "");
      List<String> context = randomContext(r, actions);
      double task = r.nextDouble(0, 0.6);
      double thr = r.nextDouble(0, 1);
      int k = r.nextInt(1, 15);
      List<Neighbour> got = index.neighbours(SITE + pattern, goal, context, task, thr, k);

      List<double[]> expected = new ArrayList<>(); // {sim, id, action, rank}
      for (StoredStep st : steps) {
        if (!st.urlPattern().equals(pattern)) {
          continue;
        }
        double jg = jaccard(Tokens.words(goal), Tokens.words(st.goal()));
        if (jg < task) {
          continue;
        }
        double sim = 0.3 * jg + 0.7 * jaccard(new LinkedHashSet<>(context), new LinkedHashSet<>(st.context()));
        if (sim >= thr) {
          expected.add(new double[] {sim, st.id(), st.action().text().hashCode(), 0});
        }
      }
      // Ties in similarity: actions take turns (rank = newer steps of the same action at the same similarity),
      // most recent first within a turn.
      for (double[] e : expected) {
        e[3] = expected.stream().filter(o -> o[0] == e[0] && o[2] == e[2] && o[1] > e[1]).count();
      }
      expected.sort(Comparator.<double[]>comparingDouble(x -> -x[0]).thenComparingDouble(x -> x[3])
          .thenComparingDouble(x -> -x[1]));
      List<Long> want = expected.stream().limit(k).map(x -> (long) x[1]).toList();
      assertEquals(want, ids(got), "query " + q);
      for (int i = 0; i < got.size(); i++) {
        assertEquals(expected.get(i)[0], got.get(i).similarity(), 1e-12);
      }
    }
  }

  private static String randomGoal(SplittableRandom r, String[] words) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(2, 6);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(words[r.nextInt(words.length)]);
    }
    return sb.toString();
  }

  private static List<String> randomContext(SplittableRandom r, String[] actions) {
    List<String> c = new ArrayList<>();
    int n = r.nextInt(0, 4);
    for (int i = 0; i < n; i++) {
      c.add(actions[r.nextInt(actions.length)]);
    }
    return c;
  }

  private static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1.0;
    }
    Set<String> inter = new HashSet<>(a);
    inter.retainAll(b);
    return inter.size() / (double) (a.size() + b.size() - inter.size());
  }

  @Test
  void columnBytes_hundredThousandGeneratedSteps_under200BytesPerStep() {
    SplittableRandom r = new SplittableRandom(25);
    String[] goals = new String[300];
    for (int i = 0; i < goals.length; i++) {
      goals[i] = "task number " + i + " about product " + r.nextInt(1000);
    }
    String[] actions = new String[40];
    for (int i = 0; i < actions.length; i++) {
      actions[i] = "Control " + i;
    }
    List<StoredStep> batch = new ArrayList<>();
    long id = 0;
    while (id < 100_000) {
      // episodes of 5..25 steps on a few pages each
      String goal = goals[r.nextInt(goals.length)];
      int len = r.nextInt(5, 26);
      List<String> context = new ArrayList<>();
      String pattern = "/page" + r.nextInt(60);
      for (int t = 0; t < len && id < 100_000; t++) {
        if (r.nextInt(4) == 0) {
          pattern = "/page" + r.nextInt(60);
          context = new ArrayList<>();
        }
        String action = actions[r.nextInt(actions.length)];
        batch.add(s(++id, goal, pattern, List.copyOf(context), action, r.nextDouble(-10, 10)));
        context.add(click(action).text());
      }
      if (batch.size() >= 5000) {
        index.addAll(batch);
        batch.clear();
      }
    }
    index.addAll(batch);
    assertEquals(100_000, index.size());
    double perStep = index.columnBytes() / (double) index.size();
    assertTrue(perStep < 200, "bytes per step " + perStep);
  }

  // ---------------------------------------------------------------- per-episode neighbour cap

  private static StoredStep inEpisode(long id, long episode, String action, double ret) {
    return StoredStep.builder().id(id).stepIndex((int) id).goal(GOAL).site(SITE).urlPattern("/orders")
        .action(click(action)).rawAction("click").reward(0).ret(ret).reason("").episodeId(episode).build();
  }

  @Test
  void neighbours_oneEpisodeVisitedThePageTwelveTimes_fillsAtMostItsShareOfTheWindow() {
    HotIndex capped = new HotIndex(100, 3);
    List<StoredStep> steps = new java.util.ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      steps.add(inEpisode(i, 7, "Cancel", 1e6)); // one loud episode, all equally similar, all newest
    }
    for (int i = 0; i < 5; i++) {
      steps.add(inEpisode(100 + i, 20 + i, "Orders", 10));
    }
    capped.addAll(steps);
    List<Neighbour> ns = capped.neighbours(SITE + "/orders", GOAL, List.of(), 0, 0, 10);
    java.util.Map<Long, Long> perEpisode = ns.stream()
        .collect(java.util.stream.Collectors.groupingBy(Neighbour::episode, java.util.stream.Collectors.counting()));
    assertEquals(3L, perEpisode.get(7L), "episode 7 gives exactly the cap: " + perEpisode);
    assertEquals(8, ns.size(), "3 from episode 7 and the 5 others");
    for (long e = 20; e < 25; e++) {
      assertEquals(1L, perEpisode.get(e), "every other episode is in: " + perEpisode);
    }
  }

  @Test
  void neighbours_capOfOneAndOnlyOneEpisode_returnsOneNeighbour() {
    HotIndex capped = new HotIndex(100, 1);
    capped.addAll(List.of(inEpisode(1, 3, "A", 1), inEpisode(2, 3, "B", 1), inEpisode(3, 3, "C", 1)));
    assertEquals(1, capped.neighbours(SITE + "/orders", GOAL, List.of(), 0, 0, 10).size());
  }

  @Test
  void neighbours_withoutACap_oneEpisodeFillsTheWindow() {
    // the control: the same memory in an index without the per-episode bound
    HotIndex uncapped = new HotIndex(100, Integer.MAX_VALUE);
    List<StoredStep> steps = new java.util.ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      steps.add(inEpisode(i, 7, "Cancel", 1e6));
    }
    uncapped.addAll(steps);
    assertEquals(10, uncapped.neighbours(SITE + "/orders", GOAL, List.of(), 0, 0, 10).size());
  }
}
