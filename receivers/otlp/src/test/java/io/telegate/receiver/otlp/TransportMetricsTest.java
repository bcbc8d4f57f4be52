package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.testing.TestHost;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gRPC and HTTP server histograms of {@code service.telemetry.metrics.level: detailed}. */
class TransportMetricsTest {

  private ReceiverFixture fixture;

  @AfterEach
  void close() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  private ReceiverFixture start(MetricRegistry.Level level) throws Exception {
    TestHost host = new TestHost();
    host.metrics().setLevel(level);
    fixture = ReceiverFixture.start(Map.of(), Map.of(), host);
    return fixture;
  }

  @Test
  void atLevelDetailedEachGrpcCallIsTimedWithItsMethodAndStatus() throws Exception {
    start(MetricRegistry.Level.DETAILED);
    TraceServiceGrpc.newBlockingStub(fixture.channel()).export(ReceiverFixture.spans(2).build());
    String series = "{rpc_method=\"Export\",rpc_service=\"opentelemetry.proto.collector.trace.v1.TraceService\","
        + "rpc_system=\"grpc\",rpc_grpc_status_code=\"0\"}";
    assertEquals(1, fixture.host.value("rpc_server_duration_milliseconds_count" + series), fixture.host.scrape());
    assertEquals(ReceiverFixture.spans(2).bytes().length,
        fixture.host.value("rpc_server_request_size_bytes_sum" + series));
    assertEquals(1, fixture.host.value("rpc_server_responses_per_rpc_count" + series));
  }

  @Test
  void atLevelDetailedEachHttpRequestIsTimedWithItsMethodAndStatus() throws Exception {
    start(MetricRegistry.Level.DETAILED);
    byte[] body = ReceiverFixture.spans(2).bytes();
    assertEquals(200, fixture.post("/v1/traces", "application/x-protobuf", body).statusCode());
    assertEquals(404, fixture.post("/v1/nothing", "application/x-protobuf", body).statusCode());
    String ok = "{http_request_method=\"POST\",http_response_status_code=\"200\",url_scheme=\"http\"}";
    assertEquals(1, fixture.host.value("http_server_request_duration_seconds_count" + ok), fixture.host.scrape());
    assertEquals(body.length, fixture.host.value("http_server_request_body_size_bytes_sum" + ok));
    assertEquals(1, fixture.host.value("http_server_request_duration_seconds_count{http_request_method=\"POST\","
        + "http_response_status_code=\"404\""));
  }

  @Test
  void belowLevelDetailedNoTransportHistogramIsKept() throws Exception {
    start(MetricRegistry.Level.NORMAL);
    TraceServiceGrpc.newBlockingStub(fixture.channel()).export(ReceiverFixture.spans(1).build());
    assertEquals(200, fixture.post("/v1/traces", "application/x-protobuf", ReceiverFixture.spans(1).bytes())
        .statusCode());
    String scrape = fixture.host.scrape();
    assertFalse(scrape.contains("rpc_server_"), scrape);
    assertFalse(scrape.contains("http_server_"), scrape);
    assertTrue(scrape.contains("otelcol_receiver_accepted_spans_total"), scrape);
  }
}
