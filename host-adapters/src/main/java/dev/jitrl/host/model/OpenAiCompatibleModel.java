package dev.jitrl.host.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitrl.api.JitRlException;
import dev.jitrl.api.ModelReply;
import dev.jitrl.api.ModelRequest;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model behind an OpenAI-compatible {@code /chat/completions} endpoint (OpenAI, vLLM, llama.cpp's server,
 * Ollama, ...), through {@code java.net.http}. Deterministic requests ({@code temperature 0}); every HTTP
 * exchange bounded by the configured timeout; 429, 5xx, timeouts and I/O errors retried with exponential
 * backoff up to {@code maxRetries} times; other 4xx answers fail at once.
 *
 * <p>The API key is read once from the environment variable the settings name. It goes into the
 * {@code Authorization} header and nowhere else: it is never logged, and exception messages carry the status
 * code and, for errors other than 401/403, the endpoint's error message with the key masked — never headers.
 *
 * <p><b>Option scoring</b> asks for {@code logprobs} with {@code top_logprobs = 20} and reads the first
 * generated token that is an option number: its top alternatives that are option numbers give the
 * distribution (options not among them are floored). An endpoint that returns no logprobs is asked instead
 * for verbalized confidences ({@code {"1": 0-100, ...}}), normalized as {@code log((c_i + 1) / Σ (c_j + 1))};
 * that switch is logged once and then kept for this model's lifetime.
 */
