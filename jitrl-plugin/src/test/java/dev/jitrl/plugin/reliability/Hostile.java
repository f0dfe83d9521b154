package dev.jitrl.plugin.reliability;

import dev.jitrl.api.Action;
import dev.jitrl.api.ActionType;
import dev.jitrl.api.Candidate;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** Generators of hostile and odd input: any Unicode, lone surrogates, huge texts and lists, duplicates. */
public final class Hostile {
  private static final String[] PIECES = {"", " ", "\t", "\n", "\r\n", "\u0000", "\u200b", "\u202e", "\ufeff",
      "\ud83d\ude00", "\ud800", "\udfff", "é", "e\u0301", "日本語", "ß", "İ", "\\", "\"", "'", "<script>", "]", "[",
      ")", "(", "#", "?", "&", "=", "%", "%zz", "/", "//", "..", "{id}", "{token}", "***", "click(<link[A]>)", "null",
      "{\"steps\":[]}", "Orders", "Reports", "order 1042", "ä", "\u00a0", "\u2028", "\ud83c"};

  private Hostile() {}

  /** A string of any Unicode, often short, sometimes huge. */
  public static String text(SplittableRandom r) {
    int mode = r.nextInt(100);
    if (mode == 0) {
      return "x".repeat(r.nextInt(100_000, 300_000)); // huge
    }
    int n = mode < 30 ? r.nextInt(3) : r.nextInt(1, 24);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(4)) {
        case 0 -> sb.append(PIECES[r.nextInt(PIECES.length)]);
        case 1 -> sb.append((char) r.nextInt(0x10000)); // any UTF-16 unit, lone surrogates included
        case 2 -> sb.appendCodePoint(r.nextInt(0x110000));
        default -> sb.append((char) r.nextInt(32, 127));
      }
    }
    return sb.toString();
  }

  /** Non-blank text (for ids, roles, URLs, goals where the API requires it). */
  public static String nonBlank(SplittableRandom r) {
    String s = text(r);
    return s.isBlank() ? "x" + s : s;
  }

  /** A URL: well-formed with odd parts, or anything that does not parse. */
  public static String url(SplittableRandom r) {
    return switch (r.nextInt(6)) {
      case 0 -> "http://shop.test/p" + r.nextInt(3) + "/" + r.nextInt(100) + "?q=" + text(r);
      case 1 -> "http://shop.test/" + text(r);
      case 2 -> "https://" + text(r) + ":" + r.nextInt(-5, 70_000) + "/" + text(r) + "#" + text(r);
      case 3 -> text(r) + "://" + text(r);
      case 4 -> "about:" + text(r);
      default -> nonBlank(r);
    };
  }

  public static Element element(SplittableRandom r, int i, boolean duplicateIds) {
    String id = duplicateIds ? "e" + r.nextInt(3) : "e" + i;
    String role = r.nextInt(4) == 0 ? nonBlank(r) : List.of("link", "button", "textbox", "LINK ", "combobox").get(r.nextInt(5));
    String label = r.nextInt(3) == 0 ? "" : r.nextInt(2) == 0 ? List.of("Orders", "Reports", "Next").get(r.nextInt(3)) : text(r);
    return new Element(id, role, label, r.nextInt(4) == 0 ? text(r) : "", r.nextInt(8) == 0 ? text(r) : "");
  }

  /** An observation: usually a few elements, sometimes 10,000; ids sometimes duplicated. */
  public static Observation observation(SplittableRandom r) {
    int n = r.nextInt(200) == 0 ? 10_000 : r.nextInt(4) == 0 ? 0 : r.nextInt(1, 30);
    boolean dup = r.nextInt(5) == 0;
    List<Element> elements = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      elements.add(element(r, i, dup));
    }
    return new Observation(url(r), text(r), elements, text(r));
  }

  /** An action on the observation (or without target). */
  public static Action action(SplittableRandom r, Observation o) {
    ActionType type = ActionType.values()[r.nextInt(ActionType.values().length)];
    List<String> args = r.nextInt(3) == 0 ? List.of() : List.of(text(r));
    if (!type.needsTarget()) {
      return new Action(type, Optional.empty(), args);
    }
    Element target = o.elements().isEmpty() || r.nextInt(10) == 0 ? element(r, 99_999, false)
        : o.elements().get(r.nextInt(o.elements().size()));
    return new Action(type, Optional.of(target), args);
  }

  /** A finite logit, often extreme. */
  public static double logit(SplittableRandom r) {
    return switch (r.nextInt(6)) {
      case 0 -> 1e300;
      case 1 -> -1e300;
      case 2 -> r.nextBoolean() ? Double.MAX_VALUE : -Double.MAX_VALUE;
      case 3 -> r.nextDouble(-1e6, 1e6);
      case 4 -> r.nextBoolean() ? Double.MIN_VALUE : 0.0;
      default -> r.nextDouble(-5, 5);
    };
  }

  /** Candidates: one to many, duplicates included. */
  public static List<Candidate> candidates(SplittableRandom r, Observation o) {
    int n = r.nextInt(50) == 0 ? r.nextInt(100, 1000) : r.nextInt(1, 8);
    List<Candidate> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (i > 0 && r.nextInt(6) == 0) {
        out.add(out.get(r.nextInt(out.size()))); // the very same candidate twice
      } else {
        out.add(Candidate.fromPolicy(action(r, o), logit(r)));
      }
    }
    return out;
  }
}
