package dev.jitrl.host.act;

import dev.jitrl.api.Action;
import dev.jitrl.api.Element;
import dev.jitrl.host.observe.Dialogs;
import dev.jitrl.host.observe.SelectOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.UnhandledAlertException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Carries out an {@link Action} on the page last observed by {@link dev.jitrl.host.observe.PageObserver}
 * (elements are found by their {@code data-jitrl-id}) and waits for the page to settle. Never throws to the
 * agent loop: every browser failure becomes a {@link ActionResult#failed failed result} with a short message.
 */
public final class ActionExecutor {
  // Resolves once the DOM has been quiet for a short window (or at the cap), so that content a click renders
  // by script is there when the agent looks again. It waits on mutations, not on a fixed delay.
  private static final String DOM_QUIET = """
      const done = arguments[arguments.length - 1];
      const quietMs = arguments[0], capMs = arguments[1];
      let timer = null;
      const obs = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(finish, quietMs); });
      const cap = setTimeout(finish, capMs);
      function finish() { obs.disconnect(); clearTimeout(cap); clearTimeout(timer); done(true); }
      obs.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
      timer = setTimeout(finish, quietMs);
      """;

  private final WebDriver driver;
  private final Duration settleTimeout;
  /** Set by a click on a control that announces a popup: the next settle waits a pointer pause. */
  private boolean openedPopup;
  /** When the last action was carried out ({@link System#nanoTime}), for a wait counted from it; 0 before any. */
  private long lastActionNanos;
  /** Longest wait one action may ask for: a wait is a pause between actions, not a way to hang the run. */
  public static final double MAX_WAIT_SECONDS = 60;
  /**
   * Most seconds of waiting in one episode: a wait repeated by a policy or a memory that keeps choosing it fails
   * once this is spent, instead of stalling the run step after step.
   */
  public static final double EPISODE_WAIT_BUDGET_SECONDS = 60;
  private final double waitBudgetSeconds;
  private double waitedSeconds;

  public ActionExecutor(WebDriver driver, Duration settleTimeout) {
    this(driver, settleTimeout, EPISODE_WAIT_BUDGET_SECONDS);
  }

  /** With a per-episode waiting budget other than {@link #EPISODE_WAIT_BUDGET_SECONDS}. */
  public ActionExecutor(WebDriver driver, Duration settleTimeout, double episodeWaitBudgetSeconds) {
    if (!(episodeWaitBudgetSeconds >= 0)) {
      throw new IllegalArgumentException("the waiting budget must be 0 or more seconds: " + episodeWaitBudgetSeconds);
    }
    this.driver = driver;
    this.settleTimeout = settleTimeout;
    this.waitBudgetSeconds = episodeWaitBudgetSeconds;
  }

  public ActionExecutor(WebDriver driver) {
    this(driver, Duration.ofSeconds(15));
  }

  /** A new episode: its waits get the whole {@link #EPISODE_WAIT_BUDGET_SECONDS} again. */
  public void startEpisode() {
    waitedSeconds = 0;
  }

  /** Executes the action and waits for the page to settle. */
  public ActionResult execute(Action action) {
    String before = currentUrlOrEmpty();
    ActionResult result;
    openedPopup = false;
    try {
      result = perform(action);
      if (result.executed()) {
        lastActionNanos = System.nanoTime();
      }
    } catch (WebDriverException e) {
      return ActionResult.failed(shortMessage(e));
    } catch (RuntimeException e) {
      return ActionResult.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    // after a wait the next action follows at once: the wait was the pause, and its length was asked for
    if (result.executed() && !result.endsEpisode() && action.type() != dev.jitrl.api.ActionType.WAIT) {
      // after typing, pages often wait for a pause before they react (an autocomplete's suggestions)
      boolean typed = action.type() == dev.jitrl.api.ActionType.FILL || action.type() == dev.jitrl.api.ActionType.PRESS;
      boolean pointed = action.type() == dev.jitrl.api.ActionType.HOVER;
      // a menu that opens under the pointer often waits a moment first (a hover delay): the same pause as typing
      settle(before, typed || pointed || openedPopup ? TYPING_PAUSE_MS : QUIET_MS);
    }
    return result;
  }

  /** An offset from a box's middle kept at least one pixel inside a box of that size. */
  private static int clampInside(int offset, int size) {
    int half = Math.max(0, size / 2 - 1);
    return Math.max(-half, Math.min(half, offset));
  }

  private ActionResult perform(Action action) {
    switch (action.type()) {
      case CLICK -> {
        Element target = action.target().orElseThrow();
        if (Dialogs.isDialogButton(target)) {
          if (Dialogs.OK_ID.equals(target.id())) {
            driver.switchTo().alert().accept();
          } else {
            driver.switchTo().alert().dismiss();
          }
          return ActionResult.done();
        }
        WebElement el = find(target);
        if (SelectOptions.isNativeOption(target)) {
          selectOption(el.findElement(By.xpath("ancestor::select[1]")), target.name());
          return ActionResult.done();
        }
        Optional<int[]> point = action.clickPoint();
        if (point.isPresent()) {
          // a point of the box, as an offset from its middle (where Selenium's pointer moves to), kept inside it
          org.openqa.selenium.Rectangle r = el.getRect();
          int dx = clampInside((int) Math.round(r.getWidth() * (point.get()[0] / 100.0 - 0.5)), r.getWidth());
          int dy = clampInside((int) Math.round(r.getHeight() * (point.get()[1] / 100.0 - 0.5)), r.getHeight());
          new org.openqa.selenium.interactions.Actions(driver).moveToElement(el, dx, dy).click().perform();
          return ActionResult.done();
        }
        click(el);
        return ActionResult.done();
      }
      case FILL -> {
        WebElement el = find(action.target().orElseThrow());
        String tag = el.getTagName().toLowerCase(Locale.ROOT);
        String inputType = tag.equals("input") ? String.valueOf(el.getAttribute("type")).toLowerCase(Locale.ROOT) : "";
        if (FieldValues.PICKER_TYPES.contains(inputType)) {
          // the browser's own date/time widget takes keys in the user's locale order: set the value it stores instead
          Optional<String> stored = FieldValues.forInputType(inputType, action.firstArg());
          if (stored.isEmpty()) {
            return ActionResult.failed("\"" + action.firstArg() + "\" is not a " + inputType + " value");
          }
          js(SET_VALUE, el, stored.get());
          return ActionResult.done();
        }
        if (isSpinButton(el)) {
          return stepTo(el, action.firstArg());
        }
        if ("slider".equals(action.target().orElseThrow().role())) {
          return slideTo(el, action.firstArg());
        }
        if (tag.equals("input") || tag.equals("textarea")) {
          el.clear();
        } else {
          click(el);
          el.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        }
        el.sendKeys(action.firstArg());
        return ActionResult.done();
      }
      case SELECT -> {
        WebElement el = find(action.target().orElseThrow());
        if (!el.getTagName().equalsIgnoreCase("select")) {
          return ActionResult.failed("select needs a native <select>, the target is <" + el.getTagName() + ">");
        }
        selectOption(el, action.firstArg());
        return ActionResult.done();
      }
      case PRESS -> {
        CharSequence key = key(action.firstArg());
        WebElement el = find(action.target().orElseThrow());
        el.sendKeys(key);
        String pressed = action.firstArg().toLowerCase(Locale.ROOT);
        if (pressed.startsWith("control+") || pressed.startsWith("ctrl+")) {
          // the caret at the text's end (or start) shows the last (first) line; the box is scrolled all the way,
          // as a person would see it after dragging its scroll bar to that end
          boolean end = pressed.endsWith("+end");
          boolean home = pressed.endsWith("+home");
          if (end || home) {
            js("const el = arguments[0]; if (el.scrollHeight > el.clientHeight) el.scrollTop = arguments[1] ? el.scrollHeight : 0;",
                el, end);
          }
        }
        return ActionResult.done();
      }
      case SCROLL -> {
        String dir = action.firstArg().toLowerCase(Locale.ROOT);
        if (!dir.equals("up") && !dir.equals("down")) {
          return ActionResult.failed("scroll direction must be up or down, not " + action.firstArg());
        }
        js("window.scrollBy(0, (arguments[0] ? -1 : 1) * window.innerHeight * 0.9);", dir.equals("up"));
        return ActionResult.done();
      }
      case GOTO -> {
        String url = action.firstArg();
        String scheme = URI.create(url).getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
          return ActionResult.failed("goto accepts only http(s) addresses: " + url);
        }
        dismissOpenDialog(); // a dialog left open (by the last episode, say) would block the navigation
        driver.get(url);
        return ActionResult.done();
      }
      case ANSWER -> {
        return ActionResult.answered(action.firstArg());
      }
      case HIGHLIGHT -> {
        Object found = js(HIGHLIGHT_TEXT, action.firstArg());
        return Boolean.TRUE.equals(found) ? ActionResult.done()
            : ActionResult.failed("no text on the page reads \""
                + (action.firstArg().length() > 60 ? action.firstArg().substring(0, 57) + "..." : action.firstArg()) + "\"");
      }
      case HOVER -> {
        WebElement el = find(action.target().orElseThrow());
        js(SCROLL_TO, el);
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(el).perform();
        return ActionResult.done();
      }
      case WAIT -> {
        return waitAfterLastAction(action.firstArg());
      }
      case DRAG -> {
        Optional<int[]> stroke = action.strokePoints();
        if (stroke.isPresent()) {
          return stroke(find(action.target().orElseThrow()), stroke.get());
        }
        return drag(find(action.target().orElseThrow()), action.firstArg());
      }
      default -> {
        return ActionResult.failed("unsupported action " + action.type());
      }
    }
  }

  /**
   * Waits until the given number of seconds has passed since the last action was carried out (at once if it already
   * has): "click A, wait 2 seconds, click B" then puts the 2 seconds between the clicks, not after the time spent
   * deciding. Refuses what is not a number from 0 to {@link #MAX_WAIT_SECONDS}.
   */
  private ActionResult waitAfterLastAction(String seconds) {
    double s;
    try {
      s = Double.parseDouble(seconds.strip());
    } catch (NumberFormatException e) {
      return ActionResult.failed("wait needs a number of seconds, not \"" + seconds + "\"");
    }
    if (!(s >= 0 && s <= MAX_WAIT_SECONDS)) {
      return ActionResult.failed("wait takes 0 to " + (int) MAX_WAIT_SECONDS + " seconds, not " + seconds);
    }
    if (waitedSeconds + s > waitBudgetSeconds) {
      return ActionResult.failed("this episode has already waited " + waitedSeconds + " s; its waiting budget is "
          + waitBudgetSeconds + " s");
    }
    waitedSeconds += s;
    long from = lastActionNanos == 0 ? System.nanoTime() : lastActionNanos;
    long until = from + (long) (s * 1e9);
    try {
      for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
        Thread.sleep(Math.max(1, left / 1_000_000)); // the pause is the action itself
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ActionResult.failed("the wait was interrupted");
    }
    return ActionResult.done();
  }

  private static final String SET_VALUE = """
      const el = arguments[0];
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      setter.call(el, arguments[1]);
      el.dispatchEvent(new Event('input', {bubbles: true}));
      el.dispatchEvent(new Event('change', {bubbles: true}));
      """;
  /** Most steps a spin button is stepped through to reach a value. */
  static final int MAX_SPIN_STEPS = 200;

  private static boolean isSpinButton(WebElement el) {
    String role = el.getAttribute("role");
    return "spinbutton".equalsIgnoreCase(role) || "number".equalsIgnoreCase(el.getAttribute("type"));
  }

  /**
   * Types the number into a spin button; when the field ignores typed keys (a widget that allows only its
   * arrows), steps there with the arrow keys as a person would, one press at a time, checking the value.
   */
  private ActionResult stepTo(WebElement el, String value) {
    double target;
    try {
      target = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      return ActionResult.failed("\"" + value + "\" is not a number for a spin button");
    }
    el.clear();
    el.sendKeys(value.strip());
    for (int i = 0; i < MAX_SPIN_STEPS; i++) {
      Optional<Double> now = number(el.getAttribute("value"));
      if (now.isPresent() && now.get() == target) {
        return ActionResult.done();
      }
      double current = now.orElse(0.0);
      el.sendKeys(current < target ? Keys.ARROW_UP : Keys.ARROW_DOWN);
      Optional<Double> after = number(el.getAttribute("value"));
      if (after.isPresent() && now.isPresent() && after.get().equals(now.get())) {
        return ActionResult.failed("the spin button stays at " + now.get() + " and cannot reach " + value);
      }
    }
    return ActionResult.failed("the spin button did not reach " + value + " in " + MAX_SPIN_STEPS + " steps");
  }

  // What a slider is set to, read as the observer reads it
  private static final String SLIDER_VALUE =
      dev.jitrl.host.observe.PageObserver.sliderFunctions() + "return sliderValue(arguments[0]);";

  /**
   * Moves a slider to a number with the arrow keys, one step at a time, reading where it is after each press (a
   * person watching the readout). Fails when the slider shows no value, does not move, or is not there in
   * {@link #MAX_SPIN_STEPS} presses.
   */
  private ActionResult slideTo(WebElement el, String value) {
    double target;
    try {
      target = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      return ActionResult.failed("\"" + value + "\" is not a number for a slider");
    }
    js(SCROLL_TO, el);
    for (int i = 0; i <= MAX_SPIN_STEPS; i++) {
      Optional<Double> now = number(String.valueOf(js(SLIDER_VALUE, el)));
      if (now.isEmpty()) {
        return ActionResult.failed("the slider shows no value to move it by");
      }
      if (Math.abs(now.get() - target) < 1e-9) {
        return ActionResult.done();
      }
      el.sendKeys(now.get() < target ? Keys.ARROW_RIGHT : Keys.ARROW_LEFT);
      Optional<Double> after = number(String.valueOf(js(SLIDER_VALUE, el)));
      if (after.equals(now)) {
        return ActionResult.failed("the slider stays at " + now.get() + " and cannot reach " + value);
      }
      if (after.isPresent() && (after.get() - target) * (now.get() - target) < 0) {
        return ActionResult.failed("the slider steps over " + value + " (from " + now.get() + " to " + after.get() + ")");
      }
    }
    return ActionResult.failed("the slider did not reach " + value + " in " + MAX_SPIN_STEPS + " steps");
  }

  private static Optional<Double> number(String s) {
    try {
      return s == null || s.isBlank() ? Optional.empty() : Optional.of(Double.parseDouble(s.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private WebElement find(Element target) {
    return driver.findElement(By.cssSelector("[data-jitrl-id=\"" + target.id().replace("\"", "") + "\"]"));
  }

  // scrolls the target into view and says whether it announces a popup (a submenu, a listbox) it opens
  /** Pointer moves between picking an element up and dropping it: drag libraries follow the pointer's path. */
  static final int DRAG_MOVES = 8;
  /** Pixels of the last move past the destination's centre. */
  static final int DRAG_NUDGE = 3;

  /**
   * Drags {@code from} onto the element with id {@code toId}: with the pointer (press, a few moves that a drag
   * library follows, release over where the destination's centre was), or, for an element the page marks {@code
   * draggable="true"}, with the drag events the browser would send (a pointer cannot start a native drag here).
   */
  private ActionResult drag(WebElement from, String toId) {
    if (toId.isBlank()) {
      return ActionResult.failed("drag needs a destination");
    }
    if (Action.DIRECTIONS.contains(toId)) {
      return dragBy(from, toId);
    }
    java.util.List<WebElement> found =
        driver.findElements(By.cssSelector("[data-jitrl-id=\"" + toId.replace("\"", "") + "\"]"));
    if (found.isEmpty()) {
      return ActionResult.failed("the drag's destination " + toId + " is not on the page");
    }
    WebElement to = found.get(0);
    js(SCROLL_TO, from);
    if ("true".equals(from.getAttribute("draggable"))) {
      js(NATIVE_DRAG, from, to);
      return ActionResult.done();
    }
    org.openqa.selenium.Rectangle a = from.getRect();
    org.openqa.selenium.Rectangle b = to.getRect();
    int dx = (b.getX() + b.getWidth() / 2) - (a.getX() + a.getWidth() / 2);
    int dy = (b.getY() + b.getHeight() / 2) - (a.getY() + a.getHeight() / 2);
    org.openqa.selenium.interactions.Actions moves = new org.openqa.selenium.interactions.Actions(driver)
        .moveToElement(from).clickAndHold().pause(Duration.ofMillis(50));
    glide(moves, dx, dy, 20);
    // a last small move on in the same direction: a sortable list puts the dragged item past the one under the
    // pointer only on a move that goes beyond its middle; released there, where the destination stood when the drag
    // began (the list moves its items aside as the dragged one passes, and following the destination would undo it)
    moves.moveByOffset(Integer.signum(dx) * DRAG_NUDGE, Integer.signum(dy) * DRAG_NUDGE).pause(Duration.ofMillis(100))
        .release().perform();
    return ActionResult.done();
  }

  /** Adds a move of the held pointer by (dx, dy) in {@link #DRAG_MOVES} even steps, a pause after each. */
  private static void glide(org.openqa.selenium.interactions.Actions moves, int dx, int dy, int pauseMillis) {
    int doneX = 0;
    int doneY = 0;
    for (int i = 1; i <= DRAG_MOVES; i++) {
      int x = dx * i / DRAG_MOVES;
      int y = dy * i / DRAG_MOVES;
      moves.moveByOffset(x - doneX, y - doneY).pause(Duration.ofMillis(pauseMillis));
      doneX = x;
      doneY = y;
    }
  }

  /** Presses at the stroke's first point of the box, moves to its second in small steps, and lets go. */
  private ActionResult stroke(WebElement el, int[] p) {
    js(SCROLL_TO, el);
    org.openqa.selenium.Rectangle r = el.getRect();
    int x0 = clampInside((int) Math.round(r.getWidth() * (p[0] / 100.0 - 0.5)), r.getWidth());
    int y0 = clampInside((int) Math.round(r.getHeight() * (p[1] / 100.0 - 0.5)), r.getHeight());
    int x1 = clampInside((int) Math.round(r.getWidth() * (p[2] / 100.0 - 0.5)), r.getWidth());
    int y1 = clampInside((int) Math.round(r.getHeight() * (p[3] / 100.0 - 0.5)), r.getHeight());
    org.openqa.selenium.interactions.Actions moves = new org.openqa.selenium.interactions.Actions(driver)
        .moveToElement(el, x0, y0).clickAndHold().pause(Duration.ofMillis(30));
    glide(moves, x1 - x0, y1 - y0, 15);
    moves.release().perform();
    return ActionResult.done();
  }

  /** How far a drag by a direction goes: the element's own size in that direction, at least this many pixels. */
  public static final int DRAG_BY_MIN = 40;

  /** Picks the element up at its middle and drops it its own size (at least {@link #DRAG_BY_MIN} px) that way. */
  private ActionResult dragBy(WebElement from, String direction) {
    js(SCROLL_TO, from);
    org.openqa.selenium.Rectangle a = from.getRect();
    int dx = switch (direction) {
      case "left" -> -Math.max(DRAG_BY_MIN, a.getWidth());
      case "right" -> Math.max(DRAG_BY_MIN, a.getWidth());
      default -> 0;
    };
    int dy = switch (direction) {
      case "up" -> -Math.max(DRAG_BY_MIN, a.getHeight());
      case "down" -> Math.max(DRAG_BY_MIN, a.getHeight());
      default -> 0;
    };
    // the pointer stays inside the window (a grip near its edge is dragged as far as the window lets it)
    Object room = js("const r = arguments[0].getBoundingClientRect(); const x = r.left + r.width / 2,"
        + " y = r.top + r.height / 2; return [x - 1, innerWidth - x - 2, y - 1, innerHeight - y - 2];", from);
    if (room instanceof java.util.List<?> l && l.size() == 4) {
      dx = dx < 0 ? -Math.min(-dx, (int) ((Number) l.get(0)).doubleValue()) : Math.min(dx, (int) ((Number) l.get(1)).doubleValue());
      dy = dy < 0 ? -Math.min(-dy, (int) ((Number) l.get(2)).doubleValue()) : Math.min(dy, (int) ((Number) l.get(3)).doubleValue());
    }
    org.openqa.selenium.interactions.Actions moves = new org.openqa.selenium.interactions.Actions(driver)
        .moveToElement(from).clickAndHold().pause(Duration.ofMillis(50));
    glide(moves, dx, dy, 20);
    moves.pause(Duration.ofMillis(50)).release().perform();
    return ActionResult.done();
  }

  /**
   * Selects the page's text. Text a field holds first (a text area's or a text input's value, a rich-text editor's
   * contents: what a page styles or copies is mostly there), whitespace aside; else the contents of the innermost
   * element whose visible text reads as given, else the first text node holding it. Returns whether it found the
   * text.
   */
  private static final String HIGHLIGHT_TEXT = """
      const want = arguments[0].replace(/\\s+/g, ' ').trim();
      const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
      const sel = window.getSelection();
      const raw = arguments[0].trim();
      const bare = want.replace(/\\s+/g, '');
      const visible = (el) => el.getClientRects().length > 0;
      for (const el of document.querySelectorAll('textarea, input')) {
        if (!visible(el) || el.disabled || (el.tagName === 'INPUT' && !/^(text|search|email|url|tel)?$/.test(el.type))) continue;
        const at = el.value.indexOf(raw);
        if (at < 0) continue;
        el.focus();
        el.setSelectionRange(at, at + raw.length);
        el.dispatchEvent(new Event('select', {bubbles: true}));
        return true;
      }
      for (const root of document.querySelectorAll('[contenteditable]')) {
        if (!root.isContentEditable || (root.parentElement && root.parentElement.isContentEditable) || !visible(root)) continue;
        // each non-space character of its text, with the text node and offset it sits at
        const chars = [];
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walk.nextNode()) !== null) {
          for (let i = 0; i < node.nodeValue.length; i++) {
            if (!/\\s/.test(node.nodeValue[i])) chars.push([node.nodeValue[i], node, i]);
          }
        }
        const at = chars.map((c) => c[0]).join('').indexOf(bare);
        if (bare.length === 0 || at < 0) continue;
        root.focus();
        const range = document.createRange();
        range.setStart(chars[at][1], chars[at][2]);
        range.setEnd(chars[at + bare.length - 1][1], chars[at + bare.length - 1][2] + 1);
        sel.removeAllRanges();
        sel.addRange(range);
        document.dispatchEvent(new Event('selectionchange'));
        return true;
      }
      let best = null;
      for (const el of document.body.querySelectorAll('*')) {
        if (norm(el.innerText) === want && (best === null || best.contains(el))) best = el;
      }
      const range = document.createRange();
      if (best !== null) {
        range.selectNodeContents(best);
      } else {
        const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let node = null;
        while ((node = walk.nextNode()) !== null) {
          const at = node.nodeValue.indexOf(raw);
          if (at >= 0) { range.setStart(node, at); range.setEnd(node, at + raw.length); break; }
        }
        if (node === null) return false;
      }
      sel.removeAllRanges();
      sel.addRange(range);
      document.dispatchEvent(new Event('selectionchange'));
      return true;""";

  private static final String NATIVE_DRAG = """
      const [src, dst] = arguments;
      const data = new DataTransfer();
      const fire = (el, type) => el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));
      fire(src, 'dragstart'); fire(dst, 'dragenter'); fire(dst, 'dragover'); fire(dst, 'drop'); fire(src, 'dragend');""";

  private static final String SCROLL_TO = """
      const el = arguments[0];
      el.scrollIntoView({block: 'center', inline: 'center'});
      const popup = el.getAttribute('aria-haspopup');
      return popup !== null && popup !== 'false';
      """;

  /** Where the element's middle is now, and whether the element is what the page shows there. */
  private static final String MIDDLE = """
      const el = arguments[0];
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      const at = document.elementFromPoint(x, y);
      return [x, y, at !== null && (at === el || el.contains(at))];""";

  /** Pointer moves at most, for a target to stay where the pointer rests. */
  static final int SETTLE_MOVES = 3;

  private void click(WebElement el) {
    openedPopup = Boolean.TRUE.equals(js(SCROLL_TO, el));
    settleUnderPointer(el);
    try {
      el.click();
    } catch (ElementClickInterceptedException e) {
      // another element (an overlay, a sticky header) covers the target: click it the way a script would
      js("arguments[0].click();", el);
    }
  }

  /**
   * Rests the pointer on the element until the element stays under it. A list may lay itself out again when the
   * pointer enters an entry (the highlighted entry's border re-wraps a long neighbour), and the press that follows
   * then lands on whatever moved under the pointer: an autocomplete list picked the entry above the one asked for.
   * Each move goes to the element's middle as it is now; the element has settled when its middle did not move and the
   * page shows it there. The click that follows goes to that same point, so the pointer does not move again. An
   * element that something covers is left to the click (which reports or works round the cover): resting the pointer
   * on the cover would act on it.
   */
  private void settleUnderPointer(WebElement el) {
    try {
      List<?> before = (List<?>) js(MIDDLE, el);
      if (before == null || !Boolean.TRUE.equals(before.get(2))) {
        return; // something covers it (an open list over a field): pointing there would act on the cover
      }
      for (int i = 0; i < SETTLE_MOVES; i++) {
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(el).perform();
        List<?> after = (List<?>) js(MIDDLE, el);
        if (after == null || (Boolean.TRUE.equals(after.get(2)) && samePoint(before, after))) {
          return;
        }
        before = after;
      }
    } catch (WebDriverException | ClassCastException e) {
      // not hoverable (hidden, zero-sized, gone): the click reports what is wrong
    }
  }

  private static boolean samePoint(List<?> a, List<?> b) {
    return Math.abs(((Number) a.get(0)).doubleValue() - ((Number) b.get(0)).doubleValue()) < 1
        && Math.abs(((Number) a.get(1)).doubleValue() - ((Number) b.get(1)).doubleValue()) < 1;
  }

  private static void selectOption(WebElement select, String label) {
    Select s = new Select(select);
    s.selectByVisibleText(label);
  }

  /**
   * A key by name ({@code Enter}, {@code ArrowDown}, {@code PageUp}), a single character, or a chord of modifiers and
   * one key joined by {@code +} ({@code Control+End}: the end of a text field's text, scrolled into view).
   */
  static CharSequence key(String name) {
    if (name.length() == 1) {
      return name;
    }
    if (name.indexOf('+') > 0 && name.indexOf('+') < name.length() - 1) {
      String[] parts = name.split("\\+");
      CharSequence[] keys = new CharSequence[parts.length];
      for (int i = 0; i < parts.length; i++) {
        keys[i] = key(parts[i].strip());
      }
      return Keys.chord(keys);
    }
    String constant = name.strip()
        .replaceAll("([a-z])([A-Z])", "$1_$2")
        .replace('-', '_')
        .replace(' ', '_')
        .toUpperCase(Locale.ROOT);
    if (constant.equals("ESC")) {
      constant = "ESCAPE";
    } else if (constant.equals("CTRL")) {
      constant = "CONTROL";
    }
    try {
      return Keys.valueOf(constant);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown key " + name);
    }
  }

  private void dismissOpenDialog() {
    try {
      driver.switchTo().alert().dismiss();
    } catch (org.openqa.selenium.NoAlertPresentException e) {
      // nothing open: the usual case
    }
  }

  /** The DOM is settled when it has been quiet this long. */
  static final int QUIET_MS = 80;
  /** After typing, the quiet window is a typing pause: debounced widgets (suggestions) react within it. */
  static final int TYPING_PAUSE_MS = 450;

  /** Waits until the document is complete (the new one, if the action navigated) and the DOM is quiet. */
  private void settle(String urlBefore, int quietMs) {
    try {
      WebDriverWait wait = new WebDriverWait(driver, settleTimeout);
      wait.until(d -> "complete".equals(js("return document.readyState;")));
      if (!urlBefore.equals(currentUrlOrEmpty())) {
        wait.until(d -> "complete".equals(js("return document.readyState;")));
      }
      ((JavascriptExecutor) driver).executeAsyncScript(DOM_QUIET, quietMs, 1500 + quietMs);
    } catch (UnhandledAlertException e) {
      // a dialog opened: the page waits for the agent, nothing more to settle
    } catch (WebDriverException e) {
      // the page never settled within the bound; the next observation shows whatever is there
    }
  }

  private String currentUrlOrEmpty() {
    try {
      return driver.getCurrentUrl();
    } catch (WebDriverException e) {
      return "";
    }
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  static String shortMessage(WebDriverException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    m = nl < 0 ? m : m.substring(0, nl);
    if (m.length() > 160) {
      m = m.substring(0, 157) + "...";
    }
    return e.getClass().getSimpleName() + ": " + m;
  }
}
