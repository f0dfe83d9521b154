package dev.jitrl.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.host.model.ModelServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --policy} on the commands that run the agent. */
class PolicyOptionTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = JitrlCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void run_unknownPolicy_failsNamingTheChoices(@TempDir Path tmp) {
    int code = run("run", "--suite", "fixture", "--task", "press-save", "--static", "--policy", "gpt",
        "--plugins", tmp.toString());
    assertEquals(2, code);
    assertTrue(err.toString().contains("--policy=gpt") && err.toString().contains("lexical, llama or openai"),
        err.toString());
  }

  @Test
  void run_openaiPolicyAgainstALocalEndpoint_runsTheEpisodeAndReportsModelUse(@TempDir Path tmp) throws Exception {
    String logprobs = "{\"content\":[{\"token\":\"1\",\"logprob\":-0.05,\"top_logprobs\":"
        + "[{\"token\":\"1\",\"logprob\":-0.05},{\"token\":\"2\",\"logprob\":-3.0}]}]}";
    try (ModelServers.Running server = ModelServers.fixed(200, ModelServers.reply("\"1\"", logprobs), 0)) {
      Path config = Files.writeString(tmp.resolve("jitrl.properties"),
          "jitrl.openai.baseUrl=" + server.baseUrl() + "\njitrl.openai.model=test-model\njitrl.openai.maxRetries=0\n");
      int code = run("run", "--suite", "fixture", "--task", "press-save", "--static", "--policy", "openai",
          "--config", config.toString(), "--plugins", tmp.toString());
      assertTrue(code == 0 || code == 1, err.toString());
      assertTrue(out.toString().contains("policy openai (test-model):"), out.toString());
      assertTrue(out.toString().contains("0 fallbacks to lexical"), out.toString());
    }
  }
}
