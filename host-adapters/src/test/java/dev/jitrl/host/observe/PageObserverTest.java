package dev.jitrl.host.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Action;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.SurfaceFigure;
import dev.jitrl.host.act.ActionExecutor;
import dev.jitrl.host.act.ActionResult;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.testing.Browsers;
import dev.jitrl.host.testing.FixtureSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The observer and the executor in a real headless Chromium against fixture pages. */
class PageObserverTest {
  private static FixtureSite site;
  private static ChromiumBrowser browser;
  private static WebDriver driver;
  private static PageObserver observer;
  private static ActionExecutor executor;

  @BeforeAll
  static void start() throws Exception {
    site = new FixtureSite()
        .page("/form", """
            <html><head><title>Form</title><style>.pill{cursor:pointer;padding:2px}</style></head><body>
            <h1>Order form</h1>
            <label for="q">Search orders</label><input id="q" type="text">
            <label>Password <input type="password" name="pw"></label>
            <input id="email" placeholder="Your email">
            <select id="ship" aria-label="Shipping"><option>Standard</option><option>Express</option></select>
            <label><input type="checkbox" id="gift"> Gift wrap</label>
            <button id="go">Place order</button>
            <button disabled>Disabled button</button>
            <button style="display:none">Hidden button</button>
            <a href="/x" style="visibility:hidden">Invisible link</a>
            <div style="width:0;height:0;overflow:hidden"><a href="/y">Zero link</a></div>
            <span class="pill" id="pill"><b>Blue</b> <i>shirt</i></span>
            <div role="tab" aria-selected="true">Details</div>
            <a href="/list?page=2"><span>Next page</span></a>
            <p id="out"></p>
            <script>
              document.getElementById('pill').addEventListener('click',
                  () => document.getElementById('out').textContent = 'Pill clicked');
              document.getElementById('go').addEventListener('click', () => {
                  document.getElementById('out').textContent = 'Shipping ' + document.getElementById('ship').value;
                  document.getElementById('go').remove(); });
            </script>
            </body></html>""")
        .page("/layouts", """
            <html><head><title>Layouts</title></head><body>
            <div class="field"><div class="label">Movie Genre</div><div class="input"><input type="text"></div></div>
            <div class="entry"><input type="text"><div class="ui-label">Director</div></div>
            <p><span>Year:</span><input type="text"></p>
            <div class="entry"><input type="text"><input type="text"><div>Shared box</div></div>
            <p>Focus into the textbox.</p><div><input type="text" id="focus_me"></div>
            </body></html>""")
        .page("/dynamic", """
            <html><body><h1>Loading</h1><div id="box"></div>
            <script>
              window.addEventListener('load', () => setTimeout(() => {
                const a = document.createElement('a'); a.href = '/form'; a.id = 'late'; a.textContent = 'Late link';
                document.getElementById('box').appendChild(a); }, 30));
            </script></body></html>""")
        .page("/confirm", """
            <html><body><h1>Order 12</h1><button id="del">Delete order</button><p id="status">Open</p>
            <script>document.getElementById('del').onclick = () => {
              document.getElementById('status').textContent = confirm('Really delete order 12?') ? 'Deleted' : 'Kept'; };
            </script></body></html>""")
        .page("/listeners", """
            <html><body><h1>Files</h1>
            <p>Read <span class="w" id="alpha">alpha</span> or <span class="w">beta</span> today.</p>
            <ul id="tree"><li class="n"><span>Docs</span><ul><li class="n"><span>Notes</span></li></ul></li></ul>
            <ul id="menu"><li><a href="#a">First tab</a></li><li><a href="#b">Second tab</a></li></ul>
            <p id="out"></p>
            <script>
              for (const w of document.querySelectorAll('.w')) w.addEventListener('click',
                  () => document.getElementById('out').textContent = 'Clicked ' + w.textContent);
              for (const n of document.querySelectorAll('.n')) n.addEventListener('click', e => e.stopPropagation());
              document.getElementById('menu').addEventListener('click', e => e.preventDefault());
            </script></body></html>""")
        .page("/drag", "<html><body><div class='ui-dialog ui-draggable' style='border:1px solid'>"
            + "<span>Dialog</span><button>OK</button><span class=close style='cursor:pointer'>x</span></div>"
            + "<ul class=ui-sortable><li>Ann</li><li>Bob</li></ul><div class=ui-droppable>Bin<button>Empty</button></div>"
            + "<div draggable=true>Card</div></body></html>")
        .page("/here", """
            <html><body><h1>Cart</h1>
            <a href="/here">Cart (2)</a> <a href="/here#top">Cart top</a> <a href="#details">Details</a>
            <a href="/here" onclick="document.getElementById('out').textContent = 'counted'; return false">Refresh count</a>
            <a href="/here" target="_blank">Cart in a new window</a> <a href="/form">Checkout</a>
            <p id="out"></p></body></html>""")
        .page("/menu", """
            <html><body><h1>Player</h1>
            <button id="open">Menu</button> <button id="bin"><i class="fa fa-trash"></i></button>
            <ul role="menu" id="menu" style="display:none">
              <li role="none"><div role="menuitem"><span class="ui-icon ui-icon-disk"></span>Save</div></li>
              <li role="none"><div role="menuitem" id="playback" aria-haspopup="true">Playback</div>
                <ul role="menu" id="sub" style="display:none">
                  <li role="none"><div role="menuitem"><span class="ui-icon ui-icon-seek-start"></span>Prev</div></li>
                </ul></li>
              <li role="none" aria-disabled="true"><div role="menuitem">Print...</div></li>
            </ul>
            <script>
              document.getElementById('open').onclick = () => document.getElementById('menu').style.display = 'block';
              // a submenu that opens a moment after the pointer comes over its item, as menu widgets do
              document.getElementById('playback').addEventListener('mouseenter',
                  () => setTimeout(() => document.getElementById('sub').style.display = 'block', 300));
            </script></body></html>""")
        .page("/swatches", """
            <html><body><h1>Pick shades</h1>
            <div id="area"><span style="display:inline-block;width:12px;height:12px;background:hsl(0,60%,50%)"></span>
            <span style="display:inline-block;width:12px;height:12px;background:hsl(120,40%,85%)"></span>
            <span class="selected" style="display:inline-block;width:12px;height:12px;background:hsl(240,70%,40%)"></span></div>
            <div class="property"><span>Phone: </span><span><a href="#p">555-0100</a></span></div>
            <ul><li><a href="#h">Home</a></li><li><a href="#q">Products</a></li></ul>
            <button id="bold" aria-pressed="false">Bold</button> <button class="pick">Odd</button> <button>Submit</button>
            <button class="ql-italic">Italic</button> <button class="ui-state-active">Pointed</button>
            <script>
              for (const s of document.querySelectorAll('#area span')) s.addEventListener('click', () => s.classList.toggle('selected'));
              const bold = document.getElementById('bold');
              bold.addEventListener('click', () => bold.setAttribute('aria-pressed', String(bold.getAttribute('aria-pressed') !== 'true')));
              document.querySelector('.pick').addEventListener('click', (e) => e.target.classList.add('selected'));
              document.querySelector('.ql-italic').addEventListener('click', (e) => e.target.classList.toggle('ql-active'));
            </script></body></html>""")
        .page("/styled-icons", """
            <html><head><style>
              .pic { display:inline-block; width:16px; height:16px; cursor:pointer; background-image:url(data:image/gif;base64,R0lGODlhAQABAAAAACw=); }
            </style></head><body><h1>Message</h1>
            <span id="send-forward" class="pic"></span> <span class="pic reply"></span>
            <span id="k7f3x2" class="btn icon" style="display:inline-block;width:16px;height:16px;cursor:pointer"></span> <span class="pic starButton"></span>
            <p id="out"></p>
            <script>
              for (const s of document.querySelectorAll('span')) s.addEventListener('click', () => document.getElementById('out').textContent = 'clicked');
            </script></body></html>""")
        .page("/rows", """
            <html><head><style>.pic { display:inline-block; width:16px; height:16px; cursor:pointer; }</style></head>
            <body><h1>Feed</h1>
            <div class="post"><div><b>Rosetta</b> @mauris</div><p>Porta pellentesque.</p><div><span class="pic mute"></span></div></div>
            <div class="post"><div><b>Cohen</b> @leo</div><p>Sed tempus.</p><div><span class="pic mute"></span></div></div>
            <button>Older posts</button> <button>Older posts</button>
            <script>
              for (const s of document.querySelectorAll('.pic')) s.addEventListener('click', () => s.remove());
            </script></body></html>""")
        // a script menu in the shape of common widget libraries: the list hands clicks to its items, an item owning a
        // submenu says so on its wrapper, and the submenu opens when a script shows it
        .page("/submenu", """
            <html><head><style>li { cursor:pointer; } ul.sub { display:none; } ul.sub.open { display:block; }</style></head>
            <body><ul role="menu" id="m">
              <li><div role="menuitem">Save</div></li>
              <li><div role="menuitem" aria-haspopup="true">Playback</div>
                <ul role="menu" class="sub"><li><div role="menuitem">Prev</div></li><li><div role="menuitem">Next</div></li></ul></li>
            </ul>
            <script>
              document.getElementById('m').addEventListener('click', () => {});
              function openIt() { document.querySelector('ul.sub').classList.add('open'); }
            </script></body></html>""")
        // cards lying face down: their numbers are laid out at a zero font size until a click turns one over; a
        // caption in transparent ink; a row whose container has a zero font size while its items set their own
        .page("/cards", """
            <html><head><style>.card { display:inline-block; width:40px; height:60px; font-size:25px; cursor:pointer; }
              .card.down { font-size:0; background:#c33; } .ink { color:transparent; } .row { font-size:0; }
              .row span { font-size:16px; }</style></head>
            <body><p>Pick a card.</p><div id="cards"><div class="card down">17</div><div class="card down">4</div></div>
            <p class="ink">secret caption</p><div class="row"><span>Alpha</span><span>Beta</span></div>
            <script>for (const c of document.querySelectorAll('.card'))
              c.addEventListener('click', () => c.classList.remove('down'));</script></body></html>""")
        // a drawing a script listens to (it marks each click with a dot) and a touch area that reports where it was
        // clicked; a card with text and a small empty button are no surfaces
        .page("/surfaces", """
            <html><head><style>#touch { width:200px; height:100px; border:1px solid black; }
              .card { width:120px; height:80px; cursor:pointer; } #tiny { width:20px; height:20px; }</style></head>
            <body><svg id="drawing" width="150" height="120"><rect x="10" y="10" width="30" height="30"/></svg>
            <div id="touch"></div><p id="where">nowhere</p><div class="card" id="card">Open card</div><div id="tiny"></div>
            <script>
              const svg = document.getElementById('drawing');
              svg.addEventListener('click', (ev) => {
                const c = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
                c.setAttribute('cx', ev.offsetX); c.setAttribute('cy', ev.offsetY); c.setAttribute('r', 3);
                svg.appendChild(c); });
              document.getElementById('touch').addEventListener('click', (ev) =>
                document.getElementById('where').textContent = 'at ' + ev.offsetX + ',' + ev.offsetY);
              document.getElementById('card').addEventListener('click', () => {});
              document.getElementById('tiny').addEventListener('click', () => {});
            </script></body></html>""")
        // a figure of two dots, a ring and a line on a drawing that reports where it is clicked
        .page("/figure", """
            <html><body style="margin:0"><svg id="board" width="200" height="100">
              <circle cx="40" cy="20" r="3" fill="black"/><circle cx="160" cy="80" r="3" fill="rgb(0,0,255)"/>
              <circle cx="100" cy="50" r="30" fill="none" stroke="green"/><line x1="0" y1="0" x2="200" y2="100" stroke="red"/>
            </svg><p id="where">nowhere</p>
            <script>document.getElementById('board').addEventListener('click', (ev) =>
              document.getElementById('where').textContent = 'clicked ' + ev.offsetX + ',' + ev.offsetY);</script>
            </body></html>""")
        .page("/scatter", """
            <html><body><svg id="scatter" width="200" height="100">
              <circle cx="10" cy="10" r="3"/><circle cx="30" cy="10" r="3"/><circle cx="50" cy="10" r="3"/>
              <circle cx="70" cy="10" r="3"/><circle cx="90" cy="10" r="3"/><circle cx="110" cy="10" r="3"/>
              <circle cx="130" cy="10" r="3"/></svg>
            <script>document.getElementById('scatter').addEventListener('click', () => {});</script></body></html>""")
        // shapes a script lets the pointer drag (it listens to mousedown on each), an outlined box to drop them
        // in, and a plain shape nobody can pick up
        .page("/shapes", """
            <html><body><p>Move things.</p>
            <svg id="board" width="300" height="200">
              <circle id="c" cx="40" cy="100" r="15" fill="red"/>
              <polygon id="t" points="100,80 120,120 80,120" fill="rgb(0,0,255)"/>
              <rect id="box" x="200" y="50" width="80" height="100" fill="none" stroke="black"/>
              <rect id="still" x="140" y="10" width="20" height="20" fill="green"/>
            </svg>
            <p id="log">none</p>
            <script>
              let held = null, sx = 0, sy = 0, ox = 0, oy = 0;
              const log = document.getElementById('log');
              for (const id of ['c', 't']) {
                const el = document.getElementById(id);
                el.dataset.dx = 0; el.dataset.dy = 0;
                el.addEventListener('mousedown', (ev) => { held = el; sx = ev.clientX; sy = ev.clientY;
                  ox = Number(el.dataset.dx); oy = Number(el.dataset.dy); ev.preventDefault(); });
              }
              window.addEventListener('mousemove', (ev) => { if (!held) return;
                held.dataset.dx = ox + ev.clientX - sx; held.dataset.dy = oy + ev.clientY - sy;
                held.setAttribute('transform', 'translate(' + held.dataset.dx + ',' + held.dataset.dy + ')'); });
              window.addEventListener('mouseup', () => { if (held) log.textContent = held.id + ' moved '
                + held.dataset.dx + ',' + held.dataset.dy; held = null; });
            </script></body></html>""")
        // a pad: the svg itself listens to a pointer press and draws the stroke that follows (a pen)
        .page("/pad", """
            <html><body><p>Draw here.</p><svg id="pad" width="200" height="100" style="border:1px solid black"></svg>
            <p id="stroke">none</p>
            <script>
              const pad = document.getElementById('pad');
              let pts = null;
              const at = (ev) => { const r = pad.getBoundingClientRect(); return [Math.round(ev.clientX - r.left),
                Math.round(ev.clientY - r.top)]; };
              pad.addEventListener('mousedown', (ev) => { pts = [at(ev)]; ev.preventDefault(); });
              window.addEventListener('mousemove', (ev) => { if (pts) pts.push(at(ev)); });
              window.addEventListener('mouseup', (ev) => { if (!pts) return;
                const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
                line.setAttribute('points', pts.map(p => p.join(',')).join(' '));
                pad.appendChild(line);
                document.getElementById('stroke').textContent = 'from ' + pts[0].join(',') + ' to '
                  + pts[pts.length - 1].join(','); pts = null; });
            </script></body></html>""")
        // a resizable box with grips on its right side and bottom (the classes of jQuery UI's resizable), resized by
        // dragging them
        .page("/resizable", """
            <html><head><style>#wrap { position:relative; width:120px; height:80px; border:1px solid black; }
              .ui-resizable-handle { position:absolute; width:8px; height:8px; background:#888; }
              .ui-resizable-e { right:-4px; top:36px; cursor:e-resize; }
              .ui-resizable-s { bottom:-4px; left:56px; cursor:s-resize; }</style></head>
            <body><p>Resize it.</p><div id="wrap"><div class="ui-resizable-handle ui-resizable-e"></div>
            <div class="ui-resizable-handle ui-resizable-s"></div></div>
            <script>
              const wrap = document.getElementById('wrap');
              let grip = null, sx = 0, sy = 0, w = 0, h = 0;
              for (const g of document.querySelectorAll('.ui-resizable-handle'))
                g.addEventListener('mousedown', (ev) => { grip = g; sx = ev.clientX; sy = ev.clientY;
                  w = wrap.offsetWidth - 2; h = wrap.offsetHeight - 2; ev.preventDefault(); });
              window.addEventListener('mousemove', (ev) => { if (!grip) return;
                if (grip.classList.contains('ui-resizable-e')) wrap.style.width = (w + ev.clientX - sx) + 'px';
                else wrap.style.height = (h + ev.clientY - sy) + 'px'; });
              window.addEventListener('mouseup', () => { grip = null; });
            </script></body></html>""")
        .page("/paragraphs", """
            <html><body><h1>Notes</h1><div id="text"><p>Alpha beta gamma.</p><p>Delta   epsilon
            zeta eta.</p><p>Theta iota.</p></div><button>Submit</button></body></html>""")
        .page("/list", q -> {
          int page = q.startsWith("page=") ? Integer.parseInt(q.substring(5)) : 1;
          return "<html><body><h1>Orders page " + page + "</h1><ul><li>Order " + (page * 10) + "</li></ul>"
              + "<a href=\"/list?page=" + (page + 1) + "\">Next</a></body></html>";
        });
    browser = Browsers.launch();
    driver = browser.driver();
    observer = new PageObserver(driver);
    executor = new ActionExecutor(driver, Duration.ofSeconds(10));
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

  private static Observation open(String path) {
    driver.get(site.url(path));
    return observer.observe();
  }

  private static Element named(Observation o, String role, String name) {
    return o.elements().stream().filter(e -> e.role().equals(role) && e.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + role + " named '" + name + "' in " + describe(o)));
  }

