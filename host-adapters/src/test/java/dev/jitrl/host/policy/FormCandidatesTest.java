package dev.jitrl.host.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The candidates forms need: values the goal gives without quotes, values it points to on the page, widgets. */
class FormCandidatesTest {
  private final LexicalPolicy policy = new LexicalPolicy();

  private static Element box(String id, String name, String value) {
    return new Element(id, "textbox", name, "", value);
  }

  private static Element button(String id, String name) {
    return new Element(id, "button", name, name, "");
  }

  private static Observation page(String text, Element... elements) {
    return new Observation("http://127.0.0.1/form", "Form", List.of(elements), text);
  }

  private static List<Candidate> propose(String goal, Observation page) {
    return new LexicalPolicy().propose(new TaskGoal(goal), page, List.of());
  }

  private static Action first(List<Candidate> cs) {
    return cs.get(0).action();
  }

  @Test
  void goalSpans_unquotedValues_areFoundByKindWithTheWordsBefore() {
    List<GoalSpans.Span> spans = GoalSpans.of("Search for crime movies directed by Ben Curry from year 1995, "
        + "on 05/19/2012 at 2:49 PM; mail bob@example.org");
    assertTrue(spans.contains(new GoalSpans.Span("05/19/2012", GoalSpans.Kind.DATE, List.of("curry", "from", "year", "1995").subList(0, 0).isEmpty() ? spans.stream().filter(s -> s.text().equals("05/19/2012")).findFirst().orElseThrow().before() : List.of(), List.of("at", "2"))));
    assertEquals(GoalSpans.Kind.TIME, kindOf(spans, "2:49 PM"));
    assertEquals(GoalSpans.Kind.EMAIL, kindOf(spans, "bob@example.org"));
    assertEquals(GoalSpans.Kind.NUMBER, kindOf(spans, "1995"));
    assertEquals(GoalSpans.Kind.NAME, kindOf(spans, "Ben Curry"));
    assertEquals(GoalSpans.Kind.WORD, kindOf(spans, "crime"));
    assertTrue(spans.stream().noneMatch(s -> s.text().equalsIgnoreCase("search")), "an instruction is not a value");
    GoalSpans.Span curry = spans.stream().filter(s -> s.text().equals("Ben Curry")).findFirst().orElseThrow();
    assertEquals(List.of("crime", "movies", "directed", "by"), curry.before());
  }

  private static GoalSpans.Kind kindOf(List<GoalSpans.Span> spans, String text) {
    return spans.stream().filter(s -> s.text().equals(text)).findFirst().orElseThrow(() -> new AssertionError(text + " in " + spans)).kind();
  }

  @Test
  void propose_threeUnlabelledByQuotesFields_fillsEachWithTheValueItsLabelIsNamedNextTo() {
    Observation p = page("Movie Search", box("e0", "Genre", ""), box("e1", "Director", ""), box("e2", "Year", ""),
        new Element("e3", "clickable", "Submit", "Submit", ""));
    List<Candidate> cs = propose("Search for crime movies directed by Curry from year 1995.", p);
    assertTrue(cs.stream().anyMatch(c -> c.action().equals(Action.fill(p.elements().get(1), "Curry"))), cs.toString());
    Candidate year = cs.stream().filter(c -> c.action().equals(Action.fill(p.elements().get(2), "1995"))).findFirst().orElseThrow();
    Candidate yearWrong = cs.stream().filter(c -> c.action().equals(Action.fill(p.elements().get(2), "Curry"))).findFirst().orElseThrow();
    assertTrue(year.logit() > yearWrong.logit(), cs.toString());
  }

  @Test
  void propose_everyFieldFilled_submitButtonComesFirst() {
    Observation p = page("Movie Search", box("e0", "Genre", "crime"), box("e1", "Director", "Curry"),
        box("e2", "Year", "1995"), new Element("e3", "clickable", "Submit", "Submit", ""));
    List<Candidate> cs = propose("Search for crime movies directed by Curry from year 1995.", p);
    assertEquals(ActionType.CLICK, first(cs).type(), cs.toString());
    assertEquals("Submit", first(cs).target().orElseThrow().name());
  }

  @Test
  void propose_copyTheTextOfAnotherField_fillsItIntoTheEmptyField() {
    Element source = box("e0", "to copy", "Lorem ipsum dolor sit amet.");
    Element target = box("e1", "answer input", "");
    Observation p = page("Copy the text in the textarea below, paste it into the textbox and press Submit.",
        source, target, button("e2", "Submit"));
    List<Candidate> cs = propose("Copy the text in the textarea below, paste it into the textbox and press Submit.", p);
    assertEquals(Action.fill(target, "Lorem ipsum dolor sit amet."), first(cs), cs.toString());
  }

  @Test
  void propose_valueOfATableKey_fillsTheCellNextToIt() {
    Element field = box("e0", "tt", "");
    Observation p = page("Enter the value of Color into the text field and press Submit.\nShape\tsquare\nColor\tred\n"
        + "Country\tPeru", field, button("e1", "Submit"));
    List<Candidate> cs = propose("Enter the value of Color into the text field and press Submit.", p);
    assertEquals(Action.fill(field, "red"), first(cs), cs.toString());
  }

