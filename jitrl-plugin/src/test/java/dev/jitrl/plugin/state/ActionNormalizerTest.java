package dev.jitrl.plugin.state;

import static dev.jitrl.plugin.testing.TestData.element;
import static dev.jitrl.plugin.testing.TestData.link;
import static dev.jitrl.plugin.testing.TestData.page;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActionNormalizerTest {
  private final ActionNormalizer normalizer = new ActionNormalizer();

  private final Element reports = link("e12", "Reports");
  private final Element search = element("e40", "textbox", "Search");
  private final Element edit1 = link("e50", "Edit");
  private final Element edit2 = link("e51", "Edit");
  private final Observation admin = page("http://h/admin", reports, link("e13", "Sales"), search, edit1, edit2);

  @Test
  void clickOnAControlThatStandsOn_isASwitchingOff_placedOnlyWhereItStandsOn() {
    Element ticked = new Element("b1", "checkbox", "Blue", "", "true");
    Element unticked = new Element("b1", "checkbox", "Blue", "", "false");
    NormalizedAction off = normalizer.normalize(Action.click(ticked), page("http://h/form", ticked));
    NormalizedAction on = normalizer.normalize(Action.click(unticked), page("http://h/form", unticked));
    assertEquals("click(<checkbox[Blue]>, \"off\")", off.text());
    assertEquals("click(<checkbox[Blue]>)", on.text(), "switching on keeps the plain click");
    assertEquals(on, off.switchingOn());
    Action placed = normalizer.denormalize(off, page("http://h/form", ticked)).orElseThrow();
    assertEquals(List.of(), placed.args(), "the marker is memory's, not an argument of the click");
    assertTrue(normalizer.denormalize(off, page("http://h/form", unticked)).isEmpty(),
        "switching off a box that stands off would tick it");
  }

  @Test
  void normalize_click_roleAndLabel() {
    assertEquals("click(<link[Reports]>)", normalizer.normalize(Action.click(reports), admin).text());
  }

  @Test
  void normalize_fill_quotesTheText() {
    assertEquals("fill(<textbox[Search]>, \"usb cable\")",
        normalizer.normalize(Action.fill(search, "usb cable"), admin).text());
  }

  @Test
  void normalize_answer_masksTheText() {
    NormalizedAction a = normalizer.normalize(Action.answer("The total is $42.10"), admin);
    assertEquals("answer(***)", a.text());
    assertEquals(a, normalizer.normalize(Action.answer("something else entirely"), admin));
  }

  @Test
  void normalize_secondSameRoleSameLabel_ordinalTwo() {
    assertEquals("click(<link[Edit]>)", normalizer.normalize(Action.click(edit1), admin).text());
    assertEquals("click(<link[Edit]#2>)", normalizer.normalize(Action.click(edit2), admin).text());
  }

  @Test
  void drag_isStoredByTheDestinationsMeaning_andReplayedOntoItOnAnotherPage() {
    Element ann = element("e1", "draggable", "Ann");
    Element bob = element("e2", "draggable", "Bob");
    Element done = element("e3", "droptarget", "Done");
    Observation list = page("http://h/board", ann, bob, done);
    NormalizedAction n = normalizer.normalize(Action.drag(bob, done), list);
    assertEquals("drag(<draggable[Bob]>, \"<droptarget[Done]>\")", n.text());
    assertEquals("drag(<draggable[Bob]>, \"<draggable[Ann]>\")", normalizer.normalize(Action.drag(bob, ann), list).text());
    // the next run's page: other ids, another order
    Element done2 = element("e7", "droptarget", "Done");
    Element bob2 = element("e8", "draggable", "Bob");
    Observation later = page("http://h/board", done2, element("e9", "draggable", "Ann"), bob2);
    Action replayed = normalizer.denormalize(n, later).orElseThrow();
    assertEquals(Action.drag(bob2, done2), replayed);
    assertEquals(Optional.empty(), normalizer.denormalize(n, page("http://h/board", bob2)),
        "no place to drop it on: not an action here");
  }

  @Test
  void dragByAWay_isStoredByTheWay_andReplayedThatWayOnTheNextPage() {
    Element circle = element("e1", "draggable", "red circle");
    NormalizedAction n = normalizer.normalize(Action.dragBy(circle, "up"), page("http://h/draw", circle));
    assertEquals("drag(<draggable[red circle]>, \"up\")", n.text());
    Element again = element("e5", "draggable", "red circle");
    assertEquals(Optional.of(Action.dragBy(again, "up")),
        normalizer.denormalize(n, page("http://h/draw", element("e4", "button", "Submit"), again)));
    Element pad = element("e2", "surface", "");
    NormalizedAction line = normalizer.normalize(Action.stroke(pad, 10, 50, 90, 50), page("http://h/draw", pad));
    assertEquals("drag(<surface[]>, \"10%,50%>90%,50%\")", line.text());
    assertEquals(Optional.of(Action.stroke(pad, 10, 50, 90, 50)), normalizer.denormalize(line, page("http://h/draw", pad)));
  }

  @Test
  void clickAtAPointTheFigureNames_isStoredByTheName_andReplayedAtThatPointOfAnotherInstancesFigure() {
    String name = "between black dot 1 and black dot 2";
    Element here = new Element("e0", "surface", "svg grid", "", "2 marks: black dot 10,10; black dot 30,50");
    NormalizedAction n = normalizer.normalize(Action.clickAt(here, 20, 30, name), page("http://h/midpoint", here));
    assertEquals("click(<surface[svg grid]>, \"@" + name + "\")", n.text());
    // a grid point is stored as the point it is
    assertEquals("click(<surface[svg grid]>, \"20%,30%\")",
        normalizer.normalize(Action.clickAt(here, 20, 30), page("http://h/midpoint", here)).text());
    Element there = new Element("e3", "surface", "svg grid", "", "2 marks: black dot 90,40; black dot 50,52");
    assertEquals(Optional.of(Action.clickAt(there, 70, 46, name)),
        normalizer.denormalize(n, page("http://h/midpoint", element("e1", "button", "Submit"), there)));
    Element oneDot = new Element("e3", "surface", "svg grid", "", "1 marks: black dot 90,40");
    assertEquals(Optional.empty(), normalizer.denormalize(n, page("http://h/midpoint", oneDot)),
        "a figure without that point: not an action here");
  }

  @Test
  void highlight_isStoredByItsText_replayedWhereThePageShowsIt_notOnAnotherInstancesPage() {
    Observation here = new Observation("http://h/notes", "Notes", List.of(), "Alpha beta.\nGamma   delta.");
    NormalizedAction n = normalizer.normalize(Action.highlight("Gamma delta."), here);
    assertEquals("highlight(\"Gamma delta.\")", n.text());
    assertEquals(Optional.of(Action.highlight("Gamma delta.")), normalizer.denormalize(n, here, "Highlight the text"));
    Observation other = new Observation("http://h/notes", "Notes", List.of(), "Epsilon zeta.");
    assertEquals(Optional.empty(), normalizer.denormalize(n, other, "Highlight the text"));
    // a long paragraph is stored by its start and replayed whole
    String paragraph = "Lorem ipsum dolor sit amet. ".repeat(12).strip();
    Observation longText = new Observation("http://h/notes", "Notes", List.of(), "Title\n" + paragraph + "\nSubmit");
    NormalizedAction stored = normalizer.normalize(Action.highlight(paragraph), longText);
    assertTrue(stored.arg().length() <= 200, stored.arg());
    assertEquals(Optional.of(Action.highlight(paragraph)), normalizer.denormalize(stored, longText, "Highlight it"));
  }

  @Test
  void normalize_untargetedActions_argumentOnly() {
    assertEquals("scroll(\"down\")", normalizer.normalize(Action.scroll("down"), admin).text());
    assertEquals("goto(\"http://h/orders\")", normalizer.normalize(Action.goTo("http://h/orders"), admin).text());
    assertEquals("press(<textbox[Search]>, \"Enter\")", normalizer.normalize(Action.press(search, "Enter"), admin).text());
    assertEquals("select(<combobox[Status]>, \"Pending\")", normalizer.normalize(
        Action.select(element("e9", "combobox", "Status"), "Pending"), admin).text());
  }

  @Test
  void normalize_labelWhitespaceAndRoleCase_canonical() {
    Element messy = new Element("e1", " Link ", "  Sales \n\t Orders ", "", "");
    assertEquals("click(<link[Sales Orders]>)",
        normalizer.normalize(Action.click(messy), page("http://h/", messy)).text());
  }

  @Test
  void normalize_noLabel_usesVisibleText() {
    Element button = new Element("e7", "button", "", "  Save  ", "");
    assertEquals("click(<button[Save]>)", normalizer.normalize(Action.click(button), page("http://h/", button)).text());
  }

  @Test
  void normalize_specialCharacters_escapedSoTextsStayDistinct() {
    Element odd = link("e1", "a]b");
    assertEquals("click(<link[a\\]b]>)", normalizer.normalize(Action.click(odd), page("http://h/", odd)).text());
    assertEquals("fill(<textbox[Search]>, \"say \\\"hi\\\"\")",
        normalizer.normalize(Action.fill(search, "say \"hi\""), admin).text());
    Element slash = link("e2", "a\\");
    Element slashB = link("e3", "a\\]b");
    assertNotEquals(normalizer.normalize(Action.click(slash), page("http://h/", slash)).text(),
        normalizer.normalize(Action.click(slashB), page("http://h/", slashB)).text());
  }

  @Test
  void normalize_hugeLabelAndArgument_clipped() {
    Element big = link("e1", "L".repeat(10_000));
    NormalizedAction a = normalizer.normalize(Action.fill(new Element("e2", "textbox", "Q", "", ""), "x".repeat(10_000)),
        admin);
    assertEquals(ActionNormalizer.MAX_ARG, a.arg().length());
    assertEquals(ActionNormalizer.MAX_LABEL,
        normalizer.normalize(Action.click(big), page("http://h/", big)).label().length());
  }

  @Test
  void denormalize_otherObservationWithOtherIds_findsSameRoleAndLabel() {
    NormalizedAction n = normalizer.normalize(Action.fill(search, "usb cable"), admin);
    Element newSearch = element("x9", "textbox", "Search");
    Observation later = page("http://h/admin?page=2", link("x1", "Search"), link("x2", "Reports"), newSearch);

    Action a = normalizer.denormalize(n, later).orElseThrow();
    assertEquals(ActionType.FILL, a.type());
    assertEquals("x9", a.target().orElseThrow().id());
    assertEquals(List.of("usb cable"), a.args());
  }

  @Test
  void denormalize_ordinal_picksTheSecondMatchInTheNewPage() {
    NormalizedAction n = normalizer.normalize(Action.click(edit2), admin);
    Observation later = page("http://h/admin", link("k1", "Edit"), link("k2", "Delete"), link("k3", "Edit"),
        link("k4", "Edit"));
    assertEquals("k3", normalizer.denormalize(n, later).orElseThrow().target().orElseThrow().id());
  }

  @Test
  void denormalize_roundTrip_sameNormalizedText() {
    NormalizedAction n = normalizer.normalize(Action.click(edit2), admin);
    Observation later = page("http://h/admin", link("k1", "Edit"), link("k3", "Edit"));
    Action a = normalizer.denormalize(n, later).orElseThrow();
    assertEquals(n.text(), normalizer.normalize(a, later).text());
  }

  @Test
  void denormalize_targetAbsent_empty() {
    NormalizedAction n = normalizer.normalize(Action.click(reports), admin);
    assertEquals(Optional.empty(), normalizer.denormalize(n, page("http://h/x", link("e12", "Report"))));
    // same id, other role: ids are never trusted
    assertEquals(Optional.empty(), normalizer.denormalize(n, page("http://h/x", element("e12", "button", "Reports"))));
    NormalizedAction second = normalizer.normalize(Action.click(edit2), admin);
    assertEquals(Optional.empty(), normalizer.denormalize(second, page("http://h/x", link("k1", "Edit"))));
  }

  @Test
  void denormalize_answer_empty() {
    NormalizedAction n = normalizer.normalize(Action.answer("42"), admin);
    assertTrue(normalizer.denormalize(n, admin).isEmpty());
  }

  @Test
  void denormalize_untargeted_keepsArgument() {
    NormalizedAction n = normalizer.normalize(Action.scroll("down"), admin);
    Action a = normalizer.denormalize(n, page("about:blank")).orElseThrow();
    assertEquals(Action.scroll("down"), a);
  }

  @Test
  void denormalize_literalTextNeitherGivenNorShown_isNotReplayed() {
    Element answer = element("e1", "textbox", "answer input");
    Observation other = new Observation("http://h/copy", "Copy", List.of(element("e0", "textbox", "to copy"), answer),
        "Copy the text in the textarea below");
    NormalizedAction copied = normalizer.normalize(Action.fill(answer, "Facilisis aliquam nisl"), other);
    assertEquals(Optional.empty(), normalizer.denormalize(copied, other, "Copy the text in the textarea below"));
    Observation shown = new Observation("http://h/copy", "Copy",
        List.of(new Element("e0", "textbox", "to copy", "", "Facilisis aliquam nisl."), answer), "");
    assertEquals(Optional.of(Action.fill(answer, "Facilisis aliquam nisl")),
        normalizer.denormalize(copied, shown, "Copy the text in the textarea below"));
  }

  @Test
  void selectOfTheGoalsOption_isTheInstancesValue_andAnOptionThePageDoesNotOfferIsNoAction() {
    Element list = element("e0", "listbox", "options");
    Observation first = page("http://h/list", list, element("e0.0", "option", "Christal"), element("e0.1", "option", "Ronda"));
    Observation second = page("http://h/list", list, element("e0.0", "option", "Ronda"), element("e0.1", "option", "Mae"));
    NormalizedAction chosen = normalizer.normalize(Action.select(list, "Christal"), first,
        "Select Christal from the scroll list and click Submit.");
    assertEquals("select(<listbox[options]>, \"{goal.w2}\")", chosen.text());
    assertEquals(Optional.of(Action.select(list, "Ronda")),
        normalizer.denormalize(chosen, second, "Select Ronda from the scroll list and click Submit."),
        "another instance's choice replays with this instance's option");
    NormalizedAction literal = new NormalizedAction(ActionType.SELECT, "listbox", "options", 1, "Christal");
    assertEquals(Optional.empty(), normalizer.denormalize(literal, second, "Select Mae from the scroll list"),
        "an option this page does not offer cannot be chosen here");
    assertEquals(Optional.of(Action.select(list, "Christal")), normalizer.denormalize(literal, first, "Pick one"));
  }

  @Test
  void denormalize_numberTypedForAnotherInstance_isNotReplayedWhereOnlyItsDigitsAppear() {
    Element spin = element("s", "spinbutton", "Select a value");
    Observation p = page("http://h/spin", spin);
    NormalizedAction minusSeven = normalizer.normalize(Action.fill(spin, "-7"), p, "Select -7 with the spinner");
    assertEquals("fill(<spinbutton[Select a value]>, \"{goal.w2}\")", minusSeven.text(), "the signed number is the goal's word");
    assertEquals(Optional.of(Action.fill(spin, "7")), normalizer.denormalize(minusSeven, p, "Select 7 with the spinner"));
    NormalizedAction literal = new NormalizedAction(ActionType.FILL, "spinbutton", "Select a value", 1, "-7");
    assertEquals(Optional.empty(), normalizer.denormalize(literal, p, "Select 7 with the spinner"), "-7 is not 7");
    assertEquals(Optional.of(Action.fill(spin, "-7")), normalizer.denormalize(literal, p, "Pick -7 please"));
  }

  @Test
  void waitAndCaseOfTheGoalsValues_areRememberedAsReferences_andReplayWithTheNextInstancesValues() {
    Observation buttons = page("http://h/delay", element("b1", "button", "ONE"), element("b2", "button", "TWO"));
    NormalizedAction waited = normalizer.normalize(Action.waitSeconds("3"), buttons,
        "Click button ONE, wait 3 seconds, then click button TWO.");
    assertEquals("wait(\"{goal.w5}\")", waited.text());
    assertEquals(Optional.of(Action.waitSeconds("1")), normalizer.denormalize(waited, buttons,
        "Click button ONE, wait 1 seconds, then click button TWO."), "the wait this instance asks for");

    Element box = element("t", "textbox", "tt");
    Observation form = page("http://h/case", box);
    NormalizedAction lower = normalizer.normalize(Action.fill(box, "kirby"), form,
        "Type \"KIRBY\" in all lower case letters in the text input and press Submit.");
    assertEquals("fill(<textbox[tt]>, \"{goal.q1|case}\")", lower.text());
    assertEquals(Optional.of(Action.fill(box, "shana")), normalizer.denormalize(lower, form,
        "Type \"SHANA\" in all lower case letters in the text input and press Submit."));
    assertEquals(Optional.of(Action.fill(box, "SHANA")), normalizer.denormalize(lower, form,
        "Type \"shana\" in all upper case letters in the text input and press Submit."),
        "an instance asking for upper case gets upper case from the same memory");
  }
}
