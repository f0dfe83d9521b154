package dev.jitrl.host.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.ConfigurationException;
import dev.jitrl.api.JitRlException;
import dev.jitrl.host.model.ModelLocator;
import dev.jitrl.host.model.OpenAiSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyChoiceTest {
  @Test
  void open_nothingNamed_lexicalWithoutModel() {
    try (PolicyChoice c = PolicyChoice.open(Optional.empty(), Map.of(), Map.of())) {
      assertInstanceOf(LexicalPolicy.class, c.policy());
      assertTrue(c.languageModel().isEmpty());
      assertTrue(c.summary().isEmpty());
    }
  }

  @Test
  void open_openaiFromConfig_llmPolicyWhoseModelIsLentToPlugins() {
    Map<String, String> config = Map.of(PolicyChoice.CONFIG_KEY, "openai",
        OpenAiSettings.BASE_URL_KEY, "http://127.0.0.1:9/v1", OpenAiSettings.MODEL_KEY, "local-model");
    try (PolicyChoice c = PolicyChoice.open(Optional.empty(), config, Map.of())) {
      assertEquals("openai", c.policy().name());
      assertEquals("local-model", c.languageModel().orElseThrow().name());
      assertTrue(c.summary().orElseThrow().contains("0 fallbacks"));
    }
  }

  @Test
  void open_unknownName_failsNamingTheOption() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> PolicyChoice.open(Optional.of("gpt"), Map.of(), Map.of()));
    assertEquals("--policy", e.key());
    assertTrue(e.getMessage().contains("lexical, llama or openai"));
  }

  @Test
  void open_llamaWithoutModel_failsTellingToRunTheSetupScript(@TempDir Path tmp) {
    JitRlException e = assertThrows(JitRlException.class, () -> PolicyChoice.open(Optional.of("llama"),
        Map.of(ModelLocator.CONFIG_KEY, tmp.resolve("missing.gguf").toString()), Map.of()));
    assertTrue(e.getMessage().contains(ModelLocator.SETUP_SCRIPT), e.getMessage());
  }
}
