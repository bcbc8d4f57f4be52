package io.telegate.testing.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Traces;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestCertificates;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpTestServerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private OtlpTestServer server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<byte[]> post(HttpClient client, String url, String contentType, byte[] body,
      String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> post(String url, String contentType, byte[] body, String... headers)
      throws Exception {
    return post(HttpClient.newHttpClient(), url, contentType, body, headers);
  }

  private static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    }
    return out.toByteArray();
  }

  private byte[] export(Signal signal, byte[] request) {
    if (channel == null) {
      channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    }
    return ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.export(signal),
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
  }

  @Test
  void recordsAGzippedProtobufPostAsBytesAndAsTheRequestMessage() throws Exception {
    server = OtlpTestServer.http();
    TraceData spans = TraceData.spans(3);
    HttpResponse<byte[]> r = post(server.httpUrl() + "/v1/traces", "application/x-protobuf", gzip(spans.bytes()),
        "Content-Encoding", "gzip", "Authorization", "Bearer t0ken");
    assertEquals(200, r.statusCode());
    assertEquals("application/x-protobuf", r.headers().firstValue("content-type").orElseThrow());
    OtlpTestServer.Received got = server.received().get(0);
    assertEquals(OtlpTestServer.Protocol.HTTP, got.protocol());
    assertEquals(Signal.TRACES, got.signal());
    assertEquals("/v1/traces", got.path());
    assertEquals("Bearer t0ken", got.header("Authorization"));
    assertEquals("gzip", got.header("content-encoding"));
    assertArrayEquals(spans.bytes(), got.body());
    assertEquals(List.of(spans.build()), server.traces());
    assertEquals(3, server.itemCount(Signal.TRACES));
    assertNull(got.clientCertificate());
  }

  @Test
  void decodesOtlpJsonAndAnswersInJson() throws Exception {
    server = OtlpTestServer.http();
    LogData logs = LogData.records(2).ids(16, 8);
    HttpResponse<byte[]> r = post(server.httpUrl() + "/v1/logs", "application/json", logs.json());
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
    assertEquals("{}", new String(r.body(), StandardCharsets.UTF_8));
    assertEquals(List.of(logs.build()), server.logs());
    assertTrue(server.received().get(0).json());
  }

  @Test
  void zstdAndSnappyBodiesAreDecompressed() throws Exception {
    server = OtlpTestServer.http();
    byte[] body = MetricData.gauges(1, 2).bytes();
    assertEquals(200, post(server.httpUrl() + "/v1/metrics", "application/x-protobuf",
        com.github.luben.zstd.Zstd.compress(body), "Content-Encoding", "zstd").statusCode());
    assertEquals(200, post(server.httpUrl() + "/v1/metrics", "application/x-protobuf",
        org.xerial.snappy.Snappy.compress(body), "Content-Encoding", "snappy").statusCode());
    assertArrayEquals(body, server.received().get(0).body());
    assertArrayEquals(body, server.received().get(1).body());
  }

  @Test
  void httpAnswersTheScriptThenTheResponderAsTheSpecificationMapsThem() throws Exception {
    server = OtlpTestServer.http();
    server.then(Reply.throttled(Duration.ofMillis(2_500)), Reply.unavailable(), Reply.invalid("span name too long"),
        Reply.http(502, Map.of("X-Why", "proxy"), "bad gateway".getBytes(StandardCharsets.UTF_8)));
    server.answerAfterScript(Reply.unavailable(Duration.ofSeconds(7)));
    byte[] body = TraceData.spans(1).bytes();
    String url = server.httpUrl() + "/v1/traces";

    HttpResponse<byte[]> throttled = post(url, "application/x-protobuf", body);
    assertEquals(429, throttled.statusCode());
    assertEquals("3", throttled.headers().firstValue("retry-after").orElseThrow(), "seconds, rounded up");
    assertEquals(Reply.RESOURCE_EXHAUSTED, com.google.rpc.Status.parseFrom(throttled.body()).getCode());

    HttpResponse<byte[]> unavailable = post(url, "application/x-protobuf", body);
    assertEquals(503, unavailable.statusCode());
    assertTrue(unavailable.headers().firstValue("retry-after").isEmpty());

    HttpResponse<byte[]> invalid = post(url, "application/x-protobuf", body);
    assertEquals(400, invalid.statusCode());
    assertEquals("application/x-protobuf", invalid.headers().firstValue("content-type").orElseThrow());
    com.google.rpc.Status status = com.google.rpc.Status.parseFrom(invalid.body());
    assertEquals(Reply.INVALID_ARGUMENT, status.getCode());
    assertEquals("span name too long", status.getMessage());

    HttpResponse<byte[]> raw = post(url, "application/x-protobuf", body);
    assertEquals(502, raw.statusCode());
    assertEquals("proxy", raw.headers().firstValue("x-why").orElseThrow());
    assertEquals("bad gateway", new String(raw.body(), StandardCharsets.UTF_8));

    HttpResponse<byte[]> afterScript = post(url, "application/x-protobuf", body);
    assertEquals(503, afterScript.statusCode());
    assertEquals("7", afterScript.headers().firstValue("retry-after").orElseThrow());
    assertEquals(5, server.received().size());
  }

  @Test
  void aJsonRequestGetsItsErrorStatusInJson() throws Exception {
    server = OtlpTestServer.http().then(Reply.invalid("bad \"id\""));
    HttpResponse<byte[]> r = post(server.httpUrl() + "/v1/traces", "application/json", TraceData.spans(1).json());
    assertEquals(400, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
    assertEquals("{\"code\":3,\"message\":\"bad \\\"id\\\"\"}", new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void anUndecodableBodyIsRefusedAsInvalidAndLeavesTheScriptAlone() throws Exception {
    server = OtlpTestServer.http().then(Reply.unavailable());
    HttpResponse<byte[]> r = post(server.httpUrl() + "/v1/traces", "application/x-protobuf", new byte[] {(byte) 0xff});
    assertEquals(400, r.statusCode());
    assertNull(server.received().get(0).message());
    assertEquals(503, post(server.httpUrl() + "/v1/traces", "application/x-protobuf",
        TraceData.spans(1).bytes()).statusCode());
  }

  @Test
  void aPathThatNamesNoSignalIsRecordedAndAnswered() throws Exception {
    server = OtlpTestServer.http();
    assertEquals(200, post(server.httpUrl() + "/custom/spans", "application/x-protobuf",
        TraceData.spans(1).bytes()).statusCode());
    assertNull(server.received().get(0).signal());
    assertEquals("/custom/spans", server.received().get(0).path());
  }

  @Test
  void aGatedReplyIsHeldUntilTheGateOpens() throws Exception {
    server = OtlpTestServer.http();
    CompletableFuture<Void> gate = new CompletableFuture<>();
    server.then(Reply.unavailable().after(gate)).answerAfterScript(Reply.ok().after(gate));
    CompletableFuture<HttpResponse<byte[]>> scripted = postAsync();
    server.awaitRequests(1, WAIT);
    CompletableFuture<HttpResponse<byte[]>> afterScript = postAsync();
    server.awaitRequests(2, WAIT);
    assertFalse(scripted.isDone() || afterScript.isDone());
    gate.complete(null);
    assertEquals(503, scripted.get().statusCode());
    assertEquals(200, afterScript.get().statusCode());
  }

  private CompletableFuture<HttpResponse<byte[]>> postAsync() {
    return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(TraceData.spans(1).bytes())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void forwardsToConsumersAndAnswersWithTheirOutcome() throws Exception {
    RecordingConsumer<Traces> traces = new RecordingConsumer<>();
    List<CompletableFuture<Void>> outcomes = List.of(CompletableFuture.failedFuture(
        ConsumerException.throttled("full", Duration.ofSeconds(4))),
        CompletableFuture.failedFuture(ConsumerException.permanent("no such tenant")),
        CompletableFuture.failedFuture(ConsumerException.retryable("backend down")));
    AtomicInteger next = new AtomicInteger();
    server = OtlpTestServer.http().forwardTo(traces, null, logs -> outcomes.get(next.getAndIncrement()));
    String url = server.httpUrl();
    TraceData spans = TraceData.spans(2);
    assertEquals(200, post(url + "/v1/traces", "application/x-protobuf", spans.bytes()).statusCode());
    assertEquals(spans.build(), traces.received().get(0).request());
    assertEquals(404, post(url + "/v1/metrics", "application/x-protobuf", MetricData.gauges(1, 1).bytes())
        .statusCode());
    assertEquals(404, post(url + "/custom/spans", "application/x-protobuf", spans.bytes()).statusCode());
    byte[] logs = LogData.records(1).bytes();
    HttpResponse<byte[]> throttled = post(url + "/v1/logs", "application/x-protobuf", logs);
    assertEquals(429, throttled.statusCode());
    assertEquals("4", throttled.headers().firstValue("retry-after").orElseThrow());
    HttpResponse<byte[]> permanent = post(url + "/v1/logs", "application/x-protobuf", logs);
    assertEquals(400, permanent.statusCode());
    assertEquals("no such tenant", com.google.rpc.Status.parseFrom(permanent.body()).getMessage());
    assertEquals(503, post(url + "/v1/logs", "application/x-protobuf", logs).statusCode());
  }

  @Test
  void grpcRecordsTheRequestAndItsMetadata() throws Exception {
    server = OtlpTestServer.grpc();
    LogData logs = LogData.records(4).ids(16, 8);
    assertEquals(0, export(Signal.LOGS, logs.bytes()).length, "an empty ExportLogsServiceResponse");
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer t0ken");
    ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(channel,
        MetadataUtils.newAttachHeadersInterceptor(headers)), OtlpGrpcMethods.export(Signal.LOGS),
        CallOptions.DEFAULT, logs.bytes());
    OtlpTestServer.Received got = server.received().get(1);
    assertEquals(OtlpTestServer.Protocol.GRPC, got.protocol());
    assertEquals("opentelemetry.proto.collector.logs.v1.LogsService/Export", got.path());
    assertEquals("Bearer t0ken", got.header("authorization"));
    assertArrayEquals(logs.bytes(), got.body());
    assertEquals(List.of(logs.build(), logs.build()), server.logs());
    assertEquals(8, server.itemCount(Signal.LOGS));
  }

  @Test
  void grpcStatusesCarryRetryInfoWhereTheSpecificationSaysSo() throws Exception {
    server = OtlpTestServer.grpc();
    server.then(Reply.throttled(Duration.ofSeconds(42)), Reply.unavailable(), Reply.unavailable(Duration.ofMillis(1500)),
        Reply.invalid("bad span"), Reply.okWith(new byte[] {8, 1}));
    byte[] spans = TraceData.spans(1).bytes();

    StatusRuntimeException throttled = assertThrows(StatusRuntimeException.class,
        () -> export(Signal.TRACES, spans));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, throttled.getStatus().getCode());
    assertEquals(Duration.ofSeconds(42), retryDelay(throttled));

    StatusRuntimeException unavailable = assertThrows(StatusRuntimeException.class,
        () -> export(Signal.TRACES, spans));
    assertEquals(Status.Code.UNAVAILABLE, unavailable.getStatus().getCode());
    assertNull(retryDelay(unavailable));

    StatusRuntimeException unavailableWithDelay = assertThrows(StatusRuntimeException.class,
        () -> export(Signal.TRACES, spans));
    assertEquals(Duration.ofMillis(1500), retryDelay(unavailableWithDelay));

    StatusRuntimeException invalid = assertThrows(StatusRuntimeException.class,
        () -> export(Signal.TRACES, spans));
    assertEquals(Status.Code.INVALID_ARGUMENT, invalid.getStatus().getCode());
    assertEquals("bad span", invalid.getStatus().getDescription());
    assertNull(retryDelay(invalid));

    assertArrayEquals(new byte[] {8, 1}, export(Signal.TRACES, spans));
    assertEquals(5, server.received().size());
  }

  private static Duration retryDelay(StatusRuntimeException e) throws Exception {
    com.google.rpc.Status s = StatusProto.fromThrowable(e);
    if (s == null) {
      return null;
    }
    for (com.google.protobuf.Any d : s.getDetailsList()) {
      if (d.is(RetryInfo.class)) {
        com.google.protobuf.Duration delay = d.unpack(RetryInfo.class).getRetryDelay();
        return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
      }
    }
    return null;
  }

  @Test
  void httpsWithClientCertificatesRecordsWhoPresentedOne() throws Exception {
    TestCertificates certs = TestCertificates.shared();
    server = OtlpTestServer.builder().tls(certs).requireClientCertificates(certs.caPem()).start();
    assertTrue(server.httpUrl().startsWith("https://127.0.0.1:"));
    HttpClient withCertificate = HttpClient.newBuilder().sslContext(clientContext(certs, true)).build();
    assertEquals(200, post(withCertificate, server.httpUrl() + "/v1/traces", "application/x-protobuf",
        TraceData.spans(1).bytes()).statusCode());
    assertEquals("CN=telegate-test-client", server.received().get(0).clientCertificate());

    HttpClient without = HttpClient.newBuilder().sslContext(clientContext(certs, false)).build();
    assertThrows(IOException.class, () -> post(without, server.httpUrl() + "/v1/traces", "application/x-protobuf",
        TraceData.spans(1).bytes()));
    assertEquals(1, server.received().size());
  }

  @Test
  void grpcOverTlsWithClientCertificatesRecordsWhoPresentedOne() throws Exception {
    TestCertificates certs = TestCertificates.shared();
    server = OtlpTestServer.builder().protocols(OtlpTestServer.Protocol.GRPC, OtlpTestServer.Protocol.HTTP)
        .tls(certs).requireClientCertificates(certs.caPem()).start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort())
        .sslContext(GrpcSslContexts.forClient().trustManager(certs.caPem().toFile())
            .keyManager(certs.clientCertPem().toFile(), certs.clientKeyPem().toFile()).build())
        .build();
    ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.export(Signal.TRACES), CallOptions.DEFAULT,
        TraceData.spans(2).bytes());
    assertEquals("CN=telegate-test-client", server.received().get(0).clientCertificate());
    assertEquals(2, server.itemCount(Signal.TRACES));
    assertTrue(server.httpUrl().startsWith("https://"), "both transports share the TLS settings");
  }

  private static SSLContext clientContext(TestCertificates certs, boolean withCertificate) throws Exception {
    char[] password = TestCertificates.PASSWORD.toCharArray();
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(load(certs.trustStore(), password));
    KeyManagerFactory kmf = null;
    if (withCertificate) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(load(certs.clientKeyStore(), password), password);
    }
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return c;
  }

  private static KeyStore load(Path p, char[] password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p)) {
      ks.load(in, password);
    }
    return ks;
  }
}
