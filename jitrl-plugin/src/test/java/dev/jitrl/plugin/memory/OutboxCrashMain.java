package dev.jitrl.plugin.memory;

import dev.jitrl.plugin.config.ServerMemory;
import dev.jitrl.plugin.testing.TestData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * A host process for {@link OutboxMemoryBankTest}'s crash tests: appends episodes {@code c0, c1, ...} of 5 steps to
 * the shared memory through its outbox and prints {@code acked <key>} once each append has returned (the episode is
 * acknowledged), then {@code done}, then waits on standard input for the SIGKILL that the test sends.
 *
 * <pre>OutboxCrashMain URL OUTBOX EPISODES hold|send</pre>
 * {@code hold} never starts the sender (every acknowledged episode is still unsent at the kill); {@code send} runs
 * it (the kill lands while bursts are sent).
 */
public final class OutboxCrashMain {
  private OutboxCrashMain() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path outbox = Path.of(args[1]);
    int episodes = Integer.parseInt(args[2]);
    Executor sender = args[3].equals("hold") ? task -> { } : OutboxMemoryBank.senderThread();
    OutboxMemoryBank bank = MemoryBanks.openShared(new ServerMemory(url, "JITRL_PG_USER", "JITRL_PG_PASSWORD", outbox,
        1000), 1_000_000, Clock.systemUTC(), System.getenv(), sender);
    for (int i = 0; i < episodes; i++) {
      String key = "c" + i;
      bank.append(TestData.episodeOf(key, "crash goal " + i, 5, "crash", "/c/{id}"));
      System.out.println("acked " + key);
      System.out.flush();
    }
    System.out.println("done");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine(); // until killed
  }
}
