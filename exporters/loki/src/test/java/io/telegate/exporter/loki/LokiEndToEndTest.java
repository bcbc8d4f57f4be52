package io.telegate.exporter.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.data.Logs;
import io.telegate.testing.Await;
import io.telegate.testing.TestHost;
import io.telegate.testing.loki.TestLokiServer;
import io.telegate.testing.otlp.OtlpTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * OpenTelemetry Java SDK logs → OTLP/HTTP → the test kit's OTLP server, which hands them to the
 * loki exporter → the test Loki server. (The receiver and the attributes and batch processors live
 * in other modules; this chain skips them.)
 */
class LokiEndToEndTest {

  @Test
  void sdkLogsArriveInLokiWithTheConfiguredLabelsTenantAndMetadata() throws Exception {
    TestHost host = new TestHost();
    try (TestLokiServer loki = new TestLokiServer()) {
      LokiExporterConfig config = OtlpLogsBuilder.config("endpoint", loki.endpoint(),
          "labels", Map.of("resource", Map.of("deployment.environment", "env")),
          "structured_metadata", List.of("trace_id", "user.id"),
          "tenant", Map.of("source", "attributes", "value", "tenant"));
      Exporter<Logs> exporter = new LokiExporterFactory().createLogs(
          CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("loki")), config);
      exporter.start(host);
      OtlpTestServer otlp = OtlpTestServer.http().forwardTo(null, null, exporter);
      try {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "checkout",
            AttributeKey.stringKey("service.namespace"), "shop",
            AttributeKey.stringKey("deployment.environment"), "prod",
            AttributeKey.stringKey("tenant"), "acme")));
        OtlpHttpLogRecordExporter sdkExporter = OtlpHttpLogRecordExporter.builder()
            .setEndpoint(otlp.httpUrl() + "/v1/logs").build();
        SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(resource)
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(sdkExporter)).build();
        try {
          Logger logger = provider.loggerBuilder("checkout.log").build();
          for (int i = 0; i < 5; i++) {
            logger.logRecordBuilder().setSeverity(i % 2 == 0 ? Severity.INFO : Severity.ERROR)
                .setBody("order " + i).setAttribute(AttributeKey.stringKey("user.id"), "u" + i)
                .setTimestamp(Instant.ofEpochSecond(1_700_000_000L + i)).emit();
          }
          provider.forceFlush().join(10, TimeUnit.SECONDS);
        } finally {
          provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        Await.until("five lines in Loki", Duration.ofSeconds(20), () -> loki.allEntries().size() == 5);
      } finally {
        otlp.close();
        exporter.shutdown(Duration.ofSeconds(5));
      }
      assertTrue(loki.pushes().stream().allMatch(p -> "acme".equals(p.tenant())
          && "application/x-protobuf".equals(p.contentType())));
      List<TestLokiServer.Stream> streams = loki.pushes().stream().flatMap(p -> p.streams().stream()).toList();
      assertEquals(Map.of("env", "prod", "exporter", "OTLP", "job", "shop/checkout", "level", "INFO"),
          streams.stream().filter(s -> s.labels().get("level").equals("INFO")).findFirst().orElseThrow().labels());
      TestLokiServer.Entry first = loki.allEntries().stream()
          .filter(e -> e.timestampNanos() == 1_700_000_000_000_000_000L).findFirst().orElseThrow();
      assertEquals("u0", first.metadata().get("user_id"));
      assertTrue(first.line().startsWith("{\"body\":\"order 0\""), first.line());
      assertTrue(first.line().contains("\"instrumentation_scope\":{\"name\":\"checkout.log\"}"), first.line());
      assertTrue(!first.line().contains("user.id") && !first.line().contains("deployment.environment"), first.line());
      assertEquals(5, host.value("otelcol_exporter_sent_log_records{exporter=\"loki\""));
    }
  }
}
