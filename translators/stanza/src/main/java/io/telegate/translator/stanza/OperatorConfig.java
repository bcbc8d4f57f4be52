package io.telegate.translator.stanza;

import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One operator's YAML map as its builder reads it: each getter marks its key as known, checks
 * the value's type and adds an error with the key's path when it is wrong, so that building
 * goes on and every error is reported. {@link #finish} reports the keys nobody asked for.
 */
final class OperatorConfig {

  private final Map<String, Object> raw;
  private final String path;
  private final ConfigErrors errors;
  private final Set<String> known = new LinkedHashSet<>();

  OperatorConfig(Map<?, ?> raw, String path, ConfigErrors errors) {
    this.raw = new LinkedHashMap<>();
    raw.forEach((k, v) -> this.raw.put(String.valueOf(k), v));
    this.path = path;
    this.errors = errors;
  }

  String path() {
    return path;
  }

  String path(String key) {
    return ConfigErrors.join(path, key);
  }

  ConfigErrors errors() {
    return errors;
  }

  void error(String key, String message) {
    errors.add(key == null ? path : path(key), message);
  }

  /** Gives {@code key} a value when the user gave none. */
  void setDefault(String key, Object value) {
    raw.putIfAbsent(key, value);
  }

  boolean has(String key) {
    known.add(key);
    return raw.get(key) != null;
  }

  Object raw(String key) {
    known.add(key);
    return raw.get(key);
  }

  String string(String key, String def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Map || v instanceof List) {
      error(key, "expected a string");
      return def;
    }
    return String.valueOf(v);
  }

  String requiredString(String key) {
    String s = string(key, null);
    if (s == null || s.isEmpty()) {
      if (!(raw.get(key) instanceof Map) && !(raw.get(key) instanceof List)) {
        error(key, "required");
      }
      return null;
    }
    return s;
  }

  /** One of {@code allowed}; the first is the default. */
  String choice(String key, String... allowed) {
    String s = string(key, allowed[0]);
    for (String a : allowed) {
      if (a.equals(s)) {
        return s;
      }
    }
    error(key, "'" + s + "' is not one of " + String.join(", ", allowed));
    return allowed[0];
  }

  boolean bool(String key, boolean def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.parseBoolean(s);
    }
    error(key, "expected true or false");
    return def;
  }

  long integer(String key, long def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    error(key, "expected an integer");
    return def;
  }

  Duration duration(String key, Duration def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Number n) {
      return Duration.ofNanos(n.longValue());
    }
    try {
      return Durations.parse(String.valueOf(v));
    } catch (IllegalArgumentException e) {
      error(key, e.getMessage());
      return def;
    }
  }

  /** A byte size: a number or a string such as {@code 1MiB}, {@code 64KB}. */
  long byteSize(String key, long def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    String s = String.valueOf(v).strip();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?").matcher(s);
    if (!m.matches()) {
      error(key, "invalid size '" + s + "' (expected: a number of bytes, or with a unit such as 1MiB or 64KB)");
      return def;
    }
    double num = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(java.util.Locale.ROOT);
    boolean binary = unit.contains("i") || unit.length() == 1;
    double base = binary ? 1024 : 1000;
    int power = unit.isEmpty() || unit.equals("b") ? 0 : "kmgt".indexOf(unit.charAt(0)) + 1;
    return (long) (num * Math.pow(base, power));
  }

  Field field(String key, Field def) {
    Object v = raw(key);
    if (v == null) {
      return def;
    }
    try {
      return Field.parse(String.valueOf(v));
    } catch (IllegalArgumentException e) {
      error(key, e.getMessage());
      return def;
    }
  }

  Field requiredField(String key) {
    if (raw(key) == null) {
      error(key, "required");
      return null;
    }
    return field(key, null);
  }

  Expr expr(String key) {
    String s = string(key, null);
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Expr.compile(s);
    } catch (IllegalArgumentException e) {
      error(key, e.getMessage());
      return null;
    }
  }

  /** A nested block; null when absent. */
  @SuppressWarnings("unchecked")
  OperatorConfig block(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      error(key, "expected a map");
      return null;
    }
    return new OperatorConfig((Map<String, Object>) v, path(key), errors);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> map(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      error(key, "expected a map");
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((Map<Object, Object>) v).forEach((k, val) -> out.put(String.valueOf(k), val));
    return out;
  }

  /** A list; a single scalar counts as a list of one. */
  List<Object> list(String key) {
    Object v = raw(key);
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    if (v instanceof Map) {
      error(key, "expected a list");
      return null;
    }
    return List.of(v);
  }

  List<String> strings(String key) {
    List<Object> l = list(key);
    if (l == null) {
      return null;
    }
    List<String> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      Object o = l.get(i);
      if (o instanceof Map || o instanceof List || o == null) {
        errors.add(path(key) + "[" + i + "]", "expected a string");
      } else {
        out.add(String.valueOf(o));
      }
    }
    return out;
  }

  List<Field> fields(String key) {
    List<String> l = strings(key);
    if (l == null) {
      return null;
    }
    List<Field> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      try {
        out.add(Field.parse(l.get(i)));
      } catch (IllegalArgumentException e) {
        errors.add(path(key) + "[" + i + "]", e.getMessage());
      }
    }
    return out;
  }

  /** Reports every key that no getter asked for. */
  void finish() {
    for (String k : raw.keySet()) {
      if (!known.contains(k)) {
        errors.add(path(k), "unknown key (valid keys: " + String.join(", ", known) + ")");
      }
    }
  }
}
