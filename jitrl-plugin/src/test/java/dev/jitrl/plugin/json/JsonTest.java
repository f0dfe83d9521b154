package dev.jitrl.plugin.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void writeThenParse_nestedValues_roundTrip() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "quote \" backslash \\ newline \n tab \t cr \r bell \u0007 é 😀 \u2028");
    m.put("long", 1234567890123L);
    m.put("negative", -42L);
    m.put("fraction", 0.125);
    m.put("big", 1.5e300);
    m.put("tiny", -2.5e-300);
    m.put("yes", Boolean.TRUE);
    m.put("no", Boolean.FALSE);
    m.put("nothing", Json.NULL);
    m.put("list", List.of(1L, "two", List.of(), Map.of()));
    m.put("", "empty key");
    assertEquals(m, Json.parse(Json.write(m)));
  }

  @Test
  void writeThenParse_generatedStrings_roundTrip() {
    SplittableRandom r = new SplittableRandom(41);
    for (int t = 0; t < 2000; t++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(0, 30);
      for (int i = 0; i < n; i++) {
        int kind = r.nextInt(4);
        int cp = switch (kind) {
          case 0 -> r.nextInt(0, 0x80); // ASCII incl. control characters, quotes, backslash
          case 1 -> r.nextInt(0x80, 0xD800); // BMP before surrogates
          case 2 -> r.nextInt(0xE000, 0x10000); // BMP after surrogates
          default -> r.nextInt(0x10000, 0x110000); // supplementary (surrogate pairs)
        };
        sb.appendCodePoint(cp);
      }
      String s = sb.toString();
      String written = Json.write(s);
      for (char c : written.toCharArray()) {
        assertTrue(c >= 0x20, "no raw control character in output");
      }
      assertEquals(s, Json.parse(written), "case " + t);
    }
  }

  @Test
  void write_specialValues() {
    assertEquals("null", Json.write(null));
    assertEquals("null", Json.write(Json.NULL));
    assertEquals("3", Json.write(3.0));
    assertEquals("0.5", Json.write(0.5f));
    assertEquals("[1,2]", Json.write(List.of(1, 2)));
    assertEquals("{\"1\":\"x\"}", Json.write(Map.of(1, "x")));
    assertEquals("\"\\u0001\\u2028\"", Json.write("\u0001\u2028"));
  }

  @Test
  void write_nanDeepInAValue_refusedNamingWhere() {
    Map<String, Object> value = Map.of("steps", List.of(Map.of("reward", 1.0), Map.of("reward", Double.NaN)));

    Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.write(value));
    assertEquals("cannot write NaN as JSON at $.steps[1].reward: JSON has no such number; write null or a string"
        + " on purpose", e.getMessage());
  }

  @Test
  void write_infinity_refused() {
    assertThrows(Json.JsonException.class, () -> Json.write(List.of(Float.NEGATIVE_INFINITY)));
  }

  @Test
  void write_valueOfAnUnknownType_refusedInsteadOfItsToString() {
    Json.JsonException e = assertThrows(Json.JsonException.class,
        () -> Json.write(Map.of("at", java.time.Instant.EPOCH)));
    assertEquals("cannot write a value of type java.time.Instant as JSON at $.at: give a String, a Long/Integer/Double,"
        + " a Boolean, a Map, an Iterable or Json.NULL", e.getMessage());
  }

  @Test
  void write_mapWithAnObjectKey_refused() {
    assertThrows(Json.JsonException.class, () -> Json.write(Map.of(List.of(1), "x")));
  }

  @Test
  void parse_numbers_longOrDouble() {
    assertEquals(0L, Json.parse("0"));
    assertEquals(-7L, Json.parse("-7"));
    assertEquals(2.5, Json.parse("2.5"));
    assertEquals(1e5, Json.parse("1e5"));
    assertEquals(-1.5e-3, Json.parse("-1.5E-3"));
    assertEquals(1.2345678901234567e19, Json.parse("12345678901234567890"));
  }

  @Test
  void parse_unicodeEscapes_decoded() {
    assertEquals("é", Json.parse("\"\\u00e9\""));
    assertEquals("É", Json.parse("\"\\u00C9\""));
    assertEquals("😀", Json.parse("\"\\ud83d\\ude00\""));
    assertEquals("a/b\b\f", Json.parse("\"a\\/b\\b\\f\""));
    assertEquals("\u0000", Json.parse("\"\\u0000\""));
  }

  @Test
  void parse_whitespaceAround_accepted() {
    assertEquals(List.of(1L, 2L), Json.parse(" \t\r\n[ 1 ,\n 2 ] \n"));
    assertEquals(Map.of("a", List.of()), Json.parse("{ \"a\" : [ ] }"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "[1,2,]", "{\"a\":1,}", "[,1]", "{,}", "[1 2]", "{\"a\" 1}", "{a:1}", "{'a':1}", "\"abc",
      "\"abc\\\"", "[\"a\"", "{\"a\":", "\"\\x\"", "\"\\u12G4\"", "\"\\u12\"", "\"tab\there\"", "\"line\nbreak\"",
      "tru", "nul", "True", "NaN", "Infinity", "-Infinity", "+1", ".5", "-", "1-2", "0x10", "1e400", "[1]]", "{} {}",
      "01", "-01", "1.", "1.e5", "00", "1e", "1e+", "\u00a01", "/* c */ 1"})
  void parse_invalidJson_throws(String text) {
    assertThrows(Json.JsonException.class, () -> Json.parse(text));
  }

  @Test
  void parse_error_namesOffset() {
    Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\":[1,2,]}"));
    assertTrue(e.getMessage().contains("offset 10"), e.getMessage());
  }

  @Test
  void parse_depthLimit_shallowAcceptedDeepRefusedWithoutStackOverflow() {
    assertEquals(1L, unwrap(Json.parse("[".repeat(60) + "1" + "]".repeat(60)), 60));
    assertThrows(Json.JsonException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\":".repeat(100) + "1" + "}".repeat(100)));
    assertThrows(Json.JsonException.class, () -> Json.parse("[".repeat(1_000_000)));
  }

  private static Object unwrap(Object v, int levels) {
    for (int i = 0; i < levels; i++) {
      v = ((List<?>) v).get(0);
    }
    return v;
  }

  @Test
  void parse_null_isTheNullSentinel() {
    assertSame(Json.NULL, Json.parse("null"));
    List<Object> list = Json.array(Json.parse("[null]"), "x");
    assertSame(Json.NULL, list.get(0));
  }

  @Test
  void typedAccess_wrongShape_namesTheField() {
    Map<String, Object> obj = Json.object(Json.parse("{\"n\":\"x\",\"s\":1}"), "root");
    Json.JsonException e1 = assertThrows(Json.JsonException.class, () -> Json.number(obj, "n"));
    assertTrue(e1.getMessage().contains("\"n\""), e1.getMessage());
    Json.JsonException e2 = assertThrows(Json.JsonException.class, () -> Json.string(obj, "missing"));
    assertTrue(e2.getMessage().contains("missing"), e2.getMessage());
    assertThrows(Json.JsonException.class, () -> Json.object(new ArrayList<>(), "root"));
    assertThrows(Json.JsonException.class, () -> Json.array(Map.of(), "steps"));
  }
}