  private static String describe(Observation o) {
    return o.elements().stream().map(e -> e.id() + ":" + e.role() + "[" + e.name() + "]").collect(Collectors.joining(", "));
  }

  @Test
  void observe_formPage_listsControlsWithRolesAndAccessibleNames() {
    Observation o = open("/form");
    assertEquals("Form", o.title());
    assertTrue(o.text().startsWith("Order form"), o.text());
    named(o, "textbox", "Search orders");
    named(o, "textbox", "Password");
    named(o, "textbox", "Your email");
    Element select = named(o, "combobox", "Shipping");
    assertEquals("Standard", select.value());
    assertEquals(List.of("Standard", "Express"), SelectOptions.of(o, select));
    assertEquals("false", named(o, "checkbox", "Gift wrap").value());
    named(o, "button", "Place order");
    assertEquals("true", named(o, "tab", "Details").value());
    named(o, "link", "Next page");
    named(o, "clickable", "Blue shirt");
  }

  @Test
  void observe_elementsWithScriptClickListeners_areClickableTargets() {
    Observation o = open("/listeners");
    // spans clickable only through addEventListener, without a pointer cursor (MiniWoB's "links")
    Element alpha = named(o, "clickable", "alpha");
    named(o, "clickable", "beta");
    // nested list items with listeners of their own are separate targets
    String names = describe(o);
    assertTrue(names.contains("[Notes]"), names);
    // a list whose listener handles its links' clicks is not a target itself: its links are
    named(o, "link", "First tab");
    named(o, "link", "Second tab");
    assertFalse(names.contains("[First tab Second tab]"), names);
    assertTrue(executor.execute(Action.click(alpha)).executed());
    assertTrue(observer.observe().text().contains("Clicked alpha"));
  }

