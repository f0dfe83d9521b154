package dev.jitrl.host.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.observe.PageObserver;
import dev.jitrl.host.testing.Browsers;
import dev.jitrl.host.testing.FixtureSite;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/** Hover and wait in a real headless Chromium: what the page sees of them, and what they refuse. */
class ActionExecutorTest {
  private static FixtureSite site;
  private static ChromiumBrowser browser;

  @BeforeAll
  static void start() throws Exception {
    site = new FixtureSite()
        .page("/hover", "<html><body><button id=b>Tip</button><div id=log></div><script>"
            + "const b = document.getElementById('b'), log = document.getElementById('log');"
            + "b.addEventListener('mouseenter', () => log.textContent += 'enter ');"
            + "b.addEventListener('click', () => log.textContent += 'click ');</script></body></html>")
        // a list that makes room for a hint above it while the pointer rests on an entry (as a menu re-wraps its
        // entries when one is highlighted): the entry the pointer entered moves down, under it comes the one before
        .page("/shifting", "<html><body style='margin:0'><div id=hint style='display:none;height:24px'>hint</div>"
            + "<ul id=list role=listbox style='margin:0;padding:0;list-style:none'>"
            + "<li role=option style='height:24px;cursor:pointer'>Alpha</li><li role=option style='height:24px;cursor:pointer'>Bravo</li><li role=option style='height:24px;cursor:pointer'>Charlie</li>"
            + "</ul><div id=picked></div><script>"
            + "const hint = document.getElementById('hint');"
            + "for (const li of document.querySelectorAll('li')) {"
            + "  li.addEventListener('mouseenter', () => { hint.style.display = 'block'; });"
            + "  li.addEventListener('click', () => { document.getElementById('picked').textContent = li.textContent; });"
            + "}</script></body></html>")
        // an open list that covers the button below it, and notes when the pointer enters one of its entries
        .page("/covered", "<html><body style='margin:0'><button id=b style='margin-top:40px'>Departure</button>"
            + "<ul id=list style='position:absolute;top:20px;left:0;margin:0;padding:0;background:#fff;list-style:none'>"
            + "<li role=option style='height:60px;width:200px;cursor:pointer'>Washington</li></ul><div id=log></div><script>"
            + "const log = document.getElementById('log');"
            + "document.querySelector('li').addEventListener('mouseenter', () => log.textContent += 'entered ');"
            + "document.getElementById('b').addEventListener('click', () => log.textContent += 'clicked ');"
            + "</script></body></html>")
        .page("/editor", "<html><body><p id=goal>Give the text <b>magna.</b> the style bold</p>"
            + "<div id=ed contenteditable=true><p>Ac <i>con</i>gue magna.</p></div>"
            + "<textarea id=ta>one two three</textarea></body></html>")
        .page("/clock", "<html><body><button id=one>ONE</button><button id=two>TWO</button><script>"
            + "window.times = [];"
            + "for (const b of document.querySelectorAll('button')) b.onclick = () => times.push(performance.now());"
            + "</script></body></html>");
    browser = Browsers.launch();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (site != null) {
      site.close();
    }
  }

