package dev.jitrl.plugin.bench;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Outcome;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.plugin.memory.EpisodeRecord;
import dev.jitrl.plugin.memory.StoredStep;
import dev.jitrl.plugin.state.NormalizedAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/** The synthetic workload of BENCHMARKS.md §A: 40 URLs over 4 sites, 200 goals, 20 actions, seeded. */
public final class SyntheticMemory {
  static final String[] VERBS = {"search for", "add to cart", "find the price of", "update the status of", "reply to",
      "list orders of"};
  static final String[] NOUNS = {"laptop", "blue shirt", "coffee mug", "order", "post", "customer", "review", "invoice",
      "report", "user"};
  static final String[] LABELS = {"Search", "Add to Cart", "Next", "Save", "Submit", "Orders", "Reports", "Customers",
      "Reply", "Edit"};
  static final int URLS = 40;
  static final int GOALS = 200;
  static final double GAMMA = 0.95;

  final List<NormalizedAction> actions = new ArrayList<>();
  final List<String> goals = new ArrayList<>();

  public SyntheticMemory() {
    for (String l : LABELS) {
      actions.add(new NormalizedAction(ActionType.CLICK, "button", l, 1, ""));
      actions.add(new NormalizedAction(ActionType.FILL, "textbox", l, 1, "x"));
    }
    for (int i = 0; i < GOALS; i++) {
      goals.add(VERBS[i % VERBS.length] + " the item" + i + " " + NOUNS[i % NOUNS.length] + " in the store");
    }
  }

  static String url(int u, SplittableRandom rnd) {
    return "http://127.0.0.1:7770/site" + (u % 4) + "/page" + u + "/" + (1 + rnd.nextInt(999));
  }

  static String pattern(int u) {
    return "/site" + (u % 4) + "/page" + u + "/{id}";
  }

  /** One synthetic episode of {@code steps} steps; each step picks its own URL, goal and context. */
  public EpisodeRecord episode(String key, int steps, SplittableRandom rnd) {
    String goal = goals.get(rnd.nextInt(GOALS));
    List<StoredStep> out = new ArrayList<>(steps);
    for (int i = 0; i < steps; i++) {
      int u = rnd.nextInt(URLS);
      int contextSize = rnd.nextInt(7);
      List<String> context = new ArrayList<>(contextSize);
      for (int c = 0; c < contextSize; c++) {
        context.add(actions.get(rnd.nextInt(actions.size())).text());
      }
      NormalizedAction a = actions.get(rnd.nextInt(actions.size()));
      int rewards = 1 + rnd.nextInt(8);
      double g = 0;
      double discount = 1;
      for (int r = 0; r < rewards; r++) {
        g += discount * (rnd.nextInt(7) - 3);
        discount *= GAMMA;
      }
      out.add(StoredStep.builder().stepIndex(i).goal(goal).site("127.0.0.1:7770").urlPattern(pattern(u))
          .context(context).action(a).rawAction(a.text()).reward(0).ret(g).reason("synthetic").build());
    }
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return EpisodeRecord.builder().key(key).goal(goal).outcome(OutcomeStatus.UNKNOWN).envReward(0)
        .outcomeReason("synthetic").startedAt(t).endedAt(t).policy("synthetic").configFingerprint("bench")
        .judge("none").steps(out).build();
  }

  /** One decision: the host's context and its candidates. */
  public record Query(DecisionContext context, List<Candidate> candidates) {}

  /** A seeded decision on one of the synthetic pages. */
  public Query query(SplittableRandom rnd) {
    return query(rnd, 0);
  }

  /** A query with {@code fixedCandidates} candidates (0: 3 to 5). */
  public Query query(SplittableRandom rnd, int fixedCandidates) {
    SyntheticMemory synth = this;
    int u = rnd.nextInt(SyntheticMemory.URLS);
    String url = SyntheticMemory.url(u, rnd);
    List<Element> elements = elements(synth);
    Observation page = new Observation(url, "page" + u, elements, "");
    String goal = synth.goals.get(rnd.nextInt(SyntheticMemory.GOALS));
    int historySize = rnd.nextInt(5);
    List<Step> history = new ArrayList<>(historySize);
    for (int h = 0; h < historySize; h++) {
      Action a = action(synth.actions.get(rnd.nextInt(synth.actions.size())), elements);
      history.add(new Step(h, page, a, StepStatus.EXECUTED, Optional.empty(), page, "policy"));
    }
    int cands = fixedCandidates > 0 ? fixedCandidates : 3 + rnd.nextInt(3);
    List<Candidate> candidates = new ArrayList<>(cands);
    for (int c = 0; c < cands; c++) {
      candidates.add(Candidate.fromPolicy(action(synth.actions.get(rnd.nextInt(synth.actions.size())), elements),
          rnd.nextDouble() * 4));
    }
    return new Query(new DecisionContext("q" + rnd.nextInt(1_000_000), new TaskGoal(goal), page, history), candidates);
  }

  private static List<Element> elements(SyntheticMemory synth) {
    List<Element> out = new ArrayList<>();
    int id = 0;
    for (NormalizedAction a : synth.actions) {
      out.add(new Element("e" + id++, a.role(), a.label(), "", ""));
    }
    return out;
  }

  private static Action action(NormalizedAction a, List<Element> elements) {
    Element target = elements.stream().filter(e -> e.role().equals(a.role()) && e.label().equals(a.label()))
        .findFirst().orElseThrow();
    return a.type() == ActionType.FILL ? Action.fill(target, a.arg()) : Action.click(target);
  }

  /** A host-side episode of synthetic pages, as the post-run hook receives it. */
  public Episode hostEpisode(String id, SplittableRandom rnd, int steps) {
    SyntheticMemory synth = this;
    List<Element> elements = elements(synth);
    List<Step> out = new ArrayList<>(steps);
    Observation page = new Observation(SyntheticMemory.url(rnd.nextInt(SyntheticMemory.URLS), rnd), "p", elements, "");
    for (int i = 0; i < steps; i++) {
      Observation next = new Observation(SyntheticMemory.url(rnd.nextInt(SyntheticMemory.URLS), rnd), "p", elements, "");
      out.add(new Step(i, page, action(synth.actions.get(rnd.nextInt(synth.actions.size())), elements),
          StepStatus.EXECUTED, Optional.empty(), next, "policy"));
      page = next;
    }
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new Episode(id, new TaskGoal(synth.goals.get(rnd.nextInt(SyntheticMemory.GOALS))), out,
        rnd.nextBoolean() ? Outcome.success("synthetic") : Outcome.failure("synthetic"), t, t, Map.of("policy", "synthetic"));
  }

}
