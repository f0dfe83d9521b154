package dev.jitrl.host.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.ModelReply;
import dev.jitrl.api.ModelRequest;
import org.junit.jupiter.api.Test;

class LlamaLanguageModelTest {
  static final ModelRequest FRUIT = new ModelRequest("You answer multiple-choice questions.",
      "Which of these is a fruit?\n1. car\n2. apple\n3. chair\n4. river\nReply with the number (1-4) of the answer.",
      4, false);

  @Test
  void complete_shortPrompt_answersWithTokenCounts() {
    LlamaLanguageModel model = LocalModel.get();
    long t0 = System.nanoTime();
    ModelReply r = model.complete(new ModelRequest("Answer briefly.", "What is the capital of France?", 8, false));
    System.out.printf("complete: %.2f s, reply '%s'%n", (System.nanoTime() - t0) / 1e9, r.text());
    assertFalse(r.text().isBlank());
    assertTrue(r.promptTokens() > 5, "prompt tokens " + r.promptTokens());
    assertTrue(r.completionTokens() >= 1 && r.completionTokens() <= 8, "completion tokens " + r.completionTokens());
  }

  @Test
  void complete_jsonRequest_repliesWithAJsonObject() {
    ModelReply r = LocalModel.get().complete(
        new ModelRequest("Reply with JSON only.", "Give the capital of France as {\"capital\": ...}.", 16, true));
    assertTrue(r.text().startsWith("{"), r.text());
  }

  @Test
  void scoreOptions_fourOptions_finiteLogProbsSummingToOne() {
    LlamaLanguageModel model = LocalModel.get();
    long t0 = System.nanoTime();
    OptionScores s = model.scoreOptions(FRUIT, 4);
    System.out.printf("scoreOptions: %.2f s, %s%n", (System.nanoTime() - t0) / 1e9, s);
    assertEquals(4, s.logProbs().size());
    assertEquals("logit-gap", s.method());
    double sum = 0;
    for (double lp : s.logProbs()) {
      assertTrue(Double.isFinite(lp) && lp <= 0 && lp >= OptionScores.FLOOR, "log-prob " + lp);
      sum += Math.exp(lp);
    }
    assertEquals(1.0, sum, 1e-6);
    assertTrue(s.promptTokens() > 0);
  }

  @Test
  void scoreOptions_samePromptTwice_sameScores() {
    LlamaLanguageModel model = LocalModel.get();
    assertEquals(model.scoreOptions(FRUIT, 4), model.scoreOptions(FRUIT, 4));
  }

  @Test
  void scoreOptions_tooManyOptions_rejected() {
    LlamaLanguageModel model = LocalModel.get();
    assertThrows(IllegalArgumentException.class, () -> model.scoreOptions(FRUIT, 10));
  }

  @Test
  void usage_afterCalls_countsCallsAndTokens() {
    LlamaLanguageModel model = LocalModel.get();
    ModelUsage before = model.usage();
    model.complete(new ModelRequest("Answer briefly.", "Say hello.", 4, false));
    ModelUsage after = model.usage();
    assertEquals(before.calls() + 1, after.calls());
    assertTrue(after.promptTokens() > before.promptTokens());
  }
}