  private static final String STAFF = "Name\tDepartment\tPhone\tCity\nAda Okafor\tSales\t555-0142\tLyon\n"
      + "Bo Lee\tSupport\t555-0199\tOslo\nCy Diaz\tSales\t555-0173\tLima";

  @Test
  void propose_cellByRowAndColumn_fillsTheCellWhereTheNamedRowMeetsTheNamedColumn() {
    Element field = box("e0", "answer", "");
    String goal = "Enter the phone number of Okafor into the field and press Submit.";
    List<Candidate> cs = propose(goal, page(goal + "\n" + STAFF, field, button("e1", "Submit")));
    assertEquals(Action.fill(field, "555-0142"), first(cs), cs.toString());
    assertTrue(cs.stream().noneMatch(c -> c.action().firstArg().contains("\t")),
        "a row of a wide table is not one key and one value: " + cs);
  }

  @Test
  void tableCells_readAcrossAndDown_andNothingWithoutBothARowAndAColumn() {
    String[] staff = STAFF.split("\n");
    assertEquals(List.of("Oslo"), texts(PageValues.tableCells("type bo lee's city.", WordTokens.of("Type Bo Lee's city."), staff)));
    String[] transposed = {"\tOkafor\tLee", "Phone\t555-0142\t555-0199", "City\tLyon\tOslo"};
    assertEquals(List.of("555-0199"), texts(PageValues.tableCells("what is the phone of lee?",
        WordTokens.of("What is the phone of Lee?"), transposed)), "headers down the first column and across the top");
    assertEquals(List.of(), texts(PageValues.tableCells("enter the city.", WordTokens.of("Enter the city."), staff)),
        "a column without a row is no cell");
    assertEquals(List.of(), texts(PageValues.tableCells("enter okafor.", WordTokens.of("Enter Okafor."), staff)),
        "a row without a column is no cell");
    assertEquals(List.of("555-0142", "555-0173"), texts(PageValues.tableCells("the phone of the sales person",
        WordTokens.of("the phone of the sales person"), staff)), "two rows named alike: both, the policy weighs them");
  }

  @Test
  void conditions_testTheOneNumberThePageShows_andGateTheActionNamedAfterThen() {
    String goal = "Generate a number greater than 4, then press submit.";
    Conditions c = Conditions.of(goal);
    Element submit = button("e1", "Submit");
    Element generate = button("e0", "Generate");
    assertTrue(c.gates(submit) && !c.gates(generate));
    assertEquals(null, c.holds(goal, page(goal + "\n-")), "no number shown yet: not known");
    assertEquals(Boolean.FALSE, c.holds(goal, page(goal + "\n3")));
    assertEquals(Boolean.TRUE, c.holds(goal, page(goal + "\n7")));
    assertEquals(null, c.holds(goal, page(goal + "\n7\n2")), "two numbers: which one is meant is not known");
    Conditions odd = Conditions.of("Generate an odd number, then press submit.");
    assertEquals(Boolean.TRUE, odd.holds("Generate an odd number, then press submit.", page("9")));
    assertEquals(Boolean.FALSE, odd.holds("Generate an odd number, then press submit.", page("-4")));
    String buy = "Buy ABC stock when the price is less than $60.50.";
    Conditions stock = Conditions.of(buy);
    assertTrue(stock.gates(button("e0", "Buy")), "a goal that waits for its condition gates its first word");
    assertEquals(Boolean.TRUE, stock.holds(buy, page("Company: ABC\nStock price: $59.90")));
    assertEquals(Boolean.FALSE, stock.holds(buy, page("Company: ABC\nStock price: $61.20")));
    assertTrue(stock.waitCandidate(Boolean.FALSE) != null && stock.waitCandidate(Boolean.TRUE) == null);
    assertTrue(!Conditions.of("Click the button labelled \"5\".").applies(), "no comparison, no condition");
    assertTrue(!Conditions.of("Select more than 3 items.").applies(), "no gated action: nothing to hold back");
  }

  @Test
  void propose_conditionNotMet_generatesAgain_andOnceMetSubmits() {
    String goal = "Generate a number less than 5, then press submit.";
    Element generate = button("e0", "Generate");
    Element submit = button("e1", "Submit");
    assertEquals(Action.click(generate), first(propose(goal, page(goal + "\n8", generate, submit))));
    assertEquals(Action.click(submit), first(propose(goal, page(goal + "\n3", generate, submit))));
  }

  @Test
  void counts_thingsToActOn_notUnitsNorQuotedNumbers() {
    assertEquals(2, Counts.of("Click the \"Reply\" button on 2 posts by @dis and then click Submit.").n());
    assertEquals(3, Counts.of("Like three tweets from @ann.").n());
    assertEquals(0, Counts.of("Wait 2 seconds, then click the button 3 times.").n(), "units measure, they do not count");
    assertEquals(0, Counts.of("Type \"4 apples\" into the box.").n(), "a quoted value is text to type");
  }