  @Test
  void observe_dragAndDrop_draggablesAndDropTargets_andWhatTheyHoldStaysSeen() {
    Observation o = open("/drag");
    named(o, "draggable", "Ann");
    named(o, "draggable", "Bob");
    named(o, "draggable", "Card");
    named(o, "droptarget", "BinEmpty");
    // a dialog a person can drag keeps its buttons, a drop zone its controls
    named(o, "button", "OK");
    named(o, "clickable", "x");
    named(o, "button", "Empty");
  }

  @Test
  void observe_plainLinkToTheCurrentPage_isNotATarget() {
    String names = describe(open("/here"));
    assertFalse(names.contains("[Cart (2)]"), names);
    assertFalse(names.contains("[Cart top]"), names);
    // fragment links, links with a script of their own, links to another window or page stay targets
    assertTrue(names.contains("link[Details]"), names);
    assertTrue(names.contains("link[Refresh count]"), names);
    assertTrue(names.contains("link[Cart in a new window]"), names);
    assertTrue(names.contains("link[Checkout]"), names);
  }

  @Test
  void observe_unlabelledFields_areNamedByTheLabelBeforeTheirBoxOrJustAfterThem() {
    String names = describe(open("/layouts"));
    assertTrue(names.contains("textbox[Movie Genre]"), names); // label in the box before the field's own box
    assertTrue(names.contains("textbox[Director]"), names); // label just after the field, nothing before it
    assertTrue(names.contains("textbox[Year:]"), names); // the text just before it in the same box, as before
    assertFalse(names.contains("[Shared box]"), names); // two fields in one box: the text names neither
    assertTrue(names.contains("textbox[focus me]"), names); // an instruction sentence before the box is no label
  }

