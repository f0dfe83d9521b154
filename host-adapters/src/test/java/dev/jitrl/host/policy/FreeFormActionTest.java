package dev.jitrl.host.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model's own action in BrowserGym syntax: read leniently, checked strictly against the page. */
class FreeFormActionTest {
  private static final Observation PAGE = new Observation("http://127.0.0.1/shop", "Shop", List.of(
      new Element("e0", "textbox", "Search products", "", ""),
      new Element("e1", "link", "Cart (2)", "Cart (2)", ""),
      new Element("e2", "combobox", "Shipping", "", "Standard"),
      new Element("e2.0", "option", "Standard", "Standard", "true"),
      new Element("e2.1", "option", "Express", "Express", "false")), "Welcome");

  private static Action ok(String reply) {
    FreeFormAction.Parsed p = FreeFormAction.parse(reply, PAGE);
    assertTrue(p.action().isPresent(), reply + " was refused: " + p.reason());
    return p.action().get();
  }

  private static String refused(String reply) {
    FreeFormAction.Parsed p = FreeFormAction.parse(reply, PAGE);
    assertTrue(p.action().isEmpty(), reply + " was accepted as " + p.action());
    return p.reason();
  }

  @Test
  void parse_eachVerb_becomesTheActionOnThePagesElement() {
    Action click = ok("click(\"e1\")");
    assertEquals(ActionType.CLICK, click.type());
    assertEquals("Cart (2)", click.target().orElseThrow().name());
    Action fill = ok("fill('e0', 'usb \\'c\\' cable')");
    assertEquals("usb 'c' cable", fill.firstArg());
    assertEquals("Express", ok("select_option(\"e2\", \"express\")").firstArg(), "the option as the list spells it");
    assertEquals("Enter", ok("press(\"e0\", \"Enter\")").firstArg());
    assertEquals("up", ok("scroll(0, -300)").firstArg());
    assertEquals("down", ok("scroll(0, 250.5)").firstArg());
    assertEquals("https://shop.example/cart", ok("goto(\"https://shop.example/cart\")").firstArg());
    assertEquals(ActionType.ANSWER, ok("send_msg_to_user(\"$12.99\")").type());
    Action hover = ok("hover(\"e1\")");
    assertEquals(ActionType.HOVER, hover.type());
    assertEquals("e1", hover.target().orElseThrow().id());
    assertEquals(Action.waitSeconds("1.5"), ok("noop(1500)"), "a wait in milliseconds becomes seconds");
    assertEquals(Action.waitSeconds("1"), ok("noop()"), "BrowserGym's default wait");
  }

  @Test
  void parse_dragAndDrop_onlyADraggableOntoAnotherElementOfThePage() {
    Element card = new Element("e5", "draggable", "Invoice", "Invoice", "");
    Element done = new Element("e6", "droptarget", "Done", "Done", "");
    Observation board = new Observation("http://127.0.0.1/board", "Board", List.of(card, done), "To do Done");
    FreeFormAction.Parsed p = FreeFormAction.parse("drag_and_drop(\"e5\", \"e6\")", board);
    assertEquals(Action.drag(card, done), p.action().orElseThrow(() -> new AssertionError(p.reason())));
    assertTrue(FreeFormAction.parse("drag_and_drop(\"e6\", \"e5\")", board).reason().contains("cannot be dragged"));
    assertTrue(FreeFormAction.parse("drag_and_drop(\"e5\", \"e5\")", board).reason().contains("onto itself"));
    assertTrue(FreeFormAction.parse("drag_and_drop(\"e5\", \"e9\")", board).reason().contains("no element \"e9\""));
    assertTrue(FreeFormAction.parse("drag_and_drop(\"e5\")", board).reason().contains("needs the ids"));
  }

  @Test
  void parse_aCallInProseOrBackticks_isFound() {
    assertEquals("e1", ok("I will open the cart.\n`click(\"e1\")`").target().orElseThrow().id());
    assertEquals("e1", ok("```\nclick(\"e1\")\n```").target().orElseThrow().id());
  }

  @Test
  void parse_whatThePageDoesNotAllow_isRefusedWithAReason() {
    assertTrue(refused("click(\"e9\")").contains("no element \"e9\""));
    assertTrue(refused("fill(\"e1\", \"x\")").contains("takes no typed text"));
    assertTrue(refused("fill(\"e0\", \"\")").contains("needs the text"));
    assertTrue(refused("select_option(\"e2\", \"Overnight\")").contains("no option \"Overnight\""));
    assertTrue(refused("goto(\"javascript:alert(1)\")").contains("only http(s)"));
    assertTrue(refused("scroll(0, 0)").contains("dy not 0"));
    assertTrue(refused("The best action is the cart link.").contains("no action call"));
    assertTrue(refused("fill(\"e0\", \"never closed)").contains("not closed"));
    assertTrue(refused("hover(\"e9\")").contains("no element \"e9\""));
    assertTrue(refused("noop(600000)").contains("0 to 60000"), "an hour-long wait is not a step");
    assertTrue(refused("noop(\"soon\")").contains("milliseconds"));
    assertTrue(refused("drag(\"e1\", \"e0\")").contains("no action call"));
  }
}