  @Test
  void drags_sortAList_movesTheItemThatBelongsAtTheFirstPlaceOutOfOrder_thenSubmits() {
    String goal = "Sort the numbers in increasing order, starting with the lowest number at the top of the list.";
    List<Element> items = List.of(new Element("e0", "draggable", "12", "12", ""), new Element("e1", "draggable", "-7", "-7", ""),
        new Element("e2", "draggable", "3", "3", ""));
    assertTrue(java.util.Arrays.equals(new int[] {1, 0}, Drags.sortStep(goal, items)), "-7 goes to the top");
    Element submit = button("e3", "Submit");
    Action first = first(propose(goal, page("", items.get(0), items.get(1), items.get(2), submit)));
    assertEquals(Action.drag(items.get(1), items.get(0)), first);
    List<Element> inOrder = List.of(items.get(1), items.get(2), items.get(0));
    assertTrue(java.util.Arrays.equals(new int[] {-1, -1}, Drags.sortStep(goal, inOrder)));
    assertEquals(Action.click(submit), first(propose(goal, page("", inOrder.get(0), inOrder.get(1), inOrder.get(2), submit))),
        "in order: what follows the sort");
    assertTrue(java.util.Arrays.equals(new int[] {2, 0}, Drags.sortStep("Sort them from highest to lowest.", inOrder)),
        "highest first: 12 goes to the top");
    assertEquals(9, Drags.placeFor("Drag Mead to the bottom right.", 1, 9));
    assertEquals(5, Drags.placeFor("Drag Mead to the center.", 1, 9));
    assertEquals(4, Drags.placeFor("Drag Mead left by one.", 5, 9));
    assertEquals(0, Drags.placeFor("Drag Mead left by one.", 4, 9), "no cell left of the first column");
    assertEquals(null, Drags.sortStep("Drag Bob to the top.", items), "no sort asked");
    assertEquals(3, Drags.placeFor("Drag Gerda to the 3rd position.", 2, 5));
    assertEquals(5, Drags.placeFor("Drag Gerda to the bottom.", 2, 5));
    assertEquals(1, Drags.placeFor("Move Gerda up by one position.", 2, 5));
  }

  @Test
  void drags_aWayWithNoPlaceToDropOn_dragsTheNamedItemThatWay_notWhenTheWayNamesAPlace() {
    Element circle = new Element("e0", "draggable", "red circle", "red circle", "");
    Element submit = button("e1", "Submit");
    String goal = "Drag the circle up then press Submit.";
    assertEquals(Action.dragBy(circle, "up"), first(propose(goal, page("", circle, submit))));
    assertEquals("left", Drags.direction("Drag the item left, then press Submit."));
    assertEquals("down", Drags.direction("Move the handle down."));
    assertEquals(null, Drags.direction("Drag all circles into the left box."), "a place, not a way");
    assertEquals(null, Drags.direction("Move Gerda up by one position."), "a list's move");
    assertEquals(null, Drags.direction("Drag Mead to the bottom right."));
  }

  @Test
  void drags_intoTheBoxTheGoalNames_onlyWhatItNames_andWhatLiesThereAlreadyStays() {
    String goal = "Drag all circles into the black box.";
    Element red = new Element("e0", "draggable", "red circle", "red circle", "");
    Element triangle = new Element("e1", "draggable", "blue triangle", "blue triangle", "");
    Element box = new Element("e2", "droptarget", "black box", "black box", "");
    Element submit = button("e3", "Submit");
    List<Candidate> before = propose(goal, page("", red, triangle, box, submit));
    assertEquals(Action.drag(red, box), first(before));
    double triangleIn = before.stream().filter(c -> c.action().equals(Action.drag(triangle, box)))
        .mapToDouble(Candidate::logit).findFirst().orElse(LexicalPolicy.MIN_LOGIT);
    double send = before.stream().filter(c -> c.action().equals(Action.click(submit)))
        .mapToDouble(Candidate::logit).findFirst().orElseThrow();
    assertTrue(triangleIn < send, "the goal names circles: the triangle stays " + before);
    Element redIn = new Element("e0", "draggable", "red circle", "red circle", "in black box");
    List<Candidate> after = propose(goal, page("", redIn, triangle, box, submit));
    assertEquals(Action.click(submit), first(after), "every circle lies in the box: " + after);
    assertTrue(after.stream().noneMatch(c -> c.action().type() == ActionType.DRAG
        && c.action().target().orElseThrow().id().equals("e0")), after.toString());
  }

  @Test
  void surface_goalAsksToDraw_strokesOfTheWayItNamesFirst_thenWhatFollows() {
    String goal = "Draw a vertical line that runs through the dot, then press submit.";
    Element pad = new Element("e0", "surface", "", "", "1 marks");
    Element submit = button("e1", "Submit");
    assertEquals(Action.stroke(pad, 50, 10, 50, 90), first(propose(goal, page("", pad, submit))));
    Element drawnPad = new Element("e0", "surface", "", "", "2 marks");
    List<Candidate> next = proposeAfter(goal, page("", pad, submit), Action.stroke(pad, 50, 10, 50, 90),
        page("", drawnPad, submit));
    assertEquals(Action.click(submit), first(next), "drawn: " + next);
    List<Candidate> click = propose("Click the center of the circle.", page("", pad, submit));
    assertTrue(click.stream().noneMatch(c -> c.action().strokePoints().isPresent()), "no drawing asked: " + click);
  }

