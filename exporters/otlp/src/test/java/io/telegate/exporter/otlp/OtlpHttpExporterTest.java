package io.telegate.exporter.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.Traces;
import io.telegate.core.exporter.ExporterHelper;
import io.telegate.core.exporter.QueueConfig;
import io.telegate.core.exporter.RetryConfig;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.ManualScheduler;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.otlp.OtlpTestServer;
import io.telegate.testing.otlp.OtlpTestServer.Received;
import io.telegate.testing.otlp.Reply;
import io.telegate.transport.tls.ClientTlsConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code otlphttp} exporter against a scripted HTTP backend, on a manual clock. */
class OtlpHttpExporterTest {

  private static final ComponentId ID = ComponentId.of("otlphttp");
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final QueueConfig NO_QUEUE =
      new QueueConfig(false, 1, 1, QueueConfig.Sizer.REQUESTS, false, null, QueueConfig.Fsync.NEVER);
  private static final RetryConfig RETRY = new RetryConfig(true, Duration.ofSeconds(1), Duration.ofSeconds(4),
      Duration.ofSeconds(60), 2, 0.5);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final TestHost host = new TestHost(Clock.fixed(NOW, ZoneOffset.UTC));
  private final List<Exporter<?>> started = new ArrayList<>();
  private OtlpTestServer backend;

  @BeforeEach
  void startBackend() throws Exception {
    backend = OtlpTestServer.http();
  }

  @AfterEach
  void stop() {
    started.forEach(e -> e.shutdown(Duration.ofSeconds(2)));
    backend.close();
  }

  private OtlpHttpExporterConfig config(String endpoint, String tracesEndpoint, OtlpHttpExporterConfig.Encoding encoding,
      Compression compression, Map<String, String> headers) {
    return new OtlpHttpExporterConfig(endpoint, tracesEndpoint, null, null, encoding, compression, headers,
        ClientTlsConfig.DEFAULT, NO_QUEUE, RETRY, Duration.ZERO, null, null);
  }

  private OtlpHttpExporterConfig config() {
    return config(backend.httpUrl(), null, OtlpHttpExporterConfig.Encoding.PROTO, Compression.GZIP, Map.of());
  }

  private <T extends TelemetryData<?>> ExporterHelper<T> exporter(OtlpHttpExporterConfig config, Signal signal)
      throws Exception {
    CreateSettings settings = CreateSettings.of(ComponentKind.EXPORTER, ID);
    ExporterHelper<T> e = new ExporterHelper<>(ID, signal, OtlpHttpExporterFactory.<T>sender(settings, signal, config),
        NO_QUEUE, config.retryOnFailure(), Duration.ZERO, scheduler, () -> 0.5, null);
    e.start(host);
    started.add(e);
    return e;
  }

  private ExporterHelper<Traces> traceExporter() throws Exception {
    return exporter(config(), Signal.TRACES);
  }

  private List<Duration> runRetries(CompletableFuture<Void> result) {
    List<Duration> waits = new ArrayList<>();
    while (true) {
      Await.until("the attempt to finish", Duration.ofSeconds(20),
          () -> result.isDone() || !scheduler.pendingDelays().isEmpty());
      if (result.isDone()) {
        return waits;
      }
      Duration d = scheduler.pendingDelays().get(0);
      waits.add(d);
      scheduler.advance(d);
    }
  }

  private double metric(String name) {
    return host.value(name + "{exporter=\"otlphttp\"");
  }

  private static ConsumerException failure(CompletableFuture<Void> result) {
    return ConsumerException.from(assertThrows(CompletionException.class, result::join));
  }

  @Test
  void postsProtobufGzippedToTheSignalPathsWithHeaders() throws Exception {
    OtlpHttpExporterConfig config = config(backend.httpUrl() + "/otlp/", null, OtlpHttpExporterConfig.Encoding.PROTO,
        Compression.GZIP, Map.of("Authorization", "Bearer t0ken"));
    Traces traces = TestData.spans("a", 2).encoded();
    exporter(config, Signal.TRACES).consume(traces).join();
    this.<Metrics>exporter(config, Signal.METRICS).consume(MetricData.gauges(1, 3).parsed()).join();
    this.<Logs>exporter(config, Signal.LOGS).consume(LogData.records(1).ids(16, 8).parsed()).join();
    List<Received> got = backend.received();
    assertEquals(List.of("/otlp/v1/traces", "/otlp/v1/metrics", "/otlp/v1/logs"),
        got.stream().map(Received::path).toList());
    assertArrayEquals(traces.encoded(), got.get(0).body());
    assertEquals("application/x-protobuf", got.get(0).header("content-type"));
    assertEquals("gzip", got.get(0).header("content-encoding"));
    assertEquals("Bearer t0ken", got.get(0).header("authorization"));
    assertEquals(2, metric("otelcol_exporter_sent_spans"));
  }

