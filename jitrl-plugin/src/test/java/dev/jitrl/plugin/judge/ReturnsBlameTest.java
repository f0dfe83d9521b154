package dev.jitrl.plugin.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReturnsBlameTest {
  private final Returns returns = new Returns(0.95, 10, -10);

  private static StepReward r(double v) {
    return new StepReward(v, "rules: test");
  }

  @Test
  void blamed_stepsBeforeTheCulprit_carryThePathCreditUnlessJudgedDown() {
    // steps 0 and 2 were fine, step 1 changed nothing (judged -1), step 3 takes the blame, step 4 came after it
    double[] g = returns.blamed(List.of(r(0), r(-1), r(0), r(0), r(0)), new boolean[] {false, false, false, true, false});
    assertEquals(Returns.PATH_CREDIT, g[0], 1e-12);
    assertTrue(g[1] < 0, "a step the judge marked down keeps its negative return: " + g[1]);
    assertEquals(Returns.PATH_CREDIT, g[2], 1e-12);
    assertEquals(-10, g[3], 1e-12);
    assertEquals(0, g[4], 1e-12);
    // a detour blamed before the culprit does not cut the path to it
    double[] detour = returns.blamed(List.of(r(0), r(0), r(0), r(0)), new boolean[] {false, true, false, true}, 3);
    assertEquals(Returns.PATH_CREDIT, detour[0], 1e-12);
    assertTrue(detour[1] < -5);
    assertEquals(Returns.PATH_CREDIT, detour[2], 1e-12);
    // the path credit is no success: it stays at or below what separates a success's return
    assertTrue(Returns.PATH_CREDIT <= Returns.SUCCESS_EVIDENCE);
    double[] success = returns.discount(returns.applyOutcome(List.of(r(0), r(0), r(0), r(0), r(0), r(0), r(0), r(0), r(0), r(0)),
        dev.jitrl.api.Outcome.success("done")));
    assertTrue(success[0] > Returns.SUCCESS_EVIDENCE, "the first step of a 10-step success: " + success[0]);
  }
}