  @Test
  void surface_thePointsItsFigureMarks_afterNamedControls_beforeTheGridWhereTheGoalNamesTheirKindOfPlace() {
    Element board = new Element("e0", "surface", "", "", "3 marks: blue dot 20,60; black dot 40,10; black dot 80,90");
    Element submit = button("e1", "Submit");
    Action between = Action.clickAt(board, 60, 50, "between black dot 1 and black dot 2");
    List<Candidate> mid = propose("Find and click on the shortest mid-point between the two points, then press submit.",
        page("", board, submit));
    assertEquals(Action.click(submit), first(mid), mid.toString());
    assertEquals(between, mid.get(1).action(), "the goal asks for a middle: the middle of the two alike dots next: " + mid);
    double bestGrid = mid.stream().filter(c -> c.action().clickPoint().isPresent() && c.action().pointName().isEmpty())
        .mapToDouble(Candidate::logit).max().orElseThrow();
    assertTrue(mid.stream().filter(c -> c.action().pointName().orElse("").startsWith("between "))
        .allMatch(c -> c.logit() > bestGrid), "every middle before the grid: " + mid);
    assertTrue(mid.stream().filter(c -> c.action().pointName().orElse("").startsWith("at "))
        .allMatch(c -> c.logit() < bestGrid), "a dot itself is no middle: after the grid: " + mid);
    assertEquals(between, propose("Create a line that bisects the angle evenly in two, then press submit.",
        page("", board, submit)).get(1).action(), "bisect: cut in two halves");

    List<Candidate> other = propose("Add a third point to create a right angle, then press submit.", page("", board, submit));
    assertEquals(6, other.stream().filter(c -> c.action().pointName().isPresent()).count(),
        "three dots and the middles of the three pairs: " + other);
    double lowestGrid = other.stream().filter(c -> c.action().clickPoint().isPresent() && c.action().pointName().isEmpty())
        .mapToDouble(Candidate::logit).min().orElseThrow();
    assertTrue(other.stream().filter(c -> c.action().pointName().isPresent()).allMatch(c -> c.logit() < lowestGrid),
        "no kind of place named: the figure's points after the grid's: " + other);
    // no figure (a busy drawing, a plain touch area): the grid alone
    List<Candidate> plain = propose("Click the center of the circle.", page("", new Element("e0", "surface", "", "", "7 marks"), submit));
    assertTrue(plain.stream().noneMatch(c -> c.action().pointName().isPresent()), plain.toString());
  }

  @Test
  void fills_aSmallRangeTheGoalGives_everyNumberOfIt_theGoalsOwnEndsFirst() {
    Element tt = box("e0", "tt", "");
    Element submit = button("e1", "Submit");
    List<String> typed = propose("Guess the number between 0-9 and press Submit.", page("", tt, submit)).stream()
        .filter(c -> c.action().type() == ActionType.FILL).map(c -> c.action().firstArg()).toList();
    assertEquals(List.of("0", "9", "1", "2", "3", "4", "5", "6", "7", "8"), typed.subList(0, 10), typed.toString());
    assertEquals(List.of("3", "4"), FormValues.rangeInner("Pick a day from 2 to 5"));
    assertEquals(List.of(), FormValues.rangeInner("Enter a number between 0 and 100"), "too wide to guess through");
    assertEquals(List.of(), FormValues.rangeInner("Book a table between 10:00 and 11:00"), "times, not a range");
    assertEquals(List.of(), FormValues.rangeInner("Type 12-14 in the box"), "no range word");
  }

  @Test
  void drags_resizeAsked_theGripAlongTheNamedSideDraggedTheWayThatShrinksOrGrows_thenWhatFollows() {
    String goal = "Resize the textarea so that the height is smaller than its initial size then press Submit.";
    Element right = new Element("e1", "draggable", "resize handle right", "", "100 x 60");
    Element bottom = new Element("e2", "draggable", "resize handle bottom", "", "100 x 60");
    Element corner = new Element("e3", "draggable", "resize handle bottom right", "", "100 x 60");
    Element submit = button("e4", "Submit");
    List<Candidate> cs = propose(goal, page("", box("e0", "tt", ""), right, bottom, corner, submit));
    assertEquals(Action.dragBy(bottom, "up"), first(cs), cs.toString());
    assertTrue(cs.stream().noneMatch(c -> c.action().type() == ActionType.DRAG && c.action().dragDirection().isEmpty()),
        "a grip is dropped nowhere: " + cs);
    assertEquals(Action.dragBy(right, "right"), first(propose("Resize the box so that it is wider, then press Submit.",
        page("", right, bottom, submit))));
    Element shorter = new Element("e2", "draggable", "resize handle bottom", "", "100 x 20");
    List<Candidate> next = proposeAfter(goal, page("", right, bottom, corner, submit), Action.dragBy(bottom, "up"),
        page("", right, shorter, corner, submit));
    assertEquals(Action.click(submit), first(next), "resized: " + next);
  }

