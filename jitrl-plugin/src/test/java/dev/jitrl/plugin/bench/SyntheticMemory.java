package dev.jitrl.plugin.bench;

import dev.jitrl.api.ActionType;
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
final class SyntheticMemory {
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

  SyntheticMemory() {
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
  EpisodeRecord episode(String key, int steps, SplittableRandom rnd) {
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
      out.add(new StoredStep(0, i, goal, "127.0.0.1:7770", pattern(u), context, a, a.text(), 0, g, "synthetic",
          Optional.empty()));
    }
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new EpisodeRecord(key, goal, OutcomeStatus.UNKNOWN, 0, "synthetic", t, t, "synthetic", "bench", "none",
        Map.of(), out);
  }
}
