package dev.jitrl.plugin.reliability;

import dev.jitrl.api.Candidate;
import dev.jitrl.api.ConfigurationException;
import dev.jitrl.api.DecisionContext;
import dev.jitrl.api.Episode;
import dev.jitrl.api.HostServices;
import dev.jitrl.api.MetricsSink;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Selection;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.plugin.JitRlExtension;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The plugin end to end in a JVM of its own, for {@link SecretLeakTest}: configuration that carries an API key,
 * decisions, episodes learned, an export, stats, an explanation and a configuration error; everything it logs
 * goes to the SLF4J simple logger's file at debug level.
 *
 * <pre>SecretProbeMain &lt;memory file&gt; &lt;export file&gt; &lt;secret&gt;</pre>
 */
public final class SecretProbeMain {
  private SecretProbeMain() {}

  public static void main(String[] args) throws Exception {
    String secret = args[2];
    Map<String, String> config = new HashMap<>();
    config.put("jitrl.memory.path", args[0]);
    config.put("jitrl.judge", "rules");
    config.put("jitrl.openai.apiKey", secret);
    config.put("jitrl.openai.baseUrl", "http://127.0.0.1:1/v1");
    MetricsSink printing = new MetricsSink() {
      @Override
      public void count(String name, long delta) {
        System.out.println("metric " + name + " " + delta);
      }

      @Override
      public void record(String name, double value) {}
    };
    try (JitRlExtension plugin = new JitRlExtension(new HostServices(config, Clock.systemUTC(), Optional.empty(), printing))) {
      var engine = plugin.engine().orElseThrow();
      SplittableRandom r = new SplittableRandom(5);
      for (int e = 0; e < 40; e++) {
        Episode ep = Episodes.run(engine, "probe-" + e, 1 + r.nextInt(5), r);
        plugin.onEpisodeEnd(ep).toCompletableFuture().get();
      }
      Observation page = Episodes.page(0, 0, r);
      List<Candidate> candidates = Episodes.candidates(page, r);
      Selection s = plugin.select(new DecisionContext("last", new TaskGoal("show the orders of customer alice"), page,
          List.of()), candidates);
      System.out.println("selection " + s.explanation().summary());
      try (Writer w = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
        plugin.exportTo(w);
      }
      System.out.println("stats " + plugin.stats());
      System.out.println(plugin.explain("http://shop.test/p0/1", "show the orders of customer alice", List.of()));
    }
    // A secret typed into a key that is validated, and a secret-looking key in an error message.
    try {
      new JitRlExtension(HostServices.of(Map.of("jitrl.memory.path", args[0], "jitrl.beta", secret)));
    } catch (ConfigurationException e) {
      System.out.println("config error " + e.getMessage());
    }
    System.out.println("config error " + new ConfigurationException("jitrl.openai.apiKey", secret, "a key").getMessage());
    System.out.println("done");
  }
}
