package dev.jitrl.plugin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.ConfigurationException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private static JitRlConfig load(Map<String, String> host, Properties props, Map<String, String> env) {
    return new ConfigLoader(host, props, env).load();
  }

  @Test
  void load_nothingSet_defaults() {
    JitRlConfig c = load(Map.of(), props(), Map.of());
    assertTrue(c.enabled());
    assertEquals(2.0, c.beta());
    assertEquals(10, c.k());
    assertEquals(0.95, c.gamma());
    assertEquals(0.8, c.similarityThreshold());
    assertEquals(0.1, c.similarityDecay());
    assertEquals(20, c.similarityDecaySteps());
    assertEquals(0.27, c.taskThreshold());
    assertEquals(1.0, c.explorationLambda());
    assertEquals(1.0, c.explorationAlpha());
    assertEquals(AdvantageScaling.EVIDENCE, c.advantageScaling());
    assertEquals(-5.0, c.explorationMaxValue());
    assertEquals(5.0, c.rewardScale());
    assertEquals(10.0, c.successReward());
    assertEquals(-10.0, c.failureReward());
    assertEquals(Path.of(System.getProperty("user.home"), ".jitrl", "memory.sqlite"), c.memoryPath());
    assertEquals(1_000_000, c.memoryMaxSteps());
    assertEquals(JudgeKind.LLM, c.judge());
    assertEquals(Map.of(), c.siteAliases());
    assertEquals(0, c.seed());
    assertEquals(10_000, c.urlCacheSize());
  }

  @Test
  void settingTable_documentedDefaults_sameAsBuilderDefaults() {
    Map<String, String> all = new java.util.HashMap<>();
    for (Setting s : Setting.values()) {
      all.put(s.key(), s.defaultValue());
    }
    assertEquals(load(Map.of(), props(), Map.of()), load(all, props(), Map.of()));
  }

  @Test
  void load_sameKeyEverywhere_hostWinsThenPropertiesThenEnvironment() {
    Map<String, String> host = Map.of("jitrl.beta", "3");
    Properties sys = props("jitrl.beta", "4");
    Map<String, String> env = Map.of("JITRL_BETA", "5");
    assertEquals(3.0, load(host, sys, env).beta());
    assertEquals(4.0, load(Map.of(), sys, env).beta());
    assertEquals(5.0, load(Map.of(), props(), env).beta());
  }

  @Test
  void load_keysFromDifferentSources_combined() {
    JitRlConfig c = load(Map.of("jitrl.k", "12"), props("jitrl.gamma", "0.9"), Map.of("JITRL_SEED", "77"));
    assertEquals(12, c.k());
    assertEquals(0.9, c.gamma());
    assertEquals(77, c.seed());
  }

  @Test
  void load_invalidValueInLowerSource_maskedByHigherSource() {
    JitRlConfig c = load(Map.of("jitrl.beta", "1"), props("jitrl.beta", "oops"), Map.of("JITRL_BETA", "-1"));
    assertEquals(1.0, c.beta());
  }

  @Test
  void environmentName_dotsAndCamelCase_upperSnake() {
    assertEquals("JITRL_MEMORY_MAXSTEPS", Setting.MEMORY_MAX_STEPS.environmentName());
    assertEquals("JITRL_SIMILARITY_DECAYSTEPS", Setting.SIMILARITY_DECAY_STEPS.environmentName());
    assertEquals("JITRL_SITE_ALIASES", Setting.SITE_ALIASES.environmentName());
  }

  @Test
  void load_environmentMaxSteps_read() {
    assertEquals(500, load(Map.of(), props(), Map.of("JITRL_MEMORY_MAXSTEPS", "500")).memoryMaxSteps());
    // the dotted key is not an environment name
    assertEquals(1_000_000, load(Map.of(), props(), Map.of("jitrl.memory.maxSteps", "500")).memoryMaxSteps());
  }

  @Test
  void load_textForms_parsed() {
    JitRlConfig c = load(Map.of(
        "jitrl.enabled", " off ",
        "jitrl.judge", "RULES",
        "jitrl.advantage.scaling", "reward",
        "jitrl.site.aliases", "LocalHost:7770=shopping, forum.example = reddit ,",
        "jitrl.memory.path", "~/mem/m.sqlite"), props(), Map.of());
    assertFalse(c.enabled());
    assertEquals(JudgeKind.RULES, c.judge());
    assertEquals(AdvantageScaling.REWARD, c.advantageScaling());
    assertEquals(Map.of("localhost:7770", "shopping", "forum.example", "reddit"), c.siteAliases());
    assertEquals(Path.of(System.getProperty("user.home"), "mem", "m.sqlite"), c.memoryPath());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      jitrl.beta                  | -1        | [0, 100]
      jitrl.beta                  | NaN       | [0, 100]
      jitrl.beta                  | Infinity  | [0, 100]
      jitrl.beta                  | 100.5     | [0, 100]
      jitrl.beta                  | two       | [0, 100]
      jitrl.k                     | 0         | [1, 1000]
      jitrl.k                     | 1001      | [1, 1000]
      jitrl.k                     | 2.5       | [1, 1000]
      jitrl.gamma                 | 1.5       | [0, 1]
      jitrl.similarity.threshold  | -0.1      | [0, 1]
      jitrl.similarity.decaySteps | 0         | [1, 10000]
      jitrl.exploration.lambda    | 2         | [0, 1]
      jitrl.reward.scale          | 0         | (0, 1000]
      jitrl.reward.failure        | 5         | [-1000, 0]
      jitrl.memory.maxSteps       | 0         | [1, 1000000000]
      jitrl.judge                 | gpt       | llm|rules|env
      jitrl.advantage.scaling     | softmax   | max|reward
      jitrl.enabled               | maybe     | true|false
      jitrl.site.aliases          | foo       | host[:port]=alias,...
      jitrl.site.aliases          | a=b,=c    | host[:port]=alias,...
      jitrl.seed                  | 1e3       | a 64-bit integer
      jitrl.cache.urls            | 8         | [16, 10000000]
      jitrl.replay.enabled        | sometimes | true|false
      jitrl.replay.minEpisodes    | 0         | [1, 1000]
      jitrl.replay.minEpisodes    | 1.5       | [1, 1000]
      jitrl.replay.minValue       | -1001     | [-1000, 1000]
      jitrl.replay.minMargin      | -0.5      | [0, 1000]
      jitrl.replay.minGoalSimilarity | 1.2    | [0, 1]
      """)
  void load_invalidValue_throwsNamingKeyValueAndRange(String key, String value, String allowed) {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> load(Map.of(key, value), props(), Map.of()));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().contains(key + "=" + value + ":"), e.getMessage());
    assertTrue(e.getMessage().contains(allowed), e.getMessage());

    // the same from the environment
    String env = key.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    ConfigurationException fromEnv = assertThrows(ConfigurationException.class,
        () -> load(Map.of(), props(), Map.of(env, value)));
    assertEquals(key, fromEnv.key());
  }

  @Test
  void builder_invalidProgrammaticValue_throwsNamingKey() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> JitRlConfig.builder().k(0));
    assertEquals("jitrl.k", e.key());
    assertTrue(e.getMessage().contains("jitrl.k=0:"), e.getMessage());
    assertThrows(ConfigurationException.class, () -> JitRlConfig.builder().gamma(Double.NaN));
  }

  @Test
  void thresholdAt_decaysLinearlyThenStays() {
    JitRlConfig c = JitRlConfig.builder().memoryPath(Path.of("m.sqlite")).build();
    assertEquals(0.8, c.thresholdAt(0), 1e-12);
    assertEquals(0.75, c.thresholdAt(10), 1e-12);
    assertEquals(0.7, c.thresholdAt(20), 1e-12);
    assertEquals(0.7, c.thresholdAt(500), 1e-12);
  }

  @Test
  void fingerprint_changesWithLearningSettingsOnly() {
    JitRlConfig a = JitRlConfig.builder().memoryPath(Path.of("a.sqlite")).build();
    JitRlConfig b = JitRlConfig.builder().memoryPath(Path.of("b.sqlite")).build();
    JitRlConfig c = JitRlConfig.builder().memoryPath(Path.of("a.sqlite")).beta(3).build();
    assertEquals(a.fingerprint(), b.fingerprint());
    assertFalse(a.fingerprint().equals(c.fingerprint()));
  }
}
