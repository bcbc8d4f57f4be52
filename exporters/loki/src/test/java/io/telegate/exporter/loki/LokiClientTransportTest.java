package io.telegate.exporter.loki;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.testing.ClientTransportContract;
import io.telegate.testing.HttpProxyContract;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shared client TLS tests, on the Loki exporter. */
class LokiClientTransportTest extends ClientTransportContract<Logs> implements HttpProxyContract {

  /** One record of a service, so that it has a label and is sent. */
  @Override
  protected Logs data() {
    return Logs.fromBytes(ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
            .setValue(AnyValue.newBuilder().setStringValue("tls"))))
        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
            .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
            .setBody(AnyValue.newBuilder().setStringValue("over tls"))))).build().toByteArray(), ClientContext.EMPTY);
  }

  @Override
  protected Exporter<Logs> exporter(String base, Map<String, Object> keys) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("endpoint", base + "/loki/api/v1/push");
    raw.putAll(keys);
    raw.put("sending_queue", Map.of("enabled", false));
    raw.put("retry_on_failure", Map.of("enabled", false));
    return new LokiExporterFactory().createLogs(CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("loki")),
        bind(raw, LokiExporterConfig.DEFAULT));
  }
}
