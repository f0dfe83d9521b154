package dev.jitrl.plugin.reliability;

import dev.jitrl.api.Action;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.Selection;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.JitRlEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Generated agent runs for the reliability tests: a few page kinds of one shop, a few goals, links to click,
 * so that episodes written by different agents are neighbours of each other.
 */
public final class Episodes {
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final String[] GOALS = {"show the orders of customer alice", "cancel order of customer bob",
      "open the monthly sales report", "change the shipping address of carol"};
  private static final String[] LABELS = {"Orders", "Customers", "Reports", "Settings", "Next", "Cancel", "Save"};

  private Episodes() {}

  /** Page {@code kind} of the shop, with {@code n} links. */
  public static Observation page(int kind, int visit, SplittableRandom r) {
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < LABELS.length; i++) {
      elements.add(new Element("e" + visit + "-" + i, "link", LABELS[i], "", ""));
    }
    return new Observation("http://shop.test/p" + kind + "/" + r.nextInt(1000), "Page " + kind, elements, "page " + kind);
  }

  /** The policy's candidates on a page: every link, with random logits. */
  public static List<Candidate> candidates(Observation page, SplittableRandom r) {
    List<Candidate> out = new ArrayList<>();
    for (Element e : page.elements()) {
      out.add(Candidate.fromPolicy(Action.click(e), r.nextDouble(-2, 2)));
    }
    return out;
  }

  /**
   * Runs one episode through the engine: a decision per step (checked to be a valid selection over the
   * candidates), then the episode as the host would hand it to the post-run hook.
   */
  public static Episode run(JitRlEngine engine, String id, int steps, SplittableRandom r) {
    TaskGoal goal = new TaskGoal(GOALS[r.nextInt(GOALS.length)]);
    List<Step> history = new ArrayList<>();
    Observation page = page(r.nextInt(3), 0, r);
    for (int i = 0; i < steps; i++) {
      List<Candidate> candidates = candidates(page, r);
      Selection s = engine == null ? Selection.unchanged(candidates, dev.jitrl.api.Explanation.unchanged("none"))
          : engine.select(new DecisionContext(id, goal, page, history), candidates);
      checkSelection(s, candidates);
      Observation next = page(r.nextInt(3), i + 1, r);
      history.add(new Step(i, page, s.chosen().action(), StepStatus.EXECUTED, Optional.empty(), next, "jitrl"));
      page = next;
    }
    Outcome outcome = r.nextBoolean() ? Outcome.success("done") : Outcome.failure("not done");
    return new Episode(id, goal, history, outcome, T0, T0.plusSeconds(steps), Map.of("policy", "generated"));
  }

  /** Throws if the selection is not a distribution over (at least) the given candidates with a valid choice. */
  public static void checkSelection(Selection s, List<Candidate> candidates) {
    List<Candidate> given = s.distribution().stream().map(dev.jitrl.api.ScoredCandidate::candidate).toList();
    if (!given.containsAll(candidates)) {
      throw new AssertionError("the selection lost candidates");
    }
    double sum = s.distribution().stream().mapToDouble(dev.jitrl.api.ScoredCandidate::probability).sum();
    if (!(Math.abs(sum - 1.0) < 1e-6)) {
      throw new AssertionError("probabilities sum to " + sum);
    }
  }
}
