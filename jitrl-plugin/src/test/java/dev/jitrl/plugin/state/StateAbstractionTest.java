package dev.jitrl.plugin.state;

import static dev.jitrl.plugin.testing.TestData.element;
import static dev.jitrl.plugin.testing.TestData.link;
import static dev.jitrl.plugin.testing.TestData.page;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitrl.api.Action;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.plugin.state.StateAbstraction.AbstractState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateAbstractionTest {
  private final StateAbstraction abstraction =
      new StateAbstraction(new UrlRegularizer(Map.of("localhost:7780", "admin"), 100), new ActionNormalizer());

  private final Element salesLink = link("e1", "Sales");
  private final Element filter = element("e2", "button", "Filters");
  private final Element search = element("e3", "textbox", "Search by keyword");
  private final Element next = link("e4", "Next");

  private final Observation dashboard = page("http://localhost:7780/admin/dashboard/", salesLink);
  private final Observation orders1 = page("http://localhost:7780/admin/sales/order/?page=1", filter, search, next);
  private final Observation orders2 = page("http://localhost:7780/admin/sales/order/?page=2", filter, search, next);

  private final List<Step> history = new ArrayList<>();

  /** A step that changed the page (its text). */
  private void took(Observation on, Action action) {
    Observation after = new Observation(on.url(), on.title(), on.elements(), on.text() + " after step " + history.size());
    history.add(new Step(history.size(), on, action, StepStatus.EXECUTED, Optional.empty(), after, "policy"));
  }

  /** A step after which the page looked exactly the same. */
  private void tookWithoutEffect(Observation on, Action action) {
    history.add(new Step(history.size(), on, action, StepStatus.EXECUTED, Optional.empty(), on, "policy"));
  }

  @Test
  void stateOf_stepThatChangedNothing_leftOutOfTheContext() {
    took(dashboard, Action.click(salesLink));
    took(orders1, Action.click(filter));
    tookWithoutEffect(orders1, Action.click(next));
    AbstractState s = abstraction.stateOf(orders1, history);
    assertEquals(List.of("click(<button[Filters]>)"), s.context(), "the no-op click on Next left the agent where it was");
  }

  @Test
  void stateOf_waitThatChangedNothing_isPartOfTheContext_repeatsCounted() {
    took(dashboard, Action.click(salesLink));
    tookWithoutEffect(orders1, Action.waitSeconds("2"));
    assertEquals(List.of("wait(\"2\")"), abstraction.stateOf(orders1, history).context(),
        "after a wait the agent is not where it was: the time passed");
    tookWithoutEffect(orders1, Action.waitSeconds("2"));
    assertEquals(List.of("wait(\"2\") \u00d72"), abstraction.stateOf(orders1, history).context());
  }

  @Test
  void stateOf_keyPressOrScrollThatChangedNothingVisible_isPartOfTheContext() {
    // a text box scrolled to its end, a page scrolled: the elements look the same, yet the step did its work, and
    // the state after it must not be the state before it (else memory promotes the step after it, submit, first)
    took(dashboard, Action.click(salesLink));
    tookWithoutEffect(orders1, Action.press(search, "Control+End"));
    assertEquals(List.of("press(<textbox[Search by keyword]>, \"Control+End\")"),
        abstraction.stateOf(orders1, history).context());
    tookWithoutEffect(orders1, Action.scroll("down"));
    assertEquals(2, abstraction.stateOf(orders1, history).context().size(), "the scroll too");
    tookWithoutEffect(orders1, Action.click(next));
    assertEquals(2, abstraction.stateOf(orders1, history).context().size(),
        "a click that changed nothing is still left out: its effect would show");
    // a box dragged into another: the observer records no position, the page looks the same, the drag did its work
    tookWithoutEffect(orders1, Action.drag(filter, search));
    assertEquals("drag(<button[Filters]>, \"<textbox[Search by keyword]>\")",
        abstraction.stateOf(orders1, history).context().get(2));
  }

  @Test
  void stateOf_boxTickedThenUnticked_formAsBeforeThatClick() {
    Observation form = page("http://localhost:7780/admin/shades/", salesLink);
    Element red = new Element("r", "checkbox", "Red", "", "false");
    Element blue = new Element("b", "checkbox", "Blue", "", "false");
    Element redOn = new Element("r", "checkbox", "Red", "", "true");
    Element blueOn = new Element("b", "checkbox", "Blue", "", "true");
    took(dashboard, Action.click(salesLink));
    took(form, Action.click(red));
    took(form, Action.click(blue));
    took(form, Action.click(redOn)); // Red switched off again
    assertEquals(List.of("click(<checkbox[Blue]>)"), abstraction.stateOf(form, history).context(),
        "the ticked boxes make the state: Blue alone, as if Red had never been ticked");
    took(form, Action.click(blueOn));
    assertEquals(List.of(), abstraction.stateOf(form, history).context(), "both off: the form as the run found it");
    took(form, Action.click(redOn)); // a box that stood ticked when the run came: switching it off is a change
    assertEquals(List.of("click(<checkbox[Red]>, \"off\")"), abstraction.stateOf(form, history).context(),
        "switching off is told from switching on");
  }

  @Test
  void stateOf_noHistory_emptyContextAndPattern() {
    AbstractState s = abstraction.stateOf(dashboard, List.of());
    assertEquals("admin/admin/dashboard", s.pattern().key());
    assertEquals(List.of(), s.context());
  }

  @Test
  void stateOf_actionsSinceArrivalOnSamePattern_repeatsThatChangedThePageCounted() {
    took(dashboard, Action.click(salesLink));
    took(orders1, Action.click(filter));
    took(orders1, Action.fill(search, "shipped"));
    took(orders1, Action.fill(search, "shipped"));
    took(orders1, Action.fill(search, "shipped"));
    took(orders1, Action.click(next));

    AbstractState s = abstraction.stateOf(orders2, history); // same pattern: ?page differs only by value
    assertEquals("admin/admin/sales/order?page", s.pattern().key());
    assertEquals(List.of("click(<button[Filters]>)", "fill(<textbox[Search by keyword]>, \"shipped\") \u00d73",
        "click(<link[Next]>)"), s.context());
    took(orders2, Action.click(next));
    assertEquals("click(<link[Next]>) \u00d72", abstraction.stateOf(orders2, history).context().get(2),
        "two pages on is another state than one page on");
    tookWithoutEffect(orders2, Action.click(next));
    assertEquals("click(<link[Next]>) \u00d72", abstraction.stateOf(orders2, history).context().get(2),
        "a repeat that changed nothing is not counted");
  }

  @Test
  void stateOf_nonConsecutiveRepeats_kept() {
    took(orders1, Action.click(filter));
    took(orders1, Action.click(next));
    took(orders1, Action.click(filter));
    assertEquals(List.of("click(<button[Filters]>)", "click(<link[Next]>)", "click(<button[Filters]>)"),
        abstraction.stateOf(orders1, history).context());
  }

  @Test
  void stateOf_leftAndCameBack_contextStartsAfterReturn() {
    took(orders1, Action.click(filter));
    took(orders1, Action.click(salesLink));
    took(dashboard, Action.click(salesLink));
    assertEquals(List.of(), abstraction.stateOf(orders1, history).context());
    took(orders2, Action.click(next));
    assertEquals(List.of("click(<link[Next]>)"), abstraction.stateOf(orders1, history).context());
  }

  @Test
  void stateOf_onOtherPage_contextIgnoresOtherPagesSteps() {
    took(orders1, Action.click(filter));
    assertEquals(List.of(), abstraction.stateOf(dashboard, history).context());
  }

  @Test
  void contextOf_upTo_onlyConsidersEarlierSteps() {
    took(dashboard, Action.click(salesLink));
    took(orders1, Action.click(filter));
    took(orders1, Action.click(next));
    UrlPattern orders = abstraction.urls().regularize(orders1.url());
    assertEquals(List.of(), abstraction.contextOf(orders, history, 1));
    assertEquals(List.of("click(<button[Filters]>)"), abstraction.contextOf(orders, history, 2));
    assertEquals(List.of("click(<button[Filters]>)", "click(<link[Next]>)"), abstraction.contextOf(orders, history, 3));
  }

  @Test
  void stateOf_answerInHistory_masked() {
    took(orders1, Action.answer("order 17 is shipped"));
    assertEquals(List.of("answer(***)"), abstraction.stateOf(orders1, history).context());
  }
}
