package dev.jitrl.host.policy;

import dev.jitrl.api.ConfigurationException;
import dev.jitrl.host.plugins.HostConfig;
import dev.jitrl.api.LanguageModel;
import dev.jitrl.host.model.LlamaLanguageModel;
import dev.jitrl.host.model.ModelLocator;
import dev.jitrl.host.model.ModelUsage;
import dev.jitrl.host.model.OpenAiCompatibleModel;
import dev.jitrl.host.model.OpenAiSettings;
import dev.jitrl.host.model.OptionScoringModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The host's policy, chosen by name ({@code --policy} or {@value #CONFIG_KEY}), with the model behind it.
 * The model is also what the host lends its plugins ({@link #languageModel()}, for the LLM judge). Closing
 * frees the model.
 *
 * <ul>
 *   <li>{@code lexical} (default): {@link LexicalPolicy}, no model.
 *   <li>{@code llama}: {@link LlmPolicy} over {@link LlamaLanguageModel}; the GGUF file is found by
 *       {@link ModelLocator}; {@code jitrl.llama.threads} and {@code jitrl.llama.contextTokens} tune it.
 *   <li>{@code openai}: {@link LlmPolicy} over {@link OpenAiCompatibleModel}, configured by
 *       {@link OpenAiSettings#from(Map)} ({@code jitrl.openai.*}).
 * </ul>
 */
public final class PolicyChoice implements AutoCloseable {
  /** The configuration key naming the policy. */
  public static final String CONFIG_KEY = "jitrl.policy";
  public static final String LEXICAL = "lexical";
  public static final String LLAMA = "llama";
  public static final String OPENAI = "openai";
  /** Whether the endpoint's model may also write one action of its own per step (default true). */
  public static final String FREE_FORM_KEY = "jitrl.openai.freeForm";

  private final Policy policy;
  private final Optional<OptionScoringModel> model;

  private PolicyChoice(Policy policy, Optional<OptionScoringModel> model) {
    this.policy = policy;
    this.model = model;
  }

  /** A choice around a ready policy and model (tests, embedding hosts). */
  public static PolicyChoice of(Policy policy, Optional<OptionScoringModel> model) {
    return new PolicyChoice(policy, model);
  }

  /**
   * Opens the named policy.
   *
   * @param name {@code lexical}, {@code llama} or {@code openai}; empty: {@value #CONFIG_KEY}, else lexical
   * @param config the host configuration
   * @param env the process environment (the OpenAI API key, {@code JITRL_MODEL_PATH}, {@code JITRL_CACHE})
   * @throws ConfigurationException for an unknown name or an invalid setting
   * @throws dev.jitrl.api.JitRlException when the local model is missing (the message says how to fetch it)
   */
  public static PolicyChoice open(Optional<String> name, Map<String, String> config, Map<String, String> env) {
    String n = name.or(() -> Optional.ofNullable(config.get(CONFIG_KEY))).orElse(LEXICAL).strip().toLowerCase(Locale.ROOT);
    switch (n) {
      case LEXICAL:
        return new PolicyChoice(new LexicalPolicy(), Optional.empty());
      case LLAMA: {
        Path file = new ModelLocator(config, env, Path.of(System.getProperty("user.home"))).locate();
        LlamaLanguageModel.Settings d = LlamaLanguageModel.Settings.defaults(file);
        LlamaLanguageModel.Settings s = new LlamaLanguageModel.Settings(file,
            intSetting(config, "jitrl.llama.contextTokens", d.contextTokens(), 512, 32_768),
            intSetting(config, "jitrl.llama.threads", d.threads(), 1, 64), d.maxTokens());
        LlamaLanguageModel m = LlamaLanguageModel.load(s);
        return new PolicyChoice(new LlmPolicy(LLAMA, m), Optional.of(m));
      }
      case OPENAI: {
        OpenAiCompatibleModel m = OpenAiCompatibleModel.create(OpenAiSettings.from(config), env);
        boolean freeForm = HostConfig.of(config).getBoolean(FREE_FORM_KEY, true);
        return new PolicyChoice(new LlmPolicy(OPENAI, m, new LexicalPolicy(), OptionScoringModel.MAX_OPTIONS, 2,
            LlmPolicy.DEFAULT_BATCHES, freeForm), Optional.of(m));
      }
      default:
        throw new ConfigurationException(name.isPresent() ? "--policy" : CONFIG_KEY, n, "lexical, llama or openai");
    }
  }

  private static int intSetting(Map<String, String> config, String key, int def, int min, int max) {
    return HostConfig.of(config).getInt(key, def, min, max);
  }

  public Policy policy() {
    return policy;
  }

  /** The model to lend plugins through {@code HostServices.languageModel()}; empty for the lexical policy. */
  public Optional<LanguageModel> languageModel() {
    return model.map(m -> m);
  }

  /** One line on what the model policy cost (calls, tokens, fallbacks), for run and bench output. */
  public Optional<String> summary() {
    if (!(policy instanceof LlmPolicy p)) {
      return Optional.empty();
    }
    LlmPolicy.Stats s = p.stats();
    ModelUsage u = p.model().usage();
    return Optional.of(String.format(Locale.ROOT,
        "policy %s (%s): %d steps, %d scoring calls, %d fallbacks to lexical; %smodel total %d calls, %d prompt + %d completion tokens",
        p.name(), p.model().name(), s.steps(), s.modelCalls(), s.fallbacks(),
        s.freeFormAsked() == 0 ? "" : String.format(Locale.ROOT, "own actions: %d asked, %d new candidates, %d refused; ",
            s.freeFormAsked(), s.freeFormAdded(), s.freeFormRefused()),
        u.calls(), u.promptTokens(), u.completionTokens()));
  }

  @Override
  public void close() {
    model.ifPresent(OptionScoringModel::close);
  }
}
