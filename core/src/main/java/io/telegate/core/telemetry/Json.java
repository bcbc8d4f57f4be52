package io.telegate.core.telemetry;

/** JSON string quoting for the few hand-written JSON outputs (log lines, health). */
public final class Json {

  private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

  private Json() {}

  /**
   * Appends {@code s} as a quoted JSON string: quote, backslash and control characters escaped
   * (newline, return and tab by letter, the others as a six-character unicode escape with lowercase
   * hex digits), all else as it is.
   * The characters before the first one to escape are appended in one piece, so a string needing no
   * escape is copied in bulk.
   */
  public static void quote(StringBuilder sb, String s) {
    int n = s.length();
    int clean = 0;
    while (clean < n && !needsEscape(s.charAt(clean))) {
      clean++;
    }
    sb.append('"');
    if (clean == n) {
      sb.append(s);
    } else {
      sb.append(s, 0, clean);
      for (int i = clean; i < n; i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c < 0x20) {
              // As String.format("\\u%04x", c) wrote it: c < 0x20, so the first two digits are 0.
              sb.append("\\u00").append(HEX_DIGITS[c >> 4]).append(HEX_DIGITS[c & 0xf]);
            } else {
              sb.append(c);
            }
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * Appends a value as JSON: numbers and booleans as they are, {@code null}, lists as arrays,
   * maps as objects (keys as strings), anything else as its quoted text.
   */
  public static void value(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof java.util.Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(sb, String.valueOf(e.getKey()));
        sb.append(':');
        value(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof java.util.List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        value(sb, l.get(i));
      }
      sb.append(']');
    } else {
      quote(sb, String.valueOf(v));
    }
  }

  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    quote(sb, s);
    return sb.toString();
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c == '"' || c == '\\';
  }
}
