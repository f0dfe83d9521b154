package dev.jitrl.plugin.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader and writer for memory exports, explanations and judge replies, so that the
 * plugin needs no JSON library of its own (it must not depend on what the host happens to ship: PF4J loads
 * the plugin's classes first). Internal to the plugin: it is public only because four of the plugin's packages
 * use it; no host code may (the layering test checks that). Values are {@code Map<String,Object>} (insertion-ordered),
 * {@code List<Object>}, {@code String}, {@code Double}, {@code Long}, {@code Boolean} and {@link #NULL}.
 */
public final class Json {
  /** The JSON {@code null}, so that no Java null ever appears in a parsed value. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private static final int MAX_DEPTH = 64;
  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private Json() {}

  /**
   * Parses one JSON value that must fill the whole text (whitespace aside).
   *
   * @throws JsonException with the offset and what was expected
   */
  public static Object parse(String text) {
    Reader r = new Reader(text);
    r.skipWhitespace();
    Object v = r.value(0);
    r.skipWhitespace();
    if (r.pos != text.length()) {
      throw r.error("end of input");
    }
    return v;
  }

  /**
   * Writes a value: maps (keys are strings or numbers), iterables, strings, finite numbers, booleans, {@link #NULL}
   * or Java null. Anything else is refused rather than written as its {@code toString()}, and so is NaN or an
   * infinity rather than written as {@code null}: a caller that means null or text says so.
   *
   * @throws JsonException naming where in the value the first unwritable part is ({@code $.steps[3].reward}) and why
   */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    try {
      write(value, sb);
    } catch (Unwritable e) {
      throw new JsonException("cannot write " + e.what + " as JSON at $" + e.path + ": " + e.why);
    }
    return sb.toString();
  }

  private static void write(Object value, StringBuilder sb) {
    if (value == null || value == NULL) {
      sb.append("null");
    } else if (value instanceof String s) {
      quote(s, sb);
    } else if (value instanceof Double d) {
      writeDouble(d, sb);
    } else if (value instanceof Float f) {
      writeDouble(f.doubleValue(), sb);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
        || value instanceof Boolean) {
      sb.append(value);
    } else if (value instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        Object key = e.getKey();
        if (!(key instanceof String) && !(key instanceof Long || key instanceof Integer)) {
          throw new Unwritable("a key of type " + typeOf(key), "keys must be strings or whole numbers");
        }
        quote(String.valueOf(key), sb);
        sb.append(':');
        try {
          write(e.getValue(), sb);
        } catch (Unwritable u) {
          throw u.under("." + key);
        }
      }
      sb.append('}');
    } else if (value instanceof Iterable<?> it) {
      sb.append('[');
      int index = 0;
      for (Iterator<?> i = it.iterator(); i.hasNext(); index++) {
        try {
          write(i.next(), sb);
        } catch (Unwritable u) {
          throw u.under("[" + index + "]");
        }
        if (i.hasNext()) {
          sb.append(',');
        }
      }
      sb.append(']');
    } else {
      throw new Unwritable("a value of type " + typeOf(value),
          "give a String, a Long/Integer/Double, a Boolean, a Map, an Iterable or Json.NULL");
    }
  }

  private static String typeOf(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  private static void writeDouble(double d, StringBuilder sb) {
    if (!Double.isFinite(d)) {
      throw new Unwritable(Double.toString(d), "JSON has no such number; write null or a string on purpose");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      sb.append((long) d);
    } else {
      sb.append(d);
    }
  }

  /** Thrown inside {@link #write(Object)} and turned into a {@link JsonException} with the path it unwound. */
  private static final class Unwritable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String what;
    private final String why;
    private String path = "";

    Unwritable(String what, String why) {
      super(null, null, false, false); // control flow inside this class only: no stack trace
      this.what = what;
      this.why = why;
    }

    Unwritable under(String step) {
      path = step + path;
      return this;
    }
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  // ---- typed access helpers for parsed objects ----

  /** The member {@code key} of a parsed object as a string. */
  public static String string(Map<String, Object> obj, String key) {
    Object v = obj.get(key);
    if (v instanceof String s) {
      return s;
    }
    throw new JsonException("field \"" + key + "\" must be a string but was " + describe(v));
  }

  public static double number(Map<String, Object> obj, String key) {
    Object v = obj.get(key);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new JsonException("field \"" + key + "\" must be a number but was " + describe(v));
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object v, String what) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new JsonException(what + " must be an object but was " + describe(v));
  }

  @SuppressWarnings("unchecked")
  public static List<Object> array(Object v, String what) {
    if (v instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw new JsonException(what + " must be an array but was " + describe(v));
  }

  private static String describe(Object v) {
    if (v == null) {
      return "missing";
    }
    if (v == NULL) {
      return "null";
    }
    return v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /** A JSON text that does not parse, or a value of the wrong shape. */
  public static final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
      super(message);
    }
  }

  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    JsonException error(String expected) {
      String found = pos < s.length() ? "'" + s.charAt(pos) + "'" : "end of input";
      return new JsonException("malformed JSON at offset " + pos + ": expected " + expected + ", found " + found);
    }

    void skipWhitespace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          break;
        }
      }
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw new JsonException("JSON nested deeper than " + MAX_DEPTH);
      }
      if (pos >= s.length()) {
        throw error("a value");
      }
      char c = s.charAt(pos);
      return switch (c) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", NULL);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            yield number();
          }
          throw error("a value");
        }
      };
    }

    private Object literal(String word, Object v) {
      if (!s.startsWith(word, pos)) {
        throw error(word);
      }
      pos += word.length();
      return v;
    }

    private Map<String, Object> object(int depth) {
      pos++;
      Map<String, Object> map = new LinkedHashMap<>();
      skipWhitespace();
      if (pos < s.length() && s.charAt(pos) == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipWhitespace();
        if (pos >= s.length() || s.charAt(pos) != '"') {
          throw error("a member name");
        }
        String key = string();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        map.put(key, value(depth + 1));
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
          continue;
        }
        expect('}');
        return map;
      }
    }

    private List<Object> array(int depth) {
      pos++;
      List<Object> list = new ArrayList<>();
      skipWhitespace();
      if (pos < s.length() && s.charAt(pos) == ']') {
        pos++;
        return list;
      }
      while (true) {
        skipWhitespace();
        list.add(value(depth + 1));
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
          continue;
        }
        expect(']');
        return list;
      }
    }

    private void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw error("'" + c + "'");
      }
      pos++;
    }

    private String string() {
      pos++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw error("closing quote");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          return sb.toString();
        }
        if (c == '\\') {
          if (pos >= s.length()) {
            throw error("escape");
          }
          char e = s.charAt(pos++);
          switch (e) {
            case '"', '\\', '/' -> sb.append(e);
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
              if (pos + 4 > s.length()) {
                throw error("4 hex digits");
              }
              try {
                sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
              } catch (NumberFormatException ex) {
                throw error("4 hex digits");
              }
              pos += 4;
            }
            default -> {
              pos--;
              throw error("a valid escape");
            }
          }
        } else if (c < 0x20) {
          pos--;
          throw error("no control character in a string");
        } else {
          sb.append(c);
        }
      }
    }

    private Object number() {
      int start = pos;
      if (s.charAt(pos) == '-') {
        pos++;
      }
      boolean fraction = false;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c >= '0' && c <= '9') {
          pos++;
        } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
          fraction = true;
          pos++;
        } else {
          break;
        }
      }
      String text = s.substring(start, pos);
      if (!NUMBER.matcher(text).matches()) { // no leading zeros, no "1." or "1.e5"
        pos = start;
        throw error("a number");
      }
      try {
        if (!fraction) {
          try {
            return Long.parseLong(text);
          } catch (NumberFormatException beyondLong) {
            // an integer outside the range of a long is read as a double below (JSON does not bound integers)
          }
        }
        double d = Double.parseDouble(text);
        if (!Double.isFinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        pos = start;
        throw error("a number within the range of a double (" + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
            + " is out of range)");
      }
    }
  }
}
