package dev.jitrl.host.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a bench's report folder: {@code results.json} (the raw per-episode results and the summaries),
 * {@code learning-curves.png} and {@code report.html} (the tables and the same chart as inline SVG). The HTML's numbers are
 * formatted from the same summaries as the JSON, with {@link #fmt(double)}.
 */
public final class BenchReport {
  public static final String JSON = "results.json";
  public static final String HTML = "report.html";
  public static final String PNG = "learning-curves.png";

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .findAndAddModules()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private BenchReport() {}

  /** Writes the three files into {@code folder} (created if needed) and returns the HTML's path. */
  public static Path write(BenchResults results, Path folder) throws IOException {
    Files.createDirectories(folder);
    MAPPER.writeValue(folder.resolve(JSON).toFile(), new JsonView(results));
    LearningCurveChart chart = LearningCurveChart.of(results.summaries(), results.episodesPerTask(),
        "Success rate per episode - " + results.suite() + " suite, " + results.policy() + " policy");
    chart.writePng(folder.resolve(PNG));
    Path html = folder.resolve(HTML);
    Files.writeString(html, html(results, chart.svgElement()), StandardCharsets.UTF_8);
    return html;
  }

  /** Reads a {@code results.json} back (for tools and tests). */
  public static com.fasterxml.jackson.databind.JsonNode read(Path json) throws IOException {
    return MAPPER.readTree(json.toFile());
  }

  /** How every rate and mean is printed in the HTML (two decimals). */
  public static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String html(BenchResults r, String chartSvg) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>JitRL bench - ").append(esc(r.suite()))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1000px}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;"
            + "text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}.ok{color:#187a2f}.ko{color:#b3261e}"
            + "</style></head><body>\n");
    h.append("<h1>JitRL bench: ").append(esc(r.suite())).append(" suite</h1>\n<p>Policy <b>")
        .append(esc(r.policy())).append("</b>, ").append(r.episodesPerTask()).append(" episodes per task, ")
        .append(r.tasks().size()).append(" tasks, started ").append(r.startedAt()).append(", wall time ")
        .append(fmt(r.wallMillis() / 1000.0)).append(" s.</p>\n");
    h.append("<h2>Success rate by episode index</h2>\n<table id=\"summary\"><tr><th class=\"l\">mode</th>");
    for (int e = 1; e <= r.episodesPerTask(); e++) {
      h.append("<th>").append(e).append("</th>");
    }
    h.append("<th>Avg</th><th>Final</th><th>steps/success</th><th>episodes</th><th>wall s</th></tr>\n");
    for (ModeSummary s : r.summaries()) {
      h.append("<tr data-mode=\"").append(esc(s.mode())).append("\"><td class=\"l\">").append(esc(s.mode()))
          .append("</td>");
      for (int e = 0; e < s.successByEpisode().size(); e++) {
        h.append("<td data-index=\"").append(e + 1).append("\">").append(fmt(s.successByEpisode().get(e)))
            .append("</td>");
      }
      h.append("<td data-key=\"avg\">").append(fmt(s.avg())).append("</td><td data-key=\"final\">")
          .append(fmt(s.last())).append("</td><td data-key=\"steps\">").append(fmt(s.meanStepsPerSuccess()))
          .append("</td><td>").append(s.episodes()).append("</td><td>").append(fmt(s.wallMillis() / 1000.0))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    h.append("<h2>Cost by episode index</h2>\n<p>Policy calls: steps the policy scored (with a model policy, the "
        + "model calls); replayed: steps memory decided without the policy; fallbacks: replays that fell back to the "
        + "policy (target missing or ambiguous, step failed or changed nothing).</p>\n<table id=\"cost\"><tr>"
        + "<th class=\"l\">mode</th><th>#</th><th>steps</th><th>policy calls</th><th>replayed</th>"
        + "<th>replayed share</th><th>fallbacks</th><th>ms / step</th><th>ms / episode</th><th>slowest replay µs</th></tr>\n");
    for (ModeSummary s : r.summaries()) {
      for (EpisodeCost c : s.costByEpisode()) {
        h.append("<tr data-mode=\"").append(esc(s.mode())).append("\" data-index=\"").append(c.episode())
            .append("\"><td class=\"l\">").append(esc(s.mode())).append("</td><td>").append(c.episode())
            .append("</td><td>").append(c.steps()).append("</td><td data-key=\"calls\">").append(c.policyCalls())
            .append("</td><td data-key=\"replayed\">").append(c.replayedSteps()).append("</td><td>")
            .append(fmt(c.replayedShare())).append("</td><td data-key=\"fallbacks\">").append(c.replayFallbacks())
            .append("</td><td>").append(fmt(c.millisPerStep())).append("</td><td>").append(fmt(c.millisPerEpisode()))
            .append("</td><td>").append(c.replayMicrosMax()).append("</td></tr>\n");
      }
    }
    h.append("</table>\n");
    h.append("<h2>Candidates and judge by episode index</h2>\n<p>Candidates: mean size of the distribution the host "
        + "acted on per step. Judge: steps the LLM judge was asked to score, and how many of its replies held a score "
        + "(the others got the rule score); 0 / 0 under the rule judge.</p>\n<table id=\"judge\"><tr>"
        + "<th class=\"l\">mode</th><th>#</th><th>candidates / step</th><th>judge asked</th><th>judge parsed</th>"
        + "<th>parsed share</th></tr>\n");
    for (ModeSummary s : r.summaries()) {
      for (int e = 1; e <= r.episodesPerTask(); e++) {
        final int index = e;
        List<EpisodeResult> at = r.results().stream().filter(x -> x.mode().equals(s.mode()) && x.episode() == index)
            .toList();
        int asked = at.stream().mapToInt(EpisodeResult::judgeAsked).sum();
        int parsed = at.stream().mapToInt(EpisodeResult::judgeParsed).sum();
        double cands = at.stream().mapToDouble(EpisodeResult::candidatesPerStep).average().orElse(0);
        h.append("<tr data-mode=\"").append(esc(s.mode())).append("\" data-index=\"").append(e)
            .append("\"><td class=\"l\">").append(esc(s.mode())).append("</td><td>").append(e)
            .append("</td><td data-key=\"candidates\">").append(fmt(cands)).append("</td><td data-key=\"asked\">")
            .append(asked).append("</td><td data-key=\"parsed\">").append(parsed).append("</td><td>")
            .append(asked == 0 ? "-" : fmt(parsed / (double) asked)).append("</td></tr>\n");
      }
    }
    h.append("</table>\n");
    if (r.transfer() != null) {
      TransferSummary t = r.transfer();
      h.append("<h2>Transfer to fresh instances</h2>\n<p>A fresh memory filled by ").append(t.fill().size())
          .append(" instances (").append(t.fillEpisodes()).append(" episodes each: ").append(esc(String.join(", ", t.fill())))
          .append("), then the first episode of each of ").append(t.fresh().size()).append(" instances never seen (")
          .append(esc(String.join(", ", t.fresh()))).append(").</p>\n<table id=\"transfer\"><tr>"
              + "<th class=\"l\">figure</th><th>success</th></tr>\n")
          .append("<tr><td class=\"l\">fill episodes</td><td data-key=\"fill\">").append(fmt(t.fillSuccess()))
          .append("</td></tr>\n<tr><td class=\"l\">fresh instances, JitRL with the filled memory</td>"
              + "<td data-key=\"transfer\">").append(fmt(t.transferSuccess())).append("</td></tr>\n");
      if (t.staticSuccess() != null) {
        h.append("<tr><td class=\"l\">fresh instances, static agent</td><td data-key=\"static\">")
            .append(fmt(t.staticSuccess())).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    List<TaskSummary> tasks = TaskSummary.of(r.results(), r.summaries().stream().map(ModeSummary::mode).toList());
    if (!tasks.isEmpty()) {
      h.append("<h2>Per task</h2>\n<p>Outcome at each episode (1 success), the episode of the first success and "
          + "whether the task kept succeeding from then on.</p>\n<table id=\"tasks\"><tr><th class=\"l\">task</th>"
          + "<th class=\"l\">mode</th><th class=\"l\">episodes</th><th>first success</th><th>stayed solved</th></tr>\n");
      for (TaskSummary t : tasks) {
        h.append("<tr data-task=\"").append(esc(t.task())).append("\" data-mode=\"").append(esc(t.mode()))
            .append("\"><td class=\"l\">").append(esc(t.task())).append("</td><td class=\"l\">").append(esc(t.mode()))
            .append("</td><td class=\"l\"><code>").append(esc(t.outcomes())).append("</code></td><td data-key=\"first\">")
            .append(t.firstSuccess() == null ? "never" : t.firstSuccess().toString()).append("</td><td class=\"")
            .append(t.stayedSolved() ? "ok\">yes" : "ko\">no").append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    // inline SVG: the browser zooms it sharply; the PNG beside it is for the README and docs
    h.append("<figure style=\"max-width:").append(LearningCurveChart.WIDTH).append("px;margin:1em 0\" role=\"img\""
        + " aria-label=\"learning curves\">").append(chartSvg).append("</figure>\n");
    h.append("<h2>Episodes</h2>\n<table id=\"episodes\"><tr><th class=\"l\">task</th><th class=\"l\">mode</th>"
        + "<th>#</th><th>result</th><th>steps</th><th>changed by memory</th><th>plugin fallbacks</th><th>policy calls</th>"
        + "<th>replayed</th><th>replay fallbacks</th><th>ms</th>"
        + "<th>reward</th><th class=\"l\">reason</th></tr>\n");
    for (EpisodeResult e : r.results()) {
      h.append("<tr><td class=\"l\">").append(esc(e.task())).append("</td><td class=\"l\">").append(esc(e.mode()))
          .append("</td><td>").append(e.episode()).append("</td><td class=\"").append(e.success() ? "ok" : "ko")
          .append("\">").append(e.success() ? "success" : esc(e.outcome().toLowerCase(Locale.ROOT)))
          .append("</td><td>").append(e.steps()).append("</td><td>").append(e.changedChoices()).append("</td><td>")
          .append(e.fallbacks()).append("</td><td>").append(e.policyCalls()).append("</td><td>").append(e.replayedSteps())
          .append("</td><td>").append(e.replayFallbacks()).append("</td><td>").append(e.wallMillis()).append("</td><td>").append(fmt(e.reward()))
          .append("</td><td class=\"l\">")
          .append(esc(e.reason())).append("</td></tr>\n");
    }
    h.append("</table>\n<p>Raw results: <a href=\"").append(JSON).append("\">").append(JSON)
        .append("</a>.</p>\n</body></html>\n");
    return h.toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** The JSON layout: the results with an ISO timestamp. */
  record JsonView(
      String suite, String policy, int episodesPerTask, java.util.List<String> tasks, String startedAt, long wallMillis,
      java.util.List<ModeSummary> summaries, java.util.List<TaskSummary> taskSummaries, TransferSummary transfer,
      java.util.List<EpisodeResult> results) {
    JsonView(BenchResults r) {
      this(r.suite(), r.policy(), r.episodesPerTask(), r.tasks(), r.startedAt().toString(), r.wallMillis(),
          r.summaries(), TaskSummary.of(r.results(), r.summaries().stream().map(ModeSummary::mode).toList()),
          r.transfer(), r.results());
    }
  }
}
