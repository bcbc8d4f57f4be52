package io.telegate.exporter.prometheusremotewrite;

import static io.telegate.translator.prometheus.Otlp.T;
import static io.telegate.testing.data.MetricData.gauge;
import static io.telegate.translator.prometheus.Otlp.plain;
import static io.telegate.testing.data.MetricData.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Signal;
import io.telegate.core.config.ConfigValidation;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Metrics;
import io.telegate.core.exporter.ExporterHelper;
import io.telegate.testing.Await;
import io.telegate.testing.ManualScheduler;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.MetricData;
import io.telegate.translator.prometheus.Configs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sender through the core exporter helper, against a scripted remote write endpoint. */
class RemoteWriteSenderTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private final ManualScheduler scheduler = new ManualScheduler();
  /** The lanes' own timer (giving up on shards nobody resends), apart from the helper's retries. */
  private final ManualScheduler laneTimer = new ManualScheduler();
  /** A fixed wall clock, so that an HTTP-date Retry-After is read against the host's time, not the machine's. */
  private static final java.time.Instant NOW = java.time.Instant.parse("2026-11-24T12:00:00Z");
  private final TestHost host = new TestHost(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
  private FakeRemoteWriteServer server;
  private ExporterHelper<Metrics> exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(1));
    }
    if (server != null) {
      server.close();
    }
  }

  private ExporterHelper<Metrics> start(Map<String, Object> extra) throws Exception {
    server = new FakeRemoteWriteServer();
    Map<String, Object> raw = new java.util.HashMap<>(Map.of("endpoint", server.url(),
        "sending_queue", Map.of("enabled", false), "retry_on_failure", Map.of("initial_interval", "1s")));
    raw.putAll(extra);
    RemoteWriteExporterConfig cfg = Configs.bind(raw, RemoteWriteExporterConfig.DEFAULT);
    assertTrue(ConfigValidation.validate(cfg).isEmpty(), ConfigValidation.validate(cfg).toString());
    ComponentId id = ComponentId.of("prometheusremotewrite");
    exporter = new ExporterHelper<>(id, Signal.METRICS, new RemoteWriteSender(id, cfg, laneTimer),
        cfg.effectiveQueue(), cfg.retryOnFailure(), Duration.ZERO, scheduler, () -> 0.5, null);
    exporter.start(host);
    return exporter;
  }

  private static Metrics metrics(int series) {
    Metric[] m = new Metric[series];
    for (int i = 0; i < series; i++) {
      m[i] = gauge("g" + i, "", point(i, T));
    }
    return Metrics.of(plain(m));
  }

  private void awaitRetryScheduled() {
    Await.until("a retry is scheduled", WAIT, () -> !scheduler.pendingDelays().isEmpty());
  }

  @Test
  void postsSnappyProtobufWithTheRemoteWriteHeaders() throws Exception {
    start(Map.of("headers", Map.of("X-Scope-OrgID", "tenant-1", "Content-Type", "text/plain")));
    exporter.consume(metrics(2)).get();
    Map<String, String> h = server.received.get(0).headers();
    assertEquals("snappy", h.get("Content-Encoding"));
    assertEquals("application/x-protobuf", h.get("Content-Type"), "reserved headers cannot be overridden");
    assertEquals("0.1.0", h.get("X-Prometheus-Remote-Write-Version"));
    assertTrue(h.get("User-Agent").startsWith("Telegate/"), h.get("User-Agent"));
    assertEquals("tenant-1", h.get("X-Scope-OrgID"));
    assertEquals(List.of(Map.of("__name__", "g0", "job", "checkout"), Map.of("__name__", "g1", "job", "checkout")),
        server.received.stream().flatMap(r -> r.series().stream()).sorted((a, b) -> a.get("__name__").compareTo(b.get("__name__")))
            .toList());
  }

  @Test
  void retriesA500ThenDelivers() throws Exception {
    start(Map.of());
    server.answer(new FakeRemoteWriteServer.Answer(500, "boom", Map.of()));
    CompletableFuture<Void> done = exporter.consume(metrics(1));
    awaitRetryScheduled();
    assertTrue(!done.isDone());
    scheduler.advance(Duration.ofSeconds(2));
    done.get();
    assertEquals(2, server.received.size());
    assertEquals(1, host.value("otelcol_exporter_sent_metric_points"));
  }

  @Test
  void retriesA429AfterItsRetryAfter() throws Exception {
    start(Map.of());
    server.answer(new FakeRemoteWriteServer.Answer(429, "slow down", Map.of("Retry-After", "7")));
    CompletableFuture<Void> done = exporter.consume(metrics(1));
    awaitRetryScheduled();
    assertTrue(scheduler.pendingDelays().stream().anyMatch(d -> d.equals(Duration.ofSeconds(7))),
        scheduler.pendingDelays().toString());
    scheduler.advance(Duration.ofSeconds(6));
    assertEquals(1, server.received.size(), "not before Retry-After");
    scheduler.advance(Duration.ofSeconds(1));
    done.get();
    assertEquals(2, server.received.size());
  }

  @Test
  void anHttpDateRetryAfterIsReadAgainstTheHostsClock() throws Exception {
    start(Map.of());
    server.answer(new FakeRemoteWriteServer.Answer(503, "busy", Map.of("Retry-After",
        "Tue, 24 Nov 2026 12:00:30 GMT")));
    CompletableFuture<Void> done = exporter.consume(metrics(1));
    awaitRetryScheduled();
    assertTrue(scheduler.pendingDelays().stream().anyMatch(d -> d.equals(Duration.ofSeconds(30))),
        "30 s after the host's 12:00:00, whatever the machine's clock says: " + scheduler.pendingDelays());
    scheduler.advance(Duration.ofSeconds(30));
    done.get();
    assertEquals(2, server.received.size());
  }

  @Test
  void a400IsPermanentWithTheServersMessage() throws Exception {
    start(Map.of());
    server.answer(new FakeRemoteWriteServer.Answer(400, "out of order sample", Map.of()));
    CompletableFuture<Void> done = exporter.consume(metrics(3));
    CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, done::join);
    ConsumerException ce = ConsumerException.from(e);
    assertTrue(ce.isPermanent());
    assertTrue(ce.getMessage().contains("400: out of order sample"), ce.getMessage());
    assertTrue(scheduler.pendingDelays().isEmpty(), "no retry");
    assertEquals(3, host.value("otelcol_exporter_send_failed_metric_points"));
    assertEquals(1, host.value("otelcol_exporter_prometheusremotewrite_dropped_requests"));
  }

  @Test
  void splitsRequestsAtMaxBatchSizeBytes() throws Exception {
    start(Map.of("max_batch_size_bytes", 200));
    exporter.consume(metrics(20)).get();
    assertTrue(server.received.size() > 3, "several requests: " + server.received.size());
    assertEquals(20, server.received.stream().mapToInt(r -> r.series().size()).sum());
  }

  @Test
  void sendsMetadataWhenAsked() throws Exception {
    start(Map.of("send_metadata", true));
    exporter.consume(metrics(2)).get();
    assertEquals(2, server.received.stream().mapToInt(FakeRemoteWriteServer.Received::metadata).sum());
  }

  @Test
  void deltaMetricsAreDroppedCountedAndTheRestSent() throws Exception {
    start(Map.of());
    exporter.consume(Metrics.of(plain(MetricData.sum("requests", "", true,
        io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, point(1, T)),
        gauge("kept", "", point(1, T))))).get();
    assertEquals(1, host.value(
        "otelcol_exporter_prometheusremotewrite_dropped_data_points{exporter=\"prometheusremotewrite\",reason=\"delta_temporality\"}"));
    assertEquals(1, server.received.get(0).series().size());
  }
}
