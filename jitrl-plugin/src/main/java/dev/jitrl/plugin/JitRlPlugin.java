package dev.jitrl.plugin;

import org.pf4j.Plugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PF4J plugin entry point. The work is done by {@link JitRlExtension}. */
public final class JitRlPlugin extends Plugin {
  private static final Logger LOG = LoggerFactory.getLogger(JitRlPlugin.class);

  @Override
  public void start() {
    LOG.info("JitRL plugin started");
  }

  @Override
  public void stop() {
    LOG.info("JitRL plugin stopped");
  }
}
