package io.telegate.translator.stanza;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses an entry's severity from a field: the {@code severity} block of parsers and the
 * {@code severity_parser} operator ({@code parse_from}, {@code preset}, {@code mapping} with
 * lists, ranges ({@code min}/{@code max}) and the {@code 2xx}...{@code 5xx} shorthands,
 * {@code overwrite_text}).
 */
final class SeverityParser {

  private static final String[] NAMES = {"DEFAULT", "TRACE", "TRACE2", "TRACE3", "TRACE4", "DEBUG", "DEBUG2",
      "DEBUG3", "DEBUG4", "INFO", "INFO2", "INFO3", "INFO4", "WARN", "WARN2", "WARN3", "WARN4", "ERROR", "ERROR2",
      "ERROR3", "ERROR4", "FATAL", "FATAL2", "FATAL3", "FATAL4"};

  private final Field parseFrom;
  private final Map<String, Integer> mapping;
  private final boolean overwriteText;

  private SeverityParser(Field parseFrom, Map<String, Integer> mapping, boolean overwriteText) {
    this.parseFrom = parseFrom;
    this.mapping = mapping;
    this.overwriteText = overwriteText;
  }

  /** The OTLP severity text of a number as the Collector names it ({@code WARN2}). */
  static String name(int number) {
    return number >= 0 && number < NAMES.length ? NAMES[number] : "DEFAULT";
  }

  private static Map<String, Integer> preset(String name) {
    Map<String, Integer> m = new HashMap<>();
    if (name.equals("none")) {
      return m;
    }
    for (int i = 1; i < NAMES.length; i++) {
      m.put(NAMES[i].toLowerCase(Locale.ROOT), i);
      m.put(Integer.toString(i), i);
    }
    if (!name.equals("otel") && !name.equals("aliases")) {
      for (int k = 0; k < 4; k++) {
        String suffix = k == 0 ? "" : Integer.toString(k + 1);
        m.put("warning" + suffix, 13 + k);
        m.put("err" + suffix, 17 + k);
      }
    }
    return m;
  }

  static SeverityParser read(OperatorConfig c) {
    Field parseFrom = c.requiredField("parse_from");
    String presetName = c.choice("preset", "default", "none", "otel", "aliases");
    Map<String, Integer> mapping = preset(presetName);
    Map<String, Integer> aliases = preset("aliases");
    Map<String, Object> custom = c.map("mapping");
    boolean ok = true;
    if (custom != null) {
      for (Map.Entry<String, Object> me : custom.entrySet()) {
        String path = c.path("mapping") + "::" + me.getKey();
        Integer sev = aliases.get(me.getKey().toLowerCase(Locale.ROOT));
        if (sev == null) {
          c.errors().add(path, "unknown severity '" + me.getKey() + "' (expected: trace, debug, info, warn, error, "
              + "fatal, each with 2, 3 or 4 after it, or a number 1-24)");
          ok = false;
          continue;
        }
        Object v = me.getValue();
        List<?> values = v instanceof List<?> l ? l : List.of(v == null ? "" : v);
        for (Object one : values) {
          if (!addValues(mapping, sev, one)) {
            c.errors().add(path, "type " + Expr.describe(one) + " cannot be parsed as a severity");
            ok = false;
          }
        }
      }
    }
    boolean overwrite = c.bool("overwrite_text", false);
    if (parseFrom == null || !ok) {
      return null;
    }
    return new SeverityParser(parseFrom, mapping, overwrite);
  }

  private static boolean addValues(Map<String, Integer> mapping, int sev, Object value) {
    if (value instanceof Number n && (value instanceof Integer || value instanceof Long)) {
      mapping.put(Long.toString(n.longValue()), sev);
      return true;
    }
    if (value instanceof String s) {
      switch (s) {
        case "2xx" -> range(mapping, sev, 200, 299);
        case "3xx" -> range(mapping, sev, 300, 399);
        case "4xx" -> range(mapping, sev, 400, 499);
        case "5xx" -> range(mapping, sev, 500, 599);
        default -> mapping.put(s.toLowerCase(Locale.ROOT), sev);
      }
      return true;
    }
    if (value instanceof Map<?, ?> m && m.get("min") instanceof Number min && m.get("max") instanceof Number max) {
      range(mapping, sev, min.intValue(), max.intValue());
      return true;
    }
    return false;
  }

  private static void range(Map<String, Integer> mapping, int sev, int a, int b) {
    for (int i = Math.min(a, b); i <= Math.max(a, b); i++) {
      mapping.put(Integer.toString(i), sev);
    }
  }

  void parse(Entry e) {
    if (!parseFrom.has(e)) {
      throw new OperatorException("log entry does not have the expected parse_from field " + parseFrom);
    }
    Object value = parseFrom.get(e);
    String text;
    String key;
    if (value instanceof String s) {
      text = s;
      key = s.toLowerCase(Locale.ROOT);
    } else if (value instanceof byte[] b) {
      text = new String(b, java.nio.charset.StandardCharsets.UTF_8);
      key = text.toLowerCase(Locale.ROOT);
    } else if (value instanceof Long || value instanceof Integer) {
      text = value.toString();
      key = text;
    } else {
      throw new OperatorException("type " + Expr.describe(value) + " cannot be a severity");
    }
    Integer sev = mapping.get(key);
    e.severityNumber = sev == null ? 0 : sev;
    e.severityText = overwriteText ? name(e.severityNumber) : text;
  }
}
