package dev.jitrl.host.policy;

import dev.jitrl.api.Action;
import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import dev.jitrl.host.observe.SelectOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One action a model wrote in BrowserGym's syntax, checked against the page before anything acts on it:
 * {@code click("e12")}, {@code fill("e3", "usb cable")}, {@code select_option("e5", "Express")},
 * {@code press("e3", "Enter")}, {@code scroll(0, 300)}, {@code goto("https://…")}, {@code send_msg_to_user("42")},
 * {@code hover("e4")}, {@code noop(2000)} (wait, in milliseconds), {@code drag_and_drop("e3", "e7")}.
 * Element ids are the observation's. The reply may wrap the call in prose or backticks; the first call found is
 * read. Anything else — an unknown verb, an id the page does not have, text typed into something that takes no text,
 * an option the list does not offer, a non-web address — is refused with a reason, never guessed.
 */
public final class FreeFormAction {
  private static final Pattern CALL = Pattern.compile(
      "\\b(click|fill|select_option|press|scroll|goto|send_msg_to_user|hover|noop|drag_and_drop)"
      + "\\s*\\((.*?)\\)\\s*(?:`|;|$)", Pattern.MULTILINE);
  /** Longest text a free-form action may type or answer. */
  static final int MAX_TEXT = 500;

  private FreeFormAction() {}

  /** The parsed and checked action, or why there is none. */
  public record Parsed(Optional<Action> action, String reason) {
    static Parsed refused(String reason) {
      return new Parsed(Optional.empty(), reason);
    }
  }

  /** Reads the first BrowserGym call in {@code reply} and checks it against {@code page}. */
  public static Parsed parse(String reply, Observation page) {
    Matcher m = CALL.matcher(reply == null ? "" : reply);
    if (!m.find()) {
      return Parsed.refused("no action call in the reply");
    }
    String verb = m.group(1);
    List<Object> args;
    try {
      args = arguments(m.group(2));
    } catch (IllegalArgumentException e) {
      return Parsed.refused(verb + ": " + e.getMessage());
    }
    return switch (verb) {
      case "click" -> withTarget(verb, args, 1, page).map(e -> ok(Action.click(e))).orElseGet(() -> noTarget(verb, args));
      case "fill" -> fill(args, page);
      case "select_option" -> select(args, page);
      case "press" -> press(args, page);
      case "scroll" -> scroll(args);
      case "goto" -> goTo(args);
      case "hover" -> withTarget(verb, args, 1, page).map(e -> ok(Action.hover(e))).orElseGet(() -> noTarget(verb, args));
      case "noop" -> noop(args);
      case "drag_and_drop" -> dragAndDrop(args, page);
      default -> answer(args);
    };
  }

  /** {@code drag_and_drop("e3", "e7")}: a draggable element onto another element of the page. */
  private static Parsed dragAndDrop(List<Object> args, Observation page) {
    if (args.size() != 2 || !(args.get(0) instanceof String from) || !(args.get(1) instanceof String to)) {
      return Parsed.refused("drag_and_drop: needs the ids of what to drag and where to drop it");
    }
    Optional<Element> source = page.elements().stream().filter(e -> e.id().equals(from)).findFirst();
    Optional<Element> target = page.elements().stream().filter(e -> e.id().equals(to)).findFirst();
    if (source.isEmpty() || target.isEmpty()) {
      return Parsed.refused("drag_and_drop: no element \"" + (source.isEmpty() ? from : to) + "\" on this page");
    }
    if (!source.get().role().equals("draggable") || from.equals(to)) {
      return Parsed.refused("drag_and_drop: " + source.get().role() + " \"" + source.get().name()
          + "\" cannot be dragged" + (from.equals(to) ? " onto itself" : ""));
    }
    return ok(Action.drag(source.get(), target.get()));
  }

  private static Parsed ok(Action a) {
    return new Parsed(Optional.of(a), "");
  }

  private static Parsed noTarget(String verb, List<Object> args) {
    return Parsed.refused(verb + ": " + (args.isEmpty() || !(args.get(0) instanceof String)
        ? "needs an element id" : "no element \"" + args.get(0) + "\" on this page"));
  }

  private static Optional<Element> withTarget(String verb, List<Object> args, int arity, Observation page) {
    if (args.size() != arity || !(args.get(0) instanceof String id)) {
      return Optional.empty();
    }
    return page.elements().stream().filter(e -> e.id().equals(id)).findFirst();
  }

