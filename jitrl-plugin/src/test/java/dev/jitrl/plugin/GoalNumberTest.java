package dev.jitrl.plugin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.CandidateSource;
import dev.jitrl.api.Element;
import org.junit.jupiter.api.Test;

/** Which controls carry the goal's own number (other instances' evidence does not move the policy off them). */
class GoalNumberTest {
  private static Candidate click(String name) {
    return new Candidate(Action.click(new Element("e1", "link", name, name, "")), 0.0, CandidateSource.POLICY);
  }

  @Test
  void aControlNamedByAWholeNumberOfTheGoal_carriesItsNumber() {
    String goal = "Select 03/03/2016 as the date and hit submit.";
    assertTrue(JitRlEngine.namesThisGoalsNumber(goal, click("3")), "leading zeros do not count");
    assertFalse(JitRlEngine.namesThisGoalsNumber(goal, click("13")), "another day");
    assertFalse(JitRlEngine.namesThisGoalsNumber(goal, click("Prev")), "no number at all");
    assertTrue(JitRlEngine.namesThisGoalsNumber("Mark order 1033 as shipped", click("Order #1033")));
    assertFalse(JitRlEngine.namesThisGoalsNumber("Mark order 1033 as shipped", click("1")),
        "a digit of the goal's number is not the number");
    assertFalse(JitRlEngine.namesThisGoalsNumber("Mark order 1033 as shipped", click("Order #1033 of 2")),
        "every number on the control must be the goal's");
  }
}
