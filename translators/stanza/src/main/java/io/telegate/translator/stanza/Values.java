package io.telegate.translator.stanza;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies and text of the value trees that entries hold. */
final class Values {

  private Values() {}

  /** A deep copy: maps and lists are new, scalars shared (they are immutable, byte[] aside, which is copied). */
  static Object copy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
      for (Map.Entry<?, ?> me : m.entrySet()) {
        out.put(String.valueOf(me.getKey()), copy(me.getValue()));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(copy(o));
      }
      return out;
    }
    if (v instanceof byte[] b) {
      return b.clone();
    }
    return v;
  }

  /** A value as text: strings as they are, bytes as UTF-8, numbers and booleans as literals, maps and lists as JSON. */
  static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (v instanceof Map || v instanceof List) {
      StringBuilder sb = new StringBuilder();
      io.telegate.core.telemetry.Json.value(sb, v);
      return sb.toString();
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e21) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(v);
  }

  /** YAML's Integer, Short, BigInteger, Float and BigDecimal become the Long and Double of entries. */
  static Object normalise(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof java.math.BigInteger) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float || v instanceof java.math.BigDecimal) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), normalise(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(normalise(x)));
      return out;
    }
    return v;
  }
}
