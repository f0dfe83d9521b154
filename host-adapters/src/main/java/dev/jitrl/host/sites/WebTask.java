package dev.jitrl.host.sites;

import java.util.List;

/**
 * One task on the local sites.
 *
 * @param id unique within its suite, e.g. {@code "admin-ship-order-page-two"}
 * @param site {@code shop}, {@code admin} or {@code forum}
 * @param startPath where the episode starts, below the server's base URL (e.g. {@code "/admin"})
 * @param goal the instruction given to the agent, in natural language
 * @param maxSteps the step budget, 1 to 12
 * @param successCheck the JSON object {@link LocalSites#check} interprets (a {@code type} and its parameters)
 * @param traps the kinds of trap the task contains (e.g. {@code "second-page"}); empty for an easy task
 * @param description how the correct path goes and what the trap is, for people reading results
 */
public record WebTask(
    String id,
    String site,
    String startPath,
    String goal,
    int maxSteps,
    String successCheck,
    List<String> traps,
    String description) {
  public WebTask {
    requireText(id, "id");
    requireText(site, "site");
    requireText(startPath, "startPath");
    if (!startPath.startsWith("/")) {
      throw new IllegalArgumentException("startPath must start with '/' but was '" + startPath + "' (task " + id + ")");
    }
    requireText(goal, "goal");
    if (maxSteps < 1 || maxSteps > 12) {
      throw new IllegalArgumentException("maxSteps must be 1..12 but was " + maxSteps + " (task " + id + ")");
    }
    requireText(successCheck, "successCheck");
    traps = List.copyOf(traps == null ? List.of() : traps);
    description = description == null ? "" : description;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
