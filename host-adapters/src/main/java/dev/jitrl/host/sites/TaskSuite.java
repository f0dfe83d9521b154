package dev.jitrl.host.sites;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tasks of a declarative task file: {@code {"tasks":[{"id":..., "site":..., "startPath":..., "goal":...,
 * "maxSteps":..., "successCheck":{"type":...}, "traps":[...], "description":...}]}}. Ids are unique and every
 * success check is parsed when the file is loaded, so a bad file fails at once.
 */
public final class TaskSuite {
  private static final String BUILT_IN = "tasks.json";

  private final Map<String, WebTask> tasks;

  private TaskSuite(Map<String, WebTask> tasks) {
    this.tasks = tasks;
  }

  /** Reads a task file; throws {@link IllegalArgumentException} on a duplicate id or a bad field. */
  public static TaskSuite load(InputStream json) {
    Objects.requireNonNull(json, "json must not be null");
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the task file", e);
    }
    JsonNode array = root == null ? null : root.isArray() ? root : root.get("tasks");
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("the task file must hold a \"tasks\" array");
    }
    Map<String, WebTask> byId = new LinkedHashMap<>();
    for (JsonNode node : array) {
      WebTask task = parse(node);
      if (byId.putIfAbsent(task.id(), task) != null) {
        throw new IllegalArgumentException("duplicate task id '" + task.id() + "'");
      }
    }
    return new TaskSuite(byId);
  }

  /** The suite shipped with the sites ({@code dev/jitrl/host/sites/tasks.json}). */
  public static TaskSuite builtIn() {
    try (InputStream in = TaskSuite.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("built-in task file " + BUILT_IN + " is missing from the class path");
      }
      return load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<WebTask> tasks() {
    return List.copyOf(tasks.values());
  }

  /** The task with this id; throws {@link IllegalArgumentException} naming the id and listing the known ones. */
  public WebTask task(String id) {
    WebTask task = tasks.get(id);
    if (task == null) {
      throw new IllegalArgumentException("unknown task id '" + id + "'; known ids: " + String.join(", ", tasks.keySet()));
    }
    return task;
  }

  private static WebTask parse(JsonNode node) {
    String id = text(node, "id");
    try {
      JsonNode check = node.get("successCheck");
      if (check == null || check.isNull()) {
        throw new IllegalArgumentException("successCheck is missing");
      }
      String checkJson = check.isTextual() ? check.asText() : check.toString();
      SuccessCheck.parse(checkJson);
      List<String> traps = new ArrayList<>();
      JsonNode trapNode = node.get("traps");
      if (trapNode != null) {
        trapNode.forEach(t -> traps.add(t.asText()));
      }
      JsonNode steps = node.get("maxSteps");
      if (steps == null || !steps.canConvertToInt()) {
        throw new IllegalArgumentException("maxSteps must be an integer");
      }
      return new WebTask(id, text(node, "site"), text(node, "startPath"), text(node, "goal"), steps.asInt(),
          checkJson, traps, text(node, "description"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("task '" + id + "': " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }
}
