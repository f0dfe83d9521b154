package dev.jitrl.host.policy;

import dev.jitrl.api.Candidate;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
import dev.jitrl.api.TaskGoal;
import java.util.List;

/** Proposes candidate actions with logits for the current page; the host's frozen policy. */
public interface Policy {

  /** A short name for logs, reports and episode tags ({@code "lexical"}). */
  String name();

  /**
   * Candidate actions for this step, with finite logits.
   *
   * @param goal the task goal
   * @param page the current page
   * @param history the steps taken so far in the episode, oldest first
   * @return the candidates, possibly empty when the policy sees nothing to do
   */
  List<Candidate> propose(TaskGoal goal, Observation page, List<Step> history);

  /**
   * This step's candidate actions without the policy's expensive part (a language model call): the host builds
   * them first, lets plugins decide the step from memory, and calls {@link #score} only when none did. Default:
   * {@link #propose}, for a policy whose proposal is cheap.
   */
  default List<Candidate> candidates(TaskGoal goal, Observation page, List<Step> history) {
    return propose(goal, page, history);
  }

  /**
   * The policy's logits for {@code candidates} (as returned by {@link #candidates}); {@code candidates(…)} followed
   * by {@code score(…)} gives what {@link #propose} gives. Default: the candidates as they are.
   */
  default List<Candidate> score(TaskGoal goal, Observation page, List<Step> history, List<Candidate> candidates) {
    return candidates;
  }
}
