package dev.jitrl.plugin.estimate;

import static dev.jitrl.plugin.testing.TestData.click;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.plugin.config.AdvantageScaling;
import dev.jitrl.plugin.estimate.AdvantageEstimator.Estimates;
import dev.jitrl.plugin.retrieval.Neighbour;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdvantageEstimatorTest {
  private static final String A = click("A").text();
  private static final String B = click("B").text();
  private static final String C = click("C").text();

  private static Neighbour n(long id, String label, double ret) {
    return new Neighbour(id, click(label), ret, 1.0, 1.0);
  }

  /** V = (10 + 6 − 4) / 3 = 4; Q(A) = 8, Q(B) = −4. */
  private final List<Neighbour> three = List.of(n(1, "A", 10), n(2, "A", 6), n(3, "B", -4));

  @Test
  void estimate_valueIsMeanReturnAndQIsMeanReturnOfThatAction() {
    Estimates e = new AdvantageEstimator(1, AdvantageScaling.MAX, 10, Double.MAX_VALUE).estimate(three, List.of(A, B), x -> false);
    assertEquals(4.0, e.value(), 1e-12);
    assertEquals(3, e.neighbours());
    assertEquals(8.0, e.actions().get(0).q().getAsDouble(), 1e-12);
    assertEquals(2, e.actions().get(0).support());
    assertEquals(-4.0, e.actions().get(1).q().getAsDouble(), 1e-12);
    assertEquals(1, e.actions().get(1).support());
    assertEquals(4.0, e.actions().get(0).rawAdvantage(), 1e-12);
    assertEquals(-8.0, e.actions().get(1).rawAdvantage(), 1e-12);
  }

  @Test
  void evidence_actionOnlySeenOnFailedRunsWithoutBlame_noPushAboveUnknownActions() {
    // A failed run: A was its innocent first step (return 0), B took the blame (-10); C is new. A is no evidence
    // of a way to the goal: it must not outrank C (memory would repeat the failed run), B must fall below both.
    List<Neighbour> failedRun = List.of(n(1, "A", 0), n(2, "A", 0), n(3, "B", -10));
    Estimates e = new AdvantageEstimator(1, AdvantageScaling.EVIDENCE, 5, -5).estimate(failedRun, List.of(A, B, C), x -> false);
    assertEquals(0.0, e.actions().get(0).advantage(), 1e-12);
    assertEquals(0.0, e.actions().get(2).advantage(), 1e-12);
    assertTrue(e.actions().get(1).advantage() < 0);
    // a step of a successful run (return > 0) still gains
    List<Neighbour> success = List.of(n(1, "A", 4), n(3, "B", -10));
    Estimates s = new AdvantageEstimator(1, AdvantageScaling.EVIDENCE, 5, -5).estimate(success, List.of(A, B, C), x -> false);
    assertTrue(s.actions().get(0).advantage() > 0);
  }

  @Test
  void evidence_thisGoalsOwnFailure_outweighsOtherGoalsSuccesses() {
    // Four runs of another instance (goal similarity 0.8) succeeded with A here (a slider that already stood at its
    // value: submit at once); this instance's run took A and failed. A is judged by this goal's outcome and falls
    // below B, which memory knows nothing about; without the rule, 4 × 10 − 10 keeps A promoted run after run.
    List<Neighbour> window = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      window.add(new Neighbour(i, click("A"), 10, 0.9, 0.8, i));
    }
    window.add(new Neighbour(5, click("A"), -10, 1.0, 1.0, 5));
    Estimates e = new AdvantageEstimator(1, AdvantageScaling.EVIDENCE, 10, 0).estimate(window, List.of(A, B), x -> false);
    assertEquals(-10.0, e.actions().get(0).q().getAsDouble(), 1e-12);
    assertTrue(e.actions().get(0).advantage() < 0, "A below the unknown B");
    // with no step of this goal, the other instance's successes speak for A (transfer)
    Estimates other = new AdvantageEstimator(1, AdvantageScaling.EVIDENCE, 10, 0)
        .estimate(window.subList(0, 4), List.of(A, B), x -> false);
    assertTrue(other.actions().get(0).advantage() > 0);
  }

  @Test
  void evidence_actionNoOutcomeSpeaksAgainst_notPushedBelowUnknownActions() {
    // Another instance's form of toggles: twice it ticked its box A first and succeeded; once it submitted (B) the
    // untouched form after an exploratory untick, which took the blame, so B's step was innocent (0). On this
    // instance's form A is not shown; B and its own box C are. Nothing speaks against B: it must not fall below C.
    List<Neighbour> window = new ArrayList<>(List.of(new Neighbour(1, click("A"), 10, 1.0, 0.9, 1),
        new Neighbour(2, click("A"), 10, 1.0, 0.9, 2), new Neighbour(3, click("B"), 0, 1.0, 0.9, 3)));
    AdvantageEstimator est = new AdvantageEstimator(1, AdvantageScaling.EVIDENCE, 10, 0);
    Estimates e = est.estimate(window, List.of(B, C), x -> false);
    assertEquals(0.0, e.actions().get(0).advantage(), 1e-12);
    assertEquals(0.0, e.actions().get(1).advantage(), 1e-12);
    // a path credit (a step on the way to a blamed state) is no outcome against it either
    window.set(2, new Neighbour(3, click("B"), 1.0, 1.0, 0.9, 3));
    assertEquals(0.0, est.estimate(window, List.of(B, C), x -> false).actions().get(0).advantage(), 1e-12);
    // once it is blamed here it falls below the unknown box
    window.add(new Neighbour(4, click("B"), -10, 1.0, 0.9, 4));
    assertTrue(est.estimate(window, List.of(B, C), x -> false).actions().get(0).advantage() < 0);
  }

  @Test
  void evidence_anotherInstancesFailureAtThisVeryState_outweighsThisGoalsSuccessesAtALaterState() {
    // "press ONE, wait, then press TWO": this instance succeeded three times pressing A (TWO) once ONE was pressed (a
    // later state of the page: context similarity 0); another instance pressed A first, at this very state (context
    // identical, goal similarity 0.9), and failed. Here, before ONE, A is judged by the failure at this state; without
    // the rule the later state's successes promote A to the first step and the run fails.
    List<Neighbour> window = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      window.add(new Neighbour(i, click("A"), 6, 0.3, 1.0, i));
    }
    window.add(new Neighbour(4, click("A"), -10, 0.3 * 0.9 + 0.7, 0.9, 4));
    window.add(new Neighbour(5, click("B"), 5, 1.0, 1.0, 5));
    Estimates e = new AdvantageEstimator(1, AdvantageScaling.EVIDENCE, 10, 0).estimate(window, List.of(A, B), x -> false);
    assertEquals(-10.0, e.actions().get(0).q().getAsDouble(), 1e-12);
    assertTrue(e.actions().get(0).advantage() < 0 && e.actions().get(1).advantage() > 0, e.actions().toString());
    // without the failure at this state, this goal's successes elsewhere on the page still speak for A
    Estimates later = new AdvantageEstimator(1, AdvantageScaling.EVIDENCE, 10, 0)
        .estimate(window.subList(0, 3), List.of(A, B), x -> false);
    assertEquals(6.0, later.actions().get(0).q().getAsDouble(), 1e-12);
  }

  @Test
  void evidence_actionProvenAtThisVeryState_notOutrankedByTheNextStepsActionSeenAtTheStateAfter() {
    // five swatches of a colour (click-shades seed 5, as its memory held it): this goal's first run picked four and
    // submitted (blamed on Submit; its fourth pick, A, kept a path credit of 1), the next three picked all five. After
    // three picks A is proven here (three successes and the credit: mean 7.75); the fifth pick (B) was taken one
    // state later (one more swatch picked: context similarity 0.75) in the successful runs only (mean 10). On means
    // alone B outranks A here and the run skips the fourth swatch. A keeps the lead; B may match it, not pass it.
    List<Neighbour> window = new ArrayList<>();
    window.add(new Neighbour(1, click("A"), 1.0, 1.0, 1.0, 1));
    for (int i = 2; i <= 4; i++) {
      window.add(new Neighbour(2 * i, click("A"), 10, 1.0, 1.0, i));
      window.add(new Neighbour(2 * i + 1, click("B"), 10, 0.3 + 0.7 * 0.75, 1.0, i));
    }
    AdvantageEstimator est = new AdvantageEstimator(1, AdvantageScaling.EVIDENCE, 10, 0);
    Estimates e = est.estimate(window, List.of(A, B, C), x -> false);
    double a = e.actions().get(0).advantage();
    double b = e.actions().get(1).advantage();
    assertTrue(a >= 0 && b <= a, "A proven here: " + a + ", B seen at the state after: " + b);
    // an action blamed here once is not proven: then the neighbouring state's evidence speaks as before
    List<Neighbour> blamedHere = new ArrayList<>(window);
    blamedHere.add(new Neighbour(20, click("A"), -10, 1.0, 1.0, 5));
    Estimates blamed = est.estimate(blamedHere, List.of(A, B, C), x -> false);
    assertTrue(blamed.actions().get(1).advantage() > blamed.actions().get(0).advantage(), blamed.actions().toString());
    // nor is A's evidence from another instance at this state (goal similarity 0.9): B's successes then lead
    List<Neighbour> otherGoal = new ArrayList<>();
    for (Neighbour n : window) {
      otherGoal.add(n.action().text().equals(A)
          ? new Neighbour(n.stepId(), n.action(), n.ret(), 0.3 * 0.9 + 0.7, 0.9, n.episode()) : n);
    }
    Estimates other = est.estimate(otherGoal, List.of(A, B, C), x -> false);
    assertTrue(other.actions().get(1).advantage() > other.actions().get(0).advantage(), other.actions().toString());
  }

  @Test
  void evidence_otherGoalsMoveALogitByAtMostBeta_thisGoalsOwnSupportGrows() {
    // five successful runs of another instance (the 2nd text box there; this goal names the 1st): transfer moves A by
    // at most one unit (beta in logits), so a stronger preference of the policy for this instance stands
    List<Neighbour> others = new ArrayList<>();
    List<Neighbour> own = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      others.add(new Neighbour(i, click("A"), 10, 0.9, 0.85, i));
      own.add(new Neighbour(i, click("A"), 10, 1.0, 1.0, i));
    }
    AdvantageEstimator est = new AdvantageEstimator(1, AdvantageScaling.EVIDENCE, 10, 0);
    double transfer = est.estimate(others, List.of(A, B), x -> false).actions().get(0).advantage();
    double mine = est.estimate(own, List.of(A, B), x -> false).actions().get(0).advantage();
    assertTrue(transfer > 0 && transfer <= 1.0, "other goals: " + transfer);
    assertEquals(transfer * Math.sqrt(5), mine, 1e-9, "this goal's five runs count five times as evidence");
  }

  @Test
  void estimate_unseenActionCoinSaysExplore_optimisticValue() {
    double alpha = 3.0;
    Estimates e = new AdvantageEstimator(alpha, AdvantageScaling.MAX, 10, Double.MAX_VALUE).estimate(three, List.of(A, C), x -> true);
    ActionEstimate c = e.actions().get(1);
    assertTrue(c.explored());
    assertEquals(0, c.support());
    assertEquals(4.0 + alpha / Math.sqrt(3 + 1), c.q().getAsDouble(), 1e-12);
    assertEquals(alpha / 2, c.rawAdvantage(), 1e-12);
    assertFalse(e.actions().get(0).explored(), "a seen action is never 'explored'");
  }

  @Test
  void estimate_aRememberedActionWorks_noOptimismForUnseenActions() {
    // Q(A) = 8 > maxValue 0: the state has a working action; exploring C would only risk it.
    Estimates e = new AdvantageEstimator(1, AdvantageScaling.MAX, 10, 0.0).estimate(three, List.of(A, C), x -> true);
    assertFalse(e.actions().get(1).explored());
    assertTrue(e.actions().get(1).q().isEmpty());
    assertEquals(1.0, e.actions().get(0).advantage(), 1e-12);
  }

  @Test
  void estimate_everyRememberedActionFailed_unseenActionsGetOptimism() {
    List<Neighbour> failures = List.of(n(1, "A", -9), n(2, "A", -8), n(3, "B", -7));
    Estimates e = new AdvantageEstimator(1, AdvantageScaling.MAX, 10, 0.0).estimate(failures, List.of(A, C), x -> true);
    assertTrue(e.actions().get(1).explored());
    assertEquals(1.0, e.actions().get(1).advantage(), 1e-12, "the unseen action has the largest advantage");
  }

  @Test
  void estimate_unseenActionCoinSaysNo_noQAndZeroAdvantage() {
    Estimates e = new AdvantageEstimator(1, AdvantageScaling.MAX, 10, Double.MAX_VALUE).estimate(three, List.of(A, C), x -> false);
    ActionEstimate c = e.actions().get(1);
    assertTrue(c.q().isEmpty());
    assertFalse(c.explored());
    assertEquals(0.0, c.rawAdvantage());
    assertEquals(0.0, c.advantage());
  }

  @Test
  void estimate_coinAskedOnlyAboutUnseenActions() {
    Set<String> asked = new HashSet<>();
    new AdvantageEstimator(1, AdvantageScaling.MAX, 10, Double.MAX_VALUE).estimate(three, List.of(A, B, C), x -> asked.add(x));
    assertEquals(Set.of(C), asked);
  }

  @Test
  void estimate_bonusShrinksAsMemoryGrows() {
    AdvantageEstimator est = new AdvantageEstimator(1, AdvantageScaling.REWARD, 1000, Double.MAX_VALUE);
    double previous = Double.MAX_VALUE;
    List<Neighbour> ns = new ArrayList<>();
    for (int size = 1; size <= 30; size++) {
      ns.add(n(size, "A", 1.0));
      double bonus = est.estimate(ns, List.of(C), x -> true).actions().get(0).rawAdvantage();
      assertEquals(1 / Math.sqrt(size + 1.0), bonus, 1e-12);
      assertTrue(bonus < previous);
      previous = bonus;
    }
  }

  @Test
  void estimate_maxScaling_largestAbsoluteAdvantageExactlyOne() {
    Estimates e = new AdvantageEstimator(1, AdvantageScaling.MAX, 10, Double.MAX_VALUE).estimate(three, List.of(A, B), x -> false);
    assertEquals(0.5, e.actions().get(0).advantage(), 1e-12);
    assertEquals(-1.0, e.actions().get(1).advantage(), 0.0);

    SplittableRandom r = new SplittableRandom(11);
    AdvantageEstimator est = new AdvantageEstimator(1, AdvantageScaling.MAX, 10, Double.MAX_VALUE);
    for (int t = 0; t < 1000; t++) {
      List<Neighbour> ns = new ArrayList<>();
      int size = r.nextInt(1, 15);
      for (int i = 0; i < size; i++) {
        ns.add(n(i + 1, "L" + r.nextInt(4), r.nextDouble(-20, 20)));
      }
      List<String> actions = List.of(click("L0").text(), click("L1").text(), click("L2").text(), click("L3").text());
      Estimates g = est.estimate(ns, actions, x -> r.nextBoolean());
      double maxAbs = 0;
      for (ActionEstimate a : g.actions()) {
        assertTrue(Math.abs(a.advantage()) <= 1.0, "case " + t);
        maxAbs = Math.max(maxAbs, Math.abs(a.advantage()));
      }
      boolean anyRaw = g.actions().stream().anyMatch(a -> a.rawAdvantage() != 0);
      assertEquals(anyRaw ? 1.0 : 0.0, maxAbs, 0.0, "case " + t);
    }
  }

  @Test
  void estimate_maxScalingAllReturnsEqual_zeroNotNaN() {
    List<Neighbour> same = List.of(n(1, "A", 5), n(2, "B", 5));
    Estimates e = new AdvantageEstimator(1, AdvantageScaling.MAX, 10, Double.MAX_VALUE).estimate(same, List.of(A, B, C), x -> false);
    for (ActionEstimate a : e.actions()) {
      assertEquals(0.0, a.advantage());
    }
  }

  @Test
  void estimate_rewardScaling_dividesAndClips() {
    Estimates e = new AdvantageEstimator(1, AdvantageScaling.REWARD, 10, Double.MAX_VALUE).estimate(three, List.of(A, B), x -> false);
    assertEquals(0.4, e.actions().get(0).advantage(), 1e-12);
    assertEquals(-0.8, e.actions().get(1).advantage(), 1e-12);

    List<Neighbour> wide = List.of(n(1, "A", 40), n(2, "B", -40));
    Estimates w = new AdvantageEstimator(1, AdvantageScaling.REWARD, 10, Double.MAX_VALUE).estimate(wide, List.of(A, B), x -> false);
    assertEquals(1.0, w.actions().get(0).advantage(), 0.0);
    assertEquals(-1.0, w.actions().get(1).advantage(), 0.0);
    assertEquals(40.0, w.actions().get(0).rawAdvantage(), 0.0);
  }

  @Test
  void estimate_noNeighbours_throws() {
    assertThrows(IllegalArgumentException.class,
        () -> new AdvantageEstimator(1, AdvantageScaling.MAX, 10, Double.MAX_VALUE).estimate(List.of(), List.of(A), x -> true));
  }

  @Test
  void flip_lambdaPointThree_trueForAboutThirtyPercentOfDistinctTriples() {
    ExplorationCoin coin = new ExplorationCoin(42);
    SplittableRandom r = new SplittableRandom(7);
    Set<String> seen = new HashSet<>();
    int heads = 0;
    int trials = 0;
    while (trials < 10_000) {
      String episode = "episode-" + r.nextInt(2000);
      int step = r.nextInt(30);
      String action = click("Link " + r.nextInt(50)).text();
      if (!seen.add(episode + '|' + step + '|' + action)) {
        continue;
      }
      trials++;
      if (coin.flip(0.3, episode, step, action)) {
        heads++;
      }
    }
    assertEquals(0.30, heads / 10_000.0, 0.03);
  }

  @Test
  void flip_varyingOneComponentOnly_stillAboutLambda() {
    ExplorationCoin coin = new ExplorationCoin(0);
    int byAction = 0;
    int byStep = 0;
    int byEpisode = 0;
    for (int i = 0; i < 10_000; i++) {
      byAction += coin.flip(0.3, "ep", 3, click("Item " + i).text()) ? 1 : 0;
      byStep += coin.flip(0.3, "ep", i, A) ? 1 : 0;
      byEpisode += coin.flip(0.3, "ep-" + i, 0, A) ? 1 : 0;
    }
    assertEquals(0.30, byAction / 10_000.0, 0.03);
    assertEquals(0.30, byStep / 10_000.0, 0.03);
    assertEquals(0.30, byEpisode / 10_000.0, 0.03);
  }

  @Test
  void flip_sameInputs_sameResult() {
    ExplorationCoin a = new ExplorationCoin(99);
    ExplorationCoin b = new ExplorationCoin(99);
    for (int i = 0; i < 1000; i++) {
      boolean first = a.flip(0.5, "ep-" + i, i % 7, B);
      assertEquals(first, a.flip(0.5, "ep-" + i, i % 7, B));
      assertEquals(first, b.flip(0.5, "ep-" + i, i % 7, B));
    }
  }

  @Test
  void flip_lambdaBounds_alwaysOrNever() {
    ExplorationCoin coin = new ExplorationCoin(5);
    for (int i = 0; i < 500; i++) {
      assertTrue(coin.flip(1.0, "ep-" + i, i, A));
      assertFalse(coin.flip(0.0, "ep-" + i, i, A));
    }
  }

  @Test
  void flip_otherSeed_otherSequence() {
    ExplorationCoin a = new ExplorationCoin(1);
    ExplorationCoin b = new ExplorationCoin(2);
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
      if (a.flip(0.5, "ep", i, A) != b.flip(0.5, "ep", i, A)) {
        differ++;
      }
    }
    assertTrue(differ > 300, "seeds give independent coins, differ=" + differ);
  }

  // ---------------------------------------------------------------- per-episode return clamp

  private static Neighbour ep(long id, long episode, double ret) {
    return new Neighbour(id, click("A"), ret, 1.0, 1.0, episode);
  }

  @Test
  void boundedReturns_oneEpisodeFarBeyondTheOthers_clampedToTheirRangePlusTheMargin() {
    List<Neighbour> ns = List.of(ep(1, 1, 10), ep(2, 2, 6), ep(3, 3, -4), ep(4, 4, 1e300), ep(5, 4, -1e300));
    double[] b = AdvantageEstimator.boundedReturns(ns, 20);
    assertEquals(10, b[0]);
    assertEquals(6, b[1]);
    assertEquals(-4, b[2]);
    assertEquals(10 + 20, b[3], "at most one margin above the others' highest");
    assertEquals(-4 - 20, b[4], "at most one margin below the others' lowest");
  }

  @Test
  void boundedReturns_honestReturnsWithinTheMargin_untouched() {
    List<Neighbour> ns = List.of(ep(1, 1, 10), ep(2, 2, -10), ep(3, 3, 9.5), ep(4, 3, -9), ep(5, 4, 0));
    assertArrayEquals(new double[] {10, -10, 9.5, -9, 0}, AdvantageEstimator.boundedReturns(ns, 20));
  }

  @Test
  void boundedReturns_theHighestEpisodeIsJudgedByTheOthersNotByItself() {
    // episode 3 holds the highest return; its bound is the second highest (6) + margin, not its own 100
    List<Neighbour> ns = List.of(ep(1, 1, 0), ep(2, 2, 6), ep(3, 3, 100));
    assertEquals(6 + 20, AdvantageEstimator.boundedReturns(ns, 20)[2]);
  }

  @Test
  void boundedReturns_fewerThanThreeEpisodes_noneCalledTheOutlier() {
    List<Neighbour> ns = List.of(ep(1, 1, 0), ep(2, 2, 1e300), ep(3, 2, 5));
    assertArrayEquals(new double[] {0, 1e300, 5}, AdvantageEstimator.boundedReturns(ns, 20));
  }
}
