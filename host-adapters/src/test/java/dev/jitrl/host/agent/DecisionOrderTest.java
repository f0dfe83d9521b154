package dev.jitrl.host.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitrl.api.Action;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.Element;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host decides among scored candidates in the policy's own order, whatever order they were scored in. */
class DecisionOrderTest {
  private static Candidate click(String name, double logit) {
    return Candidate.fromPolicy(Action.click(new Element("e-" + name, "button", name, name, "")), logit);
  }

  @Test
  void inOrderOf_restoresThePolicysOrder_newCandidatesLast() {
    List<Candidate> policyOrder = List.of(click("blue", 1.5), click("Submit", 1.5), click("red", -0.05));
    // memory put Submit first so that a model would score it; a model's own action came along
    List<Candidate> scored = List.of(click("Submit", 1.5), click("own", 0.2), click("blue", 1.5), click("red", -0.05));
    List<String> names = WebAgent.inOrderOf(policyOrder, scored).stream()
        .map(c -> c.action().target().orElseThrow().name()).toList();
    assertEquals(List.of("blue", "Submit", "red", "own"), names);
  }
}
