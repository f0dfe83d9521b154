package dev.jitrl.host.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitrl.api.JitRlException;
import dev.jitrl.api.ModelReply;
import dev.jitrl.api.ModelRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleModelTest {
  static final String KEY_ENV = "JITRL_TEST_OPENAI_KEY";
  static final String SECRET = "sk-test-S3CRET-do-not-leak-0123456789";
  static final ModelRequest THREE = new ModelRequest("You pick actions.",
      "Possible actions:\n1. click link \"Home\"\n2. click link \"Reports\"\n3. click button \"Logout\"\n"
          + "Reply with the number (1-3) of the best next action.", 4, false);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern OPTION_LINE = Pattern.compile("(?m)^(\\d)\\. ");

  static OpenAiCompatibleModel model(ChatServer server, Duration timeout, int retries) {
    return OpenAiCompatibleModel.create(
        new OpenAiSettings(server.baseUrl(), "test-model", KEY_ENV, timeout, retries, Duration.ofMillis(20)),
        Map.of(KEY_ENV, SECRET));
  }

  static String reply(String content, String logprobs) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"test-model\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":" + content + "},\"logprobs\":" + logprobs
        + ",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":57,\"completion_tokens\":1,\"total_tokens\":58}}";
  }

  /** The shape public servers send: the sampled token, then its top alternatives (with and without a space). */
  static final String OPENAI_LOGPROBS = "{\"content\":[{\"token\":\"2\",\"logprob\":-0.2231,\"bytes\":[50],"
      + "\"top_logprobs\":[{\"token\":\"2\",\"logprob\":-0.2231,\"bytes\":[50]},"
      + "{\"token\":\"1\",\"logprob\":-1.8,\"bytes\":[49]},{\"token\":\" 2\",\"logprob\":-5.0,\"bytes\":[32,50]},"
      + "{\"token\":\"The\",\"logprob\":-6.0,\"bytes\":[84,104,101]}]}]}";

  @Test
  void scoreOptions_localEndpointBackedByTheRealModel_matchesTheModelsOwnScores() throws Exception {
    LlamaLanguageModel llama = LocalModel.get();
    try (ChatServer server = new ChatServer(body -> llamaReply(llama, body))) {
      OpenAiCompatibleModel m = model(server, Duration.ofSeconds(60), 0);
      OptionScores viaHttp = m.scoreOptions(THREE, 3);
      OptionScores direct = llama.scoreOptions(THREE, 3);
      assertEquals("logprobs", viaHttp.method());
      for (int i = 0; i < 3; i++) {
        assertEquals(direct.logProbs().get(i), viaHttp.logProbs().get(i), 1e-9);
      }
      ModelReply r = m.complete(new ModelRequest("Answer briefly.", "What is the capital of France?", 8, false));
      assertFalse(r.text().isBlank());
      assertTrue(r.promptTokens() > 0 && r.completionTokens() > 0);
      assertEquals("Bearer " + SECRET, server.authorizations.get(0));
    }
  }

  /** An OpenAI-format reply computed by the in-process model: option scoring when logprobs are asked for. */
  private static ChatServer.Reply llamaReply(LlamaLanguageModel llama, JsonNode body) {
    String system = body.path("messages").path(0).path("content").asText();
    String user = body.path("messages").path(1).path("content").asText();
    ObjectNode out = JSON.createObjectNode().put("object", "chat.completion").put("model", llama.name());
    ObjectNode choice = out.putArray("choices").addObject();
    if (body.path("logprobs").asBoolean(false)) {
      int n = 0;
      Matcher m = OPTION_LINE.matcher(user);
      while (m.find()) {
        n = Math.max(n, Integer.parseInt(m.group(1)));
      }
      OptionScores s = llama.scoreOptions(new ModelRequest(system, user, 4, false), n);
      int best = s.best();
      choice.putObject("message").put("role", "assistant").put("content", Integer.toString(best + 1));
      ObjectNode token = choice.putObject("logprobs").putArray("content").addObject()
          .put("token", Integer.toString(best + 1)).put("logprob", s.logProbs().get(best));
      ArrayNode top = token.putArray("top_logprobs");
      for (int i = 0; i < n; i++) {
        top.addObject().put("token", Integer.toString(i + 1)).put("logprob", s.logProbs().get(i));
      }
      out.putObject("usage").put("prompt_tokens", s.promptTokens()).put("completion_tokens", 1);
    } else {
      ModelReply r = llama.complete(new ModelRequest(system, user, body.path("max_tokens").asInt(16), false));
      choice.putObject("message").put("role", "assistant").put("content", r.text());
      choice.putNull("logprobs");
      out.putObject("usage").put("prompt_tokens", r.promptTokens()).put("completion_tokens", r.completionTokens());
    }
    return ChatServer.Reply.ok(out.toString());
  }

  @Test
  void scoreOptions_recordedLogprobs_sumsTheOptionTokensAndFloorsTheRest() throws Exception {
    try (ChatServer server = new ChatServer(b -> ChatServer.Reply.ok(reply("\"2\"", OPENAI_LOGPROBS)))) {
      OpenAiCompatibleModel m = model(server, Duration.ofSeconds(5), 0);
      OptionScores s = m.scoreOptions(THREE, 3);
      assertEquals("logprobs", s.method());
      double p2 = Math.exp(-0.2231) + Math.exp(-5.0);
      double p1 = Math.exp(-1.8);
      assertEquals(Math.log(p2 / (p1 + p2)), s.logProbs().get(1), 1e-3);
      assertEquals(Math.log(p1 / (p1 + p2)), s.logProbs().get(0), 1e-3);
      assertEquals(OptionScores.FLOOR, s.logProbs().get(2), 1e-9);
      assertEquals(57, s.promptTokens());
      JsonNode sent = server.requests.get(0);
      assertTrue(sent.path("logprobs").asBoolean());
      assertEquals(20, sent.path("top_logprobs").asInt());
      assertEquals(new ModelUsage(1, 57, 1), m.usage());
    }
  }

  @Test
  void scoreOptions_noLogprobs_usesVerbalizedConfidencesAndLogsItOnce() throws Exception {
    Function<JsonNode, ChatServer.Reply> h = b -> b.path("logprobs").asBoolean(false)
        ? ChatServer.Reply.ok(reply("\"2\"", "null"))
        : ChatServer.Reply.ok(reply("\"{\\\"1\\\": 10, \\\"2\\\": 85, \\\"3\\\": 5}\"", "null"));
    try (ChatServer server = new ChatServer(h)) {
      OpenAiCompatibleModel m = model(server, Duration.ofSeconds(5), 0);
      String logs = captureStderr(() -> {
        OptionScores a = m.scoreOptions(THREE, 3);
        OptionScores b = m.scoreOptions(THREE, 3);
        assertEquals("verbalized", a.method());
        assertEquals(a, b);
        assertEquals(1, a.best());
        assertEquals(Math.log(86.0 / (11 + 86 + 6)), a.logProbs().get(1), 1e-9);
      });
      assertEquals(1, logs.split("verbalized confidences", -1).length - 1, logs);
      assertTrue(m.usesVerbalizedConfidences());
      // logprobs asked once; then straight to confidences
      assertEquals(3, server.requests.size());
      assertFalse(server.requests.get(2).path("logprobs").asBoolean(false));
      assertEquals("json_object", server.requests.get(1).path("response_format").path("type").asText());
    }
  }

  @Test
  void scoreOptions_malformedJson_throwsJitRlException() throws Exception {
    try (ChatServer server = new ChatServer(b -> ChatServer.Reply.ok("{\"choices\": [ {\"message\": "))) {
      JitRlException e = assertThrows(JitRlException.class, () -> model(server, Duration.ofSeconds(5), 0).scoreOptions(THREE, 3));
      assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }
  }

  @Test
  void scoreOptions_emptyContentWithoutLogprobs_throwsJitRlException() throws Exception {
    try (ChatServer server = new ChatServer(b -> ChatServer.Reply.ok(reply("\"\"", "null")))) {
      assertThrows(JitRlException.class, () -> model(server, Duration.ofSeconds(5), 0).scoreOptions(THREE, 3));
    }
  }

  @Test
  void scoreOptions_optionOutOfRange_throwsJitRlException() throws Exception {
    String lp = "{\"content\":[{\"token\":\"7\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"7\",\"logprob\":-0.1},"
        + "{\"token\":\"12\",\"logprob\":-2.5}]}]}";
    try (ChatServer server = new ChatServer(b -> ChatServer.Reply.ok(reply("\"7\"", lp)))) {
      JitRlException e = assertThrows(JitRlException.class, () -> model(server, Duration.ofSeconds(5), 0).scoreOptions(THREE, 3));
      assertTrue(e.getMessage().contains("names no option"), e.getMessage());
    }
  }

  @Test
  void scoreOptions_nanLogprob_throwsJitRlException() throws Exception {
    String lp = "{\"content\":[{\"token\":\"2\",\"logprob\":NaN,\"top_logprobs\":[{\"token\":\"2\",\"logprob\":NaN}]}]}";
    try (ChatServer server = new ChatServer(b -> ChatServer.Reply.ok(reply("\"2\"", lp)))) {
      JitRlException e = assertThrows(JitRlException.class, () -> model(server, Duration.ofSeconds(5), 0).scoreOptions(THREE, 3));
      assertTrue(e.getMessage().contains("no finite logprob"), e.getMessage());
    }
  }

  @Test
  void complete_http500Then200_retriesAndSucceeds() throws Exception {
    AtomicInteger n = new AtomicInteger();
    try (ChatServer server = new ChatServer(b -> n.getAndIncrement() == 0
        ? new ChatServer.Reply(500, "{\"error\":{\"message\":\"upstream overloaded\"}}", 0)
        : ChatServer.Reply.ok(reply("\"hello\"", "null")))) {
      ModelReply r = model(server, Duration.ofSeconds(5), 2).complete(new ModelRequest("s", "u", 8, false));
      assertEquals("hello", r.text());
      assertEquals(2, server.requests.size());
    }
  }

  @Test
  void complete_http401_failsAtOnceWithoutLeakingTheKey() throws Exception {
    String body = "{\"error\":{\"message\":\"Incorrect API key provided: " + SECRET + "\",\"type\":\"invalid_request_error\"}}";
    try (ChatServer server = new ChatServer(b -> new ChatServer.Reply(401, body, 0))) {
      OpenAiCompatibleModel m = model(server, Duration.ofSeconds(5), 3);
      JitRlException[] thrown = new JitRlException[1];
      String logs = captureStderr(() -> thrown[0] = assertThrows(JitRlException.class,
          () -> m.complete(new ModelRequest("s", "u", 8, false))));
      assertEquals(1, server.requests.size(), "no retry after 401");
      assertTrue(thrown[0].getMessage().contains("401"), thrown[0].getMessage());
      assertFalse(thrown[0].getMessage().contains(SECRET), thrown[0].getMessage());
      assertFalse(thrown[0].getMessage().contains("Bearer"), thrown[0].getMessage());
      assertFalse(String.valueOf(thrown[0].getCause()).contains(SECRET));
      assertFalse(logs.contains(SECRET), logs);
    }
  }

  @Test
  void complete_http500WithKeyInMessage_masksTheKey() throws Exception {
    String body = "{\"error\":{\"message\":\"internal error for key " + SECRET + "\"}}";
    try (ChatServer server = new ChatServer(b -> new ChatServer.Reply(500, body, 0))) {
      OpenAiCompatibleModel m = model(server, Duration.ofSeconds(5), 1);
      String logs = captureStderr(() -> {
        JitRlException e = assertThrows(JitRlException.class, () -> m.complete(new ModelRequest("s", "u", 8, false)));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().contains("***"), e.getMessage());
      });
      assertEquals(2, server.requests.size());
      assertFalse(logs.contains(SECRET), logs);
    }
  }

  @Test
  void complete_serverNeverAnswersInTime_timesOutAfterBoundedRetries() throws Exception {
    try (ChatServer server = new ChatServer(b -> new ChatServer.Reply(200, reply("\"late\"", "null"), 3_000))) {
      OpenAiCompatibleModel m = model(server, Duration.ofMillis(300), 1);
      long t0 = System.nanoTime();
      JitRlException e = assertThrows(JitRlException.class, () -> m.complete(new ModelRequest("s", "u", 8, false)));
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(e.getMessage().contains("no answer within"), e.getMessage());
      assertTrue(millis < 2_500, "took " + millis + " ms");
      assertEquals(2, server.requests.size());
    }
  }

  @Test
  void settings_fromConfig_readsKeysAndRejectsBadValues() {
    OpenAiSettings s = OpenAiSettings.from(Map.of(OpenAiSettings.BASE_URL_KEY, "http://127.0.0.1:8080/v1/",
        OpenAiSettings.MODEL_KEY, "m", OpenAiSettings.TIMEOUT_KEY, "7", OpenAiSettings.MAX_RETRIES_KEY, "0"));
    assertEquals("http://127.0.0.1:8080/v1/chat/completions", s.chatCompletionsUrl().toString());
    assertEquals(Duration.ofSeconds(7), s.timeout());
    assertEquals(OpenAiSettings.DEFAULT_API_KEY_ENV, s.apiKeyEnv());
    dev.jitrl.api.ConfigurationException e = assertThrows(dev.jitrl.api.ConfigurationException.class,
        () -> OpenAiSettings.from(Map.of(OpenAiSettings.MAX_RETRIES_KEY, "99")));
    assertEquals(OpenAiSettings.MAX_RETRIES_KEY, e.key());
    assertFalse(s.toString().contains("sk-"));
  }

  /** Runs {@code body} with standard error (where slf4j-simple writes) captured; returns what was written. */
  static String captureStderr(Runnable body) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(old);
    }
    String s = buf.toString(StandardCharsets.UTF_8);
    old.print(s);
    return s;
  }
}
