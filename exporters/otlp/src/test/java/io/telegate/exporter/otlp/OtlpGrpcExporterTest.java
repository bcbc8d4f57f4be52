package io.telegate.exporter.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code otlp} exporter against the scripted gRPC test server, on a manual clock. */
class OtlpGrpcExporterTest {

  private static final ComponentId ID = ComponentId.of("otlp");
  private static final QueueConfig NO_QUEUE =
      new QueueConfig(false, 1, 1, QueueConfig.Sizer.REQUESTS, false, null, QueueConfig.Fsync.NEVER);
  private static final RetryConfig RETRY = new RetryConfig(true, Duration.ofSeconds(1), Duration.ofSeconds(4),
      Duration.ofSeconds(60), 2, 0.5);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final TestHost host = new TestHost();
  private final List<Exporter<?>> started = new ArrayList<>();
  private OtlpTestServer backend;

  @BeforeEach
  void startBackend() throws Exception {
    backend = OtlpTestServer.grpc();
  }

  @AfterEach
  void stop() throws Exception {
    started.forEach(e -> e.shutdown(Duration.ofSeconds(2)));
    backend.close();
  }

  private OtlpGrpcExporterConfig config(String endpoint, Map<String, String> headers, Compression compression) {
    return new OtlpGrpcExporterConfig(endpoint, ClientTlsConfig.plaintext(), headers, compression, "round_robin",
        null, false, null, null, NO_QUEUE, RETRY, Duration.ZERO, null);
  }

  private <T extends TelemetryData<?>> ExporterHelper<T> exporter(OtlpGrpcExporterConfig config, Signal signal,
      CreateSettings settings) throws Exception {
    ExporterHelper<T> e = new ExporterHelper<>(ID, signal, OtlpGrpcExporterFactory.<T>sender(settings, signal, config),
        NO_QUEUE, config.retryOnFailure(), Duration.ZERO, scheduler, () -> 0.5, null);
    e.start(host);
    started.add(e);
    return e;
  }

  private ExporterHelper<Traces> traceExporter(OtlpGrpcExporterConfig config) throws Exception {
    return exporter(config, Signal.TRACES, CreateSettings.of(ComponentKind.EXPORTER, ID));
  }

  private ExporterHelper<Traces> traceExporter() throws Exception {
    return traceExporter(config(backend.grpcEndpoint(), Map.of(), Compression.GZIP));
  }

  /** Runs each retry as soon as it is scheduled, until the send completes; returns the waits. */
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

  private List<String> methods() {
    return backend.received().stream().map(Received::path).toList();
  }

  private double metric(String name) {
    return host.value(name + "{exporter=\"otlp\"");
  }

  @Test
  void sendsTheRequestBytesUnchangedWithHeadersAndGzip() throws Exception {
    ExporterHelper<Traces> exporter = traceExporter(
        config(backend.grpcEndpoint(), Map.of("X-Tenant", "acme"), Compression.GZIP));
    Traces data = TestData.spans("a", 3).encoded();
    exporter.consume(data).join();
    Received got = backend.received().get(0);
    assertArrayEquals(data.encoded(), got.body());
    assertEquals("acme", got.header("x-tenant"));
    assertEquals("gzip", got.header("grpc-encoding"));
    assertEquals(List.of("opentelemetry.proto.collector.trace.v1.TraceService/Export"), methods());
    assertEquals(3, metric("otelcol_exporter_sent_spans"));
  }

  @Test
  void zstdSnappyAndNoCompressionAreUnderstoodByTheServer() throws Exception {
    for (Compression c : List.of(Compression.ZSTD, Compression.SNAPPY, Compression.NONE)) {
      CreateSettings settings = CreateSettings.of(ComponentKind.EXPORTER, ComponentId.parse("otlp/" + c));
      ExporterHelper<Traces> exporter = exporter(config(backend.grpcEndpoint(), Map.of(), c), Signal.TRACES, settings);
      exporter.consume(TestData.spans(c.name(), 1).encoded()).join();
    }
    List<String> encodings = backend.received().stream().map(r -> r.header("grpc-encoding")).toList();
    assertEquals(java.util.Arrays.asList("zstd", "snappy", null), encodings);
    assertEquals(3, backend.received().size());
  }

