package dev.jitrl.plugin.testing;

import dev.jitrl.api.ActionType;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.plugin.memory.EpisodeRecord;
import dev.jitrl.plugin.memory.StoredStep;
import dev.jitrl.plugin.state.NormalizedAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders shared by the plugin's tests. */
public final class TestData {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestData() {}

  public static Element link(String id, String label) {
    return new Element(id, "link", label, "", "");
  }

  public static Element element(String id, String role, String label) {
    return new Element(id, role, label, "", "");
  }

  public static Observation page(String url, Element... elements) {
    return new Observation(url, "", List.of(elements), "");
  }

  public static NormalizedAction click(String label) {
    return new NormalizedAction(ActionType.CLICK, "link", label, 1, "");
  }

  /** A step ready to be stored (id 0) or as read back (id given). */
  public static StoredStep step(long id, int index, String goal, String site, String pattern, List<String> context,
      NormalizedAction action, double ret) {
    return StoredStep.builder().id(id).stepIndex(index).goal(goal).site(site).urlPattern(pattern).context(context)
        .action(action).rawAction(action.text()).reward(0.0).ret(ret).reason("test").build();
  }

  public static EpisodeRecord episode(String key, String goal, OutcomeStatus outcome, List<StoredStep> steps) {
    return EpisodeRecord.builder().key(key).goal(goal).outcome(outcome)
        .envReward(outcome == OutcomeStatus.SUCCESS ? 1.0 : 0.0).outcomeReason("test outcome").startedAt(T0)
        .endedAt(T0.plusSeconds(30)).policy("test-policy").configFingerprint("cfg").judge("rules")
        .tags(Map.of("task", key)).steps(steps).build();
  }

  /** As {@link #episode}, of the task instance the host named {@code instance} (its episode tag). */
  public static EpisodeRecord episodeOfInstance(String key, String goal, String instance, List<StoredStep> steps) {
    EpisodeRecord e = episode(key, goal, OutcomeStatus.SUCCESS, steps);
    return EpisodeRecord.builder().key(key).goal(goal).outcome(e.outcome()).envReward(e.envReward())
        .outcomeReason(e.outcomeReason()).startedAt(e.startedAt()).endedAt(e.endedAt()).policy(e.policy())
        .configFingerprint(e.configFingerprint()).judge(e.judge())
        .tags(Map.of("task", key, dev.jitrl.api.Episode.INSTANCE_TAG, instance)).steps(steps).build();
  }

  /** An episode of {@code n} one-page steps with returns n-1..0, all on {@code site/pattern}. */
  public static EpisodeRecord episodeOf(String key, String goal, int n, String site, String pattern) {
    List<StoredStep> steps = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      steps.add(step(0, i, goal, site, pattern, i == 0 ? List.of() : List.of(click("Step " + (i - 1)).text()),
          click("Step " + i), n - 1 - i));
    }
    return episode(key, goal, OutcomeStatus.SUCCESS, steps);
  }
}