  @Test
  void observe_hiddenDisabledAndNestedElements_areExcluded() {
    String names = describe(open("/form"));
    assertFalse(names.contains("Disabled button"), names);
    assertFalse(names.contains("Hidden button"), names);
    assertFalse(names.contains("Invisible link"), names);
    assertFalse(names.contains("Zero link"), names);
    // the pill's <b> and <i> inherit its pointer cursor but are not separate targets; nor is the link's span
    assertFalse(names.contains("[Blue]"), names);
    assertFalse(names.contains("[shirt]"), names);
    assertEquals(1, names.split("Next page", -1).length - 1, names);
  }

  @Test
  void execute_clickOnPointerSpan_runsItsClickHandler() {
    Observation o = open("/form");
    ActionResult r = executor.execute(Action.click(named(o, "clickable", "Blue shirt")));
    assertTrue(r.executed(), r.toString());
    assertTrue(observer.observe().text().contains("Pill clicked"));
  }

  @Test
  void execute_selectAndFill_changeTheFields() {
    Observation o = open("/form");
    assertTrue(executor.execute(Action.select(named(o, "combobox", "Shipping"), "Express")).executed());
    assertTrue(executor.execute(Action.fill(named(o, "textbox", "Search orders"), "usb cable")).executed());
    Observation after = observer.observe();
    assertEquals("Express", named(after, "combobox", "Shipping").value());
    assertEquals("usb cable", named(after, "textbox", "Search orders").value());
    assertTrue(executor.execute(Action.click(named(after, "button", "Place order"))).executed());
    assertTrue(observer.observe().text().contains("Shipping Express"));
  }

