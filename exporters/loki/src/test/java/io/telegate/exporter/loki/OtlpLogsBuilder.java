package io.telegate.exporter.loki;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** This module's log request presets (on the shared {@link LogData}) and its config binder. */
final class OtlpLogsBuilder {

  private OtlpLogsBuilder() {}

  static LogRecord.Builder withIds(LogRecord.Builder r, String traceHex, String spanHex) {
    return r.setTraceId(Values.hex(traceHex)).setSpanId(Values.hex(spanHex));
  }

  static ResourceLogs resource(List<KeyValue> resource, LogRecord.Builder... records) {
    return resource(resource, InstrumentationScope.getDefaultInstance(), records);
  }

  static ResourceLogs resource(List<KeyValue> resource, InstrumentationScope scope, LogRecord.Builder... records) {
    return LogData.of(records).resource(resource).scope(scope).build().getResourceLogs(0);
  }

  static Logs logs(ResourceLogs... rls) {
    return Logs.of(ExportLogsServiceRequest.newBuilder().addAllResourceLogs(List.of(rls)).build());
  }

  static Logs logs(ClientContext client, ResourceLogs... rls) {
    return Logs.of(ExportLogsServiceRequest.newBuilder().addAllResourceLogs(List.of(rls)).build(), client);
  }

  /** Binds YAML-shaped pairs over the defaults, with an endpoint, as the gateway binds config. */
  static LokiExporterConfig config(Object... keyValues) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("endpoint", "http://127.0.0.1:1/loki/api/v1/push");
    for (int i = 0; i < keyValues.length; i += 2) {
      raw.put((String) keyValues[i], keyValues[i + 1]);
    }
    ConfigErrors errors = new ConfigErrors();
    LokiExporterConfig c = ConfigBinder.bind(raw, LokiExporterConfig.DEFAULT, "", errors);
    if (!errors.isEmpty() || !c.validate().isEmpty()) {
      throw new AssertionError("bad test config: " + errors + " " + c.validate());
    }
    return c;
  }
}
