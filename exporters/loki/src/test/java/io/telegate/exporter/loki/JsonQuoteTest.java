package io.telegate.exporter.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.telegate.core.telemetry.Json;
import org.junit.jupiter.api.Test;

/**
 * core's {@link Json#quote}, which writes every JSON line and JSON push of this exporter:
 * its bulk path for strings without escapes must write what the per-character escaping writes.
 */
class JsonQuoteTest {

  /** The per-character escaping as Json.quote wrote it before its bulk path, for comparison. */
  private static String reference(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return sb.append('"').toString();
  }

  @Test
  void stringsWithoutEscapesAreCopiedAsTheyAre() {
    assertEquals("\"\"", Json.quote(""));
    assertEquals("\"user 123 fetched profile\"", Json.quote("user 123 fetched profile"));
    assertEquals("\"čaj ✓ \uD83D\uDE00 \u007f \u2028\"", Json.quote("čaj ✓ \uD83D\uDE00 \u007f \u2028"));
    assertEquals("\"lone \uD800 surrogate\"", Json.quote("lone \uD800 surrogate"));
  }

  @Test
  void quotesBackslashesAndControlCharactersAreEscaped() {
    assertEquals("\"say \\\"hi\\\"\"", Json.quote("say \"hi\""));
    assertEquals("\"C:\\\\temp\"", Json.quote("C:\\temp"));
    assertEquals("\"a\\nb\\rc\\td\"", Json.quote("a\nb\rc\td"));
    assertEquals("\"\\u0000\\u0001\\u001f\\u000b\\u001b\"", Json.quote("\u0000\u0001\u001f\u000b\u001b"));
    assertEquals("\"é\\\"ü\\u0001✓\"", Json.quote("é\"ü\u0001✓"), "non-ASCII before and after an escape");
  }

  @Test
  void appendsAfterWhatTheBuilderHolds() {
    StringBuilder sb = new StringBuilder("{\"k\":");
    Json.quote(sb, "v\u0002");
    Json.quote(sb.append(','), "w");
    assertEquals("{\"k\":\"v\\u0002\",\"w\"", sb.toString());
  }

  @Test
  void everyCharacterIsWrittenAsThePerCharacterEscapingWroteIt() {
    for (int c = 0; c <= 0xFFFF; c++) {
      for (String s : new String[] {String.valueOf((char) c), "ab" + (char) c, (char) c + "é", "x" + (char) c + "\"y"}) {
        assertEquals(reference(s), Json.quote(s), () -> "char " + Integer.toHexString(s.charAt(0)));
      }
    }
  }
}
