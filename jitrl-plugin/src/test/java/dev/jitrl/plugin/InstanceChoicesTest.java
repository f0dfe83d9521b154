package dev.jitrl.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jitrl.api.ActionType;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.plugin.retrieval.Neighbour;
import dev.jitrl.plugin.state.NormalizedAction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Another instance's pick among look-alike controls (a calendar's days) does not vote on this instance's pick. */
class InstanceChoicesTest {
  private static Observation calendar() {
    List<Element> es = new ArrayList<>();
    es.add(new Element("p", "clickable", "Prev", "Prev", ""));
    for (int d = 1; d <= 28; d++) {
      es.add(new Element("d" + d, "link", String.valueOf(d), String.valueOf(d), ""));
    }
    return new Observation("http://cal.test/", "Calendar", es, "November 2016");
  }

  private static Neighbour n(long id, String role, String label, double goalSimilarity) {
    return new Neighbour(id, new NormalizedAction(ActionType.CLICK, role, label, 1, ""), 10, 0.9, goalSimilarity, id);
  }

  @Test
  void instanceChoicesOnly_dayPickedUnderAnotherGoal_isDroppedButItsOwnGoalsAndNavigationStay() {
    Neighbour otherDay = n(1, "link", "15", 0.78);
    Neighbour sameGoalDay = n(2, "link", "5", 1.0);
    Neighbour otherPrev = n(3, "clickable", "Prev", 0.78);
    Neighbour namedByGoal = n(4, "link", "{goal.w2}", 0.78);
    List<Neighbour> kept = JitRlEngine.instanceChoicesOnly(List.of(otherDay, sameGoalDay, otherPrev, namedByGoal), calendar());
    assertEquals(List.of(sameGoalDay, otherPrev, namedByGoal), kept);
  }
}
