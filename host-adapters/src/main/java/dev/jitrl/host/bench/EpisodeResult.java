package dev.jitrl.host.bench;

/**
 * One episode of a benchmark, as written to {@code results.json}.
 *
 * @param task the task id
 * @param mode {@code static} or {@code jitrl}
 * @param episode the episode index in its task's run, from 1
 * @param success whether the environment said success
 * @param steps the steps taken
 * @param wallMillis the episode's wall time
 * @param outcome the outcome status
 * @param reason the environment's reason
 * @param changedChoices steps in which a plugin changed the policy's choice
 * @param fallbacks plugin calls the host ignored
 * @param reward the environment's reward (MiniWoB++: the raw reward; 1/0 where the environment gives none)
 * @param policyCalls steps the policy scored (with a model policy: the steps that called the model)
 * @param replayedSteps steps memory decided without the policy (replay)
 * @param replayFallbacks replays that fell back to the policy: memory sure of an action it could not place on the
 *     page, replayed steps that failed or changed nothing, replay answers the host ignored
 * @param replayMicrosMax the slowest replay question of the episode, in microseconds (host's view, with the
 *     hand-off to the plugin thread)
 * @param candidatesPerStep the mean size of the distribution the host acted on (the policy's candidates plus any
 *     memory added), over the episode's steps
 * @param judgeAsked steps the LLM judge was asked to score (those the environment did not already decide)
 * @param judgeParsed of those, the steps whose reply held a score (the rest got the rule score)
 */
public record EpisodeResult(
    String task,
    String mode,
    int episode,
    boolean success,
    int steps,
    long wallMillis,
    String outcome,
    String reason,
    int changedChoices,
    int fallbacks,
    double reward,
    int policyCalls,
    int replayedSteps,
    int replayFallbacks,
    long replayMicrosMax,
    double candidatesPerStep,
    int judgeAsked,
    int judgeParsed) {

  /** A result without candidate or judge counts. */
  public EpisodeResult(String task, String mode, int episode, boolean success, int steps, long wallMillis,
      String outcome, String reason, int changedChoices, int fallbacks, double reward, int policyCalls,
      int replayedSteps, int replayFallbacks, long replayMicrosMax) {
    this(task, mode, episode, success, steps, wallMillis, outcome, reason, changedChoices, fallbacks, reward,
        policyCalls, replayedSteps, replayFallbacks, replayMicrosMax, 0, 0, 0);
  }

  /** A result whose reward is that of its success (1 or 0), every step decided by the policy. */
  public EpisodeResult(String task, String mode, int episode, boolean success, int steps, long wallMillis,
      String outcome, String reason, int changedChoices, int fallbacks) {
    this(task, mode, episode, success, steps, wallMillis, outcome, reason, changedChoices, fallbacks, success ? 1 : 0,
        steps, 0, 0, 0);
  }

  /** Wall time per step in milliseconds (the whole episode's when it took no step). */
  public double millisPerStep() {
    return steps == 0 ? wallMillis : wallMillis / (double) steps;
  }
}
