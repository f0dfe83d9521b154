package dev.jitrl.host.plugins;

/** The host's version, which PF4J checks against each plugin's {@code Plugin-Requires}. */
public final class HostVersion {
  /** The project version (the parent pom's {@code jitrl.host.api.version}). */
  public static final String VERSION = "0.1.0";

  private HostVersion() {}
}
