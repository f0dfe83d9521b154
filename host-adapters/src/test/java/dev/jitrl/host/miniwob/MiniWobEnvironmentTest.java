package dev.jitrl.host.miniwob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Outcome;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.host.bench.BenchTask;
import dev.jitrl.host.bench.TaskEnvironment;
import dev.jitrl.host.bench.TaskEnvironmentProvider;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.testing.Browsers;
import dev.jitrl.host.testing.MiniWobPages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** The MiniWoB++ environment on the package's pages (fetched by scripts/setup-miniwob.sh). */
class MiniWobEnvironmentTest {
  private static MiniWobEnvironment env;

  @BeforeAll
  static void start() {
    env = new MiniWobEnvironment(MiniWobPages.required(), List.of(1L, 2L), 10);
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void tasks_areTheDevelopmentSetTimesTheDefaultSeeds_andAnyPackageTaskIsKnown() {
    List<String> names = env.files().taskNames();
    assertTrue(names.size() > 100, "the package has over 100 tasks: " + names.size());
    assertTrue(names.containsAll(MiniWobEnvironment.DEVELOPMENT_SET), names.toString());
    assertEquals(MiniWobEnvironment.DEVELOPMENT_SET.size() * 2, env.tasks().size());
    assertEquals(List.of("click-button#1", "click-button#2"), env.tasks().subList(0, 2).stream().map(BenchTask::id).toList());
    // a task outside the development set
    BenchTask t = env.task("book-flight#4");
    assertEquals("book-flight", MiniWobEnvironment.taskName(t));
    assertEquals(4, MiniWobEnvironment.seed(t));
    assertTrue(env.startUrl(t).matches("http://127\\.0\\.0\\.1:\\d+/miniwob/book-flight\\.html"), env.startUrl(t));
  }

  @Test
  void task_seedHandling() {
    assertEquals("click-link#1", env.task("click-link").id(), "no seed: the first default seed");
    assertEquals(123456789012L, MiniWobEnvironment.seed(env.task("click-link#123456789012")));
    assertEquals(-3, MiniWobEnvironment.seed(env.task("click-link#-3")));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> env.task("click-link#x"));
    assertTrue(bad.getMessage().contains("bad seed 'x'"), bad.getMessage());
  }

