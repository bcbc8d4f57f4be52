package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.util.concurrent.ListenableFuture;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many clients at once over both transports: every request answered, every item delivered once. */
class ConcurrentExportsTest {

  private static final int REQUESTS = 200;

  @Test
  void deliversEveryItemOnceUnderConcurrentRequestsOnBothTransports() throws Exception {
    try (ReceiverFixture f = ReceiverFixture.start()) {
      byte[] body = ReceiverFixture.spans(5).bytes();
      List<CompletableFuture<HttpResponse<byte[]>>> http = new ArrayList<>();
      List<ListenableFuture<ExportTraceServiceResponse>> grpc = new ArrayList<>();
      TraceServiceGrpc.TraceServiceFutureStub stub = TraceServiceGrpc.newFutureStub(f.channel());
      for (int i = 0; i < REQUESTS; i++) {
        http.add(f.httpClient().sendAsync(HttpRequest.newBuilder(f.httpUri("/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray()));
        grpc.add(stub.export(ReceiverFixture.spans(5).build()));
      }
      for (CompletableFuture<HttpResponse<byte[]>> r : http) {
        assertEquals(200, r.get(30, TimeUnit.SECONDS).statusCode());
      }
      for (ListenableFuture<ExportTraceServiceResponse> r : grpc) {
        r.get(30, TimeUnit.SECONDS);
      }
      assertEquals(2L * REQUESTS * 5, f.traces.itemCount());
      assertEquals(REQUESTS * 5, f.counter("otelcol_receiver_accepted_spans", "http"));
      assertEquals(REQUESTS * 5, f.counter("otelcol_receiver_accepted_spans", "grpc"));
    }
  }
}
