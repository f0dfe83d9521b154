package dev.jitrl.host.policy;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.api.Step;
import dev.jitrl.host.policy.LexicalPolicy.Scored;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Highlight candidates. When the goal asks to highlight text, each block of the page's text (a paragraph, a
 * line) that is neither a control's name nor the goal itself, in page order; the block the goal picks by its place
 * ("the 2nd paragraph") and a text the goal quotes come first. Once the run has highlighted something, what the goal
 * asks next (Submit, a style button) comes first. When it asks something of text a field holds (a style, a colour),
 * that text selected in the field ({@link #inFields}).
 */
final class Highlights {
  /** "Highlight …" (not "select", which mostly picks an option or a field: "select the text field"). */
  private static final Pattern ASKS = Pattern.compile("\\bhighlight\\w*\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern NTH = Pattern.compile(
      "\\b(?:(\\d{1,2})(?:st|nd|rd|th)|(first|second|third|fourth|fifth|last))\\s+(?:paragraph|line|sentence|block)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final List<String> WORDS = List.of("first", "second", "third", "fourth", "fifth");
  /** A block to highlight when the goal asks for it: before the page's named controls (Submit follows). */
  static final double FIRST = 1.5;
  /** The block the goal picks by its place, or the text it quotes. */
  static final double PICKED = 1.0;
  /** Every highlight once the run has made one: below a neutral control. */
  static final double DONE = 3.0;
  /** Blocks proposed at most (the first ones of the page). */
  static final int MAX_BLOCKS = 12;
  /** A field's text of at least this many words is prose, whose words a goal may ask to select. */
  static final int PROSE_WORDS = 3;
  /** "everything", "all the text", "the whole text", "the entire text". */
  private static final Pattern EVERYTHING = Pattern.compile(
      "\\b(?:everything|all (?:of )?the text|(?:the )?(?:whole|entire) text)\\b", Pattern.CASE_INSENSITIVE);
  /** The text a goal names by what it is: "the text magna.", "the word sand", "the phrase …". */
  private static final Pattern NAMES_TEXT = Pattern.compile("\\b(?:text|word|phrase)\\s+(\\S+)", Pattern.CASE_INSENSITIVE);
  /** A block shorter than this is a label, not text to highlight. */
  static final int MIN_LENGTH = 12;

  private Highlights() {}

  static boolean asked(String goal) {
    return ASKS.matcher(goal).find();
  }

  static List<Scored> candidates(String goal, Observation page, List<Step> history, List<String> quotes) {
    boolean done = history.stream().anyMatch(s -> s.action().type() == ActionType.HIGHLIGHT
        && s.status() != dev.jitrl.api.StepStatus.FAILED);
    double after = done ? -DONE : 0;
    if (!asked(goal)) {
      return inFields(goal, page, quotes, after);
    }
    Set<String> names = new HashSet<>();
    for (Element e : page.elements()) {
      names.add(squeeze(e.name()).toLowerCase(Locale.ROOT));
    }
    String goalText = squeeze(goal).toLowerCase(Locale.ROOT);
    List<String> blocks = new ArrayList<>();
    for (String line : page.text().split("\\n")) {
      String b = squeeze(line);
      String lower = b.toLowerCase(Locale.ROOT);
      if (b.length() < MIN_LENGTH || names.contains(lower) || goalText.contains(lower) || lower.contains(goalText)
          || blocks.contains(b)) {
        continue;
      }
      blocks.add(b);
      if (blocks.size() == MAX_BLOCKS) {
        break;
      }
    }
    int picked = pickedPlace(goal, blocks.size());
    List<Scored> out = new ArrayList<>();
    for (String q : quotes) {
      if (squeeze(page.text()).contains(squeeze(q))) {
        out.add(new Scored(Action.highlight(q), FIRST + PICKED + after, 0)); // "highlight the words 'red fox'"
      }
    }
    for (int i = 0; i < blocks.size(); i++) {
      out.add(new Scored(Action.highlight(blocks.get(i)), FIRST + (i + 1 == picked ? PICKED : 0) + after, 0));
    }
    return out;
  }

  /**
   * Text to select in a field, for a goal that asks something of text a field already holds ("give the text
   * <i>magna.</i> the style bold", "make everything red"): the text the goal names after "text", "word" or "phrase", or
   * quotes, where the field's text has it, and the field's whole text when the goal says everything. Only a field
   * holding prose ({@link #PROSE_WORDS} words or more) whose whole text the goal does not give (text the run typed
   * from the goal is not there to be selected).
   */
  static List<Scored> inFields(String goal, Observation page, List<String> quotes, double after) {
    boolean everything = EVERYTHING.matcher(goal).find();
    List<String> named = new ArrayList<>(quotes);
    Matcher m = NAMES_TEXT.matcher(goal);
    while (m.find()) {
      if (!WordTokens.of(m.group(1)).isEmpty()) {
        named.add(m.group(1)); // "the text magna.", not "the text from the box"
      }
    }
    if (!everything && named.isEmpty()) {
      return List.of();
    }
    String goalText = squeeze(goal).toLowerCase(Locale.ROOT);
    List<Scored> out = new ArrayList<>();
    Set<String> proposed = new HashSet<>();
    for (Element e : page.elements()) {
      String text = squeeze(e.value());
      if (!e.role().equals("textbox") || e.secret() || text.split(" ").length < PROSE_WORDS
          || goalText.contains(text.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (everything && proposed.add(text)) {
        out.add(new Scored(Action.highlight(text), FIRST + PICKED + after, 0));
      }
      String spaced = " " + text + " ";
      for (String n : named) {
        // as the goal writes it ("magna." with its stop), else without the marks around it
        String bare = n.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
        String pick = spaced.contains(" " + n + " ") || (n.contains(" ") && text.contains(n)) ? n
            : !bare.isEmpty() && WordTokens.ofAll(text).contains(bare.toLowerCase(Locale.ROOT)) ? bareAsWritten(text, bare)
            : null;
        if (pick != null && proposed.add(pick)) {
          out.add(new Scored(Action.highlight(pick), FIRST + PICKED + after, 0));
        }
      }
    }
    return out;
  }

  /** {@code word} as {@code text} writes it (its case). */
  private static String bareAsWritten(String text, String word) {
    Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text);
    return m.find() ? m.group() : word;
  }

  /** The 1-based place of the block the goal picks ("the 2nd paragraph", "the last line"), 0 when none. */
  static int pickedPlace(String goal, int n) {
    Matcher m = NTH.matcher(goal);
    if (!m.find()) {
      return 0;
    }
    if (m.group(1) != null) {
      return Integer.parseInt(m.group(1));
    }
    String w = m.group(2).toLowerCase(Locale.ROOT);
    return w.equals("last") ? n : WORDS.indexOf(w) + 1;
  }

  private static String squeeze(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }
}
