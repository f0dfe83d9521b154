package dev.jitrl.host.model;

import dev.jitrl.api.LanguageModel;
import dev.jitrl.api.ModelRequest;

/**
 * A language model that can also say how likely it finds each of N numbered options: the host's policies
 * turn those log-probabilities into logits. Thread-safe like every {@link LanguageModel}.
 */
public interface OptionScoringModel extends LanguageModel, AutoCloseable {

  /** The most options one call can score: the answers {@code 1..9} are one token in every tokenizer. */
  int MAX_OPTIONS = 9;

  /**
   * Scores the options of a multiple-choice prompt. {@code request.user()} lists the options numbered
   * {@code 1..options} and asks for the number of the best one; the model's distribution over the answer
   * is read, restricted to those numbers and renormalized.
   *
   * @param options how many options, in [1, {@link #MAX_OPTIONS}]
   * @return one finite log-probability per option
   * @throws dev.jitrl.api.JitRlException if the model cannot answer or its answer carries no usable scores
   */
  OptionScores scoreOptions(ModelRequest request, int options);

  /** What this model has consumed since it was created (every call, by every user). */
  ModelUsage usage();

  /** Frees native memory or connections; the default does nothing. */
  @Override
  default void close() {}
}
