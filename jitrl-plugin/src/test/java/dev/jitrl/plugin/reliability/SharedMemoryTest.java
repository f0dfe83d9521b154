package dev.jitrl.plugin.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.HostServices;
import dev.jitrl.plugin.JitRlEngine;
import dev.jitrl.plugin.config.JitRlConfig;
import dev.jitrl.plugin.config.JudgeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many agents on one memory: 8 agent threads sharing one engine in this JVM plus two more JVMs (2 agent threads
 * each) decide and learn on the same file for a bounded time (15 s; 60 s with {@code -Djitrl.long=true}).
 */
class SharedMemoryTest {
  private static final boolean LONG = Boolean.getBoolean("jitrl.long");

  @TempDir
  Path dir;

  @Test
  void learnAndSelect_threadsAndProcessesOnOneFile_noErrorNoLossNoDuplicateAndOthersSeenSoon() throws Exception {
    long millis = LONG ? 60_000 : 15_000;
    Path file = dir.resolve("shared.sqlite");
    JitRlConfig config = JitRlConfig.builder().memoryPath(file).judge(JudgeKind.RULES).build();
    Map<String, List<String>> output = new HashMap<>();
    List<ChildJvm> children = new ArrayList<>();
    try (JitRlEngine engine = JitRlEngine.open(config, HostServices.of(Map.of()))) {
      for (int p = 1; p <= 2; p++) {
        ChildJvm child = ChildJvm.start(SharedMemoryAgentMain.class, dir.resolve("p" + p + ".err"), List.of(),
            file.toString(), "p" + p, "2", Long.toString(millis), Long.toString(100L * p));
        children.add(child);
      }
      for (ChildJvm child : children) {
        assertNotNull(child.awaitLine("ready", 60_000), "child started");
      }
      List<String> mine = Collections.synchronizedList(new ArrayList<>());
      SharedMemoryAgents.run(engine, "p0", 8, millis, 7, mine::add);
      output.put("p0", List.copyOf(mine));
      for (int p = 0; p < children.size(); p++) {
        ChildJvm child = children.get(p);
        assertEquals(0, child.await(120_000), () -> stderr("p1") + stderr("p2"));
        output.put("p" + (p + 1), child.lines());
      }
    } finally {
      children.forEach(ChildJvm::close);
    }

    Set<String> union = new HashSet<>();
    int reported = 0;
    int episodesSteps = 0;
    List<String> errors = new ArrayList<>();
    Map<String, Integer> storedBy = new HashMap<>();
    for (Map.Entry<String, List<String>> e : output.entrySet()) {
      for (String line : e.getValue()) {
        String[] f = line.split(" ");
        if (line.startsWith("stored ")) {
          union.add(f[1]);
          reported++;
          episodesSteps += Integer.parseInt(f[2]);
          storedBy.merge(e.getKey(), 1, Integer::sum);
        } else if (line.startsWith("error ")) {
          errors.add(e.getKey() + ": " + line);
        }
      }
    }
    MemoryFileCheck check = MemoryFileCheck.of(file);
    Delays delays = delays(output);
    String figures = String.format(Locale.ROOT,
        "seconds=%d agents=8+2+2 processes=3 episodesStored=%s total=%d steps=%d errorsSurfaced=%d fileEpisodes=%d"
            + " crossProcessDelayMs(median=%d p95=%d max=%d pairs=%d notSeenBeforeEnd=%d)",
        millis / 1000, storedBy, reported, episodesSteps, errors.size(), check.episodes().size(), delays.median(),
        delays.p95(), delays.max(), delays.count(), delays.unseen());
    Figures.write("shared-memory", figures);
    assertEquals(List.of(), errors, "no error reaches an agent");
    assertEquals(reported, union.size(), "no episode reported twice");
    assertEquals(union, check.episodes().keySet(), "the file holds exactly the episodes reported stored");
    assertEquals(Map.of(), check.halfEpisodes());
    assertEquals("ok", check.integrity());
    assertEquals(episodesSteps, check.steps());
    for (String p : List.of("p0", "p1", "p2")) {
      assertTrue(storedBy.getOrDefault(p, 0) > 10, "every process wrote: " + storedBy);
    }
    assertTrue(delays.count() > 100, figures);
    assertTrue(delays.p95() < 5_000, "others' episodes are seen within the refresh interval: " + figures);
  }

  record Delays(long median, long p95, long max, int count, int unseen) {}

  /**
   * For every episode stored by one process and every other process: the time from its {@code stored} line to
   * the first {@code seen} line of the other process whose largest indexed step id reaches the episode's.
   */
  private static Delays delays(Map<String, List<String>> output) {
    List<Long> delays = new ArrayList<>();
    int unseen = 0;
    for (Map.Entry<String, List<String>> writer : output.entrySet()) {
      for (String line : writer.getValue()) {
        if (!line.startsWith("stored ")) {
          continue;
        }
        String[] f = line.split(" ");
        long id = Long.parseLong(f[3]);
        long at = Long.parseLong(f[4]);
        for (Map.Entry<String, List<String>> reader : output.entrySet()) {
          if (reader.getKey().equals(writer.getKey())) {
            continue;
          }
          Long first = null;
          for (String s : reader.getValue()) {
            if (s.startsWith("seen ")) {
              String[] g = s.split(" ");
              if (Long.parseLong(g[1]) >= id) {
                first = Long.parseLong(g[2]);
                break;
              }
            }
          }
          if (first == null) {
            unseen++;
          } else {
            delays.add(Math.max(0, first - at));
          }
        }
      }
    }
    Collections.sort(delays);
    if (delays.isEmpty()) {
      return new Delays(-1, -1, -1, 0, unseen);
    }
    return new Delays(delays.get(delays.size() / 2), delays.get((int) (delays.size() * 0.95)),
        delays.get(delays.size() - 1), delays.size(), unseen);
  }

  private String stderr(String name) {
    try {
      return Files.readString(dir.resolve(name + ".err"));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