  @Test
  void execute_clickOnRemovedElement_returnsFailedResult() {
    Observation o = open("/form");
    Element button = named(o, "button", "Place order");
    ((JavascriptExecutor) driver).executeScript("document.getElementById('go').remove();");
    ActionResult r = executor.execute(Action.click(button));
    assertFalse(r.executed());
    assertTrue(r.error().orElseThrow().contains("NoSuchElement"), r.error().toString());
  }

  @Test
  void observe_elementAddedByScriptAfterLoad_isSeenOnceItExists() {
    open("/dynamic");
    new WebDriverWait(driver, Duration.ofSeconds(5)).until(ExpectedConditions.presenceOfElementLocated(By.id("late")));
    Observation o = observer.observe();
    assertTrue(executor.execute(Action.click(named(o, "link", "Late link"))).executed());
    assertEquals(site.url("/form"), observer.observe().url());
  }

  @Test
  void observe_openConfirm_isADialogThatCanBeAcceptedOrDismissed() {
    Observation o = open("/confirm");
    assertTrue(executor.execute(Action.click(named(o, "button", "Delete order"))).executed());
    Snapshot dialog = observer.snapshot();
    assertTrue(dialog.dialogOpen());
    assertTrue(dialog.observation().text().contains("Really delete order 12?"), dialog.observation().text());
    assertEquals(List.of(Dialogs.OK_ID, Dialogs.CANCEL_ID),
        dialog.observation().elements().stream().map(Element::id).toList());
    assertTrue(executor.execute(Action.click(dialog.observation().element(Dialogs.CANCEL_ID).orElseThrow())).executed());
    assertTrue(observer.observe().text().contains("Kept"));

    Observation again = observer.observe();
    executor.execute(Action.click(named(again, "button", "Delete order")));
    Observation d2 = observer.observe();
    assertTrue(executor.execute(Action.click(d2.element(Dialogs.OK_ID).orElseThrow())).executed());
    assertTrue(observer.observe().text().contains("Deleted"));
  }

  @Test
  void execute_paginationLink_navigatesToTheNextPage() {
    Observation o = open("/list?page=1");
    assertTrue(executor.execute(Action.click(named(o, "link", "Next"))).executed());
    Observation p2 = observer.observe();
    assertTrue(p2.url().endsWith("/list?page=2"), p2.url());
    assertTrue(p2.text().contains("Orders page 2"));
  }

