package dev.jitrl.plugin.reliability;

import dev.jitrl.plugin.EngineInternals;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.retrieval.HotIndex;
import dev.jitrl.plugin.retrieval.Neighbour;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Compares the neighbours an engine's hot index returns with those of another index over the same steps (one
 * built from an export imported into a fresh file, where row ids differ): same actions, returns and
 * similarities, in the same order.
 */
public final class IndexAgreement {
  private static final String[] GOALS = {"show the orders of customer alice", "cancel order of bob",
      "open the monthly sales report", "change the shipping address"};
  private static final String[] LABELS = {"Orders", "Customers", "Reports", "Settings", "Next", "Cancel", "Save"};

  private IndexAgreement() {}

  /** Runs {@code queries} random queries on both; returns how many had neighbours, or throws on a difference. */
  public static int check(JitRlEngine engine, HotIndex other, int queries, SplittableRandom r) {
    int nonEmpty = 0;
    for (int q = 0; q < queries; q++) {
      String key = "shop.test/p" + r.nextInt(3) + "/{id}";
      String goal = GOALS[r.nextInt(GOALS.length)];
      List<String> context = new ArrayList<>();
      for (int i = r.nextInt(3); i > 0; i--) {
        context.add("click(<link[" + LABELS[r.nextInt(LABELS.length)] + "]>)");
      }
      double threshold = r.nextDouble(0.2, 0.9);
      int k = 1 + r.nextInt(14);
      List<String> a = describe(EngineInternals.index(engine).neighbours(key, goal, context, 0.27, threshold, k));
      List<String> b = describe(other.neighbours(key, goal, context, 0.27, threshold, k));
      if (!a.equals(b)) {
        throw new AssertionError("query " + q + " (" + key + ", " + goal + ", " + context + ", r=" + threshold
            + ", k=" + k + ") differs:\n  engine: " + a + "\n  export: " + b);
      }
      nonEmpty += a.isEmpty() ? 0 : 1;
    }
    return nonEmpty;
  }

  private static List<String> describe(List<Neighbour> ns) {
    return ns.stream().map(n -> n.action().text() + " G=" + n.ret() + " sim=" + n.similarity()).toList();
  }
}
