package dev.jitrl.plugin;

import dev.jitrl.api.ActionSelectionExtension;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Episode;
import dev.jitrl.api.EpisodeListener;
import dev.jitrl.api.Explanation;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.JitRlException;
import dev.jitrl.api.MemoryAdministration;
import dev.jitrl.api.Replay;
import dev.jitrl.api.Selection;
import dev.jitrl.plugin.config.ConfigLoader;
import dev.jitrl.plugin.config.JitRlConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JitRL extension: one instance is both the action-selection hook and the post-run hook, sharing one
 * memory. Configuration is read and validated in the constructor, so a bad value or an unusable memory file
 * stops the host at start with a message naming the key or the file.
 */
@Extension(ordinal = 100)
public final class JitRlExtension
    implements ActionSelectionExtension, EpisodeListener, MemoryAdministration, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JitRlExtension.class);

  private final JitRlConfig config;
  private final Optional<JitRlEngine> engine;

  /** Created by {@link dev.jitrl.api.HostServicesExtensionFactory} with the host's services. */
  public JitRlExtension(HostServices services) {
    this.config = ConfigLoader.fromHost(services.configuration()).load();
    this.engine = config.enabled() ? Optional.of(JitRlEngine.open(config, services)) : Optional.empty();
    if (engine.isEmpty()) {
      LOG.info("JitRL is installed but switched off (jitrl.enabled=false): the policy's choices are used as they are");
    }
  }

  /** For hosts on PF4J's default extension factory: configuration from system properties and environment. */
  public JitRlExtension() {
    this(HostServices.of(Map.of()));
  }

  public JitRlConfig config() {
    return config;
  }

  /** The engine, when enabled. */
  public Optional<JitRlEngine> engine() {
    return engine;
  }

  @Override
  public Selection select(DecisionContext context, List<Candidate> candidates) {
    if (engine.isEmpty()) {
      return Selection.unchanged(candidates, Explanation.unchanged("jitrl.enabled=false"));
    }
    return engine.get().select(context, candidates);
  }

  @Override
  public Optional<Replay> replay(DecisionContext context, List<Candidate> candidates) {
    return engine.flatMap(e -> e.replay(context, candidates));
  }

  @Override
  public List<Candidate> remembered(DecisionContext context, List<Candidate> candidates) {
    return engine.map(e -> e.remembered(context, candidates)).orElse(List.of());
  }

  @Override
  public CompletionStage<Void> onEpisodeEnd(Episode episode) {
    if (engine.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return engine.get().learn(episode);
  }

  private JitRlEngine requireEngine() {
    return engine.orElseThrow(() -> new JitRlException("JitRL is switched off (jitrl.enabled=false): no memory is open"));
  }

  @Override
  public Map<String, String> stats() {
    return requireEngine().stats();
  }

  @Override
  public long exportTo(Writer out) throws IOException {
    JitRlEngine e = requireEngine();
    e.flush();
    return e.exportTo(out);
  }

  @Override
  public ImportSummary importFrom(Reader in) throws IOException {
    return requireEngine().importFrom(in);
  }

  @Override
  public long prune(long keepSteps) {
    if (keepSteps < 0) {
      throw new IllegalArgumentException("keepSteps must be >= 0 but was " + keepSteps);
    }
    return requireEngine().prune(keepSteps);
  }

  @Override
  public String explain(String url, String goal, List<String> context) {
    JitRlEngine e = requireEngine();
    JitRlEngine.StateReport r = e.explain(url, goal, context, context.size());
    StringBuilder sb = new StringBuilder();
    sb.append("page kind: ").append(r.pattern().key()).append('\n');
    sb.append("goal: ").append(goal).append('\n');
    sb.append("context: ").append(context.isEmpty() ? "(arrived on this page)" : String.join(" ", context)).append('\n');
    if (r.neighbours().isEmpty()) {
      return sb.append("no similar steps in memory: the policy would decide alone\n").toString();
    }
    sb.append(String.format(Locale.ROOT, "similar steps: %d, V = %.3f%n", r.neighbours().size(), r.value().orElse(0)));
    r.q().forEach((a, q) -> sb.append(String.format(Locale.ROOT, "  Q = %8.3f  A = %+8.3f  %s%n", q,
        q - r.value().orElse(0), a)));
    sb.append("neighbours (step id, similarity, return, action):\n");
    r.neighbours().forEach(n -> sb.append(String.format(Locale.ROOT, "  #%d  sim=%.3f  G=%8.3f  %s%n", n.stepId(),
        n.similarity(), n.ret(), n.action().text())));
    return sb.toString();
  }

  @Override
  public void close() {
    engine.ifPresent(JitRlEngine::close);
  }
}
