package dev.jitrl.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.HostServices;
import dev.jitrl.api.Selection;
import dev.jitrl.plugin.bench.SyntheticMemory;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import dev.jitrl.plugin.memory.EpisodeRecord;
import dev.jitrl.plugin.memory.OutboxMemoryBank;
import dev.jitrl.plugin.retrieval.Neighbour;
import dev.jitrl.plugin.state.StateAbstraction.AbstractState;
import dev.jitrl.plugin.testing.PostgresExtension;
import dev.jitrl.plugin.testing.PostgresServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same episodes stored in SQLite and in PostgreSQL give the same decisions: identical neighbours and identical
 * selections (chosen action, distribution, explanation) for 10,000 seeded decisions through the real engine.
 */
@ExtendWith(PostgresExtension.class)
class PostgresParityTest {
  private static final int EPISODES = 600;
  private static final int DECISIONS = 10_000;

  @TempDir
  Path dir;

  @Test
  void select_sameEpisodesInSqliteAndPostgres_identicalNeighboursAndSelections(PostgresServer pg) {
    String url = pg.createDatabase("parity_" + ProcessHandle.current().pid());
    JitRlConfig lite = JitRlConfig.builder().memoryPath(dir.resolve("m.sqlite")).judge(JudgeKind.RULES).build();
    JitRlConfig shared = JitRlConfig.builder().memoryPath(dir.resolve("unused.sqlite")).judge(JudgeKind.RULES)
        .memoryUrl(url).memoryOutbox(dir.resolve("outbox.sqlite")).build();
    HostServices services = HostServices.of(Map.of());
    SyntheticMemory synth = new SyntheticMemory();
    try (JitRlEngine a = JitRlEngine.open(lite, services, Map.of());
        JitRlEngine b = JitRlEngine.open(shared, services, pg.environment())) {
      assertTrue(b.memory() instanceof OutboxMemoryBank, "the configuration chose PostgreSQL");
      SplittableRandom rnd = new SplittableRandom(20261130);
      long t0 = System.nanoTime();
      for (int e = 0; e < EPISODES; e++) {
        EpisodeRecord episode = synth.episode("p" + e, 1 + rnd.nextInt(20), rnd);
        a.memory().append(episode);
        b.memory().append(episode);
      }
      assertEquals(0, ((OutboxMemoryBank) b.memory()).sendPending(), "acknowledged in the outbox, now sent");
      long t1 = System.nanoTime();
      a.refreshIndex();
      b.refreshIndex();
      assertEquals(a.index().size(), b.index().size());
      assertEquals(a.index().maxStepId(), b.index().maxStepId(), "step ids follow insertion order in both");
      assertEquals(0, b.memory().pendingWrites());

      SplittableRandom qr = new SplittableRandom(42);
      int withNeighbours = 0;
      int changed = 0;
      for (int i = 0; i < DECISIONS; i++) {
        SyntheticMemory.Query q = synth.query(qr);
        AbstractState state = a.abstraction().stateOf(q.context().observation(), q.context().history(),
            q.context().goal().text());
        List<Neighbour> na = a.index().neighbours(state.pattern().key(), q.context().goal().text(), state.context(),
            lite.taskThreshold(), lite.thresholdAt(q.context().stepIndex()), lite.k());
        List<Neighbour> nb = b.index().neighbours(state.pattern().key(), q.context().goal().text(), state.context(),
            shared.taskThreshold(), shared.thresholdAt(q.context().stepIndex()), shared.k());
        assertEquals(na, nb, "neighbours of decision " + i);
        Selection sa = a.select(q.context(), q.candidates());
        Selection sb = b.select(q.context(), q.candidates());
        assertEquals(sa, sb, "selection " + i);
        withNeighbours += na.isEmpty() ? 0 : 1;
        changed += sa.explanation().changedChoice() ? 1 : 0;
      }
      System.out.printf("parity: %d episodes stored in both in %d ms, %d decisions compared in %d ms,"
          + " %d with neighbours, %d changed by memory%n", EPISODES, (t1 - t0) / 1_000_000, DECISIONS,
          (System.nanoTime() - t1) / 1_000_000, withNeighbours, changed);
      // Not an empty comparison: most decisions had neighbours, and memory changed some choices.
      assertTrue(withNeighbours > DECISIONS / 2, "decisions with neighbours: " + withNeighbours);
      assertTrue(changed > 0, "decisions memory changed: " + changed);
    }
  }
}
