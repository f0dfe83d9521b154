package dev.jitrl.host.model;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import dev.jitrl.api.JitRlException;
import dev.jitrl.api.ModelReply;
import dev.jitrl.api.ModelRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GGUF model run in process by llama.cpp (through {@code de.kherud:llama}). Greedy decoding, so the same
 * request gives the same reply. Access to the native model is serialized: llama.cpp is given one slot, and
 * its prompt cache makes consecutive calls on a shared prompt prefix cheap.
 *
 * <p><b>Option scoring.</b> The bindings' per-token probabilities ({@code n_probs}) abort the JVM in 4.2.0
 * (the native side reads a JSON field that the bundled llama.cpp no longer writes), so the distribution is
 * measured instead with what does work, a grammar and a logit bias under greedy decoding: the grammar
 * {@code root ::= [1-N]} confines the one-token answer to the option numbers, the unbiased argmax gives the
 * best option {@code b}, and for every other option {@code i} a bisection on a bias added to its token finds
 * the logit gap {@code d_i = z_b - z_i} (option {@code i} wins exactly when its bias exceeds {@code d_i}).
 * Then {@code log p_i = -d_i - log Σ_j exp(-d_j)} — the softmax of the model's own logits over the options,
 * to within {@link #GAP_PRECISION}; gaps beyond {@link #MAX_GAP} count as {@link OptionScores#FLOOR}-like
 * "practically never". All options are bisected together: one probe that the best option still wins raises
 * every lower bound at once, so a confident model costs few probes.
 *
 * <p>The prompt uses Gemma's turn format ({@code <start_of_turn>user ... <start_of_turn>model}); the default
 * model's file has no chat template of its own.
 */
public final class LlamaLanguageModel implements OptionScoringModel {
  private static final Logger LOG = LoggerFactory.getLogger(LlamaLanguageModel.class);

  /** Logit gaps are bisected down to this width. */
  static final double GAP_PRECISION = 0.25;
  /** Gaps wider than this are not resolved further (the option's probability is below e^-12 of the best). */
  static final double MAX_GAP = 12.0;
  /** An upper bound on the probes of one scoring call (9 options × 6 halvings, plus slack). */
  static final int MAX_PROBES = 64;

  private static final String END_OF_TURN = "<end_of_turn>";
  /** A JSON object (what every JSON request of this project expects), from llama.cpp's own schema converter. */
  private static final String JSON_OBJECT_SCHEMA = "{\"type\":\"object\"}";

  private final LlamaModel model;
  private final Settings settings;
  private final String name;
  private final String jsonGrammar;
  /** Grammars of the schemas requests asked for (callers use a few fixed ones); read under {@link #lock}. */
  private final Map<String, String> schemaGrammars = new HashMap<>();
  private final int[] digitTokens = new int[MAX_OPTIONS + 1];
  private final ReentrantLock lock = new ReentrantLock();
  private final UsageCounter usage = new UsageCounter();
  private boolean closed;

  /**
   * How to load and run the model.
   *
   * @param modelFile the GGUF file
   * @param contextTokens the context window, prompt and reply together, in [512, 32768]
   * @param threads CPU threads, in [1, 64]
   * @param maxTokens an upper bound on generated tokens per call, whatever the request asks, in [1, 4096]
   */
  public record Settings(Path modelFile, int contextTokens, int threads, int maxTokens) {
    public Settings {
      if (modelFile == null || !Files.isRegularFile(modelFile)) {
        throw new IllegalArgumentException("modelFile must be an existing file but was " + modelFile);
      }
      if (contextTokens < 512 || contextTokens > 32_768) {
        throw new IllegalArgumentException("contextTokens must be in [512, 32768] but was " + contextTokens);
      }
      if (threads < 1 || threads > 64) {
        throw new IllegalArgumentException("threads must be in [1, 64] but was " + threads);
      }
      if (maxTokens < 1 || maxTokens > 4096) {
        throw new IllegalArgumentException("maxTokens must be in [1, 4096] but was " + maxTokens);
      }
    }

    /** Defaults for this machine: 8192 context tokens, up to 4 threads, at most 512 generated tokens. */
    public static Settings defaults(Path modelFile) {
      int cores = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
      return new Settings(modelFile, 8192, cores, 512);
    }
  }

  private LlamaLanguageModel(LlamaModel model, Settings settings) {
    this.model = model;
    this.settings = settings;
    String file = settings.modelFile().getFileName().toString();
    this.name = file.toLowerCase(Locale.ROOT).endsWith(".gguf") ? file.substring(0, file.length() - 5) : file;
    this.jsonGrammar = LlamaModel.jsonSchemaToGrammar(JSON_OBJECT_SCHEMA);
    for (int d = 1; d <= MAX_OPTIONS; d++) {
      int[] ids = model.encode(Integer.toString(d));
      if (ids.length != 1) {
        model.close();
        throw new JitRlException("model " + name + " does not encode the digit " + d + " as one token; "
            + "option scoring needs that");
      }
      digitTokens[d] = ids[0];
    }
  }

  /**
   * Loads the model (about a second for the default 270M model).
   *
   * @throws JitRlException if llama.cpp cannot load the file
   */
  public static LlamaLanguageModel load(Settings settings) {
    long t0 = System.nanoTime();
    ModelParameters params = new ModelParameters()
        .setModel(settings.modelFile().toAbsolutePath().toString())
        .setCtxSize(settings.contextTokens())
        .setThreads(settings.threads())
        .setThreadsBatch(settings.threads())
        .setParallel(1)
        .setSeed(42);
    if (!LOG.isDebugEnabled()) {
      params.disableLog();
    }
    LlamaModel m;
    try {
      m = new LlamaModel(params);
    } catch (RuntimeException | UnsatisfiedLinkError e) { // the bindings' LlamaException is package-private
      throw new JitRlException("cannot load the model " + settings.modelFile() + ": " + e.getMessage(), e);
    }
    LlamaLanguageModel out = new LlamaLanguageModel(m, settings);
    LOG.info("loaded {} in {} ms ({} threads, {} context tokens)", settings.modelFile(),
        (System.nanoTime() - t0) / 1_000_000, settings.threads(), settings.contextTokens());
    return out;
  }

  @Override
  public String name() {
    return name;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public ModelUsage usage() {
    return usage.snapshot();
  }

  @Override
  public ModelReply complete(ModelRequest request) {
    String prompt = prompt(request);
    int maxTokens = Math.min(request.maxTokens(), settings.maxTokens());
    lock.lock();
    try {
      ensureOpen();
      int promptTokens = checkFits(prompt, maxTokens);
      InferenceParameters p = greedy(prompt).setNPredict(maxTokens).setStopStrings(END_OF_TURN);
      if (request.jsonSchema().isPresent()) {
        p.setGrammar(schemaGrammars.computeIfAbsent(request.jsonSchema().get(), LlamaModel::jsonSchemaToGrammar));
      } else if (request.json()) {
        p.setGrammar(jsonGrammar);
      }
      usage.call();
      String text = model.complete(p);
      int at = text.indexOf(END_OF_TURN);
      if (at >= 0) {
        text = text.substring(0, at);
      }
      text = text.strip();
      int completionTokens = text.isEmpty() ? 0 : model.encode(text).length;
      usage.tokens(promptTokens, completionTokens);
      return new ModelReply(text, promptTokens, completionTokens);
    } catch (JitRlException e) {
      throw e;
    } catch (RuntimeException e) { // the bindings' LlamaException is package-private
      throw new JitRlException("model " + name + " failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public OptionScores scoreOptions(ModelRequest request, int options) {
    if (options < 1 || options > MAX_OPTIONS) {
      throw new IllegalArgumentException("options must be in [1, " + MAX_OPTIONS + "] but was " + options);
    }
    String prompt = prompt(request);
    lock.lock();
    try {
      ensureOpen();
      int promptTokens = checkFits(prompt, 1);
      if (options == 1) {
        return new OptionScores(List.of(0.0), "logit-gap", promptTokens, 0);
      }
      String grammar = "root ::= [1-" + options + "]";
      int probes = 0;
      int best = argmax(prompt, grammar, Map.of(), options);
      probes++;
      double[] lo = new double[options + 1];
      double[] hi = new double[options + 1];
      java.util.Arrays.fill(hi, MAX_GAP);
      while (probes < MAX_PROBES) {
        Map<Integer, Float> bias = new HashMap<>();
        for (int i = 1; i <= options; i++) {
          if (i != best && hi[i] - lo[i] > GAP_PRECISION) {
            bias.put(digitTokens[i], (float) ((lo[i] + hi[i]) / 2));
          }
        }
        if (bias.isEmpty()) {
          break;
        }
        int winner = argmax(prompt, grammar, bias, options);
        probes++;
        if (winner == best) {
          // every biased option still lost: each gap is larger than its bias
          for (int i = 1; i <= options; i++) {
            if (bias.containsKey(digitTokens[i])) {
              lo[i] = (lo[i] + hi[i]) / 2;
            }
          }
        } else if (bias.containsKey(digitTokens[winner])) {
          hi[winner] = (lo[winner] + hi[winner]) / 2; // its bias was enough: the gap is at most that
        } else {
          throw new JitRlException("model " + name + " chose option " + winner + " without bias over the best "
              + best + ": the native sampler is not greedy");
        }
      }
      double[] logWeights = new double[options];
      for (int i = 1; i <= options; i++) {
        if (i == best) {
          logWeights[i - 1] = 0;
        } else if (lo[i] >= MAX_GAP - GAP_PRECISION) {
          logWeights[i - 1] = Double.NEGATIVE_INFINITY; // practically never: floored
        } else {
          logWeights[i - 1] = -(lo[i] + hi[i]) / 2;
        }
      }
      usage.tokens(promptTokens, probes);
      LOG.debug("scored {} options in {} probes: best {}", options, probes, best);
      return new OptionScores(OptionScores.normalize(logWeights), "logit-gap", promptTokens, probes);
    } catch (JitRlException e) {
      throw e;
    } catch (RuntimeException e) { // the bindings' LlamaException is package-private
      throw new JitRlException("model " + name + " failed: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** One greedy, grammar-confined answer token with the given logit biases; the option number it names. */
  private int argmax(String prompt, String grammar, Map<Integer, Float> bias, int options) {
    InferenceParameters p = greedy(prompt).setNPredict(1).setGrammar(grammar);
    if (!bias.isEmpty()) {
      p.setTokenIdBias(bias);
    }
    usage.call();
    String out = model.complete(p).strip();
    if (out.length() != 1 || out.charAt(0) < '1' || out.charAt(0) > (char) ('0' + options)) {
      throw new JitRlException("model " + name + " answered '" + out + "' outside the options 1.." + options);
    }
    return out.charAt(0) - '0';
  }

  private static InferenceParameters greedy(String prompt) {
    return new InferenceParameters(prompt).setTemperature(0f).setCachePrompt(true).setSeed(42);
  }

  private int checkFits(String prompt, int maxTokens) {
    int tokens = model.encode(prompt).length + 1; // + the BOS token llama.cpp adds
    if (tokens + maxTokens > settings.contextTokens()) {
      throw new JitRlException("prompt of " + tokens + " tokens plus " + maxTokens + " to generate does not fit "
          + "the context of " + settings.contextTokens() + " tokens of model " + name);
    }
    return tokens;
  }

  /**
   * Gemma's turn format; Gemma has no system role, so the instructions open the user turn. Turn markers inside
   * the material are defused: page text must not be able to close the user turn and speak as the model.
   */
  static String prompt(ModelRequest request) {
    return "<start_of_turn>user\n" + defuse(request.system().strip()) + "\n\n" + defuse(request.user().strip())
        + END_OF_TURN + "\n<start_of_turn>model\n";
  }

  private static String defuse(String text) {
    return text.replace("<start_of_turn>", "<start-of-turn>").replace(END_OF_TURN, "<end-of-turn>");
  }

  private void ensureOpen() {
    if (closed) {
      throw new JitRlException("model " + name + " is closed");
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        model.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
