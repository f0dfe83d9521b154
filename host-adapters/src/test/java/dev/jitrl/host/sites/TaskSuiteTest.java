package dev.jitrl.host.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskSuiteTest {
  private static InputStream json(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String task(String id, String check) {
    return "{\"id\":\"" + id + "\",\"site\":\"shop\",\"startPath\":\"/shop\",\"goal\":\"Do it\",\"maxSteps\":5,"
        + "\"successCheck\":" + check + ",\"traps\":[],\"description\":\"d\"}";
  }

  @Test
  void builtIn_taskFile_hasUniqueIds() throws Exception {
    JsonNode root;
    try (InputStream in = TaskSuite.class.getResourceAsStream("tasks.json")) {
      root = new ObjectMapper().readTree(in);
    }
    List<String> ids = new ArrayList<>();
    root.get("tasks").forEach(t -> ids.add(t.get("id").asText()));

    assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicate ids in " + ids);
    assertEquals(ids, TaskSuite.builtIn().tasks().stream().map(WebTask::id).toList());
  }

  @Test
  void builtIn_tasks_coverEveryAppTrapKindAndEasyTasks() {
    List<WebTask> tasks = TaskSuite.builtIn().tasks();
    assertTrue(tasks.size() >= 12);
    Set<String> sites = new HashSet<>();
    Set<String> traps = new HashSet<>();
    tasks.forEach(t -> {
      sites.add(t.site());
      traps.addAll(t.traps());
      assertTrue(t.maxSteps() <= 12, t.id());
      assertFalse(t.description().isBlank(), t.id());
    });
    assertEquals(Set.of("shop", "admin", "forum"), sites);
    assertTrue(traps.containsAll(Set.of("tempting-link", "hidden-menu", "confirm-dialog", "confirm-page",
        "second-page", "button-label")), traps.toString());
    assertTrue(tasks.stream().filter(t -> t.traps().isEmpty()).count() >= 3);
    assertTrue(tasks.stream().filter(t -> t.successCheck().contains("answerEquals")).count() >= 3);
  }

  @Test
  void builtIn_everyTask_hasAScriptedSolution() {
    Set<String> ids = new HashSet<>(TaskSuite.builtIn().tasks().stream().map(WebTask::id).toList());
    assertEquals(ids, TaskSolutions.BY_TASK.keySet());
  }

  @Test
  void task_unknownId_throwsNamingTheIdAndTheKnownOnes() {
    TaskSuite suite = TaskSuite.builtIn();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> suite.task("no-such-task"));

    assertTrue(e.getMessage().contains("'no-such-task'"), e.getMessage());
    assertTrue(e.getMessage().contains("shop-add-blue-shirt"), e.getMessage());
  }

  @Test
  void load_duplicateIds_throwsNamingTheId() {
    String file = "{\"tasks\":[" + task("a", "{\"type\":\"cartLacks\",\"product\":3}") + ","
        + task("a", "{\"type\":\"cartLacks\",\"product\":3}") + "]}";

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskSuite.load(json(file)));

    assertTrue(e.getMessage().contains("duplicate task id 'a'"), e.getMessage());
  }

  @Test
  void load_unknownCheckType_throwsNamingTaskAndType() {
    String file = "{\"tasks\":[" + task("b", "{\"type\":\"magic\"}") + "]}";

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskSuite.load(json(file)));

    assertTrue(e.getMessage().contains("task 'b'") && e.getMessage().contains("'magic'"), e.getMessage());
  }

  @Test
  void load_unknownFact_throws() {
    String file = "{\"tasks\":[" + task("c", "{\"type\":\"answerEquals\",\"fact\":\"shop.weather\"}") + "]}";

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskSuite.load(json(file)));

    assertTrue(e.getMessage().contains("shop.weather"), e.getMessage());
  }

  @Test
  void load_checkAsJsonString_isAccepted() {
    String file = "{\"tasks\":[" + task("d", "\"{\\\"type\\\":\\\"cartLacks\\\",\\\"product\\\":3}\"") + "]}";

    TaskSuite suite = TaskSuite.load(json(file));

    assertEquals("{\"type\":\"cartLacks\",\"product\":3}", suite.task("d").successCheck());
  }

  @Test
  void load_tooManySteps_throws() {
    String file = "{\"tasks\":[" + task("e", "{\"type\":\"cartLacks\",\"product\":3}").replace("\"maxSteps\":5",
        "\"maxSteps\":13") + "]}";

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskSuite.load(json(file)));

    assertTrue(e.getMessage().contains("maxSteps"), e.getMessage());
  }
}
