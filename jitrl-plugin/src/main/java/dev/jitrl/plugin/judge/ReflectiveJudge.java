package dev.jitrl.plugin.judge;

import dev.jitrl.api.Episode;
import java.util.List;

/** Scores every step of a finished episode (DESIGN.md §2.7). */
public interface ReflectiveJudge {

  /** A short name stored with the episode ({@code rules}, {@code env}, {@code llm:gemma3-270m}). */
  String name();

  /**
   * One reward per step, in [-3, +3], before the environment's outcome is applied.
   *
   * <p>Never throws for odd episodes (no steps, empty pages); returns an empty list for no steps.
   */
  List<StepReward> score(Episode episode);
}
