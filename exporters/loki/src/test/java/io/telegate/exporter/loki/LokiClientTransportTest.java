package io.telegate.exporter.loki;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.data.Logs;
import io.telegate.testing.ClientTransportContract;
import io.telegate.testing.HttpProxyContract;
import io.telegate.testing.data.LogData;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shared client TLS tests, on the Loki exporter. */
class LokiClientTransportTest extends ClientTransportContract<Logs> implements HttpProxyContract {

  /** One record of a service, so that it has a label and is sent. */
  @Override
  protected Logs data() {
    return LogData.of(LogData.record(System.currentTimeMillis() * 1_000_000L, "over tls"))
        .resource("service.name", "tls").encoded();
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
