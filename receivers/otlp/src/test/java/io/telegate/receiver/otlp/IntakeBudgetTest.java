package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.TraceData;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver reserves what decoding a request costs from the gateway's intake budget before it
 * decodes it: while other requests hold the budget it refuses as throttled (the client retries),
 * and a request that alone would cost more than the whole budget is refused for good.
 */
class IntakeBudgetTest {

  private ReceiverFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aRequestThatDoesNotFitWhileOthersHoldTheBudgetIsThrottledOnBothTransports() throws Exception {
    MemoryBudget budget = new MemoryBudget(10_000);
    fixture = ReceiverFixture.start(Map.of(), Map.of(), new TestHost().withIntakeBudget(budget));
    byte[] body = TraceData.spans(50).bytes();
    assertTrue(SignalIntake.decodeCost(body.length, false) < 10_000, "alone it fits");
    HttpResponse<byte[]> ok = fixture.post("/v1/traces", "application/x-protobuf", body);
    assertEquals(200, ok.statusCode());
    assertEquals(0, budget.used(), "released once answered");

    assertTrue(budget.tryReserve(9_900)); // other requests in flight
    HttpResponse<byte[]> throttled = fixture.post("/v1/traces", "application/x-protobuf", body);
    assertEquals(429, throttled.statusCode());
    assertTrue(throttled.headers().firstValue("Retry-After").isPresent());
    assertEquals(Code.RESOURCE_EXHAUSTED_VALUE, Status.parseFrom(throttled.body()).getCode());
    StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
        () -> TraceServiceGrpc.newBlockingStub(fixture.channel()).withDeadlineAfter(30, TimeUnit.SECONDS)
            .export(ExportTraceServiceRequest.parseFrom(body)));
    assertEquals(io.grpc.Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    budget.release(9_900);
    assertEquals(200, fixture.post("/v1/traces", "application/x-protobuf", body).statusCode(), "room again");
    assertEquals(100, fixture.traces.itemCount(), "the two accepted requests, nothing of the refused ones");
  }