  @Test
  void task_unknownName_failsNamingKnownTasks() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.task("click-buton#1"));
    assertTrue(e.getMessage().contains("unknown MiniWoB++ task 'click-buton'"), e.getMessage());
    assertTrue(e.getMessage().contains("click-button"), e.getMessage());
    assertTrue(e.getMessage().contains("enter-text"), e.getMessage());
  }

  @Test
  void server_servesThePackageOnLoopbackOnly_andNothingOutsideIt() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(env.startUrl(env.task("click-button"))))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("../core/core.js"));
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    HttpResponse<String> outside = http.send(HttpRequest.newBuilder(URI.create(env.baseUrl() + "/../../etc/passwd"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, outside.statusCode());
    assertTrue(env.siteAliases().containsValue("miniwob"));
  }

  @Test
  void provider_opensTheSuiteByName() {
    try (TaskEnvironment opened = TaskEnvironmentProvider.open("miniwob")) {
      assertTrue(opened instanceof MiniWobEnvironment);
      assertFalse(opened.tasks().isEmpty());
    }
  }

  @Test
  void prepare_anInstructionThatShowsAnIcon_saysTheIconInWords() {
    try (ChromiumBrowser browser = Browsers.launch()) {
      WebDriver driver = browser.driver();
      int icons = 0;
      for (int seed = 1; seed <= 6; seed++) {
        BenchTask task = env.task("click-menu-2#" + seed);
        driver.get(env.startUrl(task));
        String goal = env.prepare(task, driver);
        Object shown = ((JavascriptExecutor) driver).executeScript("return core.getUtterance();");
        if (goal.equals(shown)) {
          assertTrue(goal.matches("Click the \"Menu\" button, and then find and click on the item labeled \".+\"\\."),
              goal); // no icon: the instruction as the page says it
          continue;
        }
        icons++;
        // the page's own text has a gap where the icon is drawn; the host says what the icon shows
        assertTrue(goal.matches("Click the \"Menu\" button, and then find and click on the item with the [a-z ]+ icon\\."),
            goal);
        assertFalse(goal.contains("icon icon"), goal);
      }
      assertTrue(icons > 0, "seeds 1-6 show no icon instruction");
    }
  }

  @Test
  void dragItems_aJqueryUiSortableList_isSortedByTheLexicalPolicysDrag() {
    // a real jQuery UI sortable list: the observer sees its items as draggable, the policy drags the item the goal
    // names onto the place it gives, and the executor's pointer drag is one the library follows
    try (ChromiumBrowser browser = Browsers.launch()) {
      WebDriver driver = browser.driver();
      dev.jitrl.host.observe.PageObserver observer = new dev.jitrl.host.observe.PageObserver(driver);
      dev.jitrl.host.act.ActionExecutor executor = new dev.jitrl.host.act.ActionExecutor(driver);
      for (int seed = 1; seed <= 3; seed++) {
        BenchTask task = env.task("drag-items#" + seed);
        driver.get(env.startUrl(task));
        String goal = env.prepare(task, driver);
        dev.jitrl.api.Observation page = observer.observe();
        assertEquals(5, page.elements().stream().filter(e -> e.role().equals("draggable")).count(), page.toString());
        dev.jitrl.api.Action first = new dev.jitrl.host.policy.LexicalPolicy()
            .propose(new dev.jitrl.api.TaskGoal(goal), page, List.of()).get(0).action();
        assertEquals(dev.jitrl.api.ActionType.DRAG, first.type(), first.describe());
        assertTrue(executor.execute(first).executed(), first.describe());
        Outcome outcome = env.check(task, driver.getCurrentUrl(), "", Optional.empty());
        assertEquals(OutcomeStatus.SUCCESS, outcome.status(), goal + ": " + first.describe() + " gave " + outcome);
      }
    }
  }

  @Test
  void prepare_aTaskThatWrapsItsUtteranceWithItsAnswerFields_givesTheInstructionOnly() {
    // the natural-language e-mail tasks return {utterance, fields} (fields: the answer, for training); the agent
    // must get the sentence a person reads, not the fields nor a map's text
    try (ChromiumBrowser browser = Browsers.launch()) {
      WebDriver driver = browser.driver();
      BenchTask task = env.task("email-inbox-forward-nl-turk#2");
      driver.get(env.startUrl(task));
      String goal = env.prepare(task, driver);
      Object raw = ((JavascriptExecutor) driver).executeScript("return core.getUtterance();");
      assertTrue(raw instanceof java.util.Map, "the page still wraps its utterance: " + raw);
      assertEquals(((java.util.Map<?, ?>) raw).get("utterance"), goal);
      String query = (String) ((JavascriptExecutor) driver).executeScript(
          "return document.getElementById('query').textContent.replace(/\\s+/g, ' ').trim();");
      assertEquals(query, goal);
      assertFalse(goal.contains("fields") || goal.contains("utterance="), goal);
    }
  }

  @Test
  void episode_sameSeedSameInstance_outcomeReadFromTheWobGlobals() {
    try (ChromiumBrowser browser = Browsers.launch()) {
      WebDriver driver = browser.driver();
      BenchTask task = env.task("click-button#1");
      driver.get(env.startUrl(task));
      String goal = env.prepare(task, driver);
      assertTrue(goal.matches("Click on the \".+\" button\\."), goal);
      assertFalse(env.ended(task));
      assertEquals(OutcomeStatus.FAILURE, env.check(task, "", "", Optional.empty()).status());
      assertTrue(env.check(task, "", "", Optional.empty()).reason().contains("WOB_DONE_GLOBAL=false"));

      driver.get(env.startUrl(task));
      assertEquals(goal, env.prepare(task, driver), "the same seed gives the same instance");
      String label = goal.substring(goal.indexOf('"') + 1, goal.lastIndexOf('"'));
      String wrong = driver.findElements(By.cssSelector("#area button")).stream().map(b -> b.getText())
          .filter(t -> !t.equals(label)).findFirst().orElse(null);
      if (wrong != null) {
        driver.findElement(By.xpath("//div[@id='area']//button[text()='" + wrong + "']")).click();
        assertTrue(env.ended(task), "a wrong click ends the episode");
        Outcome o = env.check(task, "", "", Optional.empty());
        assertEquals(OutcomeStatus.FAILURE, o.status(), o.reason());
        assertEquals(-1.0, o.reward());
        driver.get(env.startUrl(task));
        env.prepare(task, driver);
      }
      driver.findElement(By.xpath("//div[@id='area']//button[text()='" + label + "']")).click();
      assertTrue(env.ended(task));
      Outcome o = env.check(task, "", "", Optional.empty());
      assertEquals(OutcomeStatus.SUCCESS, o.status(), o.reason());
      Object raw = ((JavascriptExecutor) driver).executeScript("return WOB_RAW_REWARD_GLOBAL;");
      assertEquals(((Number) raw).doubleValue(), o.reward());
      assertTrue(o.reason().contains("WOB_RAW_REWARD_GLOBAL=1.00"), o.reason());

      BenchTask other = env.task("click-button#2");
      driver.get(env.startUrl(other));
      env.prepare(other, driver);
      assertEquals(OutcomeStatus.FAILURE, env.check(task, "", "", Optional.empty()).status(),
          "a check of another task than the one prepared is refused");
    }
  }
}
