package dev.jitrl.host.plugins;

import dev.jitrl.api.ActionSelectionExtension;
import dev.jitrl.api.EpisodeListener;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.HostServicesExtensionFactory;
import dev.jitrl.api.MemoryAdministration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins of a {@code plugins/} folder with PF4J and hands out their extensions. The host's version
 * is set so that {@code Plugin-Requires} is checked, {@code enabled.txt}/{@code disabled.txt} in the folder
 * switch plugins on and off, and every extension is created by a {@link HostServicesExtensionFactory} with
 * the host's services. Closing stops the plugins and closes the extensions.
 */
public final class PluginHost implements AutoCloseable {
  /** The folder used when none is configured. */
  public static final Path DEFAULT_FOLDER = Path.of("plugins");

  private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

  private final PluginManager manager;
  private final HostServicesExtensionFactory factory;
  private final Path folder;

  private PluginHost(Path folder, HostServicesExtensionFactory factory) {
    this.folder = folder;
    this.factory = factory;
    this.manager = new DefaultPluginManager(folder) {
      @Override
      protected ExtensionFactory createExtensionFactory() {
        return factory;
      }
    };
    manager.setSystemVersion(HostVersion.VERSION);
  }

  /**
   * Loads and starts the plugins of {@code folder}.
   *
   * @throws dev.jitrl.api.ConfigurationException (or another {@link dev.jitrl.api.JitRlException}) when an
   *     extension rejects the configuration — reported at start, not at the first step
   */
  public static PluginHost start(Path folder, HostServices services) {
    PluginHost host = new PluginHost(folder, new HostServicesExtensionFactory(services));
    try {
      host.manager.loadPlugins();
      host.manager.startPlugins();
      for (PluginWrapper p : host.manager.getPlugins()) {
        if (p.getPluginState() != PluginState.STARTED) {
          LOG.warn("plugin {} {} is {}{}", p.getPluginId(), p.getDescriptor().getVersion(), p.getPluginState(),
              p.getFailedException() == null ? "" : ": " + p.getFailedException().getMessage());
        } else {
          LOG.info("plugin {} {} started", p.getPluginId(), p.getDescriptor().getVersion());
        }
      }
      // create the extensions now, so that a bad configuration stops the host at start
      host.selectionHooks();
      host.episodeListeners();
      host.memoryAdministrations();
      return host;
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
  }

  public Path folder() {
    return folder;
  }

  /** The ids of the started plugins. */
  public List<String> startedPlugins() {
    List<String> ids = new ArrayList<>();
    for (PluginWrapper p : manager.getStartedPlugins()) {
      ids.add(p.getPluginId());
    }
    return ids;
  }

  /** The action-selection extensions of the started plugins, in PF4J's order (by ordinal). */
  public List<SelectionHook> selectionHooks() {
    List<SelectionHook> hooks = new ArrayList<>();
    for (ActionSelectionExtension e : manager.getExtensions(ActionSelectionExtension.class)) {
      hooks.add(new SelectionHook(pluginIdOf(e), e));
    }
    return hooks;
  }

  public List<EpisodeListener> episodeListeners() {
    return manager.getExtensions(EpisodeListener.class);
  }

  public List<MemoryAdministration> memoryAdministrations() {
    return manager.getExtensions(MemoryAdministration.class);
  }

  private String pluginIdOf(Object extension) {
    PluginWrapper p = manager.whichPlugin(extension.getClass());
    return p == null ? extension.getClass().getSimpleName() : p.getPluginId();
  }

  @Override
  public void close() {
    // extensions first, while their plugin class loaders are still open (closing may flush memory to disk)
    try {
      factory.close();
    } catch (RuntimeException e) {
      LOG.warn("closing extensions failed: {}", e.getMessage());
    }
    try {
      // unloadPlugins stops each plugin first; PF4J 3.15's stopPlugins() trips over its own list
      // (ConcurrentModificationException) when the last started plugin stops
      manager.unloadPlugins();
    } catch (RuntimeException e) {
      LOG.warn("stopping plugins failed: {}", e.toString(), e);
    }
  }
}