  @Test
  void highlight_theBlockTheGoalPicksByItsPlace_thenWhatFollows_andNothingWhenNotAsked() {
    String goal = "Highlight the text in the 2nd paragraph and click submit.";
    Element submit = button("e0", "Submit");
    String text = goal + "\nSubmit\nLorem ipsum dolor sit.\nAmet consectetur adipiscing.\nSed do eiusmod tempor.";
    List<Candidate> cs = propose(goal, page(text, submit));
    assertEquals(Action.highlight("Amet consectetur adipiscing."), first(cs), cs.toString());
    assertTrue(cs.stream().noneMatch(c -> c.action().type() == ActionType.HIGHLIGHT
        && (c.action().firstArg().equals("Submit") || c.action().firstArg().equals(goal))), "neither a control nor the goal");
    assertEquals(Action.click(submit), first(proposeAfter(goal, page(text, submit),
        Action.highlight("Amet consectetur adipiscing."), page(text, submit))));
    assertTrue(propose("Click submit.", page(text, submit)).stream()
        .noneMatch(c -> c.action().type() == ActionType.HIGHLIGHT), "no highlight asked");
    assertEquals(3, Highlights.pickedPlace("Highlight the last line.", 3));
  }

  @Test
  void highlight_inAField_theWordsTheGoalNamesAsItWritesThem_orEverything_thenTheStyleTheGoalNames() {
    Element bold = button("e0", "bold");
    Element underline = button("e1", "underline");
    Element submit = button("e2", "Submit");
    Element editor = box("e3", "editor", "Ac congue magna.");
    Observation page = page("Ac congue magna.", bold, underline, submit, editor);
    String word = "Using the text editor, give the text magna. the style bold and press Submit.";
    assertEquals(Action.highlight("magna."), first(propose(word, page)), "with its stop, as the goal writes it");
    assertEquals(Action.highlight("congue"), first(propose("Give the text congue the style bold.", page)));
    String all = "Using the text editor, give everything the style underlined and press Submit.";
    assertEquals(Action.highlight("Ac congue magna."), first(propose(all, page)));
    List<Candidate> next = proposeAfter(all, page, Action.highlight("Ac congue magna."), page);
    assertTrue(next.indexOf(candidateOf(next, Action.click(underline))) < next.indexOf(candidateOf(next, Action.click(bold))),
        "\"underlined\" names the underline button: " + next);
    // a field whose text the goal gives (typed from it) or that holds a value, not prose, offers nothing to select
    assertTrue(propose("Type Ac congue magna. and press Submit.", page).stream()
        .noneMatch(c -> c.action().type() == ActionType.HIGHLIGHT));
    Observation prose = page("", button("e0", "Paste"), box("e3", "notes", "Parcels ship from Lyon every day"));
    assertTrue(propose("Copy the text from the box below and paste it.", prose).stream()
        .noneMatch(c -> c.action().type() == ActionType.HIGHLIGHT), "a stop word after \"text\" names no text");
    assertTrue(propose("Give the text magna the style bold.", page(page.text(), bold, box("e3", "q", "magna")))
        .stream().noneMatch(c -> c.action().type() == ActionType.HIGHLIGHT));
  }

  private static Candidate candidateOf(List<Candidate> cs, Action a) {
    return cs.stream().filter(c -> c.action().equals(a)).findFirst().orElseThrow(() -> new AssertionError(a + " in " + cs));
  }

  /** The candidates on {@code after}, once the run has taken {@code action} on {@code before} and got there. */
  private static List<Candidate> proposeAfter(String goal, Observation before, Action action, Observation after) {
    Step step = new Step(0, before, action, StepStatus.EXECUTED, Optional.empty(), after, "policy");
    return new LexicalPolicy().propose(new TaskGoal(goal), after, List.of(step));
  }

  private static List<String> texts(List<PageValues.PageValue> values) {
    return values.stream().map(PageValues.PageValue::text).toList();
  }

  @Test
  void propose_nthWordOfTheParagraph_fillsThatWord() {
    Element field = box("e0", "answer input", "");
    String goal = "Find the 3rd word in the paragraph, type that into the textbox and press \"Submit\".";
    Observation p = page(goal + "\nLorem ipsum, dolor sit amet consectetur.", field, button("e1", "Submit"));
    assertEquals(Action.fill(field, "dolor"), first(propose(goal, p)));
  }

  @Test
  void propose_textShownBelow_fillsIt() {
    Element field = box("e0", "tt", "");
    String goal = "Type the text below into the text field and press Submit.";
    Observation p = page(goal + "\nxK3qa", field, button("e1", "Submit"));
    assertEquals(Action.fill(field, "xK3qa"), first(propose(goal, p)));
  }

  @Test
  void propose_dateOrTimeInTheGoal_fillsTheField() {
    Element field = box("e0", "tt", "");
    assertEquals(Action.fill(field, "05/19/2012"),
        first(propose("Enter 05/19/2012 as the date and hit submit.", page("", field, button("e1", "Submit")))));
    assertEquals(Action.fill(field, "2:49 AM"),
        first(propose("Enter 2:49 AM as the time and press submit.", page("", field, button("e1", "Submit")))));
  }

  @Test
  void propose_numberForASpinButton_fillsIt() {
    Element spin = new Element("e0", "spinbutton", "Select a value:", "", "0");
    List<Candidate> cs = propose("Select -7 with the spinner and hit Submit.", page("", spin, button("e1", "Submit")));
    assertEquals(Action.fill(spin, "-7"), first(cs), cs.toString());
  }