  private static Optional<String> text(List<Object> args, int at) {
    if (args.size() <= at || !(args.get(at) instanceof String s) || s.isBlank() || s.length() > MAX_TEXT) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  private static Parsed fill(List<Object> args, Observation page) {
    Optional<Element> e = withTarget("fill", args, 2, page);
    if (e.isEmpty()) {
      return noTarget("fill", args);
    }
    if (!FormValues.fillable(page, e.get())) {
      return Parsed.refused("fill: " + e.get().role() + " \"" + e.get().name() + "\" takes no typed text");
    }
    return text(args, 1).map(t -> ok(Action.fill(e.get(), t)))
        .orElseGet(() -> Parsed.refused("fill: needs the text to type (1 to " + MAX_TEXT + " characters)"));
  }

  private static Parsed select(List<Object> args, Observation page) {
    Optional<Element> e = withTarget("select_option", args, 2, page);
    if (e.isEmpty()) {
      return noTarget("select_option", args);
    }
    List<String> options = SelectOptions.of(page, e.get());
    Optional<String> wanted = text(args, 1);
    if (wanted.isEmpty()) {
      return Parsed.refused("select_option: needs the option's text");
    }
    for (String o : options) {
      if (o.strip().equalsIgnoreCase(wanted.get().strip())) {
        return ok(Action.select(e.get(), o));
      }
    }
    return Parsed.refused("select_option: " + e.get().role() + " \"" + e.get().name() + "\" offers no option \""
        + wanted.get() + "\"");
  }

  private static Parsed press(List<Object> args, Observation page) {
    Optional<Element> e = withTarget("press", args, 2, page);
    if (e.isEmpty()) {
      return noTarget("press", args);
    }
    Optional<String> key = text(args, 1).filter(k -> k.length() <= 20);
    return key.map(k -> ok(Action.press(e.get(), k))).orElseGet(() -> Parsed.refused("press: needs a key name"));
  }

  private static Parsed scroll(List<Object> args) {
    if (args.size() != 2 || !(args.get(1) instanceof Double dy) || dy == 0) {
      return Parsed.refused("scroll: needs (dx, dy) with dy not 0");
    }
    return ok(Action.scroll(dy < 0 ? "up" : "down"));
  }

  /** Longest wait a model may ask for, in milliseconds: a page that needs longer is not waited on by a guess. */
  static final double MAX_WAIT_MS = 60_000;

  private static Parsed noop(List<Object> args) {
    if (args.isEmpty()) {
      return ok(Action.waitSeconds("1"));
    }
    if (args.size() != 1 || !(args.get(0) instanceof Double ms) || ms < 0 || ms > MAX_WAIT_MS) {
      return Parsed.refused("noop: needs a wait in milliseconds, 0 to " + (long) MAX_WAIT_MS);
    }
    return ok(Action.waitSeconds(java.math.BigDecimal.valueOf(ms / 1000.0).stripTrailingZeros().toPlainString()));
  }

  private static Parsed goTo(List<Object> args) {
    Optional<String> url = text(args, 0);
    if (url.isEmpty() || args.size() != 1) {
      return Parsed.refused("goto: needs one address");
    }
    try {
      String scheme = URI.create(url.get().strip()).getScheme();
      if (scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        return ok(Action.goTo(url.get().strip()));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal
    }
    return Parsed.refused("goto: only http(s) addresses");
  }

  private static Parsed answer(List<Object> args) {
    return text(args, 0).filter(t -> args.size() == 1).map(t -> ok(Action.answer(t)))
        .orElseGet(() -> Parsed.refused("send_msg_to_user: needs the message"));
  }

  /** The call's arguments: string literals (single or double quotes, backslash escapes) and numbers. */
  static List<Object> arguments(String s) {
    List<Object> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == ',') {
        i++;
      } else if (c == '"' || c == '\'') {
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        for (; j < s.length() && s.charAt(j) != c; j++) {
          char d = s.charAt(j);
          if (d == '\\' && j + 1 < s.length()) {
            char n = s.charAt(++j);
            sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
          } else {
            sb.append(d);
          }
        }
        if (j >= s.length()) {
          throw new IllegalArgumentException("a string is not closed");
        }
        out.add(sb.toString());
        i = j + 1;
      } else {
        int j = i;
        while (j < s.length() && s.charAt(j) != ',') {
          j++;
        }
        String token = s.substring(i, j).strip();
        try {
          out.add(Double.parseDouble(token));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("cannot read argument '" + token.toLowerCase(Locale.ROOT) + "'");
        }
        i = j;
      }
    }
    return out;
  }
}
