package dev.jitrl.plugin.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GoalValuesTest {
  private final GoalValues login = GoalValues.of("Enter the username \"kim\" and the password \"x7!q\" and press login.");

  @Test
  void quotedValue_becomesItsOrdinal_andResolvesOnAnotherInstance() {
    assertEquals(Optional.of("{goal.q1}"), login.parameterFor("kim"));
    assertEquals(Optional.of("{goal.q2}"), login.parameterFor("x7!q"));
    GoalValues other = GoalValues.of("Enter the username \"ana\" and the password \"zz9\" and press login.");
    assertEquals(Optional.of("zz9"), other.resolve("{goal.q2}"));
  }

  @Test
  void runOfGoalWords_becomesItsWordRange() {
    GoalValues g = GoalValues.of("Mark order 1033 as shipped, today.");
    assertEquals(Optional.of("{goal.w3}"), g.parameterFor("1033"));
    assertEquals(Optional.of("{goal.w4-5}"), g.parameterFor("as shipped"));
    assertEquals(Optional.of("today"), g.resolve("{goal.w6}"), "punctuation around a word is not part of it");
    assertEquals(Optional.of("1044"), GoalValues.of("Mark order 1044 as shipped").resolve("{goal.w3}"));
  }

  @Test
  void valueNotInTheGoal_orParameterTheGoalLacks_nothing() {
    assertEquals(Optional.empty(), login.parameterFor("somebody else"));
    assertEquals(Optional.empty(), login.parameterFor("  "));
    assertEquals(Optional.empty(), login.resolve("{goal.q3}"));
    assertEquals(Optional.empty(), login.resolve("{goal.w40}"));
    assertEquals(Optional.of("a literal"), login.resolve("a literal"), "literals are returned as they are");
  }

  @Test
  void quotedValueInAnotherCase_becomesItsOrdinalWithTheCase_andResolvesOnAnotherInstance() {
    GoalValues g = GoalValues.of("Type \"KIRBY\" in all lower case letters and press Submit.");
    assertEquals(Optional.of("{goal.q1|case}"), g.parameterFor("kirby"), "the case the goal asks for");
    assertEquals(Optional.of("KIRBY"),
        GoalValues.of("Type \"kirby\" in all upper case letters and press Submit.").resolve("{goal.q1|case}"),
        "on an instance that asks for the other case, that case");
    assertEquals(Optional.of("{goal.q1|lower}"), GoalValues.of("Type \"KIRBY\" please.").parameterFor("kirby"),
        "lower case that no instruction asked for is remembered as such");
    assertEquals(Optional.of("{goal.q1}"), g.parameterFor("KIRBY"), "the value as quoted stays a plain reference");
    assertEquals(Optional.empty(), g.parameterFor("Kirby"), "mixed case is not a transform of the quote");
    GoalValues up = GoalValues.of("Type \"ana\" and press Submit.");
    assertEquals(Optional.of("{goal.q1|upper}"), up.parameterFor("ANA"));
    assertEquals(Optional.of("lena"), GoalValues.of("Type \"LENA\" in lower case.").resolve("{goal.q1|lower}"));
    assertEquals(Optional.of("LENA"), GoalValues.of("Type \"lena\" in upper case.").resolve("{goal.q1|upper}"));
    assertTrue(GoalValues.isParameter("{goal.w2-3|upper}"));
    assertFalse(GoalValues.isParameter("{goal.q1|reverse}"));
  }

  @Test
  void isParameter_onlyTheTwoForms() {
    assertTrue(GoalValues.isParameter("{goal.q2}"));
    assertTrue(GoalValues.isParameter("{goal.w3-4}"));
    assertFalse(GoalValues.isParameter("{goal.x}"));
    assertFalse(GoalValues.isParameter("goal.q2"));
  }
}