  @Test
  void propose_suggestionHoldingTheQuotedFragments_beatsSubmit() {
    Element field = box("e0", "Tags:", "Ce");
    Element suggestion = new Element("e1", "clickable", "Cephalic", "Cephalic", "");
    Element other = new Element("e2", "clickable", "Cedar", "Cedar", "");
    List<Candidate> cs = propose("Enter an item that starts with \"Ce\" and ends with \"lic\".",
        page("", field, suggestion, other, button("e3", "Submit")));
    assertEquals(Action.click(suggestion), first(cs), cs.toString());
  }

  @Test
  void propose_calendarShowingALaterMonth_stepsBackThenPicksTheDay() {
    String goal = "Select 11/05/2016 as the date and hit submit.";
    Element prev = new Element("e1", "clickable", "Prev", "Prev", "");
    Element next = new Element("e2", "clickable", "Next", "Next", "");
    Element five = new Element("e3", "link", "5", "5", "");
    List<Candidate> december = propose(goal, page("December 2016\nSu Mo Tu", prev, next, five, button("e4", "Submit")));
    assertEquals(Action.click(prev), first(december), december.toString());
    List<Candidate> november = propose(goal, page("November 2016\nSu Mo Tu", prev, next, five, button("e4", "Submit")));
    assertEquals(Action.click(five), first(november), november.toString());
  }

  @Test
  void propose_quotedGoal_addsNoUnquotedValueFillsAboveTheQuotedOne() {
    Element search = box("e0", "Search orders", "");
    List<Candidate> cs = propose("Find order 1033 placed by \"Tom Becker\"", page("", search, button("e1", "Search")));
    assertEquals(Action.fill(search, "Tom Becker"), first(cs), cs.toString());
  }

  @Test
  void propose_halfFilledFormWithAGoalValueLeft_searchButtonWaits() {
    Element genre = box("e0", "Genre", "");
    Observation p = page("Movie Search", genre, box("e1", "Director Name", "Curry"), box("e2", "Year", "1995"),
        button("e3", "Search"));
    List<Candidate> cs = propose("Search for crime movies directed by Curry from year 1995.", p);
    assertEquals(Action.fill(genre, "crime"), first(cs), cs.toString());
  }

  @Test
  void propose_fieldHoldsAPickedSuggestion_doesNotTypeTheFragmentAgainAndSubmits() {
    Element field = box("e0", "Tags:", "Guatemala");
    List<Candidate> cs = propose("Enter an item that starts with \"Gua\" and ends with \"ala\".",
        page("", field, button("e1", "Submit")));
    assertTrue(cs.stream().noneMatch(c -> c.action().equals(Action.fill(field, "Gua"))), cs.toString());
    assertEquals(Action.click(new Element("e1", "button", "Submit", "Submit", "")), first(cs), cs.toString());
  }

  @Test
  void propose_labelOfSmallWordsOnly_stillNamesTheValueNextToIt() {
    Element from = box("e0", "From:", "");
    Element to = box("e1", "To:", "");
    List<Candidate> cs = propose("Book the shortest one-way flight from: Cincinnati, OH to: LEX on 10/16/2016.",
        page("", from, to, button("e2", "Search")));
    assertEquals(Action.fill(from, "Cincinnati"), cs.stream().filter(c -> c.action().target().orElseThrow().equals(from))
        .findFirst().orElseThrow().action(), cs.toString());
  }

  @Test
  void propose_valueGoesToTheFieldWhoseWordStandsNearestBeforeIt() {
    // "Forward to Ann": "to" (one word before) names the field "To:"; "Forward" (two words before) is also a word
    // of the body's label, yet the body is not where the name goes
    Element to = box("e0", "to:", "");
    Element body = new Element("e1", "textbox", "forward text", "", "");
    List<Candidate> cs = propose("Forward to Cathrine the email from Evy.",
        page("", to, body, button("e2", "send forward")));
    assertEquals(Action.fill(to, "Cathrine"), first(cs), cs.toString());
    double intoBody = cs.stream().filter(c -> c.action().equals(Action.fill(body, "Cathrine"))).mapToDouble(Candidate::logit)
        .max().orElse(Double.NEGATIVE_INFINITY);
    assertTrue(intoBody < cs.get(0).logit(), cs.toString());
  }

  @Test
  void propose_goalAsksForTheExtremeOfAQuantity_theItemThatHasItComesFirst() {
    Element b1 = button("e1", "Book flight for $379");
    Element b2 = button("e2", "Book flight for $209");
    Element b3 = button("e3", "Book flight for $344");
    Element back = button("e0", "Back");
    String text = "CVG to LEX\nSun Oct 16 2016\nBack\n"
        + "Depart: 9:17 AM Sun Oct 16 2016 Cincinnati, OH (CVG)\nArrives: 3:10 PM Lexington, KY (LEX)\nDuration: 5h 53m\n"
        + "Book flight for $379\n"
        + "Depart: 2:06 PM Sun Oct 16 2016 Cincinnati, OH (CVG)\nArrives: 4:45 PM Lexington, KY (LEX)\nDuration: 2h 39m\n"
        + "Book flight for $209\n"
        + "Depart: 6:02 AM Sun Oct 16 2016 Cincinnati, OH (CVG)\nArrives: 6:50 AM Lexington, KY (LEX)\nDuration: 0h 48m\n"
        + "Book flight for $344";
    Observation results = page(text, back, b1, b2, b3);
    assertEquals(Action.click(b3), first(propose("Book the shortest one-way flight from: Cincinnati, OH to: LEX.",
        results)), "0h 48m, read in its row");
    assertEquals(Action.click(b2), first(propose("Book the cheapest one-way flight from: Cincinnati, OH to: LEX.",
        results)), "$209, read in its name");
    assertEquals(Action.click(b1), first(propose("Book the longest flight.", results)));
    // no superlative: the three look alike, none is preferred
    List<Candidate> any = propose("Book a one-way flight from: Cincinnati, OH to: LEX.", results);
    double l1 = any.stream().filter(c -> c.action().equals(Action.click(b1))).findFirst().orElseThrow().logit();
    double l3 = any.stream().filter(c -> c.action().equals(Action.click(b3))).findFirst().orElseThrow().logit();
    assertEquals(l1, l3, 1e-9, any.toString());
  }

