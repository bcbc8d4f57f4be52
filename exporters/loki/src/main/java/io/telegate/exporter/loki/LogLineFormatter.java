package io.telegate.exporter.loki;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.telegate.core.telemetry.Json;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Writes one log record as a Loki line in the Collector's formats: {@code json} (fields body,
 * traceid, spanid, severity, flags, attributes, resources, instrumentation_scope; empty ones left
 * out), {@code logfmt}, or {@code raw} (the body alone). Attributes promoted to labels or to
 * structured metadata, and the hint attributes, are left out of the line.
 */
final class LogLineFormatter {

  private static final HexFormat HEX = HexFormat.of();

  private LogLineFormatter() {}

  /**
   * What to write for one record. {@code resourcesJson} and {@code scopeJson} are the values of the
   * json line's {@code resources} and {@code instrumentation_scope} fields, as {@link
   * LogLineFormatter#resourcesJson(List, Set)} and {@link LogLineFormatter#scopeJson} write them
   * (null: the field is left out). They depend only on the resource, {@code skipResource} and the
   * scope, so a caller can reuse them across the records of one ResourceLogs and ScopeLogs. Only
   * the json format reads them.
   */
  record Line(
      LogRecord record,
      List<KeyValue> resource,
      InstrumentationScope scope,
      Set<String> skipAttributes,
      Set<String> skipResource,
      boolean withTraceId,
      boolean withSpanId,
      String resourcesJson,
      String scopeJson) {}

  /**
   * The line in {@code format}. {@code scratch} is cleared and used to build it; passing the same
   * builder for every record of a batch saves growing a new one per line.
   */
  static String format(LokiExporterConfig.LineFormat format, Line line, StringBuilder scratch) {
    return switch (format) {
      case JSON -> json(line, scratch);
      case LOGFMT -> logfmt(line, scratch);
      case RAW -> AnyValues.asString(line.record().getBody());
    };
  }

  static String json(Line l, StringBuilder sb) {
    LogRecord r = l.record();
    sb.setLength(0);
    sb.append('{');
    int start = sb.length();
    if (r.hasBody() && r.getBody().getValueCase() != AnyValue.ValueCase.VALUE_NOT_SET) {
      sb.append("\"body\":");
      AnyValues.appendJson(sb, r.getBody());
    }
    if (l.withTraceId()) {
      appendId(sb, start, "traceid", r.getTraceId().toByteArray());
    }
    if (l.withSpanId()) {
      appendId(sb, start, "spanid", r.getSpanId().toByteArray());
    }
    if (!r.getSeverityText().isEmpty()) {
      Json.quote(field(sb, start, "severity"), r.getSeverityText());
    }
    if (r.getFlags() != 0) {
      field(sb, start, "flags").append(Integer.toUnsignedLong(r.getFlags()));
    }
    if (hasAny(r.getAttributesList(), l.skipAttributes())) {
      AnyValues.appendJsonObject(field(sb, start, "attributes"), r.getAttributesList(), l.skipAttributes());
    }
    if (l.resourcesJson() != null) {
      field(sb, start, "resources").append(l.resourcesJson());
    }
    if (l.scopeJson() != null) {
      field(sb, start, "instrumentation_scope").append(l.scopeJson());
    }
    return sb.append('}').toString();
  }

  /**
   * The json line's {@code resources} value: the resource attributes not in {@code skip} as an
   * object with sorted keys; null when none is left.
   */
  static String resourcesJson(List<KeyValue> resource, Set<String> skip) {
    if (!hasAny(resource, skip)) {
      return null;
    }
    StringBuilder sb = new StringBuilder(32 * resource.size());
    AnyValues.appendJsonObject(sb, resource, skip);
    return sb.toString();
  }