  @Test
  void snapshot_largePage_staysBoundedAndFast() throws Exception {
    StringBuilder html = new StringBuilder("<html><body><h1>Big</h1>");
    for (int i = 0; i < 1000; i++) {
      html.append("<div><a href=\"/item/").append(i).append("\">Item ").append(i).append("</a> <span>note</span></div>");
    }
    Path file = Files.createTempFile("big", ".html");
    Files.writeString(file, html.append("</body></html>"));
    site.page("/big", Files.readString(file));
    Files.delete(file);
    driver.get(site.url("/big"));
    observer.snapshot(); // warm-up
    Snapshot s = new PageObserver(driver, 2_000, 2_000).snapshot();
    Snapshot bounded = observer.snapshot();
    System.out.println("snapshot of 1000 links: " + s.elapsed().toMillis() + " ms; bounded to 500: "
        + bounded.elapsed().toMillis() + " ms");
    assertEquals(1000, s.observation().elements().size());
    assertEquals(PageObserver.DEFAULT_MAX_ELEMENTS, bounded.observation().elements().size());
    assertTrue(bounded.truncated());
    assertTrue(bounded.observation().text().length() <= PageObserver.DEFAULT_MAX_TEXT);
    assertTrue(s.elapsed().toMillis() < 5_000, "snapshot took " + s.elapsed());
    assertEquals(Optional.of("Item 999"), s.observation().elements().stream().reduce((a, b) -> b).map(Element::name));
  }

  @Test
  void observe_iconsAreSaidInWordsAndADisabledItemIsNoTarget() {
    Observation closed = open("/menu");
    named(closed, "button", "trash icon"); // an icon-only button is named by what its icon shows
    assertTrue(executor.execute(Action.click(named(closed, "button", "Menu"))).executed());
    Observation o = observer.observe();
    Element save = named(o, "menuitem", "Save");
    assertTrue(save.text().contains("disk icon"), save.text());
    assertFalse(describe(o).contains("Print"), describe(o)); // aria-disabled on its list item holds for it
  }

  @Test
  void execute_clickOnAControlThatAnnouncesAPopup_waitsForTheHoverDelayedSubmenu() {
    Observation closed = open("/menu");
    executor.execute(Action.click(named(closed, "button", "Menu")));
    Observation o = observer.observe();
    assertFalse(describe(o).contains("Prev"), describe(o));
    assertTrue(executor.execute(Action.click(named(o, "menuitem", "Playback"))).executed());
    Observation opened = observer.observe();
    Element prev = named(opened, "menuitem", "Prev");
    assertTrue(prev.text().contains("seek start icon"), prev.text());
  }

  @Test
  void observe_swatchesByColourChosenMarksAndKeyValueRows() {
    Observation o = open("/swatches");
    Element red = named(o, "clickable", "red");
    named(o, "clickable", "green"); // a light shade keeps its hue's name
    assertEquals("true", named(o, "clickable", "blue").value(), "marked selected by the page");
    assertEquals("", red.value());
    assertTrue(executor.execute(Action.click(red)).executed());
    assertEquals("true", named(observer.observe(), "clickable", "red").value());
    // a toggle button (aria-pressed) and a button the page marks chosen show that they stand on, as a box does
    assertEquals("", named(o, "button", "Bold").value());
    assertEquals("", named(o, "button", "Odd").value());
    assertTrue(executor.execute(Action.click(named(o, "button", "Bold"))).executed());
    assertTrue(executor.execute(Action.click(named(o, "button", "Odd"))).executed());
    Observation pressed = observer.observe();
    assertEquals("true", named(pressed, "button", "Bold").value());
    assertEquals("true", named(pressed, "button", "Odd").value());
    assertEquals("", named(pressed, "button", "Submit").value());
    // an editor's toolbar marks a format that stands on with its library's prefix ("ql-active"); jQuery UI's
    // "ui-state-active" marks where the pointer rests, not a choice
    assertEquals("", named(o, "button", "Italic").value());
    assertTrue(executor.execute(Action.click(named(o, "button", "Italic"))).executed());
    assertEquals("true", named(observer.observe(), "button", "Italic").value());
    assertEquals("", named(o, "button", "Pointed").value());
    Element phone = named(o, "link", "555-0100");
    assertTrue(phone.text().startsWith("Phone:"), phone.text()); // the row's key, read with the value
    assertEquals("Products", named(o, "link", "Products").text()); // a list item's neighbour is no key
  }

  @Test
  void observe_controlDrawnByAStyleSheet_isNamedByItsDevelopersWords_unlessTheyAreGeneratedOrGeneric() {
    Observation o = open("/styled-icons");
    named(o, "clickable", "send forward"); // the id, split into words
    named(o, "clickable", "reply"); // the rarest class: every icon is a "pic"
    named(o, "clickable", "star"); // camel case split, "button" says only that it is a control
    long unnamed = o.elements().stream().filter(e -> e.role().equals("clickable") && e.name().isEmpty()).count();
    assertEquals(1, unnamed, "a generated id and generic classes give no name: " + describe(o));
  }

  @Test
  void observe_unnamedControlRepeatedInEveryRow_isToldApartByItsRow_namedControlsAreLeftAsTheyAre() {
    Observation o = open("/rows");
    List<String> mutes = o.elements().stream().map(Element::name).filter(n -> n.startsWith("mute")).toList();
    assertEquals(List.of("mute \u00b7 Rosetta @mauris Porta pellentesque.", "mute \u00b7 Cohen @leo Sed tempus."), mutes,
        describe(o));
    assertEquals(2, o.elements().stream().filter(e -> e.name().equals("Older posts")).count(), describe(o));
  }