  @Test
  void propose_fieldPickedByItsPlace_getsTheValue_thenTheFormIsSent() {
    String goal = "Check the 1st radio button and enter the number \"3\" into the 2nd textbox.";
    Element radio = new Element("e0", "radio", "radio", "", "false");
    Element in1 = box("e1", "input 1", "");
    Element in2 = box("e2", "input 2", "");
    Element in3 = box("e3", "input 3", ""); // its label carries the goal's number: no reason to type it there
    Element submit = button("e4", "Submit");
    List<Candidate> cs = propose(goal, page("", radio, in1, in2, in3, submit));
    Candidate bestFill = cs.stream().filter(c -> c.action().type() == dev.jitrl.api.ActionType.FILL).findFirst()
        .orElseThrow();
    assertEquals(Action.fill(in2, "3"), bestFill.action(), cs.toString());
    assertTrue(cs.stream().noneMatch(c -> c.action().firstArg().equals("nd") || c.action().firstArg().equals("st")),
        "an ordinal's ending is no value: " + cs);
    // radio checked, the 2nd box holds "3": the form is sent, the other boxes stay empty
    Element checked = new Element("e0", "radio", "radio", "", "true");
    List<Candidate> done = propose(goal, page("", checked, in1, box("e2", "input 2", "3"), in3, submit));
    Element filled = box("e2", "input 2", "3");
    assertTrue(first(done).equals(Action.click(submit)) || first(done).equals(Action.press(filled, "Enter")),
        done.toString());
    double sendAt = done.stream().filter(c -> c.action().equals(Action.click(submit))).findFirst().orElseThrow().logit();
    assertTrue(done.stream().filter(c -> c.action().type() == dev.jitrl.api.ActionType.FILL)
        .allMatch(c -> c.logit() < sendAt), done.toString());
  }

  @Test
  void propose_loneSearchBox_alsoOffersTheGoalsNounPhrase() {
    Element search = box("e0", "Search products", "");
    List<Candidate> cs = propose("Find the price of the gardening handbook", page("", search, button("e1", "Search")));
    assertTrue(cs.stream().anyMatch(c -> c.action().equals(Action.fill(search, "gardening handbook"))), cs.toString());
    assertEquals(List.of("gardening handbook"), GoalSpans.phrases("Find the price of the gardening handbook"));
  }

  @Test
  void propose_capitalisedNameOfALinkOnThePage_isNotTypedAndTheGoalsWordsStayTheReply() {
    Element reply = box("e0", "Your reply", "");
    List<Candidate> cs = propose("In General discussion, reply to the thread about winter commuting clothes and "
        + "recommend merino wool base layers", page("", new Element("e1", "link", "General discussion", "General discussion", ""),
        reply, button("e2", "Post reply")));
    assertTrue(cs.stream().noneMatch(c -> c.action().equals(Action.fill(reply, "General"))), cs.toString());
    Candidate fill = cs.stream().filter(c -> c.action().type() == ActionType.FILL).findFirst().orElseThrow();
    assertTrue(fill.action().firstArg().contains("merino wool"), cs.toString());
  }

  @Test
  void rowValueFor_exactKeyOnly_andNoneWhenTwoRowsDisagree() {
    Observation card = page("Last name\tNielsen\nName of pet\tRex\nColor: red\nLast name:", box("e0", "Last name:", ""));
    assertEquals(Optional.of("Nielsen"), PageValues.rowValueFor("Last name:", "Fill the form.", card));
    assertEquals(Optional.of("red"), PageValues.rowValueFor("Color", "Fill the form.", card));
    assertEquals(Optional.empty(), PageValues.rowValueFor("Name", "Fill the form.", card),
        "a key with more words than the label is another field's row");
    Observation two = page("Color\tred\nColor\tblue", box("e0", "Color:", ""));
    assertEquals(Optional.empty(), PageValues.rowValueFor("Color:", "Fill the form.", two),
        "which of two rows is meant is not known");
    Observation goalLine = page("Type the Color: teal into the box", box("e0", "Color:", ""));
    assertEquals(Optional.empty(),
        PageValues.rowValueFor("Color:", "Type the Color: teal into the box", goalLine), "the task's own line is no data");
  }

