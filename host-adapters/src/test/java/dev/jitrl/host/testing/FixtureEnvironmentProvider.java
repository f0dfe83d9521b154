package dev.jitrl.host.testing;

import dev.jitrl.host.bench.TaskEnvironment;
import dev.jitrl.host.bench.TaskEnvironmentProvider;

/** The {@code fixture} suite, registered for the command-line tests. */
public final class FixtureEnvironmentProvider implements TaskEnvironmentProvider {
  @Override
  public String suite() {
    return "fixture";
  }

  @Override
  public TaskEnvironment open() {
    return new FixtureEnvironment();
  }
}
