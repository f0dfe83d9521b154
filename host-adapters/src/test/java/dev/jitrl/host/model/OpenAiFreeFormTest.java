package dev.jitrl.host.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.TaskGoal;
import dev.jitrl.host.policy.LexicalPolicy;
import dev.jitrl.host.policy.LlmPolicy;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's model writes one action of its own (BrowserGym syntax) through a real {@link OpenAiCompatibleModel}
 * and a local OpenAI-compatible server: a new action the page allows becomes a candidate scored with the others; a
 * refused one changes nothing and is counted.
 */
class OpenAiFreeFormTest {
  private static final TaskGoal GOAL = new TaskGoal("Search the shop for a usb cable");
  private static final Observation PAGE = new Observation("http://127.0.0.1/shop", "Shop", List.of(
      new Element("e0", "textbox", "Search products", "", ""),
      new Element("e1", "link", "Cart (2)", "Cart (2)", ""),
      new Element("e2", "link", "Track your order", "Track your order", "")), "Welcome");

  /** Own-action requests get {@code own}; scoring requests put most weight on option 1 (logprobs). */
  private static Function<JsonNode, ChatServer.Reply> handler(String own) {
    return body -> {
      boolean scoring = body.path("logprobs").asBoolean(false);
      if (!scoring) {
        return ChatServer.Reply.ok(OpenAiCompatibleModelTest.reply(quote(own), "null"));
      }
      String lp = "{\"content\":[{\"token\":\"1\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"1\",\"logprob\":-0.1},"
          + "{\"token\":\"2\",\"logprob\":-2.5},{\"token\":\"3\",\"logprob\":-3.0}]}]}";
      return ChatServer.Reply.ok(OpenAiCompatibleModelTest.reply("\"1\"", lp));
    };
  }

  private static String quote(String s) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static LlmPolicy policy(ChatServer server) {
    return new LlmPolicy("openai", OpenAiCompatibleModelTest.model(server, Duration.ofSeconds(5), 0), new LexicalPolicy(),
        OptionScoringModel.MAX_OPTIONS, 1, 1, true);
  }

  @Test
  void ownAction_newAndAllowed_isScoredWithTheCandidates() throws Exception {
    try (ChatServer server = new ChatServer(handler("fill(\"e0\", \"usb-c cable 2m\")"))) {
      LlmPolicy policy = policy(server);
      List<Candidate> lexical = new LexicalPolicy().propose(GOAL, PAGE, List.of());
      assertTrue(lexical.stream().noneMatch(c -> c.action().type() == ActionType.FILL
          && c.action().firstArg().equals("usb-c cable 2m")), "the lexical policy already proposes it: " + lexical);
      List<Candidate> cs = policy.propose(GOAL, PAGE, List.of());
      Action own = cs.get(0).action();
      assertEquals(ActionType.FILL, own.type(), cs.toString());
      assertEquals("usb-c cable 2m", own.firstArg());
      assertEquals(lexical.size() + 1, cs.size());
      assertEquals(-0.1, cs.get(0).logit(), 0.05, "its log-probability as option 1 of the scoring call");
      LlmPolicy.Stats s = policy.stats();
      assertEquals(1, s.freeFormAsked());
      assertEquals(1, s.freeFormAdded());
      assertEquals(0, s.freeFormRefused());
      String ownPrompt = server.requests.get(0).path("messages").path(1).path("content").asText();
      assertTrue(ownPrompt.contains("[e0] textbox \"Search products\""), ownPrompt);
    }
  }

  @Test
  void ownAction_thePageDoesNotAllow_changesNothingAndIsCounted() throws Exception {
    try (ChatServer server = new ChatServer(handler("fill(\"e1\", \"usb cable\")"))) {
      LlmPolicy policy = policy(server);
      List<Candidate> lexical = new LexicalPolicy().propose(GOAL, PAGE, List.of());
      List<Candidate> cs = policy.propose(GOAL, PAGE, List.of());
      assertEquals(lexical.stream().map(Candidate::action).toList().size(), cs.size());
      assertEquals(1, policy.stats().freeFormRefused());
      assertTrue(policy.lastFreeFormRefusal().orElseThrow().contains("takes no typed text"));
    }
  }
}
