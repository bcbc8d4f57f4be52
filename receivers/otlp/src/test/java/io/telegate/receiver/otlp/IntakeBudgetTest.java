package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.testing.TestHost;
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

  private static byte[] traces(int spans) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    for (int i = 0; i < spans; i++) {
      ss.addSpans(Span.newBuilder().setName("span-" + i));
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ss))
        .build().toByteArray();
  }

  @Test
  void aRequestThatDoesNotFitWhileOthersHoldTheBudgetIsThrottledOnBothTransports() throws Exception {
    MemoryBudget budget = new MemoryBudget(10_000);
    fixture = ReceiverFixture.start(Map.of(), Map.of(), new TestHost().withIntakeBudget(budget));
    byte[] body = traces(50);
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
    MemoryBudget budget = new MemoryBudget(20_000);
    fixture = ReceiverFixture.start(null, Map.of(), new TestHost().withIntakeBudget(budget));
    StringBuilder json = new StringBuilder("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[");
    for (int i = 0; i < 40; i++) {
      json.append(i == 0 ? "" : ",").append("{\"name\":\"span-").append(i).append("\"}");
    }
    json.append("]}]}]}");
    byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
    assertTrue(SignalIntake.decodeCost(body.length, true) > 20_000);
    HttpResponse<byte[]> r = fixture.post("/v1/traces", "application/json", body);
    assertEquals(400, r.statusCode());
    assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("too large for this gateway"));
    assertEquals(0, budget.used());
    assertEquals(0, fixture.traces.itemCount());
  }
}
