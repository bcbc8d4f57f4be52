package io.telegate.exporter.loki;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.telegate.core.telemetry.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OTLP attribute values as text, the way the Collector's Loki exporter wrote them: JSON for line
 * bodies and attribute maps (map keys sorted, bytes as base64), and a plain string for label values
 * and raw lines.
 */
final class AnyValues {

  private static final Comparator<KeyValue> BY_KEY = Comparator.comparing(KeyValue::getKey);
  private static final int SCAN_MAX = 8;

  private AnyValues() {}

  /** The value as a plain string: strings as they are, numbers in decimal, maps and lists as JSON. */
  static String asString(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> plainDouble(v.getDoubleValue());
      case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> {
        StringBuilder sb = new StringBuilder();
        appendJson(sb, v);
        yield sb.toString();
      }
      default -> "";
    };
  }

  /** Appends the value as JSON. */
  static void appendJson(StringBuilder sb, AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE -> Json.quote(sb, v.getStringValue());
      case BOOL_VALUE -> sb.append(v.getBoolValue());
      case INT_VALUE -> sb.append(v.getIntValue());
      case DOUBLE_VALUE -> appendJsonDouble(sb, v.getDoubleValue());
      case BYTES_VALUE -> Json.quote(sb, Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> {
        sb.append('[');
        List<AnyValue> values = v.getArrayValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          appendJson(sb, values.get(i));
        }
        sb.append(']');
      }
      case KVLIST_VALUE -> appendJsonObject(sb, v.getKvlistValue().getValuesList(), null);
      default -> sb.append("null");
    }
  }

  /**
   * Appends attributes as a JSON object with sorted keys (as Go's encoder writes maps), leaving out
   * the keys in {@code skip} (may be null). A repeated key keeps its first value.
   */
  static void appendJsonObject(StringBuilder sb, List<KeyValue> attributes, Set<String> skip) {
    List<KeyValue> sorted = new ArrayList<>(attributes.size());
    // Few attributes: finding a repeated key by scanning the kept ones beats hashing every key.
    Set<String> seen = attributes.size() > SCAN_MAX ? new HashSet<>() : null;
    for (int i = 0; i < attributes.size(); i++) {
      KeyValue kv = attributes.get(i);
      String key = kv.getKey();
      if ((skip == null || !skip.contains(key)) && (seen == null ? !hasKey(sorted, key) : seen.add(key))) {
        sorted.add(kv);
      }
    }
    sorted.sort(BY_KEY);
    sb.append('{');
    for (int i = 0; i < sorted.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Json.quote(sb, sorted.get(i).getKey());
      sb.append(':');
      appendJson(sb, sorted.get(i).getValue());
    }
    sb.append('}');
  }

  private static boolean hasKey(List<KeyValue> attributes, String key) {
    for (int i = 0; i < attributes.size(); i++) {
      if (attributes.get(i).getKey().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** Decimal without exponent or trailing zeros: 3.0 is "3", 0.25 is "0.25". */
  static String plainDouble(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static void appendJsonDouble(StringBuilder sb, double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      // JSON has no NaN or infinity; a string keeps the line parseable.
      Json.quote(sb, Double.toString(d));
    } else if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      sb.append(new BigDecimal(d).toBigInteger());
    } else {
      sb.append(Double.toString(d).replace("E-", "e-").replace("E", "e+"));
    }
  }
}
