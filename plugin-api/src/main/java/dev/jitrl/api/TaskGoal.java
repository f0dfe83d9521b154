package dev.jitrl.api;

/**
 * What the user asked the agent to do, in natural language ("find the price of the blue shirt").
 *
 * @param text the goal as given to the agent; never blank
 */
public record TaskGoal(String text) {
  public TaskGoal {
    Checks.notBlank(text, "text");
  }

  @Override
  public String toString() {
    return text;
  }
}
