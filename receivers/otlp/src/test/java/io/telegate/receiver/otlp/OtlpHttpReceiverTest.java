package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Traces;
import io.telegate.testing.Await;
import io.telegate.testing.data.TraceData;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;

/** OTLP/HTTP: routing, encodings, error answers, compression, limits, CORS and client metadata. */
class OtlpHttpReceiverTest {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private ReceiverFixture fixture;

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  private ReceiverFixture http(Map<String, Object> httpConfig) throws Exception {
    fixture = ReceiverFixture.start(null, httpConfig);
    return fixture;
  }

  private static Status statusOf(HttpResponse<byte[]> r) throws Exception {
    if (r.headers().firstValue("Content-Type").orElse("").startsWith(PROTOBUF)) {
      return Status.parseFrom(r.body());
    }
    Status.Builder b = Status.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(new String(r.body(), StandardCharsets.UTF_8), b);
    return b.build();
  }

  @Test
  void acceptsProtobufAndAnswersWithAnEmptyProtobufResponse() throws Exception {
    http(Map.of());
    HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF, ReceiverFixture.spans(2).bytes());
    assertEquals(200, r.statusCode());
    assertEquals(PROTOBUF, r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(0, r.body().length);
    assertEquals(2, fixture.traces.itemCount());
    assertEquals(ReceiverFixture.spans(2).build(), fixture.traces.received().get(0).request());
  }

  @Test
  void acceptsJsonAndAnswersInJson() throws Exception {
    http(Map.of());
    String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
        + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"a\"}]}]}]}";
    HttpResponse<byte[]> r = fixture.post("/v1/traces", "application/json; charset=utf-8",
        json.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode());
    assertEquals(JSON, r.headers().firstValue("Content-Type").orElseThrow());
    assertEquals("{}", new String(r.body(), StandardCharsets.UTF_8));
    Span span = fixture.traces.received().get(0).request().getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertEquals("eee19b7ec3c1b174", hex(span.getSpanId().toByteArray()));
  }

  @Test
  void servesMetricsAndLogsOnTheirPaths() throws Exception {
    http(Map.of());
    String metrics = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"gauge\":"
        + "{\"dataPoints\":[{\"asInt\":\"3\"},{\"asDouble\":1.5}]}}]}]}]}";
    String logs = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"hi\"}}]}]}]}";
    assertEquals(200, fixture.post("/v1/metrics", JSON, metrics.getBytes(StandardCharsets.UTF_8)).statusCode());
    assertEquals(200, fixture.post("/v1/logs", JSON, logs.getBytes(StandardCharsets.UTF_8)).statusCode());
    assertEquals(2, fixture.metrics.itemCount());
    assertEquals(1, fixture.logs.itemCount());
    assertEquals(2, fixture.counter("otelcol_receiver_accepted_metric_points", "http"));
    assertEquals(1, fixture.counter("otelcol_receiver_accepted_log_records", "http"));
  }

  @Test
  void servesConfiguredPathsWithALeadingSlashAdded() throws Exception {
    http(Map.of("traces_url_path", "custom/traces"));
    assertEquals(200, fixture.post("/custom/traces", PROTOBUF,
        ReceiverFixture.spans(1).bytes()).statusCode());
    assertEquals(404, fixture.post("/v1/traces", PROTOBUF, ReceiverFixture.spans(1).bytes()).statusCode());
  }

  @Test
  void emptyRequestSucceedsWithoutCallingThePipeline() throws Exception {
    http(Map.of());
    assertEquals(200, fixture.post("/v1/traces", PROTOBUF, new byte[0]).statusCode());
    assertEquals(200, fixture.post("/v1/logs", JSON, "{}".getBytes(StandardCharsets.UTF_8)).statusCode());
    assertTrue(fixture.traces.received().isEmpty());
    assertTrue(fixture.logs.received().isEmpty());
  }

