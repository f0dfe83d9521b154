package dev.jitrl.plugin.judge;

import dev.jitrl.api.Episode;
import java.util.ArrayList;
import java.util.List;

/** Scores nothing itself: every step gets 0, and only the environment's outcome (applied later) counts. */
public final class EnvironmentJudge implements ReflectiveJudge {
  @Override
  public String name() {
    return "env";
  }

  @Override
  public List<StepReward> score(Episode episode) {
    List<StepReward> out = new ArrayList<>(episode.steps().size());
    for (int i = 0; i < episode.steps().size(); i++) {
      out.add(new StepReward(0, "no judgement"));
    }
    return out;
  }
}
