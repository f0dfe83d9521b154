package dev.jitrl.host.testing;

import dev.jitrl.api.Outcome;
import dev.jitrl.host.bench.BenchTask;
import dev.jitrl.host.bench.TaskEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Two tiny tasks on fixture pages: {@code open-reports} has a tempting wrong link the lexical policy always
 * takes ("Monthly reports archive"); {@code press-save} the policy always gets right.
 */
public final class FixtureEnvironment implements TaskEnvironment {
  public static final BenchTask OPEN_REPORTS = new BenchTask("open-reports", "Open the monthly reports", 2);
  public static final BenchTask PRESS_SAVE = new BenchTask("press-save", "Press the save button", 2);

  private final FixtureSite site;
  private int resets;

  public FixtureEnvironment() {
    try {
      site = new FixtureSite()
          .page("/start", "<html><body><h1>Home</h1><a href=\"/archive\">Monthly reports archive</a> "
              + "<a href=\"/reports\">Reports</a></body></html>")
          .page("/archive", "<html><body><h1>Archive</h1><p>Old things</p></body></html>")
          .page("/reports", "<html><body><h1>Reports</h1></body></html>")
          .page("/save", "<html><body><h1>Draft</h1><button onclick=\"document.getElementById('m').textContent="
              + "'Saved'\">Save</button><p id=\"m\"></p></body></html>");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<BenchTask> tasks() {
    return List.of(OPEN_REPORTS, PRESS_SAVE);
  }

  @Override
  public String startUrl(BenchTask task) {
    return site.url(task.equals(OPEN_REPORTS) ? "/start" : "/save");
  }

  @Override
  public void reset() {
    resets++;
  }

  public int resets() {
    return resets;
  }

  @Override
  public Outcome check(BenchTask task, String finalUrl, String finalPageText, Optional<String> answer) {
    boolean done = task.equals(OPEN_REPORTS) ? finalUrl.endsWith("/reports") : finalPageText.contains("Saved");
    return done ? Outcome.success("done") : Outcome.failure("not done at " + finalUrl);
  }

  @Override
  public void close() {
    site.close();
  }
}
