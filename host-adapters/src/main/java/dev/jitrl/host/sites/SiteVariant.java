package dev.jitrl.host.sites;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A change to every page of the local sites, for testing an agent against pages that differ from the ones its
 * memory saw: each variant rewrites the rendered HTML the same way on every page of every app, so that no task
 * or page is special-cased. Switched on with {@link LocalSites#variants(Set)}.
 */
public enum SiteVariant {
  /** Every button's name gains a word: "Post reply" becomes "Post reply now" (text and {@code aria-label}). */
  RENAMED_BUTTONS,
  /** Every form's last button moves to the start of its form, before the fields. */
  MOVED_BUTTONS,
  /** Every submit button without a script asks a native confirm() dialog first ("Are you sure?"). */
  CONFIRM_DIALOG,
  /** Every table body's rows and every list's items (of lists without nested lists) appear in reverse order. */
  REORDERED_ITEMS;

  private static final Pattern BUTTON = Pattern.compile("(<button\\b[^>]*>)(.*?)(</button>)", Pattern.DOTALL);
  private static final Pattern ARIA_LABEL = Pattern.compile("aria-label=\"([^\"]*)\"");
  private static final Pattern FORM = Pattern.compile("(<form\\b[^>]*>)(.*?)(</form>)", Pattern.DOTALL);
  private static final Pattern SUBMIT_WITHOUT_SCRIPT = Pattern.compile("<button type=\"submit\"(?![^>]*onclick)");
  private static final Pattern TBODY = Pattern.compile("(<tbody>)(.*?)(</tbody>)", Pattern.DOTALL);
  private static final Pattern ROW = Pattern.compile("<tr\\b.*?</tr>", Pattern.DOTALL);
  private static final Pattern FLAT_LIST = Pattern.compile("(<ul\\b[^>]*>)((?:(?!<ul\\b|</ul>).)*)(</ul>)", Pattern.DOTALL);
  private static final Pattern ITEM = Pattern.compile("<li\\b.*?</li>", Pattern.DOTALL);

  /** The page with every variant of {@code variants} applied, in declaration order. */
  static String apply(Set<SiteVariant> variants, String html) {
    String out = html;
    for (SiteVariant v : values()) {
      if (variants.contains(v)) {
        out = v.apply(out);
      }
    }
    return out;
  }

  String apply(String html) {
    return switch (this) {
      case RENAMED_BUTTONS -> replaceAll(BUTTON, html, m -> {
        String open = replaceAll(ARIA_LABEL, m.group(1), a -> "aria-label=\"" + a.group(1) + " now\"");
        return open + m.group(2).stripTrailing() + " now" + m.group(3);
      });
      case MOVED_BUTTONS -> replaceAll(FORM, html, m -> {
        List<MatchResult> buttons = matches(BUTTON, m.group(2));
        if (buttons.isEmpty()) {
          return m.group();
        }
        MatchResult last = buttons.get(buttons.size() - 1);
        String body = m.group(2);
        String rest = body.substring(0, last.start()) + body.substring(last.end());
        return m.group(1) + last.text() + "\n" + rest + m.group(3);
      });
      case CONFIRM_DIALOG -> SUBMIT_WITHOUT_SCRIPT.matcher(html)
          .replaceAll(Matcher.quoteReplacement("<button type=\"submit\" onclick=\"return confirm(&#39;Are you sure?&#39;)\""));
      case REORDERED_ITEMS -> {
        String rows = replaceAll(TBODY, html, m -> m.group(1) + reversed(ROW, m.group(2)) + m.group(3));
        yield replaceAll(FLAT_LIST, rows, m -> m.group(1) + reversed(ITEM, m.group(2)) + m.group(3));
      }
    };
  }

  /** The children matched by {@code child} in reverse order, whatever lay between them kept in place. */
  private static String reversed(Pattern child, String inner) {
    List<MatchResult> parts = matches(child, inner);
    if (parts.size() < 2) {
      return inner;
    }
    List<String> texts = new ArrayList<>();
    parts.forEach(p -> texts.add(p.text()));
    Collections.reverse(texts);
    StringBuilder sb = new StringBuilder();
    int at = 0;
    for (int i = 0; i < parts.size(); i++) {
      sb.append(inner, at, parts.get(i).start()).append(texts.get(i));
      at = parts.get(i).end();
    }
    return sb.append(inner.substring(at)).toString();
  }

  private record MatchResult(int start, int end, String text) {}

  private static List<MatchResult> matches(Pattern p, String s) {
    List<MatchResult> out = new ArrayList<>();
    Matcher m = p.matcher(s);
    while (m.find()) {
      out.add(new MatchResult(m.start(), m.end(), m.group()));
    }
    return out;
  }

  private static String replaceAll(Pattern p, String s, java.util.function.Function<Matcher, String> f) {
    Matcher m = p.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
