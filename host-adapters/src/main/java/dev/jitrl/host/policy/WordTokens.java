package dev.jitrl.host.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Lower-case word tokens without a small list of stop words: what the lexical policy compares. */
final class WordTokens {
  private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Set<String> STOP = Set.of(
      "a", "an", "the", "to", "of", "in", "on", "for", "and", "or", "with", "by", "at", "from", "into", "onto",
      "is", "are", "was", "be", "it", "its", "this", "that", "these", "those", "then", "there", "as", "so",
      "please", "you", "your", "me", "my", "i", "we", "our", "can", "will", "should", "all", "any", "some",
      "do", "does", "what", "which", "who", "how", "when", "where", "up", "out", "s");

  private WordTokens() {}

  /** The distinct tokens of {@code text}, in order of first appearance. */
  static Set<String> of(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String t : SPLIT.split(text.toLowerCase(Locale.ROOT))) {
      if (!t.isEmpty() && !STOP.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** All lower-case word tokens of {@code text}, stop words included. */
  static Set<String> ofAll(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String t : SPLIT.split(text.toLowerCase(Locale.ROOT))) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Words that name one action on a page: a goal that says "delete" means the control drawn as a trash can, and one
   * that says "remove" the control labelled "Delete", one that says "the x" the button labelled "Close". Small on purpose: only words people use interchangeably for one
   * control.
   */
  private static final java.util.Map<String, String> SAME_ACTION = java.util.Map.of(
      "remove", "delete", "trash", "delete", "erase", "delete", "discard", "delete", "bin", "delete",
      // a close button is drawn as an "x" (a dialog's title bar): a goal that names the "x" means it
      "x", "close", "dismiss", "close");

  /** The word as compared: its singular, and the one word for an action named several ways ({@link #SAME_ACTION}). */
  static String canonical(String t) {
    String one = singular(t);
    return SAME_ACTION.getOrDefault(one, one);
  }

  /**
   * How many tokens the two sets share, a plural and its singular counting as one word ("Reports", "report"), and
   * so do the words of one action ("delete", "trash").
   */
  static int overlap(Set<String> a, Set<String> b) {
    Set<String> small = a.size() <= b.size() ? a : b;
    Set<String> large = small == a ? b : a;
    Set<String> largeStems = new java.util.HashSet<>();
    for (String t : large) {
      largeStems.add(canonical(t));
      largeStems.addAll(bases(t));
    }
    Set<String> counted = new java.util.HashSet<>();
    int n = 0;
    for (String t : small) {
      String stem = canonical(t);
      if (!largeStems.contains(stem)) {
        stem = bases(t).stream().filter(largeStems::contains).findFirst().orElse(null);
      }
      if (stem != null && counted.add(stem)) {
        n++;
      }
    }
    return n;
  }

  /** A past participle at least this long may be its verb ("underlined", "completed"); shorter ones are too often a different word ("named", "closed"). */
  static final int MIN_PARTICIPLE = 9;

  /**
   * The words a long past participle may come from ("underlined" → "underline", "highlighted" → "highlight"): the two
   * regular endings cut; empty for other words.
   */
  static List<String> bases(String t) {
    if (t.length() < MIN_PARTICIPLE || !t.endsWith("ed")) {
      return List.of();
    }
    return List.of(t.substring(0, t.length() - 1), t.substring(0, t.length() - 2));
  }

  /**
   * The singular of an English plural by its regular endings (categories → category, boxes → box,
   * reports → report); other words unchanged. Short words and words ending in "ss"/"us"/"is" are left alone
   * (class, status, this).
   */
  static String singular(String t) {
    int n = t.length();
    if (n <= 3 || !t.endsWith("s") || t.endsWith("ss") || t.endsWith("us") || t.endsWith("is")) {
      return t;
    }
    if (t.endsWith("ies") && n > 4) {
      return t.substring(0, n - 3) + "y";
    }
    if (t.endsWith("ches") || t.endsWith("shes") || t.endsWith("xes") || t.endsWith("sses") || t.endsWith("zes")) {
      return t.substring(0, n - 2);
    }
    return t.substring(0, n - 1);
  }

  /** Whether {@code phrase} (two or more tokens) occurs in {@code text} as a whole-word phrase. */
  static boolean containsPhrase(String text, String phrase) {
    String p = normalize(phrase);
    if (p.indexOf(' ') < 0) {
      return false;
    }
    return (" " + normalize(text) + " ").contains(" " + p + " ");
  }

  private static String normalize(String s) {
    return String.join(" ", SPLIT.split(s.toLowerCase(Locale.ROOT))).strip();
  }
}
