package io.telegate.exporter.loki;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.telegate.core.data.ValueText;
import io.telegate.core.telemetry.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OTLP attribute values as text, the way the Collector's Loki exporter wrote them: JSON for line
 * bodies and attribute maps (map keys sorted, bytes as base64), and a plain string for label values
 * and raw lines, both {@link ValueText}'s. The attribute map of a line is this class's own: it
 * leaves out the keys that became labels, and keeps a repeated key's first value as the exporter's
 * attribute map did.
 */
final class AnyValues {

  private static final Comparator<KeyValue> BY_KEY = Comparator.comparing(KeyValue::getKey);
  private static final int SCAN_MAX = 8;

  private AnyValues() {}

  /** The value as a plain string (label values, raw lines): pdata's {@code AsString}. */
  static String asString(AnyValue v) {
    return ValueText.asString(v);
  }

  /** Appends the value as JSON, as pdata's raw form is encoded. */
  static void appendJson(StringBuilder sb, AnyValue v) {
    ValueText.appendJson(sb, v);
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
}
