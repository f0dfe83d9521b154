package dev.jitrl.host.bench;

import dev.jitrl.api.Outcome;
import dev.jitrl.host.sites.LocalSites;
import dev.jitrl.host.sites.WebTask;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The project's own shop, admin and forum apps as a bench suite ({@code --suite local}). */
public final class LocalSitesEnvironment implements TaskEnvironment {
  private final LocalSites sites;
  private final List<BenchTask> tasks;
  private final Map<String, WebTask> byId;

  public LocalSitesEnvironment(LocalSites sites) {
    this.sites = sites;
    this.byId = sites.suite().tasks().stream().collect(Collectors.toMap(WebTask::id, Function.identity()));
    this.tasks = sites.suite().tasks().stream().map(t -> new BenchTask(t.id(), t.goal(), t.maxSteps())).toList();
  }

  /** Starts the sites on an ephemeral port of 127.0.0.1. */
  public static LocalSitesEnvironment start() {
    return new LocalSitesEnvironment(LocalSites.start(0));
  }

  public LocalSites sites() {
    return sites;
  }

  @Override
  public List<BenchTask> tasks() {
    return tasks;
  }

  @Override
  public String startUrl(BenchTask task) {
    return sites.baseUrl() + webTask(task).startPath();
  }

  @Override
  public Map<String, String> siteAliases() {
    return Map.of(java.net.URI.create(sites.baseUrl()).getAuthority(), "local-sites");
  }

  @Override
  public void reset() {
    sites.reset();
  }

  @Override
  public Outcome check(BenchTask task, String finalUrl, String finalPageText, Optional<String> answer) {
    return sites.check(webTask(task), finalUrl, finalPageText, answer);
  }

  private WebTask webTask(BenchTask task) {
    WebTask t = byId.get(task.id());
    if (t == null) {
      throw new IllegalArgumentException("unknown task " + task.id() + "; known: " + byId.keySet());
    }
    return t;
  }

  @Override
  public void close() {
    sites.close();
  }

  /** The {@code local} suite for {@code jitrl bench --suite local}. */
  public static final class Provider implements TaskEnvironmentProvider {
    @Override
    public String suite() {
      return "local";
    }

    @Override
    public TaskEnvironment open() {
      return start();
    }
  }
}
