package dev.jitrl.host.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Candidate;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.host.act.ActionExecutor;
import dev.jitrl.host.act.ActionResult;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.observe.PageObserver;
import dev.jitrl.host.testing.Browsers;
import dev.jitrl.host.testing.FixtureSite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

/**
 * The frozen lexical policy alone, in a real headless Chromium, completes small forms of each widget kind and
 * value source: the candidates it needs exist and the executor can perform them. Each page checks its own answer
 * and writes "ok" (or what was wrong) into {@code #out}; no page is known to the policy.
 */
class FormWidgetsTest {
  private static FixtureSite site;
  private static ChromiumBrowser browser;
  private static WebDriver driver;
  private static PageObserver observer;
  private static ActionExecutor executor;

  private static final String CHECK = """
      <div id="out"></div>
      <script>
        function done(ok, what) { document.getElementById('out').textContent = ok ? 'ok' : 'wrong: ' + what; }
      </script>""";

  /** The first choice is the one that counts: a wrong pick cannot be mended by a later right one. */
  private static final String ONCE = """
      <script>let decided = false; function once(ok, what) { if (!decided) { decided = true; done(ok, what); } }</script>""";

  @BeforeAll
  static void start() throws Exception {
    site = new FixtureSite()
        .page("/movies", "<html><body><div>Movie Search</div><table>"
            + "<tr><th>Year</th><td><input type=text id=y></td></tr>"
            + "<tr><th>Genre</th><td><input type=text id=g></td></tr>"
            + "<tr><th>Director</th><td><input type=text id=d></td></tr></table>"
            + "<div id=go style='cursor:pointer;border:1px solid'>Submit</div>" + CHECK + """
            <script>document.getElementById('go').addEventListener('click', () => {
              const v = id => document.getElementById(id).value;
              done(v('g') === 'drama' && v('d') === 'Okafor' && v('y') === '1987', v('g') + '/' + v('d') + '/' + v('y'));
            });</script></body></html>""")
        .page("/when", "<html><body><p>Date: <input type=date id=d></p><p>Time: <input type=time id=t></p>"
            + "<button id=go>Submit</button>" + CHECK + """
            <script>document.getElementById('go').onclick = () => {
              const d = document.getElementById('d').value, t = document.getElementById('t').value;
              done(d === '2012-05-19' && t === '14:49', d + ' ' + t);
            };</script></body></html>""")
        .page("/spin", "<html><body><label>Quantity <input id=s role=spinbutton value=0></label>"
            + "<button id=go>Submit</button>" + CHECK + """
            <script>
              const s = document.getElementById('s');
              s.addEventListener('keydown', e => {
                e.preventDefault(); // only the arrows change it, one step at a time
                if (e.key === 'ArrowUp') s.value = String(Number(s.value || 0) + 1);
                if (e.key === 'ArrowDown') s.value = String(Number(s.value || 0) - 1);
              });
              document.getElementById('go').onclick = () => done(s.value === '-4', s.value);
            </script></body></html>""")
        .page("/suggest", "<html><body><label>Country <input id=c></label><ul id=menu></ul>"
            + "<button id=go>Submit</button>" + CHECK + """
            <script>
              const all = ['Gabon', 'Guadeloupe', 'Guam', 'Guatemala', 'Guinea'];
              const c = document.getElementById('c'), menu = document.getElementById('menu');
              let timer;
              c.addEventListener('input', () => {
                clearTimeout(timer);
                timer = setTimeout(() => { // suggestions after a typing pause, as debounced widgets do
                  menu.innerHTML = '';
                  for (const n of all.filter(n => n.toLowerCase().startsWith(c.value.toLowerCase()))) {
                    const li = document.createElement('li'); li.textContent = n; menu.appendChild(li);
                  }
                }, 250);
              });
              menu.addEventListener('click', e => { c.value = e.target.textContent; menu.innerHTML = ''; });
              document.getElementById('go').onclick = () => done(c.value === 'Guatemala', c.value);
            </script></body></html>""")
        .page("/table", "<html><body><table><tr><td>Shape</td><td>square</td></tr>"
            + "<tr><td>Color</td><td>teal</td></tr><tr><td>Size</td><td>large</td></tr></table>"
            + "<input id=a><button id=go>Submit</button>" + CHECK + """
            <script>document.getElementById('go').onclick =
              () => done(document.getElementById('a').value === 'teal', document.getElementById('a').value);</script>
            </body></html>""")
        .page("/grid", "<html><body><table><thead><tr><th>Name</th><th>Department</th><th>Phone</th><th>City</th>"
            + "</tr></thead><tbody><tr><td>Ada Okafor</td><td>Sales</td><td>555-0142</td><td>Lyon</td></tr>"
            + "<tr><td>Bo Lee</td><td>Support</td><td>555-0199</td><td>Oslo</td></tr>"
            + "<tr><td>Cy Diaz</td><td>Sales</td><td>555-0173</td><td>Lima</td></tr></tbody></table>"
            + "<p>Answer: <input id=a></p><button id=go>Submit</button>" + CHECK + """
            <script>document.getElementById('go').onclick =
              () => done(document.getElementById('a').value === 'Oslo', document.getElementById('a').value);</script>
            </body></html>""")
        .page("/copy3", "<html><body><textarea id=t1>Alpha beta gamma.</textarea><textarea id=t2>Delta epsilon."
            + "</textarea><textarea id=t3>Zeta eta theta iota.</textarea><p>Answer <input id=a></p>"
            + "<button id=go>Submit</button>" + CHECK + """
            <script>document.getElementById('go').onclick = () => {
              const v = id => document.getElementById(id).value;
              done(v('a') === 'Delta epsilon.' && v('t1') === 'Alpha beta gamma.' && v('t3') === 'Zeta eta theta iota.',
                [v('a'), v('t1'), v('t3')].join(' / '));
            };</script></body></html>""")
        .page("/generate", "<html><body><div id=n></div><button id=gen>Generate</button><button id=go>Submit</button>"
            + CHECK + """
            <script>
              const seq = [8, 9, 6, 3, 7]; let i = 0, shown;
              document.getElementById('gen').onclick = () => {
                shown = seq[i++ % seq.length]; document.getElementById('n').textContent = String(shown);
              };
              document.getElementById('go').onclick = () => done(shown !== undefined && shown < 5, String(shown));
            </script></body></html>""")
        .page("/posts", "<html><body>"
            + "<div class=post><b>Ann</b> @ann Lovely morning. <span class=reply></span></div>"
            + "<div class=post><b>Bob</b> @bob Late again. <span class=reply></span></div>"
            + "<div class=post><b>Ann</b> @ann Coffee first. <span class=reply></span></div>"
            + "<div class=post><b>Ann</b> @ann Rain today. <span class=reply></span></div>"
            + "<button id=go>Submit</button>" + CHECK + """
            <style>.reply { cursor: pointer; display: inline-block; width: 12px; height: 12px; border: 1px solid #999; }</style>
            <script>
              const posts = Array.from(document.querySelectorAll('.post'));
              posts.forEach(p => p.querySelector('.reply').addEventListener('click', () => p.classList.toggle('replied')));
              document.getElementById('go').onclick = () => {
                const ann = posts.filter(p => p.textContent.includes('@ann') && p.classList.contains('replied')).length;
                const other = posts.filter(p => !p.textContent.includes('@ann') && p.classList.contains('replied')).length;
                done(ann === 2 && other === 0, ann + ' of @ann, ' + other + ' other');
              };
            </script></body></html>""")
        .page("/board", "<html><body><div class=col id=todo><h3>To do</h3>"
            + "<div class=card draggable=true id=c1>Invoice</div><div class=card draggable=true id=c2>Payroll</div></div>"
            + "<div class=col id=doing><h3>Doing</h3></div><div class=col id=done><h3>Done</h3></div>" + CHECK + """
            <style>.col { display: inline-block; vertical-align: top; width: 140px; min-height: 120px;
              border: 1px solid #999; margin: 4px; } .card { border: 1px solid #333; margin: 4px; padding: 4px; }</style>
            <script>
              let dragged = null;
              document.querySelectorAll('.card').forEach(c => c.addEventListener('dragstart', () => { dragged = c; }));
              document.querySelectorAll('.col').forEach(col => {
                col.addEventListener('dragover', e => e.preventDefault());
                col.addEventListener('drop', e => {
                  e.preventDefault();
                  if (dragged) col.appendChild(dragged);
                  const inDone = Array.from(document.querySelectorAll('#done .card')).map(c => c.textContent);
                  done(inDone.length === 1 && inDone[0] === 'Invoice', 'done holds ' + inDone.join(', '));
                });
              });
            </script></body></html>""")
        .page("/copy", "<html><body><textarea id=src>Nulla  facilisi.\nMorbi at  arcu.</textarea>"
            + "<input id=a><button id=go>Submit</button>" + CHECK + """
            <script>document.getElementById('go').onclick = () => done(
              document.getElementById('a').value === document.getElementById('src').value.replace(/\\n/g, ''),
              document.getElementById('a').value);</script></body></html>""")
        .page("/word", "<html><body><p>Alpha beta, gamma delta epsilon zeta.</p>"
            + "<input id=a><button id=go>Submit</button>" + CHECK + """
            <script>document.getElementById('go').onclick =
              () => done(document.getElementById('a').value === 'delta', document.getElementById('a').value);</script>
            </body></html>""")
        .page("/calendar", "<html><body><p>Date: <input id=d readonly></p><div id=cal></div>"
            + "<button id=go>Submit</button>" + CHECK + """
            <script>
              const names = ['January','February','March','April','May','June','July','August','September',
                'October','November','December'];
              let year = 2024, month = 5; // June 2024
              const d = document.getElementById('d'), cal = document.getElementById('cal');
              function draw() {
                cal.innerHTML = '';
                const prev = document.createElement('a'); prev.textContent = 'Prev'; prev.style.cursor = 'pointer';
                prev.onclick = () => { month--; if (month < 0) { month = 11; year--; } draw(); };
                const next = document.createElement('a'); next.textContent = 'Next'; next.style.cursor = 'pointer';
                next.onclick = () => { month++; if (month > 11) { month = 0; year++; } draw(); };
                const title = document.createElement('div'); title.textContent = names[month] + ' ' + year;
                cal.append(prev, next, title);
                for (let day = 1; day <= 28; day++) {
                  const a = document.createElement('a'); a.href = '#'; a.textContent = String(day);
                  a.onclick = e => { e.preventDefault();
                    d.value = String(month + 1).padStart(2, '0') + '/' + String(day).padStart(2, '0') + '/' + year;
                    cal.innerHTML = ''; };
                  cal.append(a, ' ');
                }
              }
              d.addEventListener('click', draw);
              document.getElementById('go').onclick = () => done(d.value === '04/09/2024', d.value);
            </script></body></html>""")
        // a menu bar whose submenus open under the pointer (CSS :hover only); choosing a parent is a wrong choice
        .page("/menu", "<html><head><style>ul.sub{display:none} li:hover>ul.sub{display:block} li{margin:4px}"
            + "</style></head><body><ul role=menubar>"
            + "<li><a href='#' onclick='once(false, \"Home\")'>Home</a></li>"
            + "<li><a href='#' aria-haspopup=true onclick='once(false, \"Reports\")'>Reports</a><ul class=sub>"
            + "<li><a href='#' onclick='once(false, \"Daily\")'>Daily</a></li>"
            + "<li><a href='#' aria-haspopup=true onclick='once(false, \"Archive\")'>Archive</a><ul class=sub>"
            + "<li><a href='#' onclick='once(false, \"Summer\")'>Summer</a></li>"
            + "<li><a href='#' onclick='once(true)'>Winter</a></li></ul></li></ul></li>"
            + "<li><a href='#' aria-haspopup=true onclick='once(false, \"Help\")'>Help</a><ul class=sub>"
            + "<li><a href='#' onclick='once(false, \"About\")'>About</a></li></ul></li>"
            + "</ul>" + CHECK + ONCE + "</body></html>")
        .page("/wait", "<html><body><button id=one>ONE</button> <button id=two>TWO</button>" + CHECK + ONCE + """
            <script>
              let first = 0;
              document.getElementById('one').onclick = () => { first = performance.now(); };
              document.getElementById('two').onclick = () => {
                const gap = performance.now() - first;
                once(first > 0 && gap >= 1000 && gap < 4000, first > 0 ? 'gap ' + Math.round(gap) + ' ms' : 'TWO first');
              };
            </script></body></html>""")
        .page("/case", "<html><body><input id=t><button id=go>Submit</button>" + CHECK + """
            <script>document.getElementById('go').onclick =
              () => done(document.getElementById('t').value === 'NAKAMURA', document.getElementById('t').value);</script>
            </body></html>""")
        .page("/scrollbox", "<html><body><textarea id=t rows=3 cols=30>" + "Lorem ipsum dolor sit amet. ".repeat(40)
            + "</textarea><button id=go>Submit</button>" + CHECK + """
            <script>const t = document.getElementById('t'); t.scrollTop = 60;
              document.getElementById('go').onclick = () => done(t.scrollTop + t.clientHeight >= t.scrollHeight - 1,
                'scrolled to ' + t.scrollTop + ' of ' + (t.scrollHeight - t.clientHeight));</script>
            </body></html>""")
        // a slider drawn by a script: a handle on a track, moved by the arrow keys, its value shown next to the track
        .page("/slider", "<html><head><style>.range-track{width:120px;height:8px;background:#ddd;position:relative}"
            + ".range-thumb{position:absolute;width:10px;height:14px;top:-3px;background:#888}</style></head><body>"
            + "<p>Pick a value, check the 2nd box, then submit.</p>"
            + "<div class=range-track><span class=range-thumb tabindex=0></span></div><div id=val>3</div>"
            + "<label><input type=checkbox id=c1> one</label><label><input type=checkbox id=c2> two</label>"
            + "<button id=go>Submit</button>" + CHECK + """
            <script>
              let v = 3; const h = document.querySelector('.range-thumb'), val = document.getElementById('val');
              function draw() { h.style.left = (v * 5) + 'px'; val.textContent = String(v); }
              h.addEventListener('keydown', e => {
                if (e.key === 'ArrowRight' || e.key === 'ArrowUp') v = Math.min(20, v + 1);
                if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') v = Math.max(-5, v - 1);
                draw();
              });
              draw();
              document.getElementById('go').onclick = () => {
                const c1 = document.getElementById('c1').checked, c2 = document.getElementById('c2').checked;
                done(v === 12 && !c1 && c2, 'value ' + v + ', boxes ' + c1 + '/' + c2);
              };
            </script></body></html>""")
        .page("/sum", "<html><body><div>12 x 4 =</div><input id=a><button id=go>Submit</button>" + CHECK + """
            <script>document.getElementById('go').onclick =
              () => done(document.getElementById('a').value === '48', document.getElementById('a').value);</script>
            </body></html>""");
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

  /** Runs the lexical policy's first choice step by step until the page says ok or the budget is spent. */
  private static String solve(String path, String goal, int maxSteps) {
    driver.get(site.url(path));
    LexicalPolicy policy = new LexicalPolicy();
    TaskGoal g = new TaskGoal(goal);
    List<Step> history = new ArrayList<>();
    List<String> taken = new ArrayList<>();
    for (int i = 0; i < maxSteps; i++) {
      Observation page = observer.observe();
      if (page.text().contains("ok") && out().equals("ok")) {
        return "ok";
      }
      List<Candidate> cs = policy.propose(g, page, history);
      assertTrue(!cs.isEmpty(), "no candidates on " + page);
      Candidate c = cs.get(0);
      ActionResult r = executor.execute(c.action());
      taken.add(c.action().describe() + (r.executed() ? "" : " FAILED " + r.error().orElse("")));
      history.add(new Step(i, page, c.action(), r.executed() ? StepStatus.EXECUTED : StepStatus.FAILED,
          r.executed() ? java.util.Optional.empty() : r.error(), observer.observe(), "policy"));
    }
    return out().equals("ok") ? "ok" : out() + " after " + taken;
  }

  private static String out() {
    return String.valueOf(((org.openqa.selenium.JavascriptExecutor) driver)
        .executeScript("return document.getElementById('out').textContent;"));
  }

  @Test
  void solve_tableFormWithHeaderLabelsAndUnquotedValues_fillsEachFieldAndSubmits() {
    assertEquals("ok", solve("/movies", "Search for drama movies directed by Okafor from year 1987.", 6));
  }

  @Test
  void solve_dateAndTimeFields_takeTheGoalsDateAndTime() {
    assertEquals("ok", solve("/when", "Enter 05/19/2012 as the date and 2:49 PM as the time, then submit.", 5));
  }

  @Test
  void solve_spinButtonThatIgnoresTypedText_isSteppedToTheNumber() {
    assertEquals("ok", solve("/spin", "Set the quantity to -4 with the spinner and hit Submit.", 4));
  }

  @Test
  void solve_autocomplete_typesTheFragmentPicksTheSuggestionAndSubmits() {
    assertEquals("ok", solve("/suggest", "Enter an item that starts with \"Gua\" and ends with \"ala\".", 5));
  }

  @Test
  void solve_valueOfATableKey_isTypedIntoTheField() {
    assertEquals("ok", solve("/table", "Enter the value of Color into the text field and press Submit.", 4));
  }

  @Test
  void solve_cellOfATableByItsRowAndColumn_isTypedIntoTheField() {
    assertEquals("ok", solve("/grid", "In which city does Bo Lee work? Type it into the answer box and submit.", 4));
  }

  @Test
  void solve_copyFromTheFieldTheGoalPicksByPlace_pastesItsTextAndLeavesTheOtherTextsAlone() {
    assertEquals("ok", solve("/copy3",
        "Copy the text from the 2nd text area below and paste it into the text input, then press Submit.", 3));
  }

  @Test
  void solve_numberTheGoalSetsAConditionOn_isRegeneratedUntilItHoldsThenSubmitted() {
    assertEquals("ok", solve("/generate", "Generate a number less than 5, then press submit.", 8));
  }

  @Test
  void solve_goalCountsThePostsToActOn_clicksThatManyThenSubmits() {
    assertEquals("ok", solve("/posts", "Click the reply button on 2 posts by @ann and then click Submit.", 4));
  }

  @Test
  void solve_cardToMoveToAColumn_isDraggedOntoTheColumnsDropZone() {
    assertEquals("ok", solve("/board", "Move the Invoice card to Done.", 2));
  }

  @Test
  void solve_copyTheTextOfATextarea_isPastedIntoTheField() {
    assertEquals("ok", solve("/copy", "Copy the text in the textarea below, paste it into the textbox and press Submit.", 4));
  }

  @Test
  void solve_nthWordOfTheParagraph_isTyped() {
    assertEquals("ok", solve("/word", "Find the 4th word in the paragraph, type that into the textbox and press Submit.", 4));
  }

  @Test
  void solve_datePicker_opensStepsBackToTheMonthAndPicksTheDay() {
    assertEquals("ok", solve("/calendar", "Select 04/09/2024 as the date and hit submit.", 7));
  }

  @Test
  void solve_menuThatOpensUnderThePointer_pointsAtEachParentAndClicksTheLeaf() {
    assertEquals("ok", solve("/menu", "In the Reports menu, choose Winter under Archive.", 4));
  }

  @Test
  void solve_goalAsksToWaitBetweenTwoClicks_theClicksAreThatFarApart() {
    assertEquals("ok", solve("/wait", "Click button ONE, wait 1 second, then click button TWO.", 4));
  }

  @Test
  void solve_valueInTheCaseTheGoalAsks_isTypedInThatCase() {
    assertEquals("ok", solve("/case", "Type \"nakamura\" in all upper case letters and press Submit.", 3));
  }

  @Test
  void solve_sumShownOnThePage_itsAnswerIsTyped() {
    assertEquals("ok", solve("/sum", "Solve the math problem and type your answer into the textbox. Press submit when done.", 3));
  }

  @Test
  void solve_scrollATextAreaToTheBottom_itsEndKeysScrollIt() {
    assertEquals("ok", solve("/scrollbox", "Scroll the text area to the bottom and press Submit.", 3));
  }

  @Test
  void solve_scriptSliderAndACheckboxPickedByItsPlace_theSliderIsSteppedToTheNumberAndOnlyThatBoxChecked() {
    assertEquals("ok", solve("/slider", "Select 12 with the slider, click the 2nd checkbox, then hit Submit.", 5));
  }
}