  @Test
  void answersOnlyAfterThePipelineTookTheData() throws Exception {
    http(Map.of());
    CompletableFuture<Void> pipeline = new CompletableFuture<>();
    fixture.traces.respondWith(d -> pipeline);
    HttpRequest request = HttpRequest.newBuilder(fixture.httpUri("/v1/traces")).header("Content-Type", PROTOBUF)
        .POST(HttpRequest.BodyPublishers.ofByteArray(ReceiverFixture.spans(1).bytes())).build();
    CompletableFuture<HttpResponse<byte[]>> response =
        fixture.httpClient().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    Await.until("the pipeline got the request", WAIT, () -> fixture.traces.received().size() == 1);
    assertFalse(response.isDone(), "answered before the pipeline completed");
    pipeline.complete(null);
    assertEquals(200, response.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
  }

  @Test
  void shutdownAnswersRequestsInFlightBeforeClosing() throws Exception {
    http(Map.of());
    int port = fixture.receiver.httpAddress().getPort();
    CompletableFuture<Void> pipeline = new CompletableFuture<>();
    fixture.traces.respondWith(d -> pipeline);
    HttpRequest request = HttpRequest.newBuilder(fixture.httpUri("/v1/traces")).header("Content-Type", PROTOBUF)
        .POST(HttpRequest.BodyPublishers.ofByteArray(ReceiverFixture.spans(1).bytes())).build();
    CompletableFuture<HttpResponse<byte[]>> response =
        fixture.httpClient().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    Await.until("the pipeline got the request", WAIT, () -> fixture.traces.received().size() == 1);
    CompletableFuture<Void> stopped =
        CompletableFuture.runAsync(() -> fixture.receiver.shutdown(Duration.ofSeconds(30)));
    Await.until("the port stopped accepting", WAIT, () -> !ReceiverFixture.accepts(port));
    assertFalse(stopped.isDone(), "shutdown returned with a request in flight");
    pipeline.complete(null);
    assertEquals(200, response.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
    stopped.get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void rejectsUnknownContentTypeWith415() throws Exception {
    http(Map.of());
    HttpResponse<byte[]> r = fixture.post("/v1/traces", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
    assertEquals(415, r.statusCode());
    Status status = statusOf(r);
    assertTrue(status.getMessage().contains("unsupported media type 'text/plain'"), status.getMessage());
    assertTrue(fixture.traces.received().isEmpty());
  }

  @Test
  void rejectsNonPostWith405() throws Exception {
    http(Map.of());
    HttpResponse<byte[]> r = fixture.send(HttpRequest.newBuilder(fixture.httpUri("/v1/traces"))
        .header("Content-Type", PROTOBUF).GET().build());
    assertEquals(405, r.statusCode());
    assertEquals("POST", r.headers().firstValue("Allow").orElseThrow());
    assertEquals(PROTOBUF, r.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(statusOf(r).getMessage().contains("GET method not allowed"));
  }

  @Test
  void rejectsBadProtobufWith400AndAProtobufStatus() throws Exception {
    http(Map.of());
    HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF, new byte[] {0x0a, 0x10, 0x01});
    assertEquals(400, r.statusCode());
    Status status = Status.parseFrom(r.body());
    assertEquals(Code.INVALID_ARGUMENT_VALUE, status.getCode());
    assertTrue(status.getMessage().contains("malformed protobuf"), status.getMessage());
  }

  @Test
  void refusesAProtobufSpanWithAWrongLengthTraceIdWith400NamingTheField() throws Exception {
    http(Map.of());
    byte[] body = TraceData.spans(1).ids(3, 8).bytes();
    HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF, body);
    assertEquals(400, r.statusCode());
    Status status = Status.parseFrom(r.body());
    assertEquals(Code.INVALID_ARGUMENT_VALUE, status.getCode());
    assertTrue(status.getMessage().contains("resource_spans.scope_spans.spans.trace_id: invalid length 3"),
        status.getMessage());
  }

  @Test
  void refusesJsonWithTrailingGarbageWith400() throws Exception {
    http(Map.of());
    HttpResponse<byte[]> r = fixture.post("/v1/traces", JSON,
        "{\"resourceSpans\":[]}{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, r.statusCode());
    assertEquals(Code.INVALID_ARGUMENT_VALUE, statusOf(r).getCode());
  }

  @Test
  void rejectsBadJsonWith400AndAJsonStatus() throws Exception {
    http(Map.of());
    HttpResponse<byte[]> r = fixture.post("/v1/traces", JSON, "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, r.statusCode());
    assertEquals(JSON, r.headers().firstValue("Content-Type").orElseThrow());
    Status status = statusOf(r);
    assertEquals(Code.INVALID_ARGUMENT_VALUE, status.getCode());
    assertTrue(status.getMessage().startsWith("invalid JSON"), status.getMessage());
  }

  @Test
  void rejectsBadHexIdWith400NamingTheField() throws Exception {
    http(Map.of());
    String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz8efff798038103d269b633813fc60c\"}]}]}]}";
    HttpResponse<byte[]> r = fixture.post("/v1/traces", JSON, json.getBytes(StandardCharsets.UTF_8));
    assertEquals(400, r.statusCode());
    assertTrue(statusOf(r).getMessage().contains("resourceSpans[0].scopeSpans[0].spans[0].traceId"),
        statusOf(r).getMessage());
  }

  @Test
  void rejectsBodyOverMaxRequestBodySizeWith400() throws Exception {
    http(Map.of("max_request_body_size", 1024));
    HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF,
        TraceData.ofSize(4096).bytes());
    assertEquals(400, r.statusCode());
    assertTrue(statusOf(r).getMessage().contains("max_request_body_size"), statusOf(r).getMessage());
    assertTrue(fixture.traces.received().isEmpty());
  }

  @Test
  void stopsInflatingAGzipBombAtTheLimitAndAnswers400() throws Exception {
    http(Map.of("max_request_body_size", 1 << 20));
    // 64 MiB of zeros gzip to about 64 KiB: under the limit as sent, far over it inflated.
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        gz.write(zeros);
      }
    }
    assertTrue(compressed.size() < 1 << 20);
    HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF, compressed.toByteArray(), "Content-Encoding", "gzip");
    assertEquals(400, r.statusCode());
    assertTrue(statusOf(r).getMessage().contains("max_request_body_size"), statusOf(r).getMessage());
  }

  @Test
  void decodesEveryConfiguredContentEncoding() throws Exception {
    http(Map.of());
    byte[] raw = ReceiverFixture.spans(1).bytes();
    Map<String, byte[]> bodies = Map.of(
        "gzip", gzip(raw),
        "deflate", zlib(raw),
        "zlib", zlib(raw),
        "zstd", Zstd.compress(raw),
        "snappy", Snappy.compress(raw),
        "x-snappy-framed", snappyFramed(raw));
    for (Map.Entry<String, byte[]> e : bodies.entrySet()) {
      HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF, e.getValue(), "Content-Encoding", e.getKey());
      assertEquals(200, r.statusCode(), e.getKey() + ": " + new String(r.body(), StandardCharsets.UTF_8));
    }
    // Clients that send the framing format as "snappy" are understood too.
    assertEquals(200, fixture.post("/v1/traces", PROTOBUF, snappyFramed(raw), "Content-Encoding", "snappy").statusCode());
    assertEquals(bodies.size() + 1, fixture.traces.itemCount());
    for (Traces t : fixture.traces.received()) {
      assertEquals(ReceiverFixture.spans(1).build(), t.request());
    }
  }

