package dev.jitrl.host.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.Candidate;
import dev.jitrl.host.model.ModelServers;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever the endpoint answers, a step gets candidates: the lexical ones when the model fails, counted. */
class LlmPolicyFallbackTest {

  static Stream<Arguments> failures() {
    String lpOut = "{\"content\":[{\"token\":\"7\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"7\",\"logprob\":-0.1}]}]}";
    String lpNan = "{\"content\":[{\"token\":\"2\",\"logprob\":NaN,\"top_logprobs\":[]}]}";
    return Stream.of(
        Arguments.of("malformed JSON", 200, "{\"choices\": [", 0L),
        Arguments.of("empty content", 200, ModelServers.reply("\"\"", "null"), 0L),
        Arguments.of("option out of range", 200, ModelServers.reply("\"7\"", lpOut), 0L),
        Arguments.of("NaN logprob", 200, ModelServers.reply("\"2\"", lpNan), 0L),
        Arguments.of("no choices", 200, "{\"choices\": []}", 0L),
        Arguments.of("HTTP 500", 500, "{\"error\":{\"message\":\"boom\"}}", 0L),
        Arguments.of("HTTP 401", 401, "{\"error\":{\"message\":\"bad key\"}}", 0L),
        Arguments.of("timeout", 200, ModelServers.reply("\"2\"", "null"), 2_000L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void propose_modelFails_lexicalLogitsAndTheFallbackIsCounted(String what, int status, String body, long delay)
      throws Exception {
    try (ModelServers.Running server = ModelServers.fixed(status, body, delay)) {
      LlmPolicy policy = new LlmPolicy("openai", server.model(Duration.ofMillis(400), 0), new LexicalPolicy(), 9, 2);
      List<Candidate> lex = new LexicalPolicy().propose(LlmPolicyTest.GOAL, LlmPolicyTest.page(), List.of());
      List<Candidate> cs = policy.propose(LlmPolicyTest.GOAL, LlmPolicyTest.page(), List.of());
      assertEquals(lex, cs, what);
      assertEquals(1, policy.stats().fallbacks());
      assertEquals(2, policy.stats().modelCalls());
      assertTrue(policy.lastFallbackReason().isPresent());
      assertFalse(policy.lastFallbackReason().get().contains(ModelServers.SECRET));
    }
  }
}