  /** The json line's {@code instrumentation_scope} value; null for a scope without a name. */
  static String scopeJson(InstrumentationScope scope) {
    if (scope == null || scope.getName().isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder(64).append("{\"name\":");
    Json.quote(sb, scope.getName());
    if (!scope.getVersion().isEmpty()) {
      sb.append(",\"version\":");
      Json.quote(sb, scope.getVersion());
    }
    return sb.append('}').toString();
  }

  /** {@code "name":"<hex>"}, unless the id is empty or all zeros. */
  private static void appendId(StringBuilder sb, int start, String name, byte[] id) {
    if (!isZero(id)) {
      HEX.formatHex(field(sb, start, name).append('"'), id).append('"');
    }
  }

  private static StringBuilder field(StringBuilder sb, int start, String name) {
    if (sb.length() > start) {
      sb.append(',');
    }
    return sb.append('"').append(name).append("\":");
  }

  private static boolean hasAny(List<KeyValue> attributes, Set<String> skip) {
    for (int i = 0; i < attributes.size(); i++) {
      if (!skip.contains(attributes.get(i).getKey())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isZero(byte[] id) {
    for (byte b : id) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * logfmt: the body (a string as {@code msg}, a map flattened into its keys, a list as body_0,
   * body_1, ...), then traceID, spanID, severity, flags, attribute_*, resource_*,
   * instrumentation_scope_name and _version. Unlike the Collector, a string body is not re-parsed
   * as logfmt: it is always {@code msg}, so plain text cannot turn into bare keys.
   */
  static String logfmt(Line l, StringBuilder sb) {
    LogRecord r = l.record();
    List<String[]> kv = new ArrayList<>();
    AnyValue body = r.getBody();
    switch (body.getValueCase()) {
      case VALUE_NOT_SET -> { }
      case KVLIST_VALUE -> flatten("", body, kv);
      case ARRAY_VALUE -> flatten("body", body, kv);
      default -> kv.add(new String[] {"msg", AnyValues.asString(body)});
    }
    if (l.withTraceId() && !isZero(r.getTraceId().toByteArray())) {
      replaceOrAdd(kv, "traceID", HEX.formatHex(r.getTraceId().toByteArray()));
    }
    if (l.withSpanId() && !isZero(r.getSpanId().toByteArray())) {
      replaceOrAdd(kv, "spanID", HEX.formatHex(r.getSpanId().toByteArray()));
    }
    if (!r.getSeverityText().isEmpty()) {
      replaceOrAdd(kv, "severity", r.getSeverityText());
    }
    if (r.getFlags() != 0) {
      replaceOrAdd(kv, "flags", Long.toString(Integer.toUnsignedLong(r.getFlags())));
    }
    for (KeyValue a : r.getAttributesList()) {
      if (!l.skipAttributes().contains(a.getKey())) {
        flatten("attribute_" + a.getKey(), a.getValue(), kv);
      }
    }
    for (KeyValue a : l.resource()) {
      if (!l.skipResource().contains(a.getKey())) {
        flatten("resource_" + a.getKey(), a.getValue(), kv);
      }
    }
    InstrumentationScope scope = l.scope();
    if (scope != null && !scope.getName().isEmpty()) {
      kv.add(new String[] {"instrumentation_scope_name", scope.getName()});
      if (!scope.getVersion().isEmpty()) {
        kv.add(new String[] {"instrumentation_scope_version", scope.getVersion()});
      }
    }
    sb.setLength(0);
    for (String[] pair : kv) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      appendLogfmtKey(sb, pair[0]);
      sb.append('=');
      appendLogfmtValue(sb, pair[1]);
    }
    return sb.toString();
  }

  private static void flatten(String key, AnyValue v, List<String[]> out) {
    String prefix = key.isEmpty() ? "" : key + "_";
    switch (v.getValueCase()) {
      case VALUE_NOT_SET -> { }
      case KVLIST_VALUE -> {
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          flatten(prefix + kv.getKey(), kv.getValue(), out);
        }
      }
      case ARRAY_VALUE -> {
        List<AnyValue> values = v.getArrayValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          flatten(prefix + i, values.get(i), out);
        }
      }
      default -> out.add(new String[] {key, AnyValues.asString(v)});
    }
  }

  private static void replaceOrAdd(List<String[]> kv, String key, String value) {
    for (String[] pair : kv) {
      if (pair[0].equals(key)) {
        pair[1] = value;
        return;
      }
    }
    kv.add(new String[] {key, value});
  }

  /** logfmt keys cannot hold spaces, '=' or quotes; they become '_'. */
  private static void appendLogfmtKey(StringBuilder sb, String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      sb.append(c <= ' ' || c == '=' || c == '"' ? '_' : c);
    }
  }

  private static void appendLogfmtValue(StringBuilder sb, String value) {
    boolean quote = value.isEmpty();
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f;
    }
    if (quote) {
      Json.quote(sb, value);
    } else {
      sb.append(value);
    }
  }
}
