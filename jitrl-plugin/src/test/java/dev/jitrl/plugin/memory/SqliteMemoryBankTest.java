package dev.jitrl.plugin.memory;

import dev.jitrl.api.MemoryAdministration.ImportSummary;
import dev.jitrl.api.OutcomeStatus;
import dev.jitrl.plugin.retrieval.HotIndex;
import dev.jitrl.plugin.retrieval.Neighbour;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static dev.jitrl.plugin.testing.TestData.click;
import static dev.jitrl.plugin.testing.TestData.episode;
import static dev.jitrl.plugin.testing.TestData.episodeOf;
import static dev.jitrl.plugin.testing.TestData.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteMemoryBankTest {
  private static final Clock CLOCK = Clock.fixed(java.time.Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private SqliteMemoryBank open(Path file, long maxSteps) {
    return SqliteMemoryBank.open(file, maxSteps, CLOCK);
  }

  private static List<StoredStep> all(MemoryBank bank) {
    List<StoredStep> out = new ArrayList<>();
    bank.forEachStepAfter(0, out::add);
    return out;
  }

  /** Steps without their row ids, for comparing two memories. */
  private static List<String> contents(List<StoredStep> steps) {
    return steps.stream().map(s -> s.stepIndex() + "|" + s.goal() + "|" + s.patternKey() + "|" + s.context() + "|"
        + s.action().text() + "|" + s.rawAction() + "|" + s.reward() + "|" + s.ret() + "|" + s.reason()).toList();
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Twelve episodes on three page kinds and two goals, with contexts. */
  private static List<EpisodeRecord> sampleEpisodes() {
    SplittableRandom r = new SplittableRandom(31);
    List<EpisodeRecord> out = new ArrayList<>();
    String[] goals = {"show orders of customer alice", "show orders of customer bob"};
    for (int e = 0; e < 12; e++) {
      List<StoredStep> steps = new ArrayList<>();
      List<String> context = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String label = "L" + r.nextInt(4);
        steps.add(step(0, i, goals[e % 2], "shop", "/p" + (i % 3), List.copyOf(context), click(label), r.nextInt(-10, 11)));
        context.add(click(label).text());
      }
      out.add(episode("ep-" + e, goals[e % 2], e % 3 == 0 ? OutcomeStatus.FAILURE : OutcomeStatus.SUCCESS, steps));
    }
    return out;
  }

  @Test
  void append_thenReopen_sameStepsAndStats() {
    Path file = dir.resolve("m.sqlite");
    List<StoredStep> before;
    MemoryStats statsBefore;
    try (SqliteMemoryBank bank = open(file, 1000)) {
      for (EpisodeRecord e : sampleEpisodes()) {
        assertTrue(bank.append(e).stored());
      }
      before = all(bank);
      statsBefore = bank.stats();
    }
    try (SqliteMemoryBank again = open(file, 1000)) {
      List<StoredStep> after = all(again);
      assertEquals(48, after.size());
      assertEquals(before, after);
      MemoryStats stats = again.stats();
      assertEquals(12, stats.episodes());
      assertEquals(8, stats.successes());
      assertEquals(48, stats.steps());
      assertEquals(3, stats.patterns());
      assertEquals(2, stats.goals());
      assertEquals(statsBefore.steps(), stats.steps());
      assertTrue(stats.fileBytes() > 0);
    }
  }

  @Test
  void forEachStepAfter_idsIncreaseAndRespectTheCursor() {
    try (SqliteMemoryBank bank = open(dir.resolve("m.sqlite"), 1000)) {
      sampleEpisodes().forEach(bank::append);
      List<StoredStep> steps = all(bank);
      for (int i = 1; i < steps.size(); i++) {
        assertTrue(steps.get(i).id() > steps.get(i - 1).id());
      }
      long cursor = steps.get(9).id();
      List<StoredStep> rest = new ArrayList<>();
      bank.forEachStepAfter(cursor, rest::add);
      assertEquals(steps.subList(10, steps.size()), rest);
    }
  }

  @Test
  void append_sameEpisodeKeyTwice_storedOnce() {
    try (SqliteMemoryBank bank = open(dir.resolve("m.sqlite"), 1000)) {
      EpisodeRecord e = episodeOf("dup", "some goal", 3, "shop", "/x");
      AppendResult first = bank.append(e);
      AppendResult second = bank.append(episodeOf("dup", "another goal", 5, "shop", "/y"));
      assertTrue(first.stored());
      assertFalse(second.stored());
      assertEquals(first.episodeId(), second.episodeId());
      assertEquals(1, bank.stats().episodes());
      assertEquals(3, bank.stats().steps());
      assertEquals("some goal", bank.episode("dup").orElseThrow().goal());
    }
  }

  @Test
  void episode_byKey_roundTripsFieldsAndExplanation() {
    try (SqliteMemoryBank bank = open(dir.resolve("m.sqlite"), 1000)) {
      StoredStep s = StoredStep.builder().goal("g").site("shop").urlPattern("/x").context(List.of("click(<link[A]>)"))
          .action(click("B")).rawAction("click(e1 link \"B\")").reward(0.5).ret(7.25).reason("the page changed")
          .explanation(Optional.of("{\"summary\":\"why\"}")).build();
      bank.append(episode("k1", "g", OutcomeStatus.SUCCESS, List.of(s)));
      EpisodeRecord back = bank.episode("k1").orElseThrow();
      assertEquals(OutcomeStatus.SUCCESS, back.outcome());
      StoredStep b = back.steps().get(0);
      assertEquals(s.context(), b.context());
      assertEquals(s.action(), b.action());
      assertEquals(7.25, b.ret());
      assertEquals(Optional.of("{\"summary\":\"why\"}"), b.explanation());
      assertTrue(bank.episode("absent").isEmpty());
    }
  }

  @Test
  void exportThenImportIntoFreshFile_identicalNeighbours() throws IOException {
    StringWriter out = new StringWriter();
    HotIndex original = new HotIndex(100);
    try (SqliteMemoryBank bank = open(dir.resolve("a.sqlite"), 1000)) {
      sampleEpisodes().forEach(bank::append);
      assertEquals(12, bank.exportTo(out));
      original.addAll(all(bank));
    }
    assertEquals(12, out.toString().lines().count());
    HotIndex imported = new HotIndex(100);
    try (SqliteMemoryBank fresh = open(dir.resolve("b.sqlite"), 1000)) {
      assertEquals(new ImportSummary(12, 0), fresh.importFrom(new StringReader(out.toString())));
      imported.addAll(all(fresh));
      // importing the same export again skips every episode
      assertEquals(new ImportSummary(0, 12), fresh.importFrom(new StringReader(out.toString())));
    }
    SplittableRandom r = new SplittableRandom(32);
    int nonEmpty = 0;
    for (int q = 0; q < 100; q++) {
      String key = "shop/p" + r.nextInt(3);
      String goal = r.nextBoolean() ? "show orders of customer alice" : "orders of bob";
      List<String> context = r.nextBoolean() ? List.of() : List.of(click("L" + r.nextInt(4)).text());
      double thr = r.nextDouble(0, 0.9);
      List<Neighbour> a = original.neighbours(key, goal, context, 0.2, thr, 10);
      List<Neighbour> b = imported.neighbours(key, goal, context, 0.2, thr, 10);
      assertEquals(a, b, "query " + q);
      nonEmpty += a.isEmpty() ? 0 : 1;
    }
    assertTrue(nonEmpty > 50, "the queries exercise the memory: " + nonEmpty);
  }

  @Test
  void importFrom_malformedLine_throwsNamingLineAndStoresNothing() throws IOException {
    StringWriter out = new StringWriter();
    try (SqliteMemoryBank bank = open(dir.resolve("a.sqlite"), 1000)) {
      sampleEpisodes().subList(0, 4).forEach(bank::append);
      bank.exportTo(out);
    }
    List<String> lines = new ArrayList<>(out.toString().lines().toList());
    List<String> broken = List.of(
        lines.get(2).substring(0, lines.get(2).length() / 2), // truncated JSON
        lines.get(2).replace("\"format\":1", "\"format\":2"), // unknown format
        lines.get(2).replace("\"type\":\"click\"", "\"type\":\"teleport\""), // unknown action type
        lines.get(2).replace("\"ordinal\":1", "\"ordinal\":0"), // invalid ordinal
        lines.get(2).replace("\"goal\":", "\"goal\":7,\"x\":"), // goal of the wrong type
        "not json at all");
    for (String bad : broken) {
      List<String> input = new ArrayList<>(lines);
      input.set(2, bad); // line 3
      try (SqliteMemoryBank fresh = open(dir.resolve("fresh-" + broken.indexOf(bad) + ".sqlite"), 1000)) {
        MemoryException e = assertThrows(MemoryException.class,
            () -> fresh.importFrom(new StringReader(String.join("\n", input))));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertEquals(0, fresh.stats().episodes(), bad);
        assertEquals(0, fresh.stats().steps());
      }
    }
  }

  @Test
  void importFrom_blankLines_skippedAndCountedInLineNumbers() throws IOException {
    StringWriter out = new StringWriter();
    try (SqliteMemoryBank bank = open(dir.resolve("a.sqlite"), 1000)) {
      sampleEpisodes().subList(0, 2).forEach(bank::append);
      bank.exportTo(out);
    }
    String text = "\n" + out + "\n{\"format\":1}\n";
    try (SqliteMemoryBank fresh = open(dir.resolve("b.sqlite"), 1000)) {
      MemoryException e = assertThrows(MemoryException.class, () -> fresh.importFrom(new StringReader(text)));
      assertTrue(e.getMessage().contains("line 5"), e.getMessage());
      assertEquals(0, fresh.stats().episodes());
      assertEquals(new ImportSummary(2, 0), fresh.importFrom(new StringReader("\n" + out + "\n\n")));
    }
  }

  @Test
  void open_textFile_refusedNamingPathAndFileUnchanged() throws IOException {
    Path file = dir.resolve("notes.sqlite");
    byte[] content = "these are my notes, not a database\n".repeat(50).getBytes(StandardCharsets.UTF_8);
    Files.write(file, content);
    MemoryException e = assertThrows(MemoryException.class, () -> open(file, 1000));
    assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    assertArrayEquals(content, Files.readAllBytes(file));
    assertEquals(List.of("notes.sqlite"), listing(dir));
  }

  @Test
  void open_randomBytes_refusedAndFileUnchanged() throws IOException {
    Path file = dir.resolve("random.bin");
    byte[] content = new byte[8192];
    new java.util.Random(33).nextBytes(content);
    Files.write(file, content);
    MemoryException e = assertThrows(MemoryException.class, () -> open(file, 1000));
    assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    assertArrayEquals(content, Files.readAllBytes(file));
  }

  @Test
  void open_sqliteHeaderFollowedByGarbage_refusedAndFileUnchanged() throws IOException {
    Path file = dir.resolve("damaged.sqlite");
    byte[] content = new byte[4096];
    new java.util.Random(34).nextBytes(content);
    byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, content, 0, header.length);
    Files.write(file, content);
    MemoryException e = assertThrows(MemoryException.class, () -> open(file, 1000));
    assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    assertArrayEquals(content, Files.readAllBytes(file));
  }

  @Test
  void open_directory_refused() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("adir"));
    MemoryException e = assertThrows(MemoryException.class, () -> open(sub, 1000));
    assertTrue(e.getMessage().contains(sub.toAbsolutePath().toString()), e.getMessage());
  }

  @Test
  void open_newerSchemaVersion_refusedNamingVersionAndFileUnchanged() throws Exception {
    Path file = dir.resolve("future.sqlite");
    try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new java.util.Properties());
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      st.execute("INSERT INTO schema_version(version) VALUES (99)");
      st.execute("CREATE TABLE future_things (id INTEGER PRIMARY KEY, payload TEXT)");
      st.execute("INSERT INTO future_things(payload) VALUES ('keep me')");
    }
    byte[] content = Files.readAllBytes(file);
    List<String> filesBefore = listing(dir);

    MemoryException e = assertThrows(MemoryException.class, () -> open(file, 1000));
    assertTrue(e.getMessage().contains("99"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    assertArrayEquals(content, Files.readAllBytes(file), "the refused file must not be modified");
    assertEquals(filesBefore, listing(dir), "no journal or WAL left beside it");
  }

  @Test
  void open_missingFolder_createdWithFreshSchema() {
    Path file = dir.resolve("a/b/c/m.sqlite");
    try (SqliteMemoryBank bank = open(file, 1000)) {
      assertEquals(0, bank.stats().steps());
      assertEquals(file.toAbsolutePath().toString(), bank.location());
    }
    assertTrue(Files.exists(file));
  }

  @Test
  void open_emptyFile_treatedAsNewMemory() throws IOException {
    Path file = Files.createFile(dir.resolve("empty.sqlite"));
    try (SqliteMemoryBank bank = open(file, 1000)) {
      assertTrue(bank.append(episodeOf("e", "g", 2, "s", "/x")).stored());
    }
  }

  @Test
  void append_overMaxSteps_evictsOldestWholeEpisodesNeverTheNewest() {
    try (SqliteMemoryBank bank = open(dir.resolve("m.sqlite"), 10)) {
      SplittableRandom r = new SplittableRandom(35);
      List<String> stored = new ArrayList<>();
      java.util.Map<String, Integer> sizes = new java.util.HashMap<>();
      int evictions = 0;
      for (int e = 0; e < 40; e++) {
        String key = "ep-" + e;
        int n = r.nextInt(1, 7);
        sizes.put(key, n);
        List<StoredStep> before = all(bank);
        AppendResult result = bank.append(episodeOf(key, "goal", n, "shop", "/p"));
        assertTrue(result.stored());
        stored.add(key);
        MemoryStats stats = bank.stats();
        assertTrue(stats.steps() <= 10, "after " + key + ": " + stats.steps() + " steps");
        assertTrue(bank.episode(key).isPresent(), "the newest episode is kept");
        // the survivors are exactly a suffix of the insertion order: oldest evicted first, whole
        List<String> survivors = stored.stream().filter(k -> bank.episode(k).isPresent()).toList();
        assertEquals(stored.subList(stored.size() - survivors.size(), stored.size()), survivors);
        for (String k : survivors) {
          EpisodeRecord rec = bank.episode(k).orElseThrow();
          assertEquals(sizes.get(k), rec.steps().size(), "episode " + k + " is whole");
        }
        assertEquals(stats.steps(), survivors.stream().mapToLong(k -> bank.episode(k).orElseThrow().steps().size()).sum());
        // the reported boundary removes exactly the evicted steps from a hot index
        long boundary = result.evictedThroughStepId();
        List<StoredStep> after = all(bank);
        if (boundary > 0) {
          evictions++;
          long b = boundary;
          assertEquals(before.stream().filter(s -> s.id() > b).toList(),
              after.stream().filter(s -> before.contains(s)).toList());
          assertTrue(after.stream().allMatch(s -> s.id() > b));
        } else {
          assertEquals(before, after.subList(0, before.size()));
        }
      }
      assertTrue(evictions > 10, "the bound was exercised: " + evictions);
    }
  }

  @Test
  void append_episodeLargerThanBound_keptAloneNewestNeverEvicted() {
    try (SqliteMemoryBank bank = open(dir.resolve("m.sqlite"), 5)) {
      bank.append(episodeOf("small", "g", 3, "s", "/x"));
      bank.append(episodeOf("huge", "g", 8, "s", "/x"));
      assertTrue(bank.episode("small").isEmpty());
      assertEquals(8, bank.episode("huge").orElseThrow().steps().size());
      assertEquals(1, bank.stats().episodes());
    }
  }

  @Test
  void evictTo_bound_deletesOldestWholeEpisodes() {
    try (SqliteMemoryBank bank = open(dir.resolve("m.sqlite"), 1000)) {
      for (int e = 0; e < 5; e++) {
        bank.append(episodeOf("ep-" + e, "g", 4, "s", "/x"));
      }
      long boundary = bank.evictTo(9);
      assertEquals(8, bank.stats().steps());
      assertTrue(bank.episode("ep-2").isEmpty());
      assertTrue(bank.episode("ep-3").isPresent());
      assertTrue(all(bank).stream().allMatch(s -> s.id() > boundary));
    }
  }

  @Test
  void append_afterClose_throwsMemoryExceptionNamingFile() {
    Path file = dir.resolve("m.sqlite");
    SqliteMemoryBank bank = open(file, 1000);
    bank.close();
    MemoryException e = assertThrows(MemoryException.class, () -> bank.append(episodeOf("e", "g", 1, "s", "/x")));
    assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
  }

  /**
   * Makes a file or folder read-only for this process. Mode bits do not stop root, so as root the immutable
   * attribute is set too; where neither works the test fails saying so (a skipped test would hide that the refusal
   * of a read-only memory is unchecked).
   */
  private static void makeReadOnly(Path p) throws Exception {
    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
        Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
    if (Files.isWritable(p)) {
      new ProcessBuilder("chattr", "+i", p.toString()).redirectErrorStream(true).start().waitFor();
    }
    assertFalse(Files.isWritable(p), "cannot make " + p + " read-only here: mode bits do not stop root and `chattr +i`"
        + " did not work on this file system; run the tests as a normal user or on a file system with the immutable"
        + " attribute (ext4, xfs)");
  }

  private static void makeWritable(Path p) throws Exception {
    new ProcessBuilder("chattr", "-i", p.toString()).redirectErrorStream(true).start().waitFor();
    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
  }

  @Test
  void open_newFileInReadOnlyFolder_refusedNamingPathAndCauseNothingCreated() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("locked"));
    Path file = folder.resolve("m.sqlite");
    makeReadOnly(folder);
    try {
      MemoryException e = assertThrows(MemoryException.class, () -> open(file, 1000));
      assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      assertEquals(List.of(), listing(folder));
    } finally {
      makeWritable(folder);
    }
  }

  @Test
  void open_readOnlyExistingMemory_refusedNamingPathAndCauseFileUnchanged() throws Exception {
    Path file = dir.resolve("m.sqlite");
    try (SqliteMemoryBank bank = open(file, 1000)) {
      sampleEpisodes().forEach(bank::append);
    }
    byte[] content = Files.readAllBytes(file);
    List<String> before = listing(dir);
    makeReadOnly(file);
    try {
      MemoryException e = assertThrows(MemoryException.class, () -> open(file, 1000));
      assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      assertArrayEquals(content, Files.readAllBytes(file));
      assertEquals(before, listing(dir));
    } finally {
      makeWritable(file);
    }
    try (SqliteMemoryBank again = open(file, 1000)) {
      assertEquals(48, again.stats().steps(), "once writable again, nothing was lost");
    }
  }

  @Test
  void append_diskFull_failsNamingPathAndCauseKeepsCommittedAndStoresNothingOfTheFailedEpisode() throws Exception {
    Path file = dir.resolve("m.sqlite");
    try (SqliteMemoryBank bank = open(file, 1_000_000)) {
      bank.append(episodeOf("small", "g", 3, "s", "/x"));
    }
    java.util.Properties tiny = new java.util.Properties();
    long pages;
    try (SqliteMemoryBank bank = open(file, 1_000_000)) {
      pages = Files.size(file) / 4096;
    }
    tiny.setProperty("max_page_count", Long.toString(pages + 4)); // a disk with 16 KiB left
    List<String> committed = new ArrayList<>();
    try (SqliteMemoryBank bank = SqliteMemoryBank.open(file, 1_000_000, CLOCK, tiny)) {
      MemoryException full = null;
      for (int e = 0; e < 200 && full == null; e++) {
        String key = "ep-" + e;
        try {
          bank.append(episodeOf(key, "goal " + e, 1 + e % 7, "shop", "/p" + e));
          committed.add(key);
        } catch (MemoryException x) {
          full = x;
          assertTrue(bank.episode(key).isEmpty(), "the failed episode left nothing");
        }
      }
      assertTrue(full != null, "the size limit was reached");
      assertTrue(full.getMessage().contains(file.toAbsolutePath().toString()), full.getMessage());
      assertTrue(full.getMessage().contains("SQLITE_FULL"), full.getMessage());
      assertTrue(committed.size() > 0, "some episodes fitted before the disk was full");
    }
    try (SqliteMemoryBank bank = open(file, 1_000_000)) {
      assertTrue(bank.episode("small").isPresent());
      for (String key : committed) {
        assertTrue(bank.episode(key).isPresent(), key);
      }
      assertEquals(committed.size() + 1, bank.stats().episodes());
      assertEquals("ok", dev.jitrl.plugin.reliability.MemoryFileCheck.of(file).integrity());
      assertEquals(java.util.Map.of(), dev.jitrl.plugin.reliability.MemoryFileCheck.of(file).halfEpisodes());
    }
  }
}