  @Test
  void observe_menuItemOwningASubmenu_saysWhetherItIsOpen_andAnOpenSubmenusItemsAreTargetsOfTheirOwn() {
    Observation closed = open("/submenu");
    Element playback = closed.elements().stream().filter(e -> e.name().equals("Playback")).findFirst().orElseThrow();
    assertEquals("collapsed", playback.value(), describe(closed));
    assertEquals("", closed.elements().stream().filter(e -> e.name().equals("Save")).findFirst().orElseThrow().value(),
        "an item without a submenu has no menu state");
    assertTrue(closed.elements().stream().noneMatch(e -> e.name().equals("Prev")), "a hidden submenu shows nothing");

    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "document.querySelector('#m > li').classList.add('active');"); // a toggled item, as icon buttons mark it
    assertEquals("true", observer.observe().elements().stream().filter(e -> e.name().equals("Save")).findFirst()
        .orElseThrow().value(), "a plain control marked 'active' shows as chosen");
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("openIt();");
    Observation opened = observer.observe();
    Element owner = opened.elements().stream().filter(e -> e.name().startsWith("Playback")).findFirst().orElseThrow();
    assertEquals("Playback", owner.name(), "the owner reads as its own words, not with its submenu's: " + describe(opened));
    assertEquals("expanded", owner.value());
    assertTrue(opened.elements().stream().anyMatch(e -> e.name().equals("Prev"))
        && opened.elements().stream().anyMatch(e -> e.name().equals("Next")), describe(opened));
  }
  @Test
  void observe_textAtAZeroFontSizeOrInTransparentInk_isNotShown_untilThePageShowsIt() {
    Observation down = open("/cards");
    List<Element> cards = down.elements().stream().filter(e -> e.role().equals("clickable")).toList();
    assertEquals(2, cards.size(), describe(down));
    assertTrue(cards.stream().noneMatch(e -> e.name().contains("17") || e.name().contains("4")), describe(down));
    assertFalse(down.text().contains("17") || down.text().contains("secret caption"), down.text());
    assertTrue(down.text().contains("Pick a card.") && down.text().contains("Alpha") && down.text().contains("Beta"),
        "text that sets its own size inside a zero-size row is shown: " + down.text());

    assertTrue(executor.execute(Action.click(cards.get(0))).executed());
    Observation up = observer.observe();
    assertTrue(up.text().contains("17") && !up.text().contains("4"), "the turned card shows its number: " + up.text());
    assertTrue(up.elements().stream().anyMatch(e -> e.role().equals("clickable") && e.name().equals("17")), describe(up));
  }
  @Test
  void observe_shapesAScriptLetsThePointerPickUp_areDraggables_namedByColourAndKind_andTheirBoxIsADropTarget() {
    Observation o = open("/shapes");
    Element circle = named(o, "draggable", "red circle");
    Element triangle = named(o, "draggable", "blue triangle");
    Element box = named(o, "droptarget", "black box");
    assertEquals("", circle.value(), describe(o));
    assertTrue(o.elements().stream().noneMatch(e -> e.name().contains("green")), "nobody picks it up: " + describe(o));

    // up: the way the goal gives, with nothing to drop it on
    assertTrue(executor.execute(Action.dragBy(triangle, "up")).executed());
    String moved = observer.observe().text();
    String[] d = moved.replaceAll("(?s).*t moved (-?\\d+),(-?\\d+).*", "$1 $2").split(" ");
    assertTrue(Math.abs(Integer.parseInt(d[0])) <= 2 && Integer.parseInt(d[1]) <= -ActionExecutor.DRAG_BY_MIN + 2,
        "straight up, at least its own size: " + moved);

    // onto the box: the circle then lies in it, and says so
    assertTrue(executor.execute(Action.drag(circle, box)).executed());
    Observation after = observer.observe();
    assertEquals("in black box", named(after, "draggable", "red circle").value(), describe(after));
    assertEquals("", named(after, "draggable", "blue triangle").value(), describe(after));
  }

  @Test
  void observe_drawingAPressDrawsOn_isASurface_andAStrokeDrawsAcrossIt() {
    Observation o = open("/pad");
    Element pad = o.elements().stream().filter(e -> e.role().equals("surface")).findFirst()
        .orElseThrow(() -> new AssertionError("no surface in " + describe(o)));
    assertEquals("0 marks", pad.value());
    assertTrue(executor.execute(Action.stroke(pad, 10, 50, 90, 50)).executed());
    Observation after = observer.observe();
    String[] p = after.text().replaceAll("(?s).*from (\\d+),(\\d+) to (\\d+),(\\d+).*", "$1 $2 $3 $4").split(" ");
    int x0 = Integer.parseInt(p[0]), y0 = Integer.parseInt(p[1]), x1 = Integer.parseInt(p[2]), y1 = Integer.parseInt(p[3]);
    assertTrue(x0 > 10 && x0 < 30 && x1 > 170 && x1 < 190 && Math.abs(y0 - 50) <= 3 && Math.abs(y1 - 50) <= 3,
        "left to right across the middle of a 200x100 pad: " + after.text());
    assertEquals("1 marks", after.elements().stream().filter(e -> e.role().equals("surface")).findFirst()
        .orElseThrow().value(), "the stroke drawn is seen");
  }

  @Test
  void observe_resizeGrips_areDraggablesNamedByTheirSide_showingTheSizeTheyGive_andDraggingOneResizes() {
    Observation o = open("/resizable");
    Element right = named(o, "draggable", "resize handle right");
    Element bottom = named(o, "draggable", "resize handle bottom");
    assertEquals("122 x 82", right.value(), describe(o));
    assertTrue(executor.execute(Action.dragBy(right, "right")).executed());
    Observation wider = observer.observe();
    String[] size = named(wider, "draggable", "resize handle right").value().split(" x ");
    assertTrue(Integer.parseInt(size[0]) >= 122 + ActionExecutor.DRAG_BY_MIN - 2 && size[1].equals("82"),
        "wider by the drag, as high as before: " + named(wider, "draggable", "resize handle right").value());
    assertTrue(executor.execute(Action.dragBy(named(wider, "draggable", "resize handle bottom"), "up")).executed());
    String[] lower = named(observer.observe(), "draggable", "resize handle bottom").value().split(" x ");
    assertTrue(Integer.parseInt(lower[1]) <= 82 - ActionExecutor.DRAG_BY_MIN + 2, "lower by the drag: " + lower[1]);
  }

  @Test
  void highlight_selectsTheWholeBlockThatReadsSo_andRefusesTextThatIsNotThere() {
    open("/paragraphs");
    assertTrue(executor.execute(Action.highlight("Delta epsilon zeta eta.")).executed());
    Object selected = ((JavascriptExecutor) driver).executeScript("return window.getSelection().toString();");
    assertEquals("Delta epsilon zeta eta.", String.valueOf(selected).replaceAll("\\s+", " ").strip(),
        "the second paragraph, as a person would drag over it");
    ActionResult missing = executor.execute(Action.highlight("Omega"));
    assertFalse(missing.executed(), "no such text");
  }

  @Test
  void observe_boxAScriptListensToWithoutTextOrControls_isASurface_clickedAtAPointOfIt() {
    Observation o = open("/surfaces");
    List<Element> surfaces = o.elements().stream().filter(e -> e.role().equals("surface")).toList();
    assertEquals(List.of("drawing", "touch"), surfaces.stream().map(Element::name).toList(), describe(o));
    assertEquals("1 marks", surfaces.get(0).value(), "the drawing's parts are counted, not listed: " + describe(o));
    named(o, "clickable", "Open card"); // text inside: a card, not a surface

    assertTrue(executor.execute(Action.clickAt(surfaces.get(1), 17, 83)).executed());
    Observation after = observer.observe();
    String[] at = after.text().replaceAll("(?s).*at (\\d+),(\\d+).*", "$1 $2").split(" ");
    int x = Integer.parseInt(at[0]);
    int y = Integer.parseInt(at[1]);
    assertTrue(x > 20 && x < 50 && y > 70 && y < 95, "the bottom-left ninth of a 200x100 box: " + after.text());

    assertTrue(executor.execute(Action.clickAt(surfaces.get(0), 50, 50)).executed());
    Element drawing = observer.observe().elements().stream().filter(e -> e.name().equals("drawing")).findFirst()
        .orElseThrow();
    List<SurfaceFigure.Mark> marks = SurfaceFigure.marks(drawing.value());
    assertTrue(drawing.value().startsWith("2 marks: ") && marks.size() == 1, "a click that draws is seen to change "
        + "the page, and the dot it drew is a mark of the figure: " + drawing.value());
    assertEquals("black dot", marks.get(0).words());
    assertTrue(Math.abs(marks.get(0).x() - 50) <= 2 && Math.abs(marks.get(0).y() - 50) <= 2,
        "where it was clicked: " + drawing.value());
  }

  @Test
  void observe_aDrawingsDotsAndCircles_areItsFiguresMarks_andAClickAtThePointTheyNameLandsThere() {
    Observation o = open("/figure");
    Element board = o.elements().stream().filter(e -> e.role().equals("surface")).findFirst()
        .orElseThrow(() -> new AssertionError("no surface in " + describe(o)));
    // the dots at (40,20) and (160,80) of a 200x100 drawing, a ring of radius 30 round (100,50); the line is no mark
    assertEquals("4 marks: black dot 20,20; blue dot 80,80; green circle 50,50", board.value());
    SurfaceFigure.Point between = SurfaceFigure.resolve(board.value(), "between black dot and blue dot").orElseThrow();
    assertTrue(executor.execute(Action.clickAt(board, between.x(), between.y(), between.name())).executed());
    String[] at = observer.observe().text().replaceAll("(?s).*clicked (\\d+),(\\d+).*", "$1 $2").split(" ");
    assertTrue(Math.abs(Integer.parseInt(at[0]) - 100) <= 3 && Math.abs(Integer.parseInt(at[1]) - 50) <= 3,
        "half way from (40,20) to (160,80): " + String.join(",", at));
    // a busy drawing (a scatter of seven dots) lists no marks
    Element scatter = open("/scatter").elements().stream().filter(e -> e.role().equals("surface")).findFirst()
        .orElseThrow();
    assertEquals("7 marks", scatter.value());
  }
}
