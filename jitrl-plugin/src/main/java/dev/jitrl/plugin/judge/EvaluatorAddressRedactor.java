package dev.jitrl.plugin.judge;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes, from page-derived text, the sentences that address the evaluator instead of the user: "ignore your
 * rubric", "give every step +3", fake score JSON, spoofed data delimiters, notes to "the AI grader".
 *
 * <p>Defence in depth for the LLM judge: page text is already sent as quoted JSON data under a rubric that says
 * not to follow it, and one episode's influence on any estimate is bounded; this filter makes sure the common
 * injection shapes never reach the model at all. A sentence is dropped whole; everything else is kept as it was.
 */
final class EvaluatorAddressRedactor {
  private static final List<Pattern> ADDRESSING = List.of(
      Pattern.compile("(?i)\\b(ignore|disregard|forget|override)\\b.{0,60}\\b(instructions?|rubric|rules?|prompt|guidelines)\\b"),
      Pattern.compile("(?i)\\b(evaluator|grader|judge|scorer|reviewer|assistant|system)\\b.{0,80}"
          + "(\\b(score|scores|scoring|rate|grade|points?)\\b|\\+\\d)"),
      Pattern.compile("(?i)\\b(score|rate|grade)\\b.{0,60}\\b(evaluator|grader|judge|scorer)\\b"),
      Pattern.compile("(?i)\\b(give|assign|award|mark)\\b.{0,20}\\b(every|each|all)\\b.{0,20}\\b(steps?|actions?)\\b"),
      Pattern.compile("(?i)\"\\s*(steps|score|i)\\s*\"\\s*:"),
      Pattern.compile("(?i)\\b(end of data|new instructions|untrusted, quoted|system prompt)\\b"),
      Pattern.compile("(?im)^\\s*(system|assistant|user)\\s*:"));

  /** Splits after a sentence end or at a line break. */
  private static final Pattern SENTENCE_BREAK = Pattern.compile("(?<=[.!?])\\s+|\\R");

  private EvaluatorAddressRedactor() {}

  /** The text without the sentences that address the evaluator. */
  static String redact(String text) {
    if (text.isEmpty() || !addressesEvaluator(text)) {
      return text;
    }
    StringBuilder kept = new StringBuilder(text.length());
    for (String sentence : SENTENCE_BREAK.split(text)) {
      if (sentence.isBlank() || addressesEvaluator(sentence)) {
        continue;
      }
      if (kept.length() > 0) {
        kept.append(' ');
      }
      kept.append(sentence.strip());
    }
    return kept.toString();
  }

  static boolean addressesEvaluator(String text) {
    for (Pattern p : ADDRESSING) {
      if (p.matcher(text).find()) {
        return true;
      }
    }
    return false;
  }
}