public final class OpenAiCompatibleModel implements OptionScoringModel {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleModel.class);
  private static final int TOP_LOGPROBS = 20;
  private static final int MAX_ERROR_TEXT = 200;

  private final OpenAiSettings settings;
  private final Optional<String> apiKey;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
  private final UsageCounter usage = new UsageCounter();
  private final AtomicBoolean noLogprobs = new AtomicBoolean();

  OpenAiCompatibleModel(OpenAiSettings settings, Optional<String> apiKey) {
    this.settings = settings;
    this.apiKey = apiKey.filter(k -> !k.isBlank());
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1).build();
  }

  /**
   * A model whose API key is the value of {@code settings.apiKeyEnv()} in {@code env} (absent: requests go
   * without an {@code Authorization} header, as local servers expect).
   */
  public static OpenAiCompatibleModel create(OpenAiSettings settings, Map<String, String> env) {
    Optional<String> key = Optional.ofNullable(env.get(settings.apiKeyEnv()));
    if (key.isEmpty()) {
      LOG.info("{} is not set: calling {} without an API key", settings.apiKeyEnv(), settings.baseUrl());
    }
    return new OpenAiCompatibleModel(settings, key);
  }

  @Override
  public String name() {
    return settings.model();
  }

  @Override
  public ModelUsage usage() {
    return usage.snapshot();
  }

  /** Whether this model has switched to verbalized confidences because the endpoint returned no logprobs. */
  public boolean usesVerbalizedConfidences() {
    return noLogprobs.get();
  }

  @Override
  public ModelReply complete(ModelRequest request) {
    ObjectNode body = body(request.system(), request.user(), request.maxTokens());
    if (request.json()) {
      body.putObject("response_format").put("type", "json_object");
    }
    JsonNode reply = post(body);
    return new ModelReply(content(reply), promptTokens(reply), completionTokens(reply));
  }

  @Override
  public OptionScores scoreOptions(ModelRequest request, int options) {
    if (options < 1 || options > MAX_OPTIONS) {
      throw new IllegalArgumentException("options must be in [1, " + MAX_OPTIONS + "] but was " + options);
    }
    if (!noLogprobs.get()) {
      ObjectNode body = body(request.system(), request.user(), 4);
      body.put("logprobs", true).put("top_logprobs", TOP_LOGPROBS);
      JsonNode reply = post(body);
      JsonNode content = reply.path("choices").path(0).path("logprobs").path("content");
      if (content.isArray() && !content.isEmpty()) {
        return new OptionScores(fromLogprobs(content, options), "logprobs", promptTokens(reply),
            completionTokens(reply));
      }
      if (noLogprobs.compareAndSet(false, true)) {
        LOG.warn("{} at {} returned no logprobs: scoring options by verbalized confidences from now on",
            settings.model(), settings.baseUrl());
      }
    }
    return verbalized(request, options);
  }

  private double[] logWeightsOf(int options) {
    double[] w = new double[options];
    Arrays.fill(w, Double.NEGATIVE_INFINITY);
    return w;
  }

  /** The distribution at the first generated token that names an option. */
  private java.util.List<Double> fromLogprobs(JsonNode content, int options) {
    for (JsonNode token : content) {
      int k = optionNumber(token.path("token").asText(""), options);
      if (k < 0) {
        continue;
      }
      double[] w = logWeightsOf(options);
      add(w, k, token.path("logprob"));
      for (JsonNode alt : token.path("top_logprobs")) {
        int a = optionNumber(alt.path("token").asText(""), options);
        if (a >= 0 && !(a == k && alt.path("token").asText("").equals(token.path("token").asText("")))) {
          add(w, a, alt.path("logprob"));
        }
      }
      if (!Double.isFinite(w[k - 1])) {
        throw new JitRlException("the answer token of " + settings.model() + " has no finite logprob");
      }
      return OptionScores.normalize(w);
    }
    throw new JitRlException("the reply of " + settings.model() + " names no option in 1.." + options);
  }

  /** Adds a probability, given as a logprob, to option {@code k}'s log-weight (tokens " 2" and "2" add up). */
  private static void add(double[] w, int k, JsonNode logprob) {
    if (!logprob.isNumber() || !Double.isFinite(logprob.asDouble())) {
      return;
    }
    double lp = logprob.asDouble();
    double cur = w[k - 1];
    w[k - 1] = cur == Double.NEGATIVE_INFINITY ? lp : Math.max(cur, lp) + Math.log1p(Math.exp(-Math.abs(cur - lp)));
  }

  private static int optionNumber(String token, int options) {
    String t = token.strip();
    if (t.isEmpty() || t.length() > 2 || !t.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int k = Integer.parseInt(t);
    return k >= 1 && k <= options ? k : -1;
  }

  private OptionScores verbalized(ModelRequest request, int options) {
    String ask = request.user() + "\n\nDo not answer with one number. Instead rate every option: reply with JSON only, "
        + "an object mapping each option number (\"1\" to \"" + options + "\") to your confidence from 0 to 100 "
        + "that it is the best option, e.g. {\"1\": 70, \"2\": 30}.";
    ObjectNode body = body(request.system(), ask, 16 + 12 * options);
    body.putObject("response_format").put("type", "json_object");
    JsonNode reply = post(body);
    String text = content(reply);
    JsonNode parsed;
    try {
      parsed = json.readTree(stripFence(text));
    } catch (JsonProcessingException e) {
      throw new JitRlException("the confidences of " + settings.model() + " are not JSON");
    }
    if (parsed == null || !parsed.isObject()) {
      throw new JitRlException("the confidences of " + settings.model() + " are not a JSON object");
    }
    JsonNode scores = parsed.has("confidences") && parsed.get("confidences").isObject() ? parsed.get("confidences") : parsed;
    double[] w = logWeightsOf(options);
    boolean any = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = scores.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int k = optionNumber(e.getKey(), options);
      double c = e.getValue().asDouble(Double.NaN);
      if (k >= 0 && Double.isFinite(c)) {
        w[k - 1] = Math.log(Math.max(0, Math.min(100, c)) + 1);
        any = true;
      }
    }
    if (!any) {
      throw new JitRlException("the confidences of " + settings.model() + " name no option in 1.." + options);
    }
    return new OptionScores(OptionScores.normalize(w), "verbalized", promptTokens(reply), completionTokens(reply));
  }

  private static String stripFence(String text) {
    String t = text.strip();
    if (t.startsWith("```")) {
      int nl = t.indexOf('\n');
      int end = t.lastIndexOf("```");
      if (nl > 0 && end > nl) {
        return t.substring(nl + 1, end);
      }
    }
    return t;
  }

  private ObjectNode body(String system, String user, int maxTokens) {
    ObjectNode body = json.createObjectNode();
    body.put("model", settings.model());
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", system);
    messages.addObject().put("role", "user").put("content", user);
    body.put("temperature", 0);
    body.put("max_tokens", maxTokens);
    return body;
  }

  /** Sends with bounded retries; returns the parsed reply of a 2xx answer. */
  private JsonNode post(ObjectNode body) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new JitRlException("cannot encode the request: " + e.getOriginalMessage());
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(settings.chatCompletionsUrl())
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    apiKey.ifPresent(k -> b.header("Authorization", "Bearer " + k));
    HttpRequest request = b.build();
    Duration backoff = settings.initialBackoff();
    for (int attempt = 0; ; attempt++) {
      String problem;
      usage.call();
      try {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = r.statusCode();
        if (status / 100 == 2) {
          return parse(r.body());
        }
        problem = "HTTP " + status + errorText(status, r.body());
        if (status != 429 && status / 100 != 5) {
          throw new JitRlException(settings.model() + " at " + settings.baseUrl() + " refused the request: " + problem);
        }
      } catch (HttpTimeoutException e) {
        problem = "no answer within " + settings.timeout().toMillis() + " ms";
      } catch (IOException e) {
        problem = "I/O error " + e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JitRlException("interrupted while calling " + settings.model());
      }
      if (attempt >= settings.maxRetries()) {
        throw new JitRlException(settings.model() + " at " + settings.baseUrl() + " failed after "
            + (attempt + 1) + " attempts: " + problem);
      }
      LOG.warn("{} at {}: {}; retry {} of {} in {} ms", settings.model(), settings.baseUrl(), problem, attempt + 1,
          settings.maxRetries(), backoff.toMillis());
      sleep(backoff);
      backoff = backoff.multipliedBy(2);
    }
  }

  private JsonNode parse(String body) {
    JsonNode reply;
    try {
      reply = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new JitRlException("the reply of " + settings.model() + " is not JSON");
    }
    if (reply == null || !reply.path("choices").isArray() || reply.path("choices").isEmpty()) {
      throw new JitRlException("the reply of " + settings.model() + " has no choices");
    }
    JsonNode usageNode = reply.path("usage");
    usage.tokens(usageNode.path("prompt_tokens").asLong(0), usageNode.path("completion_tokens").asLong(0));
    return reply;
  }

  /** The endpoint's own error message, with the API key masked; nothing for 401/403 (they may quote it). */
  private String errorText(int status, String body) {
    if (status == 401 || status == 403 || body == null || body.isBlank()) {
      return "";
    }
    String msg = errorMessage(body);
    if (msg.isBlank()) {
      return "";
    }
    String masked = apiKey.map(k -> msg.replace(k, "***")).orElse(msg);
    return ": " + (masked.length() > MAX_ERROR_TEXT ? masked.substring(0, MAX_ERROR_TEXT) + "..." : masked);
  }

  private String errorMessage(String body) {
    try {
      return json.readTree(body).path("error").path("message").asText("");
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  private static String content(JsonNode reply) {
    JsonNode c = reply.path("choices").path(0).path("message").path("content");
    return c.isTextual() ? c.asText() : "";
  }

  private static int promptTokens(JsonNode reply) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, reply.path("usage").path("prompt_tokens").asLong(0)));
  }

  private static int completionTokens(JsonNode reply) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, reply.path("usage").path("completion_tokens").asLong(0)));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JitRlException("interrupted while waiting to retry");
    }
  }
}