  private static Element named(Observation o, String name) {
    return o.elements().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) browser.driver()).executeScript(script);
  }

  @Test
  void hover_movesThePointerOverTheElement_withoutClickingIt() {
    ActionExecutor executor = new ActionExecutor(browser.driver(), Duration.ofSeconds(5));
    browser.driver().get(site.url("/hover"));
    Observation o = new PageObserver(browser.driver()).observe();
    ActionResult r = executor.execute(Action.hover(named(o, "Tip")));
    assertTrue(r.executed(), r.toString());
    assertEquals("enter", String.valueOf(js("return document.getElementById('log').textContent.trim();")));
  }

  @Test
  void click_anEntryThatMovesWhenThePointerEntersIt_clicksThatEntry_notTheOneThatMovedUnderThePointer() {
    ActionExecutor executor = new ActionExecutor(browser.driver(), Duration.ofSeconds(5));
    for (String name : new String[] {"Bravo", "Charlie"}) {
      browser.driver().get(site.url("/shifting"));
      Observation o = new PageObserver(browser.driver()).observe();
      assertTrue(executor.execute(Action.click(named(o, name))).executed());
      assertEquals(name, String.valueOf(js("return document.getElementById('picked').textContent;")));
    }
  }

  @Test
  void click_aControlAListCovers_doesNotRestThePointerOnTheList() {
    ActionExecutor executor = new ActionExecutor(browser.driver(), Duration.ofSeconds(5));
    browser.driver().get(site.url("/covered"));
    Observation o = new PageObserver(browser.driver()).observe();
    assertTrue(executor.execute(Action.click(named(o, "Departure"))).executed());
    assertEquals("clicked", String.valueOf(js("return document.getElementById('log').textContent.trim();")));
  }

  @Test
  void highlight_selectsTextAFieldHolds_beforeTheSameWordsElsewhere_acrossTheEditorsFormatting() {
    ActionExecutor executor = new ActionExecutor(browser.driver(), Duration.ofSeconds(5));
    browser.driver().get(site.url("/editor"));
    String where = "const s = window.getSelection(); const n = s.anchorNode;"
        + " return (n.nodeType === 3 ? n.parentElement : n).closest('[id]').id + ':' + s.toString();";
    assertTrue(executor.execute(Action.highlight("magna.")).executed());
    assertEquals("ed:magna.", String.valueOf(js(where)), "the editor's words, not the goal's");
    assertTrue(executor.execute(Action.highlight("congue")).executed());
    assertEquals("ed:congue", String.valueOf(js(where)), "a word the editor styles in part");
    assertTrue(executor.execute(Action.highlight("two")).executed());
    assertEquals("ta:4-7", String.valueOf(js("const t = document.activeElement;"
        + " return t.id + ':' + t.selectionStart + '-' + t.selectionEnd;")));
    assertTrue(executor.execute(Action.highlight("the style bold")).executed());
    assertEquals("goal:the style bold", String.valueOf(js(where)), "text no field holds: the page's");
    assertFalse(executor.execute(Action.highlight("absent words")).executed());
  }

  @Test
  void wait_putsTheSecondsBetweenThePreviousActionAndTheNext() {
    ActionExecutor executor = new ActionExecutor(browser.driver(), Duration.ofSeconds(5));
    executor.startEpisode();
    browser.driver().get(site.url("/clock"));
    Observation o = new PageObserver(browser.driver()).observe();
    assertTrue(executor.execute(Action.click(named(o, "ONE"))).executed());
    assertTrue(executor.execute(Action.waitSeconds("0.7")).executed());
    assertTrue(executor.execute(Action.click(named(o, "TWO"))).executed());
    double gap = ((Number) js("return window.times[1] - window.times[0];")).doubleValue();
    assertTrue(gap >= 700, "the clicks were " + gap + " ms apart");
  }

  @Test
  void wait_whatIsNotASpanOfTime_orBeyondTheEpisodesBudget_isRefusedWithAReason() {
    ActionExecutor executor = new ActionExecutor(browser.driver(), Duration.ofSeconds(5), 0.5);
    executor.startEpisode();
    assertTrue(executor.execute(Action.waitSeconds("soon")).error().orElseThrow().contains("number of seconds"));
    assertTrue(executor.execute(Action.waitSeconds("-1")).error().orElseThrow().contains("0 to 60"));
    assertTrue(executor.execute(Action.waitSeconds("61")).error().orElseThrow().contains("0 to 60"));
    assertTrue(executor.execute(Action.waitSeconds("0.3")).executed());
    ActionResult over = executor.execute(Action.waitSeconds("0.3"));
    assertFalse(over.executed(), "a second wait would pass the 0.5 s budget");
    assertTrue(over.error().orElseThrow().contains("waiting budget"), over.toString());
    executor.startEpisode();
    assertTrue(executor.execute(Action.waitSeconds("0.3")).executed(), "a new episode has its budget again");
  }
}
