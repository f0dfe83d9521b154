package dev.jitrl.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.plugin.judge.StepReward;
import dev.jitrl.plugin.retrieval.Neighbour;
import dev.jitrl.plugin.state.NormalizedAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The culprit search's rules, one run at a time, without memory unless a test gives some. */
class CulpritLocatorTest {
  private static final List<String> NAV = List.of("Home", "Orders", "Customers");

  /** A page: its path, the site's navigation links and its own controls. */
  private static Observation page(String path, String... own) {
    List<Element> elements = new ArrayList<>();
    int i = 0;
    for (String n : NAV) {
      elements.add(new Element("n" + i++, "link", n, "", ""));
    }
    for (String o : own) {
      elements.add(new Element("o" + i++, "button", o, "", ""));
    }
    return new Observation("http://site.test" + path, path, elements, "");
  }

  private static CulpritLocator.StepView click(Observation on, String label, Observation to) {
    return new CulpritLocator.StepView(on, to, "click(<x[" + label + "]>)", (NAV.contains(label) ? "link|" : "button|") + label,
        false);
  }

  private static CulpritLocator.StepView fill(Observation on, String label) {
    return new CulpritLocator.StepView(on, on, "fill(<textbox[" + label + "]>, \"v\")", "textbox|" + label, true);
  }

