package io.telegate.receiver.filelog;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.telegate.translator.stanza.Entry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entries on their way into one OTLP logs request, as stanza's converter builds it: one
 * ResourceLogs per distinct resource, one ScopeLogs per scope name within it, records in arrival
 * order. Owned by one thread.
 */
final class LogsBatch {

  private final Map<Map<String, Object>, Map<String, ScopeLogs.Builder>> byResource = new LinkedHashMap<>();
  private int records;
  private long bytes;

  int records() {
    return records;
  }

  /** A rough size of what the batch holds, for bounding it. */
  long bytes() {
    return bytes;
  }

  boolean isEmpty() {
    return records == 0;
  }

  void add(Entry e) {
    Map<String, ScopeLogs.Builder> scopes = byResource.get(e.resource);
    if (scopes == null) {
      scopes = new LinkedHashMap<>();
      byResource.put(new LinkedHashMap<>(e.resource), scopes);
    }
    String scope = e.scopeName == null ? "" : e.scopeName;
    ScopeLogs.Builder sl = scopes.get(scope);
    if (sl == null) {
      sl = ScopeLogs.newBuilder();
      if (!scope.isEmpty()) {
        sl.setScope(InstrumentationScope.newBuilder().setName(scope));
      }
      scopes.put(scope, sl);
    }
    sl.addLogRecords(record(e));
    records++;
    bytes += 64 + (e.body instanceof String s ? s.length() : e.body instanceof byte[] b ? b.length : 64)
        + 32L * e.attributes.size();
  }

  /** The request of everything added; the batch is empty afterwards. */
  ExportLogsServiceRequest take() {
    ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
    for (Map.Entry<Map<String, Object>, Map<String, ScopeLogs.Builder>> r : byResource.entrySet()) {
      ResourceLogs.Builder rl = ResourceLogs.newBuilder();
      Resource.Builder res = Resource.newBuilder();
      putAll(res::addAttributes, r.getKey());
      rl.setResource(res);
      for (ScopeLogs.Builder sl : r.getValue().values()) {
        rl.addScopeLogs(sl);
      }
      req.addResourceLogs(rl);
    }
    byResource.clear();
    records = 0;
    bytes = 0;
    return req.build();
  }

  static LogRecord record(Entry e) {
    LogRecord.Builder b = LogRecord.newBuilder()
        .setTimeUnixNano(e.timestampNanos)
        .setObservedTimeUnixNano(e.observedTimestampNanos)
        .setSeverityNumberValue(e.severityNumber);
    if (e.severityText != null) {
      b.setSeverityText(e.severityText);
    }
    if (e.body != null) {
      b.setBody(value(e.body));
    }
    putAll(b::addAttributes, e.attributes);
    if (e.traceId != null) {
      b.setTraceId(ByteString.copyFrom(e.traceId));
    }
    if (e.spanId != null) {
      b.setSpanId(ByteString.copyFrom(e.spanId));
    }
    if (e.traceFlags != 0) {
      b.setFlags(e.traceFlags);
    }
    return b.build();
  }

  private static void putAll(java.util.function.Consumer<KeyValue> out, Map<String, Object> map) {
    for (Map.Entry<String, Object> a : map.entrySet()) {
      out.accept(KeyValue.newBuilder().setKey(a.getKey()).setValue(value(a.getValue())).build());
    }
  }

  /** An entry's value as OTLP's AnyValue: strings, integers, doubles, booleans, bytes, lists and maps. */
  static AnyValue value(Object v) {
    AnyValue.Builder b = AnyValue.newBuilder();
    if (v == null) {
      return b.build();
    } else if (v instanceof String s) {
      b.setStringValue(s);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      b.setIntValue(((Number) v).longValue());
    } else if (v instanceof Number n) {
      b.setDoubleValue(n.doubleValue());
    } else if (v instanceof Boolean bool) {
      b.setBoolValue(bool);
    } else if (v instanceof byte[] bytes) {
      b.setBytesValue(ByteString.copyFrom(bytes));
    } else if (v instanceof List<?> list) {
      ArrayValue.Builder arr = ArrayValue.newBuilder();
      for (Object o : list) {
        arr.addValues(value(o));
      }
      b.setArrayValue(arr);
    } else if (v instanceof Map<?, ?> map) {
      KeyValueList.Builder kv = KeyValueList.newBuilder();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        kv.addValues(KeyValue.newBuilder().setKey(String.valueOf(e.getKey())).setValue(value(e.getValue())));
      }
      b.setKvlistValue(kv);
    } else {
      b.setStringValue(String.valueOf(v));
    }
    return b.build();
  }
}
