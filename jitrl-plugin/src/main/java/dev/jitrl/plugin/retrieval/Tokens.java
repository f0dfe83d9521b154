package dev.jitrl.plugin.retrieval;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** Word tokens of a task goal: lower-case runs of letters and digits, as a set. */
final class Tokens {
  private Tokens() {}

  public static Set<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    StringBuilder sb = new StringBuilder();
    text.codePoints().forEach(cp -> {
      if (Character.isLetterOrDigit(cp)) {
        sb.appendCodePoint(Character.toLowerCase(cp));
      } else if (sb.length() > 0) {
        out.add(sb.toString());
        sb.setLength(0);
      }
    });
    if (sb.length() > 0) {
      out.add(sb.toString());
    }
    return out;
  }

  /** Jaccard of two sorted, duplicate-free int arrays plus {@code extraA} elements known only to A. */
  static double jaccard(int[] a, int extraA, int[] b) {
    int sizeA = a.length + extraA;
    if (sizeA == 0 && b.length == 0) {
      return 1.0;
    }
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      int x = a[i];
      int y = b[j];
      if (x == y) {
        common++;
        i++;
        j++;
      } else if (x < y) {
        i++;
      } else {
        j++;
      }
    }
    return common / (double) (sizeA + b.length - common);
  }
}
