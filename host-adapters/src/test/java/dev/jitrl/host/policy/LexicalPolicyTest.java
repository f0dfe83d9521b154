package dev.jitrl.host.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LexicalPolicyTest {
  private final LexicalPolicy policy = new LexicalPolicy();

  private static Element link(String id, String name) {
    return new Element(id, "link", name, name, "");
  }

  private static Observation page(Element... elements) {
    return new Observation("http://127.0.0.1/shop", "Shop", List.of(elements), "Welcome");
  }

  private static double logitOf(List<Candidate> cs, String name) {
    return cs.stream().filter(c -> c.action().target().map(Element::name).orElse("").equals(name))
        .mapToDouble(Candidate::logit).findFirst().orElseThrow();
  }

  @Test
  void propose_sameInputsTwice_returnsEqualCandidates() {
    Observation p = page(link("e0", "Home"), link("e1", "Monthly sales report"), link("e2", "Reports"));
    TaskGoal g = new TaskGoal("Open the monthly sales report");
    assertEquals(policy.propose(g, p, List.of()), policy.propose(g, p, List.of()));
  }

  @Test
  void propose_moreSharedWords_higherLogitWithinBounds() {
    Observation p = page(link("e0", "Home"), link("e1", "Sales"), link("e2", "Monthly sales report"));
    List<Candidate> cs = policy.propose(new TaskGoal("Open the monthly sales report"), p, List.of());
    assertTrue(logitOf(cs, "Monthly sales report") > logitOf(cs, "Sales"));
    assertTrue(logitOf(cs, "Sales") > logitOf(cs, "Home"));
    assertEquals("Monthly sales report", cs.get(0).action().target().orElseThrow().name());
    assertTrue(cs.stream().allMatch(c -> c.logit() >= LexicalPolicy.MIN_LOGIT && c.logit() <= LexicalPolicy.MAX_LOGIT));
  }

  @Test
  void propose_pluralOnTheControl_countsAsTheGoalsWord() {
    Observation p = page(link("e0", "Dashboard"), link("e1", "Reports"), link("e2", "Categories"));
    List<Candidate> cs = policy.propose(new TaskGoal("Find the total in the monthly sales report"), p, List.of());
    assertTrue(logitOf(cs, "Reports") > logitOf(cs, "Dashboard"), cs.toString());
    List<Candidate> cat = policy.propose(new TaskGoal("Open the category of shoes"), p, List.of());
    assertTrue(logitOf(cat, "Categories") > logitOf(cat, "Dashboard"), cat.toString());
  }

  @Test
  void propose_destructiveControlTheGoalDoesNotAskFor_comesAfterItsNeutralSibling() {
    Observation p = page(new Element("e0", "button", "Remove Wool Socks from cart", "", ""),
        new Element("e1", "button", "Update cart", "", ""), link("e2", "Log out"));
    List<Candidate> order = policy.propose(new TaskGoal("Place an order for the items in your cart"), p, List.of());
    assertTrue(logitOf(order, "Update cart") > logitOf(order, "Remove Wool Socks from cart"), order.toString());
    // the goal asks for it, in any form: no penalty
    List<Candidate> remove = policy.propose(new TaskGoal("Make sure the wool socks are removed from your cart"), p, List.of());
    assertTrue(logitOf(remove, "Remove Wool Socks from cart") > logitOf(remove, "Update cart"), remove.toString());
    assertTrue(LexicalPolicy.destroysUnasked(java.util.Set.of("open", "inbox"), p.elements().get(2)));
    assertFalse(LexicalPolicy.destroysUnasked(java.util.Set.of("log", "out", "now"), p.elements().get(2)));
  }

  @Test
  void propose_wordsForOneAction_matchEachOther() {
    // "delete" in the goal means the control drawn as a trash can; "remove" the one labelled "Delete"
    Observation p = page(new Element("e0", "clickable", "star", "", ""), new Element("e1", "clickable", "trash", "", ""),
        new Element("e2", "clickable", "Reply", "", ""));
    List<Candidate> cs = policy.propose(new TaskGoal("Delete all messages from Coletta."), p, List.of());
    assertEquals("trash", cs.get(0).action().target().orElseThrow().name(), cs.toString());
    assertFalse(LexicalPolicy.destroysUnasked(java.util.Set.of("remove", "it"),
        new Element("e3", "button", "Delete", "", "")));
    assertTrue(LexicalPolicy.destroysUnasked(java.util.Set.of("star", "it"), p.elements().get(1)));
    // a dialog's close button is drawn as an "x"
    Observation dialog = page(button("e0", "OK"), button("e1", "Cancel"), button("e2", "Close"));
    List<Candidate> x = policy.propose(new TaskGoal("Click the button in the dialog box labeled \"x\"."), dialog,
        List.of());
    assertEquals("Close", x.get(0).action().target().orElseThrow().name(), x.toString());
  }

  @Test
  void propose_goalNamesWhereItsThingComesFromAndWhereItGoes_theSourcesItemFirst() {
    // "the email from Kiley ... to Sibylla": Kiley's row is the one to open, whatever the rows' order
    Observation inbox = page(new Element("e0", "clickable", "Sibylla Nulla. Tortor.", "", ""),
        new Element("e1", "clickable", "Kiley Nulla. Tortor.", "", ""));
    for (String goal : List.of("Will you find the email from Kiley and forward it to Sibylla?",
        "Find Kiley's email and send it to Sibylla.", "Sibylla is waiting for the email by Kiley.")) {
      List<Candidate> cs = policy.propose(new TaskGoal(goal), inbox, List.of());
      assertEquals("e1", cs.get(0).action().target().orElseThrow().id(), goal + " " + cs);
    }
    assertEquals(java.util.Set.of("patsy"), GoalSpans.sourceNames("Open Patsy's email and forward it to Delores"));
    assertTrue(GoalSpans.of("Open Patsy's email and forward it to Delores").stream()
        .anyMatch(s -> s.text().equals("Patsy")), "the name without its 's");
    assertEquals(java.util.Set.of(), GoalSpans.sourceNames("Go to Reports and open March"));
  }

  @Test
  void propose_controlThatGoesBack_comesAfterTheWayOn() {
    Observation p = page(link("e0", "Edit cart"), link("e1", "Back to cart"), link("e2", "View cart"));
    List<Candidate> cs = policy.propose(new TaskGoal("Place an order for the items in your cart"), p, List.of());
    // "cart" is the goal's word, yet going back to the cart is no way on
    assertTrue(logitOf(cs, "Edit cart") < logitOf(cs, "View cart"), cs.toString());
    assertTrue(logitOf(cs, "Back to cart") < logitOf(cs, "View cart"), cs.toString());
    assertFalse(LexicalPolicy.goesBackUnasked(java.util.Set.of("edit", "the", "cart"), p.elements().get(0)));
  }

  @Test
  void propose_linkToAPageThisRunHasBeenOn_comesAfterTheWayOn() {
    Observation forum = new Observation("http://127.0.0.1/forum/f/general", "General discussion | Community",
        List.of(link("e0", "Winter commuting clothes")), "");
    Element crumb = link("e1", "General discussion");
    Element reply = button("e2", "Post reply");
    Observation thread = new Observation("http://127.0.0.1/forum/t/13", "Winter commuting clothes | Community",
        List.of(crumb, reply), "");
    TaskGoal g = new TaskGoal("In General discussion, reply to the thread about winter commuting clothes");
    Step in = new Step(0, forum, Action.click(forum.elements().get(0)), StepStatus.EXECUTED, Optional.empty(), thread,
        "policy");
    double fresh = logitOf(policy.propose(g, thread, List.of()), "General discussion");
    double after = logitOf(policy.propose(g, thread, List.of(in)), "General discussion");
    assertTrue(after < fresh - 1, fresh + " -> " + after);
    assertTrue(after < logitOf(policy.propose(g, thread, List.of(in)), "Post reply"));
    assertEquals("General discussion", LexicalPolicy.pageName("General discussion | Community"));
    assertEquals("Order #7", LexicalPolicy.pageName("Order #7 \u2013 Admin"));
    assertEquals("Half-term plans", LexicalPolicy.pageName("Half-term plans"), "a hyphen inside a word is no separator");
  }

  @Test
  void propose_linkToAnotherNumberedInstance_comesAfterNeutralOnes() {
    Observation p = page(link("e0", "Order #1047"), link("e1", "Next"), link("e2", "Order #1033"), link("e3", "Orders"));
    List<Candidate> cs = policy.propose(new TaskGoal("Mark order 1033 as shipped"), p, List.of());
    assertTrue(logitOf(cs, "Order #1033") > logitOf(cs, "Order #1047"), cs.toString());
    assertTrue(logitOf(cs, "Next") > logitOf(cs, "Order #1047"), cs.toString());
    // a goal without such a number leaves numbered links alone
    List<Candidate> plain = policy.propose(new TaskGoal("Open the latest order"), p, List.of());
    assertEquals(logitOf(plain, "Order #1047"), logitOf(plain, "Order #1033"), 1e-12);
  }

  @Test
  void propose_goalWithQuotedValue_fillsTheTextboxWithIt() {
    Element search = new Element("e0", "textbox", "Search products", "", "");
    Observation p = page(search, new Element("e1", "button", "Go", "Go", ""));
    List<Candidate> cs = policy.propose(new TaskGoal("Search for \"usb cable\" in the shop"), p, List.of());
    Candidate first = cs.get(0);
    assertEquals(ActionType.FILL, first.action().type());
    assertEquals("usb cable", first.action().firstArg());
  }

  @Test
  void propose_textboxAlreadyHoldsQuotedValue_offersNoFillAgain() {
    Element search = new Element("e0", "textbox", "Search products", "", "usb cable");
    Observation p = page(search);
    List<Candidate> cs = policy.propose(new TaskGoal("Search for \"usb cable\""), p, List.of());
    assertTrue(cs.stream().noneMatch(c -> c.action().type() == ActionType.FILL), cs.toString());
    assertTrue(cs.stream().anyMatch(c -> c.action().type() == ActionType.PRESS));
  }

  @Test
  void propose_selectWithMatchingOption_selectsThatOption() {
    Element ship = new Element("e3", "combobox", "Shipping", "", "Standard");
    Observation p = page(ship, new Element("e3.0", "option", "Standard", "Standard", "true"),
        new Element("e3.1", "option", "Express delivery", "Express delivery", "false"));
    List<Candidate> cs = policy.propose(new TaskGoal("Choose express shipping"), p, List.of());
    assertEquals(Action.select(ship, "Express delivery"), cs.get(0).action());
  }

  @Test
  void propose_clickRepeatedWithoutEffect_isPenalizedUntilTheAlternativeWins() {
    Element best = link("e0", "Monthly reports");
    Observation p = page(best, link("e1", "Reports"));
    TaskGoal g = new TaskGoal("Open the monthly reports");
    Step noEffect = new Step(0, p, Action.click(best), StepStatus.EXECUTED, Optional.empty(), p, "policy");
    Step again = new Step(1, p, Action.click(best), StepStatus.EXECUTED, Optional.empty(), p, "policy");
    double fresh = logitOf(policy.propose(g, p, List.of()), "Monthly reports");
    double once = logitOf(policy.propose(g, p, List.of(noEffect)), "Monthly reports");
    assertTrue(once < fresh);
    List<Candidate> cs = policy.propose(g, p, List.of(noEffect, again));
    assertEquals("Reports", cs.get(0).action().target().orElseThrow().name());
  }

  @Test
  void propose_questionAnsweredByAPageLine_offersThatValueAsAnswer() {
    Observation p = new Observation("http://127.0.0.1/order/12", "Order 12", List.of(),
        "Order 12\nOrder status: shipped\nTotal: 12.50");
    List<Candidate> cs = policy.propose(new TaskGoal("What is the status of the order?"), p, List.of());
    assertEquals(Action.answer("shipped"), cs.get(0).action());
  }

  @Test
  void propose_optionJustChosen_theShortButtonAppliesItBeforeAnAnswerIsRead() {
    Element month = new Element("e0", "combobox", "Month", "", "March 2024");
    Element show = button("e1", "Show");
    Observation report = new Observation("http://127.0.0.1/admin/reports/monthly", "Monthly sales",
        List.of(month, new Element("e0.0", "option", "March 2024", "March 2024", "true"),
            new Element("e0.1", "option", "April 2024", "April 2024", "false"), show, link("e2", "Top customers")),
        "Monthly sales\nTotal revenue for April 2024: $1,992.49");
    TaskGoal g = new TaskGoal("Find the total revenue for March 2024 in the monthly sales report");
    assertEquals(ActionType.ANSWER, policy.propose(g, report, List.of()).get(0).action().type(),
        "nothing pending: the line is read");
    Step chose = new Step(0, report, Action.select(month, "March 2024"), StepStatus.EXECUTED, Optional.empty(), report,
        "policy");
    List<Candidate> cs = policy.propose(g, report, List.of(chose));
    assertEquals(show, cs.get(0).action().target().orElseThrow(), cs.toString());
    Step applied = new Step(1, report, Action.click(show), StepStatus.EXECUTED, Optional.empty(), report, "policy");
    assertEquals(ActionType.ANSWER, policy.propose(g, report, List.of(chose, applied)).get(0).action().type(),
        "once applied, the page's line is read again");
  }

  @Test
  void propose_everyFieldFilled_theFormsOwnButtonGainsWhateverItsLabel() {
    TaskGoal g = new TaskGoal("Start a new thread in the Cooking forum titled \"Best cast iron pan?\" asking which brand to buy");
    Element publish = button("e3", "Publish");
    Observation form = new Observation("http://127.0.0.1/forum/f/cooking/new", "New topic | Community", List.of(
        link("e0", "Forums"), link("e1", "Cooking"), box("e2", "Title", "Best cast iron pan?"),
        new Element("e4", "textbox", "Message", "", "Best cast iron pan?"), publish), "New topic");
    double sent = logitOf(policy.propose(g, form, List.of()), "Publish");
    Observation half = new Observation(form.url(), form.title(), List.of(link("e0", "Forums"), link("e1", "Cooking"),
        box("e2", "Title", "Best cast iron pan?"), new Element("e4", "textbox", "Message", "", ""), publish), "New topic");
    assertTrue(logitOf(policy.propose(g, half, List.of()), "Publish") < sent - 0.9,
        "the filled form's button gains; a half-filled form is not sent yet");
  }

  private static Element box(String id, String name, String value) {
    return new Element(id, "textbox", name, "", value);
  }

  private static Element button(String id, String name) {
    return new Element(id, "button", name, name, "");
  }

  @Test
  void propose_fieldWhoseLabelIsAKeyOfARowOnThePage_takesThatRowsValue_thenTheFormIsSent() {
    TaskGoal g = new TaskGoal("Enter the value that corresponds with each label into the form and submit when done.");
    String table = "Gender\tMale\nLast name\tNielsen\nYear of Birth\t1959\nColor\torange\nLast name:\nColor:\nSubmit";
    Observation empty = new Observation("http://127.0.0.1/form", "Form", List.of(box("e0", "Last name:", ""),
        box("e1", "Color:", ""), button("e2", "Submit")), table);
    List<Candidate> first = policy.propose(g, empty, List.of());
    assertEquals(Action.fill(box("e0", "Last name:", ""), "Nielsen"), first.get(0).action(), first.toString());
    Observation half = new Observation(empty.url(), empty.title(), List.of(box("e0", "Last name:", "Nielsen"),
        box("e1", "Color:", ""), button("e2", "Submit")), table);
    List<Candidate> second = policy.propose(g, half, List.of());
    assertEquals(Action.fill(box("e1", "Color:", ""), "orange"), second.get(0).action(), second.toString());
    Observation done = new Observation(empty.url(), empty.title(), List.of(box("e0", "Last name:", "Nielsen"),
        box("e1", "Color:", "orange"), button("e2", "Submit")), table);
    assertEquals("Submit", policy.propose(g, done, List.of()).get(0).action().target().orElseThrow().name());
  }

  @Test
  void propose_goalNamesWhatThePageDoesNotShow_aControlThatUnfoldsComesFirst_untilTheNameIsShown() {
    TaskGoal g = new TaskGoal("Find and click on the folder or file named \"Truman\".");
    Element folder = new Element("e1", "clickable", "Alan", "Alan", "");
    Element handle = new Element("e2", "clickable", "", "expandable hitarea", "");
    List<Candidate> folded = policy.propose(g, new Observation("http://127.0.0.1/tree", "Tree",
        List.of(new Element("e0", "clickable", "Chas", "Chas", ""), folder, handle), "Chas\nAlan"), List.of());
    assertEquals(Action.click(handle), folded.get(0).action(), folded.toString());
    Element truman = new Element("e3", "clickable", "Truman", "Truman", "");
    List<Candidate> open = policy.propose(g, new Observation("http://127.0.0.1/tree", "Tree",
        List.of(folder, handle, truman), "Alan\nTruman"), List.of());
    assertEquals(Action.click(truman), open.get(0).action(), open.toString());
  }

  @Test
  void propose_quotedControlNotShown_theRowsOverflowMenuComesBeforeItsShownControls() {
    TaskGoal g = new TaskGoal("For the user @leo, click on the \"Mute\" button.");
    Element reply = new Element("e0", "clickable", "", "reply \u00b7 Cohen @leo Sed tempus.", "");
    Element more = new Element("e1", "clickable", "", "more \u00b7 Cohen @leo Sed tempus.", "");
    Element otherMore = new Element("e2", "clickable", "", "more \u00b7 Stokes @eget Eget sit.", "");
    List<Candidate> cs = policy.propose(g, new Observation("http://127.0.0.1/feed", "Feed",
        List.of(reply, more, otherMore), "Cohen @leo\nSed tempus.\nStokes @eget\nEget sit."), List.of());
    assertEquals(Action.click(more), cs.get(0).action(), cs.toString());
  }

  @Test
  void propose_twoQuotedValues_eachGoesToTheFieldNamedBeforeIt_andAPlacedValueIsNotMovedAgain() {
    TaskGoal g = new TaskGoal("Enter the username \"vina\" and the password \"US\" into the text fields and press login.");
    // "us" also occurs inside "username": the value's context is the words before the quote itself
    List<Candidate> first = policy.propose(g, page(box("e0", "username", ""), box("e1", "password", ""),
        button("e2", "Login")), List.of());
    assertEquals(Action.fill(box("e0", "username", ""), "vina"), first.get(0).action());
    List<Candidate> second = policy.propose(g, page(box("e0", "username", "vina"), box("e1", "password", ""),
        button("e2", "Login")), List.of());
    assertEquals(Action.fill(box("e1", "password", ""), "US"), second.get(0).action());
    List<Candidate> third = policy.propose(g, page(box("e0", "username", "vina"), box("e1", "password", "US"),
        button("e2", "Login")), List.of());
    assertEquals("Login", third.get(0).action().target().orElseThrow().name(), third.toString());
  }

  @Test
  void propose_openTab_isNotClickedAgain_unlessTheGoalAsksToFoldIt() {
    // an accordion: the section's header is a tab whose value is aria-selected; once open, a click folds it away
    Element closed = new Element("e0", "tab", "Section #38", "Section #38", "false");
    Element open = new Element("e0", "tab", "Section #38", "Section #38", "true");
    Element submit = new Element("e1", "button", "Submit", "Submit", "");
    TaskGoal expand = new TaskGoal("Expand the section below and click submit.");
    List<Candidate> before = policy.propose(expand, page(closed, submit), List.of());
    List<Candidate> after = policy.propose(expand, page(open, submit), List.of());
    assertTrue(logitOf(after, "Section #38") < logitOf(before, "Section #38") - 0.9, after.toString());
    assertEquals("Submit", after.get(0).action().target().orElseThrow().name(), after.toString());
    List<Candidate> fold = policy.propose(new TaskGoal("Collapse the section below and click submit."),
        page(open, submit), List.of());
    assertEquals(logitOf(before, "Section #38"), logitOf(fold, "Section #38"), 1e-9, "folding it is what is asked");
  }

  @Test
  void propose_checkedBoxTheGoalNames_isNotClickedAgain_unlessTheGoalSaysUncheck() {
    Element ticked = new Element("e0", "checkbox", "kQx", "kQx", "true");
    Element open = new Element("e1", "checkbox", "Zu", "Zu", "false");
    Observation p = page(ticked, open, button("e2", "Submit"));
    List<Candidate> select = policy.propose(new TaskGoal("Select kQx, Zu and click Submit."), p, List.of());
    assertEquals("Zu", select.get(0).action().target().orElseThrow().name(), select.toString());
    assertTrue(logitOf(select, "kQx") < logitOf(select, "Submit"));
    List<Candidate> uncheck = policy.propose(new TaskGoal("Uncheck kQx and Zu."), p, List.of());
    assertEquals("kQx", uncheck.get(0).action().target().orElseThrow().name(), uncheck.toString());
  }

  @Test
  void propose_selectAlreadyOnTheGoalsOption_offersNoWorseOption() {
    Element select = new Element("e0", "combobox", "options", "", "Heard Island and McDonald Islands");
    Observation p = page(select,
        new Element("e0.0", "option", "Heard Island and McDonald Islands", "Heard Island and McDonald Islands", "true"),
        new Element("e0.1", "option", "Northern Mariana Islands", "Northern Mariana Islands", "false"),
        button("e1", "Submit"));
    List<Candidate> cs = policy.propose(
        new TaskGoal("Select Heard Island and McDonald Islands from the list and click Submit."), p, List.of());
    assertTrue(cs.stream().noneMatch(c -> c.action().type() == ActionType.SELECT), cs.toString());
    assertEquals("Submit", cs.get(0).action().target().orElseThrow().name());
  }

  @Test
  void propose_aToggleThatClosedWhatItOpened_isMarkedDownWhereItWouldCloseItAgain() {
    Element menu = new Element("e0", "button", "Menu", "Menu", "");
    Observation closed = page(menu);
    Observation open = page(menu, new Element("e1", "menuitem", "Save", "Save", ""),
        new Element("e2", "menuitem", "Zoom In", "Zoom In", ""));
    TaskGoal goal = new TaskGoal("Click the \"Menu\" button, and then find and click on the item with the disk icon");
    // the policy's habit: the goal names the menu button best, so it clicks it again and again
    assertEquals("Menu", policy.propose(goal, open, List.of()).get(0).action().target().orElseThrow().name());
    Step opened = new Step(0, closed, Action.click(menu), StepStatus.EXECUTED, Optional.empty(), open, "policy");
    Step closedAgain = new Step(1, open, Action.click(menu), StepStatus.EXECUTED, Optional.empty(), closed, "policy");
    Step reopened = new Step(2, closed, Action.click(menu), StepStatus.EXECUTED, Optional.empty(), open, "policy");
    List<Candidate> cs = policy.propose(goal, open, List.of(opened, closedAgain, reopened));
    // from the open menu the button went back to the closed page the run had been on: an item is tried instead
    assertEquals(ActionType.CLICK, cs.get(0).action().type());
    assertEquals("menuitem", cs.get(0).action().target().orElseThrow().role(), cs.toString());
    // where the button has not yet gone round in a circle (the closed page), it stays the choice
    assertEquals("Menu", policy.propose(goal, closed, List.of(opened, closedAgain)).get(0).action().target()
        .orElseThrow().name());
  }

  @Test
  void propose_pagedListWithoutTheGoalsName_turnsThePageFirst() {
    TaskGoal goal = new TaskGoal("Find Sayre in the contact book and click on their address.");
    Element address = new Element("e0", "clickable", "266 Navarro Loop", "Address: 266 Navarro Loop", "");
    Element next = link("e1", ">");
    Element one = link("e2", "1");
    Observation other = new Observation("http://127.0.0.1/book", "Book", List.of(address, next, one),
        "Find Sayre in the contact book and click on their address.\nMari\nAddress: 266 Navarro Loop");
    assertEquals(">", policy.propose(goal, other, List.of()).get(0).action().target().orElseThrow().name());
    Observation theirs = new Observation("http://127.0.0.1/book", "Book", List.of(address, next, one),
        "Find Sayre in the contact book and click on their address.\nSayre\nAddress: 266 Navarro Loop");
    assertEquals("266 Navarro Loop", policy.propose(goal, theirs, List.of()).get(0).action().target().orElseThrow().name());
    // no numbered pages: not a paged list, no turn ahead of the goal's best match
    Observation plain = new Observation("http://127.0.0.1/book", "Book", List.of(address, next), other.text());
    assertEquals("266 Navarro Loop", policy.propose(goal, plain, List.of()).get(0).action().target().orElseThrow().name());
    // a month is a date to look up, not an item of the list
    TaskGoal month = new TaskGoal("Find the total revenue for March 2024 in the monthly sales report");
    Observation orders = new Observation("http://127.0.0.1/orders", "Orders", List.of(link("e0", "Reports"), next, one),
        "Orders\nOrder 1033 Tom Becker");
    assertEquals("Reports", policy.propose(month, orders, List.of()).get(0).action().target().orElseThrow().name());
  }

  @Test
  void propose_aSwatchThePageMarksChosen_isNotClickedAgainNorCountsAsAFilledField() {
    TaskGoal goal = new TaskGoal("Select all the shades of red and press Submit.");
    Observation p = page(new Element("e0", "clickable", "", "red", "true"), new Element("e1", "clickable", "", "red", ""),
        new Element("e2", "clickable", "", "blue", ""), new Element("e3", "button", "Submit", "Submit", ""));
    List<Candidate> cs = policy.propose(goal, p, List.of());
    assertEquals("e1", cs.get(0).action().target().orElseThrow().id(), cs.toString());
    assertTrue(logitOf(cs, "Submit") <= cs.get(0).logit(), cs.toString());
  }

  @Test
  void propose_aMultipleSelect_takesEachOptionTheGoalNamesBeforeItsButton() {
    TaskGoal goal = new TaskGoal("Select Grenada, Korea from the scroll list and click Submit.");
    Element list = new Element("e0", "listbox", "options", "", "Grenada");
    Observation p = page(list, new Element("e0.0", "option", "Grenada", "Grenada", "true"),
        new Element("e0.1", "option", "Korea", "Korea", "false"), new Element("e0.2", "option", "Nepal", "Nepal", "false"),
        new Element("e1", "button", "Submit", "Submit", ""));
    Step chose = new Step(0, page(list), Action.select(list, "Grenada"), StepStatus.EXECUTED, Optional.empty(), p, "policy");
    Candidate first = policy.propose(goal, p, List.of(chose)).get(0);
    assertEquals(ActionType.SELECT, first.action().type(), first.toString());
    assertEquals("Korea", first.action().firstArg());
    Observation both = page(new Element("e0", "listbox", "options", "", "Grenada, Korea"),
        new Element("e0.0", "option", "Grenada", "Grenada", "true"), new Element("e0.1", "option", "Korea", "Korea", "true"),
        new Element("e0.2", "option", "Nepal", "Nepal", "false"), new Element("e1", "button", "Submit", "Submit", ""));
    assertEquals("Submit", policy.propose(goal, both, List.of(chose)).get(0).action().target().orElseThrow().name());
  }

  @Test
  void propose_anAutocompleteFlightForm_valuesByNearestLabelSuggestionsPickedAndTheDatePickerOpened() {
    TaskGoal goal = new TaskGoal("Book the shortest one-way flight from: Cincinnati, OH to: LEX on 10/16/2016.");
    Element from = new Element("e0", "textbox", "From:", "", "");
    Element to = new Element("e1", "textbox", "To:", "", "");
    Element date = new Element("e2", "clickable", "Departure Date", "", "");
    Element search = new Element("e3", "button", "Search", "Search", "");
    String url = "http://127.0.0.1/flights";
    Observation empty = new Observation(url, "Flights", List.of(from, to, date, search), "Book Your One-Way Flight");
    Candidate intoTo = policy.propose(goal, empty, List.of()).stream()
        .filter(c -> c.action().target().orElseThrow().id().equals("e1")).findFirst().orElseThrow();
    assertEquals("LEX", intoTo.action().firstArg(), "the value right after \"to:\", not the date three words on");
    // typed into From: the suggestion that completes it is the next step
    Element typed = new Element("e0", "textbox", "From:", "", "Cincinnati");
    Element suggestion = new Element("e4", "clickable", "Cincinnati, OH (CVG)", "Cincinnati, OH (CVG)", "");
    Observation suggesting = new Observation(url, "Flights", List.of(typed, to, date, search, suggestion),
        "Book Your One-Way Flight");
    Step fill = new Step(0, empty, Action.fill(from, "Cincinnati"), StepStatus.EXECUTED, Optional.empty(), suggesting,
        "policy");
    assertEquals("e4", policy.propose(goal, suggesting, List.of(fill)).get(0).action().target().orElseThrow().id());
    // the picked suggestion holds the typed name: typing it again would undo the pick
    Element picked = new Element("e0", "textbox", "From:", "", "Cincinnati, OH (CVG)");
    Element toDone = new Element("e1", "textbox", "To:", "", "Lexington, KY (LEX)");
    Observation filled = new Observation(url, "Flights", List.of(picked, toDone, date, search), "Book Your One-Way Flight");
    List<Candidate> cs = policy.propose(goal, filled, List.of());
    assertTrue(cs.stream().noneMatch(c -> c.action().type() == ActionType.FILL
        && (c.action().target().orElseThrow().id() + c.action().firstArg()).matches("e0Cincinnati|e1LEX")), cs.toString());
    // no calendar shown yet and the goal gives a date: the empty date field is opened before the search
    assertEquals("e2", cs.get(0).action().target().orElseThrow().id(), cs.toString());
  }

  @Test
  void propose_menuItemOwningAHiddenSubmenu_isPointedAtWhenTheGoalsTargetIsNotShown_thenTheLeafIsClicked() {
    Element reports = new Element("e0", "menuitem", "Reports", "Reports", "collapsed");
    Element help = new Element("e1", "menuitem", "Help", "Help", "collapsed");
    Observation closed = page(reports, help);
    TaskGoal goal = new TaskGoal("In the Reports menu, choose Winter under Archive.");
    List<Candidate> cs = policy.propose(goal, closed, List.of());
    assertEquals(Action.hover(reports), cs.get(0).action(), cs.toString());
    assertTrue(cs.stream().anyMatch(c -> c.action().equals(Action.click(reports))), "the click stays a candidate");

    Element open = new Element("e0", "menuitem", "Reports", "Reports", "expanded");
    Element archive = new Element("e2", "menuitem", "Archive", "Archive", "collapsed");
    Element daily = new Element("e3", "menuitem", "Daily", "Daily", "");
    cs = policy.propose(goal, page(open, help, daily, archive), List.of());
    assertEquals(Action.hover(archive), cs.get(0).action(), cs.toString());
    assertTrue(cs.stream().noneMatch(c -> c.action().equals(Action.hover(open))), "an open submenu is not opened again");

    Element winter = new Element("e4", "menuitem", "Winter", "Winter", "");
    Element archiveOpen = new Element("e2", "menuitem", "Archive", "Archive", "expanded");
    cs = policy.propose(goal, page(open, help, daily, archiveOpen, winter), List.of());
    assertEquals(Action.click(winter), cs.get(0).action(), "the leaf, not the items whose submenus are open: " + cs);

    cs = policy.propose(new TaskGoal("Open Help"), closed, List.of());
    assertEquals(Action.click(help), cs.get(0).action(), "nothing missing from the page: the click comes first " + cs);
  }

  @Test
  void propose_goalAsksToWait_theWaitComesAfterTheActionsNamedBeforeIt_once() {
    Element one = new Element("e0", "button", "ONE", "ONE", "");
    Element two = new Element("e1", "button", "TWO", "TWO", "");
    Observation p = page(one, two);
    TaskGoal goal = new TaskGoal("Click button ONE, wait 3 seconds, then click button TWO.");
    List<Candidate> cs = policy.propose(goal, p, List.of());
    assertEquals(Action.click(one), cs.get(0).action(), cs.toString());
    assertTrue(cs.stream().anyMatch(c -> c.action().equals(Action.waitSeconds("3"))), "the wait is a candidate early too");
    Step clicked = new Step(0, p, Action.click(one), StepStatus.EXECUTED, Optional.empty(), p, "policy");
    cs = policy.propose(goal, p, List.of(clicked));
    assertEquals(Action.waitSeconds("3"), cs.get(0).action(), cs.toString());
    Step waited = new Step(1, p, Action.waitSeconds("3"), StepStatus.EXECUTED, Optional.empty(), p, "policy");
    cs = policy.propose(goal, p, List.of(clicked, waited));
    assertEquals(Action.click(two), cs.get(0).action(), cs.toString());
    assertTrue(cs.stream().noneMatch(c -> c.action().type() == ActionType.WAIT), "waited once, as asked: " + cs);

    cs = policy.propose(new TaskGoal("Wait 500 ms, then press ONE."), p, List.of());
    assertEquals(Action.waitSeconds("0.5"), cs.get(0).action(), "nothing to do before the wait " + cs);
    cs = policy.propose(new TaskGoal("Press ONE and TWO."), p, List.of());
    assertTrue(cs.stream().noneMatch(c -> c.action().type() == ActionType.WAIT), "no wait asked for, none proposed");
  }

  @Test
  void propose_controlPickedByItsPlace_thatOneFirst_itsSiblingsBehindTheRest_andNotAgainOnceDone() {
    Element c1 = new Element("e0", "checkbox", "checkbox 1", "", "false");
    Element c2 = new Element("e1", "checkbox", "checkbox 2", "", "false");
    Element c3 = new Element("e2", "checkbox", "checkbox 3", "", "false");
    Element submit = new Element("e3", "button", "Submit", "Submit", "");
    TaskGoal g = new TaskGoal("Select 2 with the slider, click the 3rd checkbox, then hit Submit.");
    List<Candidate> cs = policy.propose(g, page(c1, c2, c3, submit), List.of());
    assertEquals(Action.click(c3), cs.get(0).action(), cs.toString());
    assertTrue(logitOf(cs, "checkbox 2") < logitOf(cs, "Submit"),
        "the 2nd box shares the word and the slider's number, not the place: " + cs);
    Element checked = new Element("e2", "checkbox", "checkbox 3", "", "true");
    cs = policy.propose(g, page(c1, c2, checked, submit), List.of());
    assertEquals(Action.click(submit), cs.get(0).action(), "done as asked: " + cs);
    cs = policy.propose(new TaskGoal("Click the last button."), page(link("e0", "Help"),
        new Element("e1", "button", "Yes", "Yes", ""), new Element("e2", "button", "No", "No", "")), List.of());
    assertEquals("No", cs.get(0).action().target().orElseThrow().name(), cs.toString());
  }
}
