package io.telegate.exporter.prometheus;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Metrics;
import io.telegate.testing.ClientTransportContract;
import io.telegate.testing.HttpProxyContract;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shared client TLS tests, on the remote-write exporter. */
class RemoteWriteClientTransportTest extends ClientTransportContract<Metrics> implements HttpProxyContract {

  /** One gauge point: one series to write. */
  @Override
  protected Metrics data() {
    return Metrics.fromBytes(ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("tls_gauge")
            .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(1)
                .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)))))).build().toByteArray(),
        ClientContext.EMPTY);
  }

  @Override
  protected Exporter<Metrics> exporter(String base, Map<String, Object> keys) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("endpoint", base + "/api/v1/write");
    raw.putAll(keys);
    raw.put("remote_write_queue", Map.of("enabled", false));
    raw.put("retry_on_failure", Map.of("enabled", false));
    return new RemoteWriteExporterFactory().createMetrics(CreateSettings.of(ComponentKind.EXPORTER,
        ComponentId.of("prometheusremotewrite")), bind(raw, RemoteWriteExporterConfig.DEFAULT));
  }
}