  @Test
  void aDnsTargetAndThePrefixedFormsReachTheBackend() throws Exception {
    int i = 0;
    for (String endpoint : List.of("dns:///localhost:" + backend.grpcPort(), "http://127.0.0.1:" + backend.grpcPort())) {
      for (String balancer : List.of("round_robin", "pick_first")) {
        OtlpGrpcExporterConfig c = new OtlpGrpcExporterConfig(endpoint, ClientTlsConfig.plaintext(), Map.of(),
            Compression.GZIP, balancer, null, true, null, null, NO_QUEUE, RETRY, Duration.ZERO, null);
        CreateSettings settings = CreateSettings.of(ComponentKind.EXPORTER, ComponentId.parse("otlp/" + i++));
        ExporterHelper<Traces> exporter = exporter(c, Signal.TRACES, settings);
        exporter.consume(TestData.spans(endpoint, 1).encoded()).join();
      }
    }
    assertEquals(4, backend.received().size());
  }

  @Test
  void metricsAndLogsGoToTheirOwnServicesOnTheSharedChannel() throws Exception {
    CreateSettings settings = CreateSettings.of(ComponentKind.EXPORTER, ID);
    OtlpGrpcExporterConfig config = config(backend.grpcEndpoint(), Map.of(), Compression.GZIP);
    ExporterHelper<Metrics> metrics = exporter(config, Signal.METRICS, settings);
    ExporterHelper<Logs> logs = exporter(config, Signal.LOGS, settings);
    metrics.consume(MetricData.gauges(1, 4).parsed()).join();
    logs.consume(LogData.records(2).ids(16, 8).parsed()).join();
    assertEquals(List.of("opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
        "opentelemetry.proto.collector.logs.v1.LogsService/Export"), methods());
    assertEquals(4, host.value("otelcol_exporter_sent_metric_points{exporter=\"otlp\""));
    assertEquals(2, host.value("otelcol_exporter_sent_log_records{exporter=\"otlp\""));
  }

  @Test
  void shuttingDownOneSignalKeepsTheSharedChannelOpenForTheOthers() throws Exception {
    CreateSettings settings = CreateSettings.of(ComponentKind.EXPORTER, ID);
    OtlpGrpcExporterConfig config = config(backend.grpcEndpoint(), Map.of(), Compression.GZIP);
    ExporterHelper<Traces> traces = exporter(config, Signal.TRACES, settings);
    ExporterHelper<Logs> logs = exporter(config, Signal.LOGS, settings);
    traces.consume(TestData.spans("t", 1).encoded()).join();
    traces.shutdown(Duration.ofSeconds(2));
    logs.consume(LogData.records(1).ids(16, 8).parsed()).join();
    assertEquals(2, backend.received().size());
  }

