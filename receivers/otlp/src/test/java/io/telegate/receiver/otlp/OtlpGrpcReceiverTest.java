package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Traces;
import io.telegate.testing.Await;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OTLP/gRPC: the three Export methods, error statuses, compression, limits and client metadata. */
class OtlpGrpcReceiverTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private ReceiverFixture fixture;

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  private ReceiverFixture grpc(Map<String, Object> grpcConfig) throws Exception {
    fixture = ReceiverFixture.start(grpcConfig, null);
    return fixture;
  }

  private TraceServiceGrpc.TraceServiceBlockingStub traces() {
    return TraceServiceGrpc.newBlockingStub(fixture.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @Test
  void exportsTracesMetricsAndLogsAndAnswersAnEmptyResponse() throws Exception {
    grpc(Map.of());
    ExportTraceServiceResponse response = traces().export(ReceiverFixture.spans(3).build());
    assertEquals(ExportTraceServiceResponse.getDefaultInstance(), response);
    MetricsServiceGrpc.newBlockingStub(fixture.channel()).export(MetricData.gauges(1, 2).build());
    LogsServiceGrpc.newBlockingStub(fixture.channel()).export(LogData.records(1).build());
    assertEquals(ReceiverFixture.spans(3).build(), fixture.traces.received().get(0).request());
    assertEquals(2, fixture.metrics.itemCount());
    assertEquals(1, fixture.logs.itemCount());
    assertEquals(3, fixture.counter("otelcol_receiver_accepted_spans", "grpc"));
    assertEquals(2, fixture.counter("otelcol_receiver_accepted_metric_points", "grpc"));
    assertEquals(1, fixture.counter("otelcol_receiver_accepted_log_records", "grpc"));
    assertEquals(-1, fixture.counter("otelcol_receiver_accepted_spans", "http"), "HTTP is off: no series for it");
  }

  @Test
  void passesTheRequestBytesThroughWithoutParsingThem() throws Exception {
    grpc(Map.of());
    traces().export(ReceiverFixture.spans(2).build());
    Traces t = fixture.traces.received().get(0);
    assertTrue(t.hasEncoded());
    assertFalse(t.hasParsed());
    assertEquals(2, t.itemCount());
  }

  @Test
  void emptyRequestSucceedsWithoutCallingThePipeline() throws Exception {
    grpc(Map.of());
    traces().export(io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.getDefaultInstance());
    assertTrue(fixture.traces.received().isEmpty());
  }

  @Test
  void answersOnlyAfterThePipelineTookTheData() throws Exception {
    grpc(Map.of());
    CompletableFuture<Void> pipeline = new CompletableFuture<>();
    fixture.traces.respondWith(d -> pipeline);
    var future = TraceServiceGrpc.newFutureStub(fixture.channel()).export(ReceiverFixture.spans(1).build());
    Await.until("the pipeline got the request", WAIT, () -> fixture.traces.received().size() == 1);
    assertFalse(future.isDone(), "answered before the pipeline completed");
    pipeline.complete(null);
    future.get(30, TimeUnit.SECONDS);
  }

  @Test
  void shutdownAnswersCallsInFlightBeforeClosing() throws Exception {
    grpc(Map.of());
    int port = fixture.grpcPort();
    CompletableFuture<Void> pipeline = new CompletableFuture<>();
    fixture.traces.respondWith(d -> pipeline);
    var future = TraceServiceGrpc.newFutureStub(fixture.channel()).export(ReceiverFixture.spans(1).build());
    Await.until("the pipeline got the request", WAIT, () -> fixture.traces.received().size() == 1);
    CompletableFuture<Void> stopped =
        CompletableFuture.runAsync(() -> fixture.receiver.shutdown(Duration.ofSeconds(30)));
    Await.until("the port stopped accepting", WAIT, () -> !ReceiverFixture.accepts(port));
    assertFalse(stopped.isDone(), "shutdown returned with a call in flight");
    pipeline.complete(null);
    future.get(30, TimeUnit.SECONDS);
    stopped.get(30, TimeUnit.SECONDS);
  }

  @Test
  void throttledRefusalIsResourceExhaustedWithRetryInfo() throws Exception {
    grpc(Map.of());
    fixture.traces.failWith(ConsumerException.throttled("queue is full", Duration.ofSeconds(3)));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> traces().export(ReceiverFixture.spans(2).build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    RetryInfo retry = details.getDetails(0).unpack(RetryInfo.class);
    assertEquals(3, retry.getRetryDelay().getSeconds());
    assertEquals(2, fixture.counter("otelcol_receiver_refused_spans", "grpc"));
  }

  @Test
  void retryableFailureIsUnavailable() throws Exception {
    grpc(Map.of());
    fixture.traces.failWith(ConsumerException.retryable("memory limit reached"));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> traces().export(ReceiverFixture.spans(1).build()));
    assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    assertEquals("memory limit reached", e.getStatus().getDescription());
  }

  @Test
  void permanentFailureIsInternalAsInTheCollector() throws Exception {
    grpc(Map.of());
    fixture.traces.failWith(ConsumerException.permanent("rejected"));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> traces().export(ReceiverFixture.spans(1).build()));
    assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
  }

  /** Sends {@code body} as a trace export request exactly as given, without protobuf-java. */
  private byte[] rawExport(byte[] body) {
    io.grpc.MethodDescriptor<byte[], byte[]> raw = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
        .setRequestMarshaller(ByteArrayMarshaller.INSTANCE).setResponseMarshaller(ByteArrayMarshaller.INSTANCE)
        .build();
    return io.grpc.stub.ClientCalls.blockingUnaryCall(fixture.channel(), raw,
        io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body);
  }

  @Test
  void malformedProtobufIsInvalidArgument() throws Exception {
    grpc(Map.of());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> rawExport(new byte[] {0x0a, 0x10, 0x01}));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("malformed protobuf"));
  }

  @Test
  void aSpanIdOfTheWrongLengthIsInvalidArgumentNamingTheField() throws Exception {
    grpc(Map.of());
    byte[] body = TraceData.spans(1).ids(16, 16).bytes();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> rawExport(body));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("resource_spans.scope_spans.spans.span_id: invalid length 16"),
        e.getStatus().getDescription());
  }

  @Test
  void decodesGzipZstdAndSnappyMessages() throws Exception {
    grpc(Map.of());
    for (String encoding : List.of("gzip", "zstd", "snappy")) {
      traces().withCompression(encoding).export(ReceiverFixture.spans(1).build());
    }
    assertEquals(3, fixture.traces.itemCount());
    for (Traces t : fixture.traces.received()) {
      assertEquals(ReceiverFixture.spans(1).build(), t.request());
    }
  }

  @Test
  void rejectsAMessageOverMaxRecvMsgSizeWithResourceExhausted() throws Exception {
    grpc(Map.of("max_recv_msg_size_mib", 1));
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> traces().export(TraceData.ofSize(2 << 20).build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    assertTrue(fixture.traces.received().isEmpty());
  }

  @Test
  void stopsInflatingACompressedBombAtMaxRecvMsgSize() throws Exception {
    grpc(Map.of("max_recv_msg_size_mib", 1));
    for (String encoding : List.of("gzip", "zstd", "snappy")) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> traces().withCompression(encoding).export(TraceData.ofSize(16 << 20).build()), encoding);
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), encoding);
    }
    assertTrue(fixture.traces.received().isEmpty());
  }

  @Test
  void includeMetadataPutsMetadataAndThePeerIntoTheClientContext() throws Exception {
    grpc(Map.of("include_metadata", true));
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("X-Tenant", Metadata.ASCII_STRING_MARSHALLER), "acme");
    traces().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .export(ReceiverFixture.spans(1).build());
    Traces t = fixture.traces.received().get(0);
    assertEquals(List.of("acme"), t.client().get("x-tenant"));
    assertTrue(t.client().address().startsWith("127.0.0.1:"), t.client().address());
  }

  @Test
  void withoutIncludeMetadataOnlyThePeerIsKept() throws Exception {
    grpc(Map.of());
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-tenant", Metadata.ASCII_STRING_MARSHALLER), "acme");
    traces().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .export(ReceiverFixture.spans(1).build());
    Traces t = fixture.traces.received().get(0);
    assertTrue(t.client().metadata().isEmpty());
    assertTrue(t.client().address().startsWith("127.0.0.1:"));
  }

  @Test
  void acceptsKeepaliveAndStreamLimits() throws Exception {
    grpc(Map.of("max_concurrent_streams", 4, "keepalive", Map.of(
        "server_parameters", Map.of("max_connection_idle", "1m", "time", "30s", "timeout", "5s"),
        "enforcement_policy", Map.of("min_time", "10s", "permit_without_stream", true))));
    traces().export(ReceiverFixture.spans(1).build());
    assertEquals(1, fixture.traces.itemCount());
  }

  @Test
  void aSignalWithoutAPipelineIsUnimplemented() throws Exception {
    OtlpReceiverConfig config = ReceiverFixture.bind(Map.of("protocols", Map.of("grpc", Map.of("endpoint", "127.0.0.1:0"))));
    OtlpReceiver receiver = (OtlpReceiver) new OtlpReceiverFactory().createLogs(
        io.telegate.core.component.CreateSettings.of(io.telegate.core.component.ComponentKind.RECEIVER,
            io.telegate.core.component.ComponentId.of("otlp")), config, new io.telegate.testing.RecordingConsumer<>());
    receiver.start(new io.telegate.testing.TestHost());
    io.grpc.ManagedChannel channel = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1",
        receiver.grpcAddress().getPort(), io.grpc.InsecureChannelCredentials.create()).build();
    try {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> TraceServiceGrpc.newBlockingStub(channel).export(ReceiverFixture.spans(1).build()));
      assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
      assertEquals(null, receiver.httpAddress());
    } finally {
      channel.shutdownNow();
      receiver.shutdown(Duration.ofSeconds(5));
    }
  }
}
