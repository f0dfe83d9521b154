package dev.jitrl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueRecordsTest {
  private static final Element LINK = new Element("e1", "link", "Reports", "", "");
  private static final Element BOX = new Element("e2", "textbox", "", "Search", "");
  private static final Observation PAGE = new Observation("http://127.0.0.1/x", "X", List.of(LINK, BOX), "");

  @Test
  void selectionUnchanged_softmaxOfLogitsAndFirstArgmaxOnTies() {
    Candidate a = Candidate.fromPolicy(Action.click(LINK), 1.0);
    Candidate b = Candidate.fromPolicy(Action.fill(BOX, "usb"), 1.0);
    Candidate c = Candidate.fromPolicy(Action.scroll("down"), 0.0);
    Selection s = Selection.unchanged(List.of(a, b, c), Explanation.unchanged("no memory"));
    assertEquals(a, s.chosen(), "first of the tied maxima");
    double e = Math.E;
    assertEquals(e / (2 * e + 1), s.distribution().get(0).probability(), 1e-12);
    assertEquals(1 / (2 * e + 1), s.distribution().get(2).probability(), 1e-12);
    assertEquals(1.0, s.distribution().stream().mapToDouble(ScoredCandidate::probability).sum(), 1e-12);
    assertTrue(s.explanation().fallback());
  }

  @Test
  void replay_invalidValues_rejectedNamingTheField() {
    Explanation sure = new Explanation("sure", false, false, List.of(), Map.of("support", "2"));
    Replay ok = new Replay(Action.click(LINK), 2, 8.5, 3.0, sure);
    assertEquals(2, ok.support());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new Replay(Action.click(LINK), 0, 8.5, 3.0, sure))
        .getMessage().contains("support"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new Replay(Action.click(LINK), 2, Double.NaN, 3.0, sure)).getMessage().contains("value"));
    assertThrows(IllegalArgumentException.class,
        () -> new Replay(Action.click(LINK), 2, 8.5, 3.0, Explanation.unchanged("no memory")));
  }

  @Test
  void replayDefault_anExtensionThatDoesNotReplay_answersEmpty() {
    ActionSelectionExtension plain = (context, candidates) -> Selection.unchanged(candidates, Explanation.unchanged("x"));
    DecisionContext ctx = new DecisionContext("ep", new TaskGoal("open reports"), PAGE, List.of());
    assertTrue(plain.replay(ctx, List.of(Candidate.fromPolicy(Action.click(LINK), 0))).isEmpty());
  }

  @Test
  void selectionUnchanged_hugeLogits_stableProbabilities() {
    Candidate a = Candidate.fromPolicy(Action.click(LINK), 1e300);
    Candidate b = Candidate.fromPolicy(Action.scroll("up"), -1e300);
    Selection s = Selection.unchanged(List.of(a, b), Explanation.unchanged("x"));
    assertEquals(1.0, s.distribution().get(0).probability(), 0.0);
    assertEquals(0.0, s.distribution().get(1).probability(), 0.0);
  }

  @Test
  void selection_chosenNotInDistribution_rejected() {
    Candidate a = Candidate.fromPolicy(Action.click(LINK), 1.0);
    Candidate other = Candidate.fromPolicy(Action.scroll("down"), 1.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Selection(other, List.of(new ScoredCandidate(a, 1.0, 1.0)), Explanation.unchanged("x")));
    assertTrue(e.getMessage().contains("not in the distribution"));
  }

  @Test
  void candidate_nonFiniteLogit_rejectedNamingTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Candidate.fromPolicy(Action.click(LINK), Double.NaN));
    assertTrue(e.getMessage().contains("logit"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Candidate.fromPolicy(Action.click(LINK), Double.POSITIVE_INFINITY));
  }

  @Test
  void action_targetRules_enforcedPerType() {
    assertThrows(IllegalArgumentException.class, () -> new Action(ActionType.CLICK, Optional.empty(), List.of()));
    assertThrows(IllegalArgumentException.class, () -> new Action(ActionType.GOTO, Optional.of(LINK), List.of("http://a")));
    assertEquals("click(e1 link \"Reports\")", Action.click(LINK).describe());
    assertEquals("answer(\"***\")", Action.answer("my secret answer").describe(), "answers are masked in logs");
  }

  @Test
  void clickAt_pointOfTheBox_readBack_outOfTheBoxRejected_plainClickHasNone() {
    Element area = new Element("e1", "surface", "drawing", "", "3 marks");
    assertEquals(List.of(17, 83), java.util.Arrays.stream(Action.clickAt(area, 17, 83).clickPoint().orElseThrow())
        .boxed().toList());
    assertTrue(Action.click(area).clickPoint().isEmpty());
    assertTrue(new Action(ActionType.CLICK, Optional.of(area), List.of("150%,2%")).clickPoint().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> Action.clickAt(area, 101, 50));
    assertThrows(IllegalArgumentException.class, () -> Action.clickAt(area, 50, -1));
  }

  @Test
  void dragBy_aWay_readBack_otherWordsRejected_aDragOntoAnElementHasNone() {
    Element circle = new Element("e1", "draggable", "red circle", "", "");
    Element box = new Element("e2", "droptarget", "black box", "", "");
    assertEquals(Optional.of("left"), Action.dragBy(circle, " Left").dragDirection());
    assertEquals("drag(e1 draggable \"red circle\" left)", Action.dragBy(circle, "left").describe());
    assertTrue(Action.drag(circle, box).dragDirection().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> Action.dragBy(circle, "north"));
    Element pad = new Element("e3", "surface", "", "", "1 marks");
    assertEquals(List.of(10, 50, 90, 50), java.util.Arrays.stream(Action.stroke(pad, 10, 50, 90, 50).strokePoints()
        .orElseThrow()).boxed().toList());
    assertTrue(Action.stroke(pad, 10, 50, 90, 50).dragDirection().isEmpty());
    assertTrue(Action.dragBy(circle, "up").strokePoints().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> Action.stroke(pad, 10, 50, 120, 50));
    assertEquals("highlight(\"Alpha beta\")", Action.highlight("Alpha beta").describe());
    assertThrows(IllegalArgumentException.class, () -> Action.highlight(" "));
  }

  @Test
  void decisionContext_withoutAnInstance_namesNone_episodeReadsItsInstanceTag() {
    Observation page = new Observation("http://x/", "X", List.of(), "");
    assertEquals("", new DecisionContext("ep", new TaskGoal("g"), page, List.of()).instance());
    Episode e = new Episode("ep", new TaskGoal("g"), List.of(), Outcome.success("ok"), Instant.EPOCH, Instant.EPOCH,
        Map.of(Episode.INSTANCE_TAG, "cards#3"));
    assertEquals("cards#3", e.instance());
    assertThrows(NullPointerException.class, () -> new DecisionContext("ep", new TaskGoal("g"), page, List.of(), null));
  }

  @Test
  void element_nameFallsBackToVisibleText() {
    assertEquals("Search", BOX.name());
    assertEquals("Reports", LINK.name());
    assertThrows(IllegalArgumentException.class, () -> new Element(" ", "link", "", "", ""));
  }

  @Test
  void episode_stepIndexesOutOfOrder_rejected() {
    Step s1 = new Step(1, PAGE, Action.click(LINK), StepStatus.EXECUTED, Optional.empty(), PAGE, "policy");
    Instant t = Instant.EPOCH;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Episode("ep", new TaskGoal("g"), List.of(s1), Outcome.unknown("?"), t, t, Map.of()));
    assertTrue(e.getMessage().contains("step 0 has index 1"), e.getMessage());
  }

  @Test
  void observation_elementLookupById() {
    assertEquals(Optional.of(BOX), PAGE.element("e2"));
    assertEquals(Optional.empty(), PAGE.element("nope"));
  }
}