  @Test
  void rejectsAnEncodingLeftOutOfCompressionAlgorithmsWith400() throws Exception {
    http(Map.of("compression_algorithms", List.of("", "gzip")));
    byte[] raw = ReceiverFixture.spans(1).bytes();
    HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF, Zstd.compress(raw), "Content-Encoding", "zstd");
    assertEquals(400, r.statusCode());
    assertTrue(statusOf(r).getMessage().contains("unsupported Content-Encoding 'zstd'"));
  }

  @Test
  void rejectsACorruptCompressedBodyWith400() throws Exception {
    http(Map.of());
    HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF, new byte[] {1, 2, 3, 4}, "Content-Encoding", "gzip");
    assertEquals(400, r.statusCode());
    assertTrue(statusOf(r).getMessage().contains("cannot decode gzip body"), statusOf(r).getMessage());
  }

  @Test
  void throttledRefusalIs429WithRetryAfterSeconds() throws Exception {
    http(Map.of());
    fixture.traces.failWith(ConsumerException.throttled("queue is full", Duration.ofMillis(6500)));
    HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF, ReceiverFixture.spans(3).bytes());
    assertEquals(429, r.statusCode());
    assertEquals("7", r.headers().firstValue("Retry-After").orElseThrow());
    Status status = statusOf(r);
    assertEquals(Code.RESOURCE_EXHAUSTED_VALUE, status.getCode());
    assertEquals("queue is full", status.getMessage());
    assertEquals(3, fixture.counter("otelcol_receiver_refused_spans", "http"));
    assertEquals(0, fixture.counter("otelcol_receiver_accepted_spans", "http"));
  }

  @Test
  void retryableFailureIs503WithoutRetryAfter() throws Exception {
    http(Map.of());
    fixture.traces.failWith(ConsumerException.retryable("memory limit reached"));
    HttpResponse<byte[]> r = fixture.post("/v1/traces", JSON, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{}]}]}]}"
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(503, r.statusCode());
    assertTrue(r.headers().firstValue("Retry-After").isEmpty());
    assertEquals(Code.UNAVAILABLE_VALUE, statusOf(r).getCode());
    assertEquals(1, fixture.counter("otelcol_receiver_refused_spans", "http"));
  }

  @Test
  void permanentFailureIs500AsInTheCollector() throws Exception {
    http(Map.of());
    fixture.traces.failWith(ConsumerException.permanent("exporter rejected the data"));
    HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF, ReceiverFixture.spans(1).bytes());
    assertEquals(500, r.statusCode());
    assertEquals(Code.INTERNAL_VALUE, statusOf(r).getCode());
  }

  @Test
  void includeMetadataPutsLowerCasedHeadersAndThePeerIntoTheClientContext() throws Exception {
    http(Map.of("include_metadata", true));
    fixture.post("/v1/traces", PROTOBUF, ReceiverFixture.spans(1).bytes(), "X-Tenant", "acme");
    Traces t = fixture.traces.received().get(0);
    assertEquals(List.of("acme"), t.client().get("x-tenant"));
    assertTrue(t.client().metadata().containsKey("x-tenant"));
    assertTrue(t.client().address().startsWith("127.0.0.1:"), t.client().address());
  }

  @Test
  void withoutIncludeMetadataOnlyThePeerIsKept() throws Exception {
    http(Map.of());
    fixture.post("/v1/traces", PROTOBUF, ReceiverFixture.spans(1).bytes(), "X-Tenant", "acme");
    Traces t = fixture.traces.received().get(0);
    assertTrue(t.client().metadata().isEmpty());
    assertTrue(t.client().address().startsWith("127.0.0.1:"));
  }

  @Test
  void addsConfiguredResponseHeaders() throws Exception {
    http(Map.of("response_headers", Map.of("X-Served-By", "telegate")));
    HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF, ReceiverFixture.spans(1).bytes());
    assertEquals("telegate", r.headers().firstValue("X-Served-By").orElseThrow());
  }

  @Test
  void answersAnAllowedCorsPreflightMatchingAWildcardOrigin() throws Exception {
    http(Map.of("cors", Map.of("allowed_origins", List.of("https://*.example.com"),
        "allowed_headers", List.of("X-Tenant"), "max_age", 600)));
    HttpResponse<byte[]> r = fixture.send(HttpRequest.newBuilder(fixture.httpUri("/v1/traces"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type, x-tenant").build());
    assertEquals(204, r.statusCode());
    assertEquals("https://app.example.com", r.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertEquals("true", r.headers().firstValue("Access-Control-Allow-Credentials").orElseThrow());
    assertEquals("POST", r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
    assertEquals("600", r.headers().firstValue("Access-Control-Max-Age").orElseThrow());
  }

  @Test
  void refusesCorsToOriginsAndHeadersNotAllowed() throws Exception {
    http(Map.of("cors", Map.of("allowed_origins", List.of("https://*.example.com"))));
    HttpResponse<byte[]> otherOrigin = fixture.send(HttpRequest.newBuilder(fixture.httpUri("/v1/traces"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://evil.test")
        .header("Access-Control-Request-Method", "POST").build());
    assertTrue(otherOrigin.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    HttpResponse<byte[]> otherHeader = fixture.send(HttpRequest.newBuilder(fixture.httpUri("/v1/traces"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "x-secret").build());
    assertTrue(otherHeader.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }

  @Test
  void addsCorsHeadersToAnAllowedOriginsExport() throws Exception {
    http(Map.of("cors", Map.of("allowed_origins", List.of("https://app.example.com"))));
    HttpResponse<byte[]> r = fixture.post("/v1/traces", PROTOBUF, ReceiverFixture.spans(1).bytes(),
        "Origin", "https://app.example.com");
    assertEquals(200, r.statusCode());
    assertEquals("https://app.example.com", r.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
  }

  @Test
  void servesOnlyTheSignalsThatHaveAPipeline() throws Exception {
    OtlpReceiverConfig config = ReceiverFixture.bind(Map.of("protocols", Map.of("http", Map.of("endpoint", "127.0.0.1:0"))));
    OtlpReceiver receiver = (OtlpReceiver) new OtlpReceiverFactory().createLogs(
        io.telegate.core.component.CreateSettings.of(io.telegate.core.component.ComponentKind.RECEIVER,
            io.telegate.core.component.ComponentId.of("otlp")), config, new io.telegate.testing.RecordingConsumer<>());
    receiver.start(new io.telegate.testing.TestHost());
    try {
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(java.net.URI.create(
              "http://127.0.0.1:" + receiver.httpAddress().getPort() + "/v1/traces"))
          .header("Content-Type", PROTOBUF).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0])).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(404, r.statusCode());
      assertEquals(null, receiver.grpcAddress());
    } finally {
      receiver.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void answersPipelinedRequestsInOrderOneAtATime() throws Exception {
    http(Map.of());
    CompletableFuture<Void> first = new CompletableFuture<>();
    fixture.traces.respondWith(d -> d.itemCount() == 1 ? first : CompletableFuture.completedFuture(null));
    byte[] one = ReceiverFixture.spans(1).bytes();
    byte[] two = ReceiverFixture.spans(2).bytes();
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    for (byte[] body : List.of(one, two)) {
      both.write(("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + PROTOBUF
          + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      both.write(body);
    }
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fixture.receiver.httpAddress().getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(both.toByteArray());
      socket.getOutputStream().flush();
      Await.until("the first request reached the pipeline", WAIT, () -> fixture.traces.received().size() == 1);
      // The second waits for the first's answer, so the pipeline has seen only the first.
      assertEquals(1, fixture.traces.received().size());
      first.complete(null);
      StringBuilder answers = new StringBuilder();
      java.io.InputStream in = socket.getInputStream();
      byte[] buf = new byte[4096];
      while (answers.toString().split("HTTP/1.1 200 OK", -1).length - 1 < 2) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        answers.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
      }
      assertEquals(3, answers.toString().split("HTTP/1.1 200 OK", -1).length, answers.toString());
    }
    assertEquals(List.of(1, 2), fixture.traces.received().stream().map(Traces::itemCount).toList());
  }

  @Test
  void keepsTheConnectionForTheNextRequest() throws Exception {
    http(Map.of());
    for (int i = 0; i < 20; i++) {
      assertEquals(200, fixture.post("/v1/traces", PROTOBUF, ReceiverFixture.spans(1).bytes()).statusCode());
    }
    assertEquals(20, fixture.traces.itemCount());
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }

  static byte[] gzip(byte[] raw) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  static byte[] zlib(byte[] raw) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }

  static byte[] snappyFramed(byte[] raw) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SnappyFramedOutputStream s = new SnappyFramedOutputStream(out)) {
      s.write(raw);
    }
    return out.toByteArray();
  }

}
