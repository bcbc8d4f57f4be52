package io.telegate.exporter.prometheusremotewrite;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.data.Metrics;
import io.telegate.testing.ClientTransportContract;
import io.telegate.testing.HttpProxyContract;
import io.telegate.testing.data.MetricData;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shared client TLS tests, on the remote-write exporter. */
class RemoteWriteClientTransportTest extends ClientTransportContract<Metrics> implements HttpProxyContract {

  /** One gauge point: one series to write. */
  @Override
  protected Metrics data() {
    return MetricData.gauges(1, 1).names(i -> "tls_gauge")
        .eachPoint((p, m, i) -> p.setAsInt(1).setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)).encoded();
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
