package dev.jitrl.host.cli;

import dev.jitrl.host.plugins.HostConfig;
import dev.jitrl.host.policy.PolicyChoice;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --policy} option of the commands that run the agent. */
final class PolicyOptions {
  @Option(names = "--policy", paramLabel = "NAME",
      description = "lexical | llama | openai (default: " + PolicyChoice.CONFIG_KEY + ", else lexical)")
  String policy;

  PolicyChoice open(HostConfig config) {
    return PolicyChoice.open(Optional.ofNullable(policy), config.asMap(), System.getenv());
  }
}
