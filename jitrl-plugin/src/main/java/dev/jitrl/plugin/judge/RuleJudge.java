package dev.jitrl.plugin.judge;

import dev.jitrl.api.Element;
import dev.jitrl.api.Episode;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
import dev.jitrl.api.StepStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule-based reflective judge: a step whose action failed scores -2; a step after which error text
 * appears on the page scores -1; a step that changed the page (address, title or set of controls) scores
 * +0.5; a step with no visible effect scores 0 (unsure). The environment's outcome is applied afterwards by
 * {@link Returns}.
 */
public final class RuleJudge implements ReflectiveJudge {
  static final double FAILED = -2.0;
  static final double ERROR_TEXT = -1.0;
  static final double CHANGED = 0.5;

  private static final Pattern ERROR = Pattern.compile(
      "\\b(error|invalid|not found|failed|denied|forbidden|incorrect|wrong|unable to|does not exist|required)\\b");

  @Override
  public String name() {
    return "rules";
  }

  @Override
  public List<StepReward> score(Episode episode) {
    List<StepReward> out = new ArrayList<>(episode.steps().size());
    for (Step step : episode.steps()) {
      out.add(score(step));
    }
    return out;
  }

  /** The rule score of one step. */
  public StepReward score(Step step) {
    if (step.status() == StepStatus.FAILED) {
      return new StepReward(FAILED, "action failed: " + step.error().orElse("unknown error"));
    }
    Observation before = step.observation();
    Observation after = step.result();
    if (newErrorText(before.text(), after.text())) {
      return new StepReward(ERROR_TEXT, "error text appeared on the page");
    }
    if (changed(before, after)) {
      return new StepReward(CHANGED, "the page changed");
    }
    return new StepReward(0.0, "no visible effect");
  }

  private static boolean newErrorText(String before, String after) {
    return ERROR.matcher(after.toLowerCase(Locale.ROOT)).find() && !ERROR.matcher(before.toLowerCase(Locale.ROOT)).find();
  }

  /** Whether a step changed the page: address, title, controls, values or text. */
  public static boolean changed(Observation before, Observation after) {
    if (!before.url().equals(after.url()) || !before.title().equals(after.title())) {
      return true;
    }
    return signature(before) != signature(after);
  }

  private static long signature(Observation o) {
    long h = 1;
    for (Element e : o.elements()) {
      h = 31 * h + e.role().hashCode();
      h = 31 * h + e.name().hashCode();
      h = 31 * h + e.value().strip().hashCode(); // a newline typed at the end of a field is no change
    }
    return h ^ o.text().hashCode();
  }
}
