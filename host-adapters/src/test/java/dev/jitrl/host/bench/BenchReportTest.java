package dev.jitrl.host.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitrl.host.browser.ChromiumBrowser;
import dev.jitrl.host.plugins.SelectionHook;
import dev.jitrl.host.policy.LexicalPolicy;
import dev.jitrl.host.testing.AvoidFailedFirstMoves;
import dev.jitrl.host.testing.Browsers;
import dev.jitrl.host.testing.FixtureEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  private static final int E = 3;

  @Test
  void write_benchOverFixtureTasks_htmlNumbersMatchResultsJsonAndPngIsDrawn(@TempDir Path out) throws Exception {
    BenchResults results;
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    try (FixtureEnvironment env = new FixtureEnvironment(); ChromiumBrowser browser = Browsers.launch()) {
      AvoidFailedFirstMoves learner = new AvoidFailedFirstMoves();
      List<BenchMode> modes = List.of(BenchMode.staticMode(),
          new BenchMode("jitrl", List.of(new SelectionHook("stand-in", learner)), List.of(learner)));
      results = new BenchRunner(browser.driver(), new LexicalPolicy(), Duration.ofSeconds(2), Clock.systemUTC(),
          new PrintStream(progress, true)).run("fixture", env, env.tasks(), modes, E);
      assertEquals(2 * 2 * E, env.resets());
    }
    Path html = BenchReport.write(results, out);

    assertTrue(progress.toString().contains("12/12"), progress.toString());
    BufferedImage png = ImageIO.read(out.resolve(BenchReport.PNG).toFile());
    assertEquals(720, png.getWidth());

    JsonNode json = BenchReport.read(out.resolve(BenchReport.JSON));
    assertEquals(2 * 2 * E, json.get("results").size());
    String page = Files.readString(html);
    assertTrue(page.contains("<svg id='learning-curves'") && page.contains("viewBox='0.0 0.0 720.0 420.0'"), "the chart is inline SVG");
    assertTrue(page.contains("static (avg ") && page.contains("jitrl (avg "), "the SVG chart has a legend per mode");
    for (String mode : List.of("static", "jitrl")) {
      double[] successes = new double[E];
      double all = 0;
      for (JsonNode r : json.get("results")) {
        if (r.get("mode").asText().equals(mode)) {
          successes[r.get("episode").asInt() - 1] += r.get("success").asBoolean() ? 0.5 : 0; // 2 tasks
          all += r.get("success").asBoolean() ? 1 : 0;
        }
      }
      String row = row(page, mode);
      for (int i = 0; i < E; i++) {
        assertEquals(fmt(successes[i]), cell(row, "data-index=\"" + (i + 1) + "\""), mode + " episode " + (i + 1));
      }
      assertEquals(fmt(all / (2 * E)), cell(row, "data-key=\"avg\""));
      assertEquals(fmt(successes[E - 1]), cell(row, "data-key=\"final\""));
    }
    // the trap: the static agent fails it every time; the stand-in learner avoids it after one failure
    assertEquals("0.50", cell(row(page, "static"), "data-key=\"final\""));
    assertEquals("1.00", cell(row(page, "jitrl"), "data-key=\"final\""));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String row(String page, String mode) {
    Matcher m = Pattern.compile("<tr data-mode=\"" + mode + "\">(.*?)</tr>").matcher(page);
    assertTrue(m.find(), "no row for " + mode);
    return m.group(1);
  }

  private static String cell(String row, String attr) {
    Matcher m = Pattern.compile("<td " + Pattern.quote(attr) + ">([^<]*)</td>").matcher(row);
    assertTrue(m.find(), "no cell " + attr + " in " + row);
    return m.group(1);
  }

  @Test
  void of_mixedResults_computesRatesAndStepsPerSuccess() {
    List<EpisodeResult> rs = new ArrayList<>();
    rs.add(new EpisodeResult("a", "jitrl", 1, false, 5, 10, "FAILURE", "", 0, 0));
    rs.add(new EpisodeResult("a", "jitrl", 2, true, 2, 10, "SUCCESS", "", 1, 0));
    rs.add(new EpisodeResult("b", "jitrl", 1, true, 4, 10, "SUCCESS", "", 0, 0));
    rs.add(new EpisodeResult("b", "jitrl", 2, true, 4, 10, "SUCCESS", "", 0, 0));
    rs.add(new EpisodeResult("b", "static", 1, false, 4, 10, "FAILURE", "", 0, 0));
    ModeSummary s = ModeSummary.of("jitrl", rs, 2);
    assertEquals(List.of(0.5, 1.0), s.successByEpisode());
    assertEquals(0.75, s.avg());
    assertEquals(1.0, s.last());
    assertEquals(10.0 / 3, s.meanStepsPerSuccess(), 1e-9);
    assertEquals(4, s.episodes());
  }

  @Test
  void write_judgeAndCandidateCounts_perEpisodeIndexInJsonAndHtml(@TempDir Path out) throws Exception {
    List<EpisodeResult> rs = new ArrayList<>();
    rs.add(new EpisodeResult("a", "jitrl", 1, true, 4, 400, "SUCCESS", "", 0, 0, 1, 4, 0, 0, 0, 12.5, 3, 2));
    rs.add(new EpisodeResult("b", "jitrl", 1, true, 2, 200, "SUCCESS", "", 0, 0, 1, 2, 0, 0, 0, 7.5, 2, 0));
    rs.add(new EpisodeResult("a", "jitrl", 2, true, 4, 400, "SUCCESS", "", 0, 0, 1, 4, 0, 0, 0, 9.0, 4, 4));
    BenchResults results = new BenchResults("fixture", "llama", 2, List.of("a", "b"), java.time.Instant.EPOCH, 1_000,
        List.of(ModeSummary.of("jitrl", rs, 2)), rs);
    Path html = BenchReport.write(results, out);
    var json = BenchReport.read(out.resolve(BenchReport.JSON));
    assertEquals(3, json.get("results").get(0).get("judgeAsked").asInt());
    assertEquals(2, json.get("results").get(0).get("judgeParsed").asInt());
    assertEquals(12.5, json.get("results").get(0).get("candidatesPerStep").asDouble());
    String page = Files.readString(html);
    int table = page.indexOf("<table id=\"judge\">");
    assertTrue(table > 0, "judge table present");
    String firstRow = page.substring(page.indexOf("data-index=\"1\"", table), page.indexOf("</tr>", page.indexOf("data-index=\"1\"", table)));
    assertTrue(firstRow.contains("data-key=\"asked\">5<"), firstRow);
    assertTrue(firstRow.contains("data-key=\"parsed\">2<"), firstRow);
    assertTrue(firstRow.contains("data-key=\"candidates\">10.0") || firstRow.contains("data-key=\"candidates\">10<")
        || firstRow.contains("data-key=\"candidates\">10.00"), firstRow);
  }

  @Test
  void of_replayedEpisodes_costByEpisodeIndexInJsonAndHtml(@TempDir Path out) throws Exception {
    List<EpisodeResult> rs = new ArrayList<>();
    // episode 1: the policy decides all 6 steps (6 model calls, 6 s); episode 2: 5 of 6 replayed, one fell back
    rs.add(new EpisodeResult("a", "jitrl", 1, true, 4, 4_000, "SUCCESS", "", 0, 0, 1, 4, 0, 0, 0));
    rs.add(new EpisodeResult("b", "jitrl", 1, true, 2, 2_000, "SUCCESS", "", 0, 0, 1, 2, 0, 0, 0));
    rs.add(new EpisodeResult("a", "jitrl", 2, true, 4, 400, "SUCCESS", "", 0, 0, 1, 0, 4, 0, 120));
    rs.add(new EpisodeResult("b", "jitrl", 2, true, 2, 1_100, "SUCCESS", "", 0, 0, 1, 1, 1, 1, 90));
    ModeSummary s = ModeSummary.of("jitrl", rs, 2);
    EpisodeCost first = s.costByEpisode().get(0);
    EpisodeCost second = s.costByEpisode().get(1);
    assertEquals(6, first.policyCalls());
    assertEquals(0.0, first.replayedShare());
    assertEquals(1_000.0, first.millisPerStep(), 1e-9);
    assertEquals(1, second.policyCalls());
    assertEquals(5, second.replayedSteps());
    assertEquals(5 / 6.0, second.replayedShare(), 1e-9);
    assertEquals(1, second.replayFallbacks());
    assertEquals(750.0, second.millisPerEpisode(), 1e-9);
    assertEquals(120, second.replayMicrosMax());
    BenchResults results = new BenchResults("fixture", "llama", 2, List.of("a", "b"), java.time.Instant.EPOCH, 7_500,
        List.of(s), rs);
    Path html = BenchReport.write(results, out);
    var json = BenchReport.read(out.resolve(BenchReport.JSON));
    var cost = json.get("summaries").get(0).get("costByEpisode").get(1);
    assertEquals(1, cost.get("policyCalls").asInt());
    assertEquals(5, cost.get("replayedSteps").asInt());
    assertEquals(1, cost.get("replayFallbacks").asInt());
    assertEquals(5, json.get("results").get(2).get("replayedSteps").asInt() + json.get("results").get(3).get("replayedSteps").asInt());
    String page = Files.readString(html);
    Matcher row = Pattern.compile("<tr data-mode=\"jitrl\" data-index=\"2\">(.*?)</tr>").matcher(page);
    assertTrue(row.find(), "cost row of episode 2");
    assertEquals("1", cell(row.group(1), "data-key=\"calls\""));
    assertEquals("5", cell(row.group(1), "data-key=\"replayed\""));
    assertEquals("1", cell(row.group(1), "data-key=\"fallbacks\""));
  }

  @Test
  void split_firstHalfOfEachTasksSeedsFills_theRestIsFresh() {
    List<BenchTask> all = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      for (int seed = 1; seed <= 5; seed++) {
        all.add(new BenchTask(name + "#" + seed, "g", 3));
      }
    }
    all.add(new BenchTask("c#1", "g", 3));
    List<List<BenchTask>> split = TransferSummary.split(all);
    assertEquals(List.of("a#1", "a#2", "b#1", "b#2"), split.get(0).stream().map(BenchTask::id).toList());
    assertEquals(List.of("a#3", "a#4", "a#5", "b#3", "b#4", "b#5"), split.get(1).stream().map(BenchTask::id).toList());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TransferSummary.split(List.of(new BenchTask("c#1", "g", 3))));
    assertTrue(e.getMessage().contains("--seeds"), e.getMessage());
  }

  @Test
  void transfer_fillsThenScoresFreshTasks_reportedInJsonAndHtml(@TempDir Path out) throws Exception {
    BenchResults results;
    try (FixtureEnvironment env = new FixtureEnvironment(); ChromiumBrowser browser = Browsers.launch()) {
      BenchRunner runner = new BenchRunner(browser.driver(), new LexicalPolicy(), Duration.ofSeconds(2),
          Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true));
      BenchResults main = runner.run("fixture", env, env.tasks(), List.of(BenchMode.staticMode()), 2);
      results = runner.transfer(main, env, List.of(FixtureEnvironment.OPEN_REPORTS),
          List.of(FixtureEnvironment.PRESS_SAVE), new BenchMode("jitrl", List.of(), List.of()));
    }
    TransferSummary t = results.transfer();
    assertEquals(List.of("open-reports"), t.fill());
    assertEquals(List.of("press-save"), t.fresh());
    assertEquals(0.0, t.fillSuccess(), "the trap task fails without a learner");
    assertEquals(1.0, t.transferSuccess());
    assertEquals(1.0, t.staticSuccess(), "the static arm's first episode of the fresh task");
    assertEquals(2 * 2 + 2 + 1, results.results().size());
    BenchReport.write(results, out);
    JsonNode json = BenchReport.read(out.resolve(BenchReport.JSON));
    assertEquals(1.0, json.get("transfer").get("transferSuccess").asDouble());
    assertEquals("transfer", json.get("results").get(6).get("mode").asText());
    String page = Files.readString(out.resolve(BenchReport.HTML));
    assertTrue(page.contains("<td data-key=\"transfer\">1.00</td>"), page);
  }
}
