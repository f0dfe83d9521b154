package dev.jitrl.host.observe;

import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.host.browser.BrowserException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.UnhandledAlertException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chromium.HasCdp;
import org.slf4j.LoggerFactory;

/**
 * Observes a page with one script call: the visible, enabled interactive elements (links, buttons, fields,
 * selects with their options, checkboxes, ARIA widgets and elements that are clickable only through a click
 * handler — an {@code onclick}, or a listener added by a script, tracked in Chromium by {@code click-tracker.js}
 * — or a pointer cursor), each tagged in the DOM with a {@code data-jitrl-id} for this observation,
 * plus the URL, the title and a bounded excerpt of the visible text. An open alert/confirm is observed as a
 * dialog with two buttons ({@link Dialogs}).
 */
public final class PageObserver {
  /** Default bound on elements per observation, so that a huge page stays fast. */
  public static final int DEFAULT_MAX_ELEMENTS = 500;
  /** Default bound on the page-text excerpt. */
  public static final int DEFAULT_MAX_TEXT = 2_000;

  private static final String ICONS = loadScript("icons.js");
  private static final String SLIDERS = loadScript("slider.js");
  private static final String SCRIPT = ICONS + SLIDERS + loadScript("observe.js");
  private static final String CLICK_TRACKER = loadScript("click-tracker.js");

  private final WebDriver driver;
  private final int maxElements;
  private final int maxText;
  private String lastUrl = "about:blank";

  public PageObserver(WebDriver driver, int maxElements, int maxText) {
    this.driver = driver;
    if (maxElements < 1) {
      throw new IllegalArgumentException("maxElements must be >= 1 but was " + maxElements);
    }
    if (maxText < 0) {
      throw new IllegalArgumentException("maxText must be >= 0 but was " + maxText);
    }
    this.maxElements = maxElements;
    this.maxText = maxText;
    installClickTracker(driver);
  }

  /**
   * Has Chromium run {@code click-tracker.js} before the scripts of every page loaded from now on, so that
   * elements given a click listener by a script are observed as clickable. Without CDP (another browser) the
   * observer still sees {@code onclick} handlers and pointer cursors.
   */
  private static void installClickTracker(WebDriver driver) {
    if (driver instanceof HasCdp cdp) {
      try {
        cdp.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CLICK_TRACKER));
      } catch (WebDriverException e) {
        LoggerFactory.getLogger(PageObserver.class).warn("cannot track click listeners: {}", firstLine(e));
      }
    }
  }

  public PageObserver(WebDriver driver) {
    this(driver, DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_TEXT);
  }

  /** The current page. */
  public Observation observe() {
    return snapshot().observation();
  }

  /**
   * The current page with timing.
   *
   * @throws BrowserException if the browser does not answer at all
   */
  public Snapshot snapshot() {
    long start = System.nanoTime();
    Object raw;
    try {
      raw = ((JavascriptExecutor) driver).executeScript(SCRIPT, maxElements, maxText);
    } catch (UnhandledAlertException e) {
      return dialogSnapshot(start);
    } catch (WebDriverException e) {
      if (dialogText() != null) {
        return dialogSnapshot(start);
      }
      throw new BrowserException("observing the page failed: " + firstLine(e), e);
    }
    if (!(raw instanceof Map<?, ?> map)) {
      throw new BrowserException("the observer script returned " + raw);
    }
    String url = blankTo(String.valueOf(map.get("url")), "about:blank");
    lastUrl = url;
    List<Element> elements = new ArrayList<>();
    Object list = map.get("elements");
    if (list instanceof List<?> rows) {
      for (Object row : rows) {
        List<?> r = (List<?>) row;
        boolean secret = r.size() > 5 && Boolean.TRUE.equals(r.get(5));
        elements.add(new Element(str(r.get(0)), str(r.get(1)), str(r.get(2)), str(r.get(3)), str(r.get(4)), secret));
      }
    }
    Observation o = new Observation(url, str(map.get("title")), elements, str(map.get("text")));
    return new Snapshot(o, Duration.ofNanos(System.nanoTime() - start), Boolean.TRUE.equals(map.get("truncated")), false);
  }

  private Snapshot dialogSnapshot(long start) {
    String message = dialogText();
    String url = lastUrl;
    try {
      url = blankTo(driver.getCurrentUrl(), lastUrl);
    } catch (WebDriverException ignored) {
      // some drivers refuse every command while a dialog is open; the last known address is right anyway
    }
    String text = "Dialog: " + (message == null ? "" : message);
    if (text.length() > maxText) {
      text = text.substring(0, maxText);
    }
    Observation o = new Observation(url, "", List.of(Dialogs.okButton(), Dialogs.cancelButton()), text);
    return new Snapshot(o, Duration.ofNanos(System.nanoTime() - start), false, true);
  }

  /** The open dialog's message, or null when no dialog is open. */
  private String dialogText() {
    try {
      return driver.switchTo().alert().getText();
    } catch (NoAlertPresentException e) {
      return null;
    } catch (WebDriverException e) {
      return null;
    }
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static String blankTo(String s, String fallback) {
    return s == null || s.isBlank() || "null".equals(s) ? fallback : s;
  }

  /**
   * Script functions that say what an icon-font element shows: {@code iconWords(el)} ("seek start icon" for
   * {@code <span class="ui-icon ui-icon-seek-start">}, '' for no icon) and {@code iconsIn(el)}; for other scripts
   * of the host that read a page as a person sees it (a task's instruction).
   */
  public static String iconFunctions() {
    return ICONS;
  }

  /**
   * The script functions that read what a slider is set to: {@code sliderValue(el)} (its value, aria-valuenow, or
   * the number shown next to its track; '' when nothing says), as the observer reports it.
   */
  public static String sliderFunctions() {
    return SLIDERS;
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String loadScript(String name) {
    try (InputStream in = PageObserver.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the host's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name + ": " + e, e);
    }
  }
}
