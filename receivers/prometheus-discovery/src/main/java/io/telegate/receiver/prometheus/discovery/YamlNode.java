package io.telegate.receiver.prometheus.discovery;

import io.telegate.core.config.ConfigErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML mapping of Prometheus's config being read, with its path: every value read in a wrong
 * shape adds an error under {@code path::key} and gives the default, so that one pass reports
 * every problem.
 */
final class YamlNode {

  private final Map<String, ?> map;
  private final String path;
  private final List<String> errors;

  YamlNode(Map<String, ?> map, String path, List<String> errors) {
    this.map = map == null ? Map.of() : map;
    this.path = path;
    this.errors = errors;
  }

  String path() {
    return path;
  }

  String path(String key) {
    return ConfigErrors.join(path, key);
  }

  void error(String key, String message) {
    String p = key == null ? path : path(key);
    errors.add(p == null || p.isEmpty() ? message : p + ": " + message);
  }

  /** Adds an error that already holds its path. */
  void addError(String pathAndMessage) {
    errors.add(pathAndMessage);
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  /** Adds an error for each key not in {@code known}; keys in {@code unsupported} say so. */
  void allowOnly(Set<String> known, Set<String> unsupported) {
    for (String key : new TreeSet<>(map.keySet())) {
      if (unsupported.contains(key)) {
        error(key, "not supported by Telegate yet");
      } else if (!known.contains(key)) {
        error(key, "unknown key (valid keys: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
  }

  String string(String key, String def) {
    Object v = map.get(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Map || v instanceof Collection) {
      error(key, "expected a string");
      return def;
    }
    return v.toString();
  }

  boolean bool(String key, boolean def) {
    Object v = map.get(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString();
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    error(key, "'" + s + "' (expected: true or false)");
    return def;
  }

  int integer(String key, int def, int min, int max) {
    Object v = map.get(key);
    if (v == null) {
      return def;
    }
    try {
      long n = v instanceof Number num ? num.longValue() : Long.parseLong(v.toString().strip());
      if (n < min || n > max) {
        error(key, n + " (expected: " + min + "-" + max + ")");
        return def;
      }
      return (int) n;
    } catch (NumberFormatException e) {
      error(key, "'" + v + "' (expected: a whole number)");
      return def;
    }
  }

  Duration duration(String key, Duration def) {
    String s = string(key, null);
    if (s == null) {
      return def;
    }
    try {
      return PrometheusUnits.duration(s);
    } catch (IllegalArgumentException e) {
      error(key, e.getMessage());
      return def;
    }
  }

  /** A list of strings; a missing key is an empty list. */
  List<String> strings(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      error(key, "expected a list of strings");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      if (e == null || e instanceof Map || e instanceof Collection) {
        error(key + "[" + i + "]", "expected a string");
      } else {
        out.add(e.toString());
      }
    }
    return out;
  }

  /** A string-to-string mapping (label sets); a missing key is an empty map. */
  Map<String, String> stringMap(String key) {
    Object v = map.get(key);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      error(key, "expected a mapping of strings");
      return Map.of();
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    m.forEach((k, value) -> {
      if (value instanceof Map || value instanceof Collection) {
        error(key + "::" + k, "expected a string");
      } else {
        out.put(String.valueOf(k), value == null ? "" : value.toString());
      }
    });
    return out;
  }

  /** The nested mapping under {@code key}, or null when absent. */
  YamlNode node(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map<?, ?> m)) {
      error(key, "expected a mapping");
      return null;
    }
    return new YamlNode(cast(m), path(key), errors);
  }

  /** The mappings listed under {@code key}, each with its {@code key[i]} path; absent: none. */
  List<YamlNode> nodes(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      error(key, "expected a list");
      return List.of();
    }
    List<YamlNode> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      String p = path(key) + "[" + i + "]";
      if (e instanceof Map<?, ?> m) {
        out.add(new YamlNode(cast(m), p, errors));
      } else if (e == null) {
        out.add(new YamlNode(Map.of(), p, errors));
      } else {
        errors.add(p + ": expected a mapping");
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> cast(Map<?, ?> m) {
    return (Map<String, ?>) m;
  }
}
