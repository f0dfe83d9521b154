package dev.jitrl.plugin;

import dev.jitrl.api.ActionSelectionExtension;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Episode;
import dev.jitrl.api.EpisodeListener;
import dev.jitrl.api.Explanation;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.Selection;
import dev.jitrl.plugin.config.ConfigLoader;
import dev.jitrl.plugin.config.JitRlConfig;
import java.util.List;
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
public final class JitRlExtension implements ActionSelectionExtension, EpisodeListener, AutoCloseable {
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
  public CompletionStage<Void> onEpisodeEnd(Episode episode) {
    if (engine.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return engine.get().learn(episode);
  }

  @Override
  public void close() {
    engine.ifPresent(JitRlEngine::close);
  }
}