  private static int locate(List<CulpritLocator.StepView> steps, double... p) {
    double[] prior = p.length == 0 ? filled(steps.size(), Double.NaN) : p;
    List<StepReward> rewards = steps.stream().map(s -> new StepReward(0.5, "changed")).toList();
    List<List<String>> candidates = new ArrayList<>();
    steps.forEach(s -> candidates.add(null));
    return CulpritLocator.locate(steps, prior, rewards, i -> List.of(), candidates, -1,
        -5);
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  @Test
  void dialogDismissedEveryTime_theDialogsChoiceIsBlamed() {
    Observation order = page("/orders/7", "Cancel order", "Save");
    Observation dialog = page("/orders/7", "OK", "Cancel");
    List<CulpritLocator.StepView> run = List.of(
        click(page("/", "Order #7"), "Order #7", order),
        click(order, "Cancel order", dialog),
        click(dialog, "Cancel", order),
        click(order, "Cancel order", dialog),
        click(dialog, "Cancel", order));
    assertEquals(2, locate(run), "the dialog's Cancel closes the circle: the deeper circle choice");
  }

  @Test
  void pageLeftAtOnceByNavigation_theStepThatLedThereIsBlamed() {
    Observation home = page("/", "Manage customer accounts", "Reports");
    Observation customers = page("/customers", "Tom Becker");
    List<CulpritLocator.StepView> run = List.of(
        click(home, "Manage customer accounts", customers),
        click(customers, "Home", home),
        click(home, "Manage customer accounts", customers),
        click(customers, "Home", home));
    assertEquals(0, locate(run), "a page left at once had nothing for the task: the link to it is the mistake");
  }

  @Test
  void pageLeftByNavigationAfterWork_leavingIsBlamed() {
    Observation start = page("/forum", "New topic", "Read first");
    List<CulpritLocator.StepView> run = formFilledThenLeftFor(start, start, // back by site-wide navigation
        click(start, "Read first", page("/forum/t/1", "Post reply")));
    assertEquals(3, locate(run, 0.3, 0.3, 0.3, 0.2, 0.5), "leaving the filled form is the mistake");
  }

  /** New topic, Title and Message filled in, then the site's "Orders" link to {@code to}, then {@code next}. */
  private static List<CulpritLocator.StepView> formFilledThenLeftFor(Observation start, Observation to,
      CulpritLocator.StepView next) {
    Observation form = page("/forum/new", "Publish");
    return List.of(click(start, "New topic", form), fill(form, "Title"), fill(form, "Message"),
        click(form, "Orders", to), next);
  }

  @Test
  void filledFormLeftByNavigationForANewPage_leavingIsBlamed() {
    Observation orders = page("/orders", "Order #7");
    List<CulpritLocator.StepView> run = formFilledThenLeftFor(page("/forum", "New topic", "Read first"),
        orders, // the site's navigation, to a page the run had not seen: no circle
        click(orders, "Order #7", page("/orders/7", "Save")));
    assertEquals(3, locate(run, 0.2, 0.3, 0.3, 0.3, 0.3), "leaving the filled form threw the work away");
  }

  @Test
  void secondFailedTryOnAPage_blameGoesUpToTheStepThatLedThere() {
    Observation start = page("/forum", "New topic", "Read first");
    Observation thread = page("/forum/t/1", "Post reply");
    List<CulpritLocator.StepView> run = List.of(
        click(start, "Read first", thread),
        fill(thread, "Your reply"),
        click(thread, "Post reply", thread));
    Neighbour blamedHere = new Neighbour(1, new NormalizedAction(dev.jitrl.api.ActionType.CLICK, "x", "Forums", 1, ""),
        -9.0, 1.0, 1.0, 1);
    assertEquals(0, CulpritLocator.exhaustedPageEntry(run, 2, 2, i -> i >= 1 ? List.of(blamedHere) : List.of(), -5),
        "this instance's runs failed on the thread before: the link that led there takes the blame");
    assertEquals(-1, CulpritLocator.exhaustedPageEntry(run, 2, 2, i -> List.of(), -5),
        "the first failure on a page stays there");
    Neighbour otherGoal = new Neighbour(1, blamedHere.action(), -9.0, 1.0, 0.6, 1);
    assertEquals(-1, CulpritLocator.exhaustedPageEntry(run, 2, 2, i -> List.of(otherGoal), -5),
        "another task's failure on that page kind is not this instance's try");
    assertEquals(-1, CulpritLocator.exhaustedPageEntry(run, 0, 0, i -> List.of(blamedHere), -5),
        "the page the run started on has no way in to blame");
    Neighbour wayInWorked = new Neighbour(2, new NormalizedAction(dev.jitrl.api.ActionType.CLICK, "x", "Read first", 1, ""),
        9.0, 1.0, 1.0, 2);
    assertEquals(-1, CulpritLocator.exhaustedPageEntry(run, 2, 2,
        i -> i == 0 ? List.of(wayInWorked) : List.of(blamedHere), -5), "a way in known to succeed is not the mistake");
    assertEquals(-1, CulpritLocator.exhaustedPageEntry(run, 0, 2, i -> List.of(blamedHere), -5),
        "a culprit off the deviation's page: the run went on from there, no backtracking");
    Observation picker = page("/forum", "Prev", "Next", "12"); // a widget opened in place: same address
    List<CulpritLocator.StepView> inPlace = List.of(
        click(start, "Open calendar", picker),
        click(picker, "Prev", picker),
        click(picker, "Next", picker));
    assertEquals(-1, CulpritLocator.exhaustedPageEntry(inPlace, 2, 2, i -> List.of(blamedHere), -5),
        "a widget's controls are searched in place, not given up after two tries");
  }

  @Test
  void deviationToAPageLeftAtOnceByNavigation_isAFailedTryWhereItWasMade() {
    Observation analytics = page("/analytics", "Traffic", "Conversion", "Reports");
    Observation traffic = page("/analytics/traffic", "Overview");
    Observation orders = page("/orders", "Order #7");
    List<CulpritLocator.StepView> run = List.of(
        click(page("/"), "Orders", orders),
        click(orders, "Customers", analytics),
        click(analytics, "Traffic", traffic), // the deviation
        click(traffic, "Home", page("/home", "Dashboard"))); // left at once by the site's navigation
    assertTrue(CulpritLocator.leftAtOnce(run, 2));
    assertFalse(CulpritLocator.leftAtOnce(run, 1), "not the deviation's page that was left");
    List<CulpritLocator.StepView> stayed = List.of(
        click(analytics, "Traffic", traffic),
        click(traffic, "Overview", page("/analytics/traffic/overview", "Export"))); // the page's own control
    assertFalse(CulpritLocator.leftAtOnce(stayed, 0), "the page offered something and the run took it");
    assertFalse(CulpritLocator.leftAtOnce(List.of(run.get(0), run.get(1), run.get(2), click(traffic, "Orders", orders)), 2),
        "back to a page the run had been on: the circle rules judge that");
    assertFalse(CulpritLocator.leftAtOnce(run, -1), "no deviation");
    assertFalse(CulpritLocator.leftAtOnce(run, 3), "the deviation was the last step");
  }

  @Test
  void noCircle_theStepWhereThePolicyHesitatedMost() {
    List<CulpritLocator.StepView> run = List.of(
        click(page("/"), "A", page("/a")),
        click(page("/a"), "B", page("/b")),
        click(page("/b"), "C", page("/c")));
    assertEquals(1, locate(run, 0.9, 0.2, 0.6));
    assertEquals(0, locate(run, 0.5, 0.5, 0.5), "ties go to the earliest step");
  }

  @Test
  void anActionMemorySawFailHalvesItsStateAndASuccessPathIsSpared() {
    List<CulpritLocator.StepView> run = List.of(
        click(page("/"), "A", page("/a")),
        click(page("/a"), "B", page("/b")));
    Neighbour workedBefore = new Neighbour(1, new NormalizedAction(dev.jitrl.api.ActionType.CLICK, "x", "A", 1, ""),
        9.0, 1.0, 1.0, 1);
    List<StepReward> rewards = List.of(new StepReward(0.5, ""), new StepReward(0.5, ""));
    List<List<String>> candidates = Arrays.asList(null, null);
    int blamed = CulpritLocator.locate(run, filled(2, 0.5), rewards,
        i -> i == 0 ? List.of(workedBefore) : List.of(), candidates, -1, -5);
    assertEquals(1, blamed, "step 0 took an action memory knows on a successful run");
  }

  @Test
  void nothingUntriedLeft_stateCannotBeBlamed() {
    List<CulpritLocator.StepView> run = List.of(
        click(page("/"), "A", page("/a")),
        click(page("/a"), "B", page("/b")));
    List<StepReward> rewards = List.of(new StepReward(0.5, ""), new StepReward(0.5, ""));
    int blamed = CulpritLocator.locate(run, new double[] {0.1, 0.9}, rewards,
        i -> List.of(), Arrays.asList(List.of("click(<x[A]>)"), null), -1, -5);
    assertEquals(1, blamed, "step 0 offered nothing but what it did");
  }

  @Test
  void branch_culpritAndItsRepeatsCarryTheFailure_otherStepsDoNot() {
    Observation order = page("/orders/7", "Cancel order");
    Observation dialog = page("/orders/7", "OK", "Cancel");
    List<CulpritLocator.StepView> run = List.of(
        click(order, "Cancel order", dialog),
        click(dialog, "Cancel", order),
        click(order, "Cancel order", dialog),
        click(dialog, "Cancel", order));
    assertArrayEquals(new boolean[] {false, true, false, true}, CulpritLocator.branch(run, 1));
  }

  @Test
  void signature_sameControlsInAnotherOrderOrWithAnotherCounter_samePage() {
    Observation a = page("/cart?x=1", "Cart (2)", "Checkout");
    Observation b = new Observation("http://site.test/cart", "", List.of(
        new Element("z", "button", "Checkout", "", ""), new Element("y", "button", "Cart (0)", "", ""),
        new Element("c", "link", "Customers", "", ""), new Element("o", "link", "Orders", "", ""),
        new Element("h", "link", "Home", "", ""), new Element("h2", "link", "Home", "", "")), "");
    assertEquals(CulpritLocator.signature(a), CulpritLocator.signature(b));
    assertEquals(false, CulpritLocator.signature(a) == CulpritLocator.signature(page("/cart", "Checkout")));
  }

  @Test
  void emptyRun_refused() {
    assertThrows(IllegalArgumentException.class, () -> locate(List.of()));
  }
}