  @Test
  void retriesUnavailableThenDeliversAndCountsTheRetries() throws Exception {
    backend.times(3, Reply.grpc(Reply.UNAVAILABLE, "overloaded"));
    CompletableFuture<Void> result = traceExporter().consume(TestData.spans("r", 2).encoded());
    List<Duration> waits = runRetries(result);
    result.join();
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), waits);
    assertEquals(4, backend.received().size());
    assertEquals(3, host.value("telegate_exporter_retries{exporter=\"otlp\",data_type=\"traces\"}"));
    assertEquals(2, metric("otelcol_exporter_sent_spans"));
  }

  @Test
  void everyRetryableCodeOfTheCollectorsTableIsRetried() throws Exception {
    List<Status.Code> retryable = List.of(Status.Code.CANCELLED, Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED,
        Status.Code.OUT_OF_RANGE, Status.Code.UNAVAILABLE, Status.Code.DATA_LOSS);
    for (Status.Code code : retryable) {
      backend.then(Reply.grpc(code.value(), null));
    }
    ExporterHelper<Traces> exporter = traceExporter();
    CompletableFuture<Void> result = exporter.consume(TestData.spans("c", 1).encoded());
    runRetries(result);
    result.join();
    assertEquals(retryable.size() + 1, backend.received().size());
  }

  @Test
  void resourceExhaustedWithRetryInfoWaitsTheServersDelay() throws Exception {
    backend.then(Reply.throttled(Duration.ofSeconds(42)));
    CompletableFuture<Void> result = traceExporter().consume(TestData.spans("x", 1).encoded());
    Await.until("a retry to be scheduled", Duration.ofSeconds(20), () -> !scheduler.pendingDelays().isEmpty());
    assertEquals(List.of(Duration.ofSeconds(42)), scheduler.pendingDelays());
    scheduler.advance(Duration.ofSeconds(41));
    assertEquals(1, backend.received().size());
    scheduler.advance(Duration.ofSeconds(1));
    result.join();
    assertEquals(2, backend.received().size());
  }

  @Test
  void resourceExhaustedWithoutRetryInfoIsPermanent() throws Exception {
    backend.then(Reply.grpc(Reply.RESOURCE_EXHAUSTED, "quota"));
    CompletableFuture<Void> result = traceExporter().consume(TestData.spans("x", 5).encoded());
    ConsumerException e = ConsumerException.from(assertThrows(CompletionException.class, result::join));
    assertTrue(e.isPermanent(), e.getMessage());
    assertEquals(1, backend.received().size());
    assertEquals(5, metric("otelcol_exporter_send_failed_spans"));
  }

  @Test
  void invalidArgumentIsPermanentNotRetriedAndCounted() throws Exception {
    backend.then(Reply.grpc(Reply.INVALID_ARGUMENT, "bad span"));
    CompletableFuture<Void> result = traceExporter().consume(TestData.spans("x", 2).encoded());
    ConsumerException e = ConsumerException.from(assertThrows(CompletionException.class, result::join));
    assertTrue(e.isPermanent());
    assertTrue(e.getMessage().contains("bad span"), e.getMessage());
    assertEquals(1, backend.received().size());
    assertEquals(0, host.value("telegate_exporter_retries{exporter=\"otlp\",data_type=\"traces\"}"));
    assertEquals(2, metric("otelcol_exporter_send_failed_spans"));
  }

  @Test
  void backendDownLongerThanMaxElapsedTimeIsDroppedAndCounted() throws Exception {
    ExporterHelper<Traces> exporter =
        traceExporter(config("127.0.0.1:" + FreePorts.next(), Map.of(), Compression.GZIP));
    CompletableFuture<Void> result = exporter.consume(TestData.spans("down", 7).encoded());
    List<Duration> waits = runRetries(result);
    ConsumerException e = ConsumerException.from(assertThrows(CompletionException.class, result::join));
    assertFalse(e.isPermanent(), "the backend being down is retryable: " + e.getMessage());
    long waited = waits.stream().mapToLong(Duration::toSeconds).sum();
    assertTrue(waited <= 60, "gave up within max_elapsed_time, waited " + waited + "s");
    assertTrue(waits.size() >= 10, "retried until max_elapsed_time: " + waits);
    assertEquals(7, metric("otelcol_exporter_send_failed_spans"));
    assertEquals(0, metric("otelcol_exporter_sent_spans"));
  }

  @Test
  void partialSuccessIsCountedAndNotRetried() throws Exception {
    backend.then(Reply.okWith(ExportTraceServiceResponse.newBuilder().setPartialSuccess(
        ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("too old")).build().toByteArray()));
    traceExporter().consume(TestData.spans("p", 5).encoded()).join();
    assertEquals(1, backend.received().size());
    assertEquals(2, metric("telegate_exporter_partial_success_rejected_spans"));
  }

  @Test
  void tlsIsOnByDefaultSoAPlaintextServerIsNotReached() throws Exception {
    OtlpGrpcExporterConfig config = OtlpGrpcExporterConfig.of(backend.grpcEndpoint(), ClientTlsConfig.DEFAULT);
    OtlpGrpcExporterConfig noRetry = new OtlpGrpcExporterConfig(config.endpoint(), config.tls(), Map.of(),
        Compression.GZIP, "round_robin", null, false, null, null, NO_QUEUE,
        new RetryConfig(false, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 1, 0), Duration.ZERO, null);
    CompletableFuture<Void> result = traceExporter(noRetry).consume(TestData.spans("tls", 1).encoded());
    ConsumerException e = ConsumerException.from(assertThrows(CompletionException.class, result::join));
    assertFalse(e.isPermanent());
    assertTrue(e.getMessage().contains("UNAVAILABLE"), e.getMessage());
    assertTrue(backend.received().isEmpty());
  }
}
