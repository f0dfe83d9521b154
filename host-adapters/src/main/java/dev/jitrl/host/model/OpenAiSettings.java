package dev.jitrl.host.model;

import dev.jitrl.api.ConfigurationException;
import dev.jitrl.host.plugins.HostConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how to call an OpenAI-compatible chat-completions endpoint. Holds the <em>name</em> of the
 * environment variable with the API key, never the key itself, so that printing settings cannot leak it.
 *
 * @param baseUrl the API root, e.g. {@code https://api.openai.com/v1}; {@code /chat/completions} is appended
 * @param model the model name sent in each request
 * @param apiKeyEnv the environment variable holding the API key (no key: no {@code Authorization} header)
 * @param timeout the limit for one HTTP exchange (connect and answer)
 * @param maxRetries retries after a 429, a 5xx, a timeout or an I/O error; 0 = one attempt only
 * @param initialBackoff the wait before the first retry; doubled for each further retry
 */
public record OpenAiSettings(
    URI baseUrl, String model, String apiKeyEnv, Duration timeout, int maxRetries, Duration initialBackoff) {
  public static final String BASE_URL_KEY = "jitrl.openai.baseUrl";
  public static final String MODEL_KEY = "jitrl.openai.model";
  public static final String API_KEY_ENV_KEY = "jitrl.openai.apiKeyEnv";
  public static final String TIMEOUT_KEY = "jitrl.openai.timeoutSeconds";
  public static final String MAX_RETRIES_KEY = "jitrl.openai.maxRetries";
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  public static final String DEFAULT_MODEL = "gpt-4o-mini";
  public static final String DEFAULT_API_KEY_ENV = "OPENAI_API_KEY";

  public OpenAiSettings {
    if (baseUrl == null || baseUrl.getScheme() == null
        || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL but was " + baseUrl);
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (apiKeyEnv == null || apiKeyEnv.isBlank()) {
      throw new IllegalArgumentException("apiKeyEnv must not be blank");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0 but was " + timeout);
    }
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("maxRetries must be in [0, 10] but was " + maxRetries);
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must be >= 0 but was " + initialBackoff);
    }
  }

  /**
   * Reads {@value #BASE_URL_KEY}, {@value #MODEL_KEY}, {@value #API_KEY_ENV_KEY} (default
   * {@value #DEFAULT_API_KEY_ENV}), {@value #TIMEOUT_KEY} (default 60, in [1, 600]) and
   * {@value #MAX_RETRIES_KEY} (default 3, in [0, 10]).
   *
   * @throws ConfigurationException naming the key, the value and what is allowed
   */
  public static OpenAiSettings from(Map<String, String> config) {
    String url = config.getOrDefault(BASE_URL_KEY, DEFAULT_BASE_URL).strip();
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(BASE_URL_KEY, url, "an http(s) URL");
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new ConfigurationException(BASE_URL_KEY, url, "an http(s) URL");
    }
    String model = config.getOrDefault(MODEL_KEY, DEFAULT_MODEL).strip();
    if (model.isEmpty()) {
      throw new ConfigurationException(MODEL_KEY, model, "a model name");
    }
    String env = config.getOrDefault(API_KEY_ENV_KEY, DEFAULT_API_KEY_ENV).strip();
    if (!env.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new ConfigurationException(API_KEY_ENV_KEY, env, "an environment variable name");
    }
    int timeout = intSetting(config, TIMEOUT_KEY, 60, 1, 600);
    int retries = intSetting(config, MAX_RETRIES_KEY, 3, 0, 10);
    return new OpenAiSettings(uri, model, env, Duration.ofSeconds(timeout), retries, Duration.ofMillis(500));
  }

  private static int intSetting(Map<String, String> config, String key, int def, int min, int max) {
    return HostConfig.of(config).getInt(key, def, min, max);
  }

  /** The chat-completions URL. */
  public URI chatCompletionsUrl() {
    return URI.create(baseUrl + "/chat/completions");
  }
}