  @Test
  void aJsonBodyThatAloneWouldCostMoreThanTheWholeBudgetIsRefusedForGood() throws Exception {
    MemoryBudget budget = new MemoryBudget(2_000);
    fixture = ReceiverFixture.start(null, Map.of(), new TestHost().withIntakeBudget(budget));
    byte[] body = TraceData.spans(40).json();
    assertTrue(body.length < 2_000 && SignalIntake.decodeCost(body.length, true) > 2_000);
    HttpResponse<byte[]> r = fixture.post("/v1/traces", "application/json", body);
    assertEquals(400, r.statusCode());
    assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("too large for this gateway"));
    assertEquals(0, budget.used());
    assertEquals(0, fixture.traces.itemCount());
  }

  /** Sends the headers and the first {@code sent} bytes of a body of {@code length}; the rest is the caller's. */
  private static java.net.Socket startPost(java.net.URI uri, int length, byte[] body, int sent) throws Exception {
    java.net.Socket socket = new java.net.Socket("127.0.0.1", uri.getPort());
    socket.setSoTimeout(30_000);
    var out = socket.getOutputStream();
    out.write(("POST " + uri.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
        + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body, 0, sent);
    out.flush();
    return socket;
  }

  private static String statusLine(java.net.Socket socket) throws Exception {
    var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
        StandardCharsets.US_ASCII));
    return in.readLine();
  }

  @Test
  void bodiesBeingReceivedHoldTheBudgetSoAnotherThatDoesNotFitIsRefusedAtItsHeaders() throws Exception {
    byte[] body = TraceData.spans(2_000).bytes();
    long cost = SignalIntake.decodeCost(body.length, false);
    MemoryBudget budget = new MemoryBudget(cost * 3 / 2);
    fixture = ReceiverFixture.start(null, Map.of(), new TestHost().withIntakeBudget(budget));
    java.net.URI uri = fixture.httpUri("/v1/traces");
    try (java.net.Socket first = startPost(uri, body.length, body, 100)) {
      // An uncompressed body holds its whole decoding cost from its headers on.
      io.telegate.testing.Await.until("the first body is held", java.time.Duration.ofSeconds(10),
          () -> budget.used() == cost);
      try (java.net.Socket second = startPost(uri, body.length, body, 0)) {
        String status = statusLine(second);
        assertTrue(status.startsWith("HTTP/1.1 429"), "refused at its headers, before its body: " + status);
      }
      assertEquals(cost, budget.used(), "the refused one took nothing");
      first.getOutputStream().write(body, 100, body.length - 100);
      first.getOutputStream().flush();
      assertTrue(statusLine(first).startsWith("HTTP/1.1 200"), "the first needs nothing more: it is taken");
    }
    io.telegate.testing.Await.until("everything released", java.time.Duration.ofSeconds(10), () -> budget.used() == 0);
    assertEquals(2_000, fixture.traces.itemCount());
  }

  @Test
  void aBodyCutOffMidWayGivesBackWhatItHeld() throws Exception {
    byte[] body = TraceData.spans(2_000).bytes();
    MemoryBudget budget = new MemoryBudget(body.length * 10L);
    fixture = ReceiverFixture.start(null, Map.of(), new TestHost().withIntakeBudget(budget));
    try (java.net.Socket s = startPost(fixture.httpUri("/v1/traces"), body.length, body, 10)) {
      io.telegate.testing.Await.until("held", java.time.Duration.ofSeconds(10),
          () -> budget.used() == SignalIntake.decodeCost(body.length, false));
    }
    io.telegate.testing.Await.until("released when the connection closed", java.time.Duration.ofSeconds(10),
        () -> budget.used() == 0);
    assertEquals(200, fixture.post("/v1/traces", "application/x-protobuf", body).statusCode(), "the budget is whole");
  }

  @Test
  void aGrpcMessageIsReservedBeforeItIsCopiedAndRefusedUnreadWhenTheBudgetIsFull() throws Exception {
    byte[] body = TraceData.spans(2_000).bytes();
    long cost = SignalIntake.decodeCost(body.length, false);
    MemoryBudget budget = new MemoryBudget(cost * 3 / 2);
    fixture = ReceiverFixture.start(Map.of(), Map.of(), new TestHost().withIntakeBudget(budget));
    var stub = TraceServiceGrpc.newBlockingStub(fixture.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
    stub.export(request);
    assertEquals(0, budget.used(), "released once answered");
    // A compressed message has no known length: it is reserved chunk by chunk as it is inflated.
    stub.withCompression("gzip").export(request);
    assertEquals(0, budget.used(), "the chunks' reservations come back too");

    assertTrue(budget.tryReserve(cost)); // another request being decoded
    for (String compression : new String[] {"none", "gzip"}) {
      StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
          () -> (compression.equals("gzip") ? stub.withCompression("gzip") : stub).export(request));
      assertEquals(io.grpc.Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), compression + ": " + e);
      assertEquals(cost, budget.used(), compression + ": the refused message took nothing");
    }
    budget.release(cost);
    assertEquals(4_000, fixture.traces.itemCount(), "the two accepted requests only");
  }

  /** A server call that records how it was closed and nothing else. */
  private static final class RecordingCall extends io.grpc.ServerCall<GrpcRequest, byte[]> {
    volatile io.grpc.Status closed;

    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(io.grpc.Metadata headers) {}

    @Override
    public void sendMessage(byte[] message) {}

    @Override
    public void close(io.grpc.Status status, io.grpc.Metadata trailers) {
      closed = status;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public io.grpc.MethodDescriptor<GrpcRequest, byte[]> getMethodDescriptor() {
      throw new UnsupportedOperationException();
    }
  }

  /**
   * The call's listener, driven as grpc-java drives it: a request read (and reserved) whose call
   * is cancelled before its half-close, or that comes with a second message, gives its
   * reservation back and never reaches the pipeline. (A real client cannot be made to stop between
   * the two: grpc-java's sends a unary request and its half-close together.)
   */
  @Test
  void aGrpcCallCancelledOrBrokenBeforeItsRequestIsHandledGivesBackWhatTheRequestHeld() {
    MemoryBudget budget = new MemoryBudget(1_000_000);
    var consumed = new java.util.concurrent.atomic.AtomicInteger();
    SignalIntake<io.telegate.core.data.Traces> intake = new SignalIntake<>(io.telegate.core.component.Signal.TRACES,
        data -> {
          consumed.incrementAndGet();
          return java.util.concurrent.CompletableFuture.completedFuture(null);
        }, io.telegate.core.data.Traces::fromBytes, io.telegate.core.data.Traces::fromBytes);
    intake.bind(new io.telegate.core.telemetry.MetricRegistry(Map.of()), "otlp", io.telegate.core.telemetry.GatewayLogger.root(),
        java.util.Set.of(Protocol.GRPC), budget);
    GrpcRequest.Marshaller marshaller = new GrpcRequest.Marshaller(intake);
    byte[] body = TraceData.spans(10).bytes();

    RecordingCall cancelledCall = new RecordingCall();
    var cancelled = new OtlpGrpcService.Export<>(intake, cancelledCall);
    cancelled.onMessage(marshaller.parse(new java.io.ByteArrayInputStream(body)));
    assertEquals(SignalIntake.decodeCost(body.length, false), budget.used(), "held from the read on");
    cancelled.onCancel();
    assertEquals(0, budget.used(), "given back when the call was cancelled");

    RecordingCall twiceCall = new RecordingCall();
    var twice = new OtlpGrpcService.Export<>(intake, twiceCall);
    twice.onMessage(marshaller.parse(new java.io.ByteArrayInputStream(body)));
    twice.onMessage(marshaller.parse(new java.io.ByteArrayInputStream(body)));
    assertEquals(io.grpc.Status.Code.INTERNAL, twiceCall.closed.getCode(), "a unary call with two requests");
    twice.onHalfClose();
    twice.onCancel();
    assertEquals(0, budget.used(), "both given back");

    RecordingCall handledCall = new RecordingCall();
    var handled = new OtlpGrpcService.Export<>(intake, handledCall);
    handled.onMessage(marshaller.parse(new java.io.ByteArrayInputStream(body)));
    handled.onHalfClose();
    handled.onCancel(); // the client going away after its answer changes nothing
    assertEquals(io.grpc.Status.Code.OK, handledCall.closed.getCode());
    assertEquals(0, budget.used(), "given back with the answer, once");
    assertEquals(1, consumed.get(), "only the handled request reached the pipeline");
  }
}