  @Test
  void aSignalsOwnEndpointIsUsedAsIs() throws Exception {
    OtlpHttpExporterConfig config = config(backend.httpUrl(), backend.httpUrl() + "/custom/spans",
        OtlpHttpExporterConfig.Encoding.PROTO, Compression.NONE, Map.of());
    exporter(config, Signal.TRACES).consume(TestData.spans("a", 1).encoded()).join();
    assertEquals("/custom/spans", backend.received().get(0).path());
    assertEquals(null, backend.received().get(0).header("content-encoding"));
  }

  @Test
  void zstdAndSnappyBodiesDecodeToTheRequest() throws Exception {
    for (Compression c : List.of(Compression.ZSTD, Compression.SNAPPY)) {
      Traces traces = TestData.spans(c.name(), 1).encoded();
      exporter(config(backend.httpUrl(), null, OtlpHttpExporterConfig.Encoding.PROTO, c, Map.of()), Signal.TRACES)
          .consume(traces).join();
      Received r = backend.received().get(backend.received().size() - 1);
      assertEquals(c.encoding(), r.header("content-encoding"));
      assertArrayEquals(traces.encoded(), r.body());
    }
  }

  @Test
  void jsonEncodingWritesHexIdsAndEnumsAsIntegers() throws Exception {
    OtlpHttpExporterConfig config = config(backend.httpUrl(), null, OtlpHttpExporterConfig.Encoding.JSON,
        Compression.NONE, Map.of());
    exporter(config, Signal.TRACES).consume(TestData.spans("j", 1).encoded()).join();
    Received r = backend.received().get(0);
    assertEquals("application/json", r.header("content-type"));
    String json = new String(r.body(), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"traceId\":\"0102030405060708090a0b0c0d0e0f10\""), json);
    assertTrue(json.contains("\"spanId\":\"ab02030405060700\""), json);
    assertTrue(json.contains("\"kind\":2"), json);
    assertTrue(json.contains("\"startTimeUnixNano\":\"1700000000000000000\""), json);
  }

  @Test
  void retries503ThenDeliversAndCountsTheRetries() throws Exception {
    backend.times(2, Reply.http(503));
    CompletableFuture<Void> result = traceExporter().consume(TestData.spans("r", 3).encoded());
    List<Duration> waits = runRetries(result);
    result.join();
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), waits);
    assertEquals(3, backend.received().size());
    assertEquals(2, host.value("telegate_exporter_retries{exporter=\"otlphttp\",data_type=\"traces\"}"));
    assertEquals(3, metric("otelcol_exporter_sent_spans"));
  }

  @Test
  void retries502And504ButNot500AsTheSpecificationSays() throws Exception {
    // OTLP/HTTP: "All other 4xx or 5xx response status codes MUST NOT be retried."
    backend.then(Reply.http(502), Reply.http(504), Reply.http(500));
    CompletableFuture<Void> result = traceExporter().consume(TestData.spans("r", 1).encoded());
    runRetries(result);
    ConsumerException e = failure(result);
    assertTrue(e.isPermanent() && e.getMessage().contains("HTTP 500"), e.getMessage());
    assertEquals(3, backend.received().size(), "two retries, then the 500 ends it");
  }

  @Test
  void a429WaitsTheRetryAfterSeconds() throws Exception {
    backend.then(Reply.throttled(Duration.ofSeconds(37)));
    CompletableFuture<Void> result = traceExporter().consume(TestData.spans("t", 1).encoded());
    Await.until("a retry to be scheduled", Duration.ofSeconds(20), () -> !scheduler.pendingDelays().isEmpty());
    assertEquals(List.of(Duration.ofSeconds(37)), scheduler.pendingDelays());
    scheduler.advance(Duration.ofSeconds(37));
    result.join();
    assertEquals(2, backend.received().size());
  }

  @Test
  void a503WaitsTheRetryAfterHttpDate() throws Exception {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(45).atZone(ZoneOffset.UTC));
    backend.then(Reply.http(503, Map.of("Retry-After", date), new byte[0]));
    CompletableFuture<Void> result = traceExporter().consume(TestData.spans("t", 1).encoded());
    Await.until("a retry to be scheduled", Duration.ofSeconds(20),
        () -> result.isDone() || !scheduler.pendingDelays().isEmpty());
    assertFalse(result.isDone(), () -> "failed instead of retrying: " + failure(result).getMessage());
    assertEquals(List.of(Duration.ofSeconds(45)), scheduler.pendingDelays());
    scheduler.advance(Duration.ofSeconds(45));
    result.join();
  }

  @Test
  void a400IsPermanentWithTheServersStatusMessageAndCounted() throws Exception {
    byte[] status = com.google.rpc.Status.newBuilder().setCode(3).setMessage("span name too long").build()
        .toByteArray();
    backend.then(Reply.http(400, Map.of("Content-Type", "application/x-protobuf"), status));
    CompletableFuture<Void> result = traceExporter().consume(TestData.spans("bad", 4).encoded());
    ConsumerException e = failure(result);
    assertTrue(e.isPermanent());
    assertEquals("HTTP 400: span name too long", e.getMessage());
    assertEquals(1, backend.received().size());
    assertEquals(4, metric("otelcol_exporter_send_failed_spans"));
    assertEquals(0, host.value("telegate_exporter_retries{exporter=\"otlphttp\",data_type=\"traces\"}"));
  }

  @Test
  void otherClientErrorsArePermanentWithTheBodyAsMessage() throws Exception {
    backend.then(Reply.http(401, Map.of("Content-Type", "text/plain"), "no token".getBytes(StandardCharsets.UTF_8)));
    ConsumerException e = failure(traceExporter().consume(TestData.spans("bad", 1).encoded()));
    assertTrue(e.isPermanent());
    assertEquals("HTTP 401: no token", e.getMessage());
  }

  @Test
  void backendDownLongerThanMaxElapsedTimeIsDroppedAndCounted() throws Exception {
    OtlpHttpExporterConfig config = config("http://127.0.0.1:" + FreePorts.next(), null,
        OtlpHttpExporterConfig.Encoding.PROTO, Compression.GZIP, Map.of());
    CompletableFuture<Void> result = exporter(config, Signal.TRACES).consume(TestData.spans("down", 6).encoded());
    List<Duration> waits = runRetries(result);
    assertFalse(failure(result).isPermanent());
    assertTrue(waits.stream().mapToLong(Duration::toSeconds).sum() <= 60, waits.toString());
    assertEquals(6, metric("otelcol_exporter_send_failed_spans"));
  }

  @Test
  void partialSuccessInAJsonResponseIsCountedAndNotRetried() throws Exception {
    String json = "{\"partialSuccess\":{\"rejectedLogRecords\":\"3\",\"errorMessage\":\"dropped\"}}";
    backend.then(Reply.http(200, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8)));
    OtlpHttpExporterConfig config = config();
    this.<Logs>exporter(config, Signal.LOGS).consume(LogData.records(5).ids(16, 8).parsed()).join();
    assertEquals(1, backend.received().size());
    assertEquals(3, metric("telegate_exporter_partial_success_rejected_log_records"));
  }

  @Test
  void partialSuccessInAProtobufResponseIsCounted() throws Exception {
    byte[] body = ExportLogsServiceResponse.newBuilder().setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
        .setRejectedLogRecords(1)).build().toByteArray();
    backend.then(Reply.http(200, Map.of("Content-Type", "application/x-protobuf"), body));
    this.<Logs>exporter(config(), Signal.LOGS).consume(LogData.records(2).ids(16, 8).parsed()).join();
    assertEquals(1, metric("telegate_exporter_partial_success_rejected_log_records"));
  }

  @Test
  void requestsThatCameParsedAreSerializedOnce() throws Exception {
    Traces parsed = Traces.of(TestData.spans("p", 2).build());
    traceExporter().consume(parsed).join();
    assertEquals(TestData.spans("p", 2).build(), ExportTraceServiceRequest.parseFrom(backend.received().get(0).body()));
  }
}