  @Test
  void solve_sumsAndOneStepEquations_andNothingElse() {
    assertEquals(Optional.of("21"), PageValues.solve("7 x 3 ="));
    assertEquals(Optional.of("-5"), PageValues.solve("2 - 7 ="));
    assertEquals(Optional.of("2.5"), PageValues.solve("5 / 2 ="));
    assertEquals(Optional.of("37"), PageValues.solve("x - 4 = 33"));
    assertEquals(Optional.of("7"), PageValues.solve("9 - x = 2"));
    assertEquals(Optional.of("-3"), PageValues.solve("8 + y = 5"));
    assertEquals(Optional.of("12"), PageValues.solve("x / 4 = 3"));
    assertEquals(Optional.empty(), PageValues.solve("7 / 0 ="), "no answer to a division by zero");
    assertEquals(Optional.empty(), PageValues.solve("3 + 4 = 7"), "a sum already worked out asks nothing");
    assertEquals(Optional.empty(), PageValues.solve("x + y = 7"), "two unknowns: not one value");
    assertEquals(Optional.empty(), PageValues.solve("Order 1033 - shipped"));
  }

  @Test
  void propose_sumShownOnThePage_itsAnswerIsTypedFirst() {
    Observation quiz = page("Solve the problem.\n12 x 4 =", box("e0", "", ""), button("e1", "Submit"));
    List<Candidate> cs = propose("Solve the problem and type your answer into the textbox. Press submit when done.", quiz);
    assertEquals(Action.fill(quiz.elements().get(0), "48"), first(cs), cs.toString());
    Observation algebra = page("x + 6 = 10\nx =", box("e0", "x =", ""), button("e1", "Submit"));
    cs = propose("Solve for x and type your answer into the textbox.", algebra);
    assertEquals(Action.fill(algebra.elements().get(0), "4"), first(cs), cs.toString());
  }

  @Test
  void propose_goalAsksForAnotherCase_typesTheQuoteInThatCase_asQuotedBehind() {
    Observation form = page("", box("e0", "", ""), button("e1", "Submit"));
    List<Candidate> cs = propose("Type \"KIRBY\" in all lower case letters in the text input and press Submit.", form);
    assertEquals(Action.fill(form.elements().get(0), "kirby"), first(cs), cs.toString());
    assertTrue(cs.stream().anyMatch(c -> c.action().equals(Action.fill(form.elements().get(0), "KIRBY"))),
        "the value as quoted stays a candidate in case the instruction was misread: " + cs);
    cs = propose("Enter \"ana lee\" in capital letters.", form);
    assertEquals(Action.fill(form.elements().get(0), "ANA LEE"), first(cs), cs.toString());
    cs = propose("Type \"Upper Case\" into the box.", form);
    assertEquals(Action.fill(form.elements().get(0), "Upper Case"), first(cs), "words inside the quote are the value");
    Observation typed = page("", box("e0", "", "kirby"), button("e1", "Submit"));
    cs = propose("Type \"KIRBY\" in all lower case letters in the text input and press Submit.", typed);
    assertEquals(Action.click(typed.elements().get(1)), first(cs), "typed as asked: submit next " + cs);
  }

  @Test
  void propose_lastWordOfATextArea_isTypedIntoTheOtherField_notBackIntoTheArea() {
    Element area = box("e0", "text area", "Cursus justo. Facilisis aliquam nisl viverra pharetra scelerisque.");
    Element answer = box("e1", "answer input", "");
    Observation p = page("Find the last word in the text area, enter it into the text field and hit Submit.",
        area, answer, button("e2", "Submit"));
    List<Candidate> cs = propose("Find the last word in the text area, enter it into the text field and hit Submit.", p);
    assertEquals(Action.fill(answer, "scelerisque"), first(cs), cs.toString());
    assertTrue(cs.stream().noneMatch(c -> c.action().equals(Action.fill(area, "scelerisque"))), cs.toString());
  }

  @Test
  void propose_listOfNumbersForAsManySliders_eachTakesTheValueAtItsPlace() {
    Element s1 = new Element("e1", "slider", "", "slider", "3");
    Element s2 = new Element("e3", "slider", "", "slider", "12");
    Element s3 = new Element("e5", "slider", "", "slider", "0");
    Observation p = page("", s1, s2, s3, button("e6", "Submit"));
    List<Candidate> cs = propose("Set the sliders to the combination [12,3,11] and submit.", p);
    assertTrue(cs.get(0).action().equals(Action.fill(s1, "12")) || cs.get(0).action().equals(Action.fill(s2, "3"))
        || cs.get(0).action().equals(Action.fill(s3, "11")), "a slider to its own value first: " + cs);
    assertTrue(cs.stream().noneMatch(c -> c.action().equals(Action.fill(s1, "combination"))), "sliders take numbers");
    Observation set = page("", new Element("e1", "slider", "", "slider", "12"), new Element("e3", "slider", "", "slider", "3"),
        new Element("e5", "slider", "", "slider", "11"), button("e6", "Submit"));
    cs = propose("Set the sliders to the combination [12,3,11] and submit.", set);
    assertEquals(Action.click(set.elements().get(3)), first(cs), "every slider at its value: submit " + cs);
    assertEquals(Map.of(), FormValues.listValues("Set them to 4, 5 and 6.", List.of(s1, s2)), "three values, two sliders");
  }
}
