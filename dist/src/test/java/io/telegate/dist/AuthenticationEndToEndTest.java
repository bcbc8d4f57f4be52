package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.Traces;
import io.telegate.core.service.Gateway;
import io.telegate.receiver.otlp.OtlpReceiver;
import io.telegate.receiver.otlp.OtlpReceiverConfig;
import io.telegate.receiver.otlp.OtlpReceiverFactory;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import io.telegate.testing.TestIssuer;
import io.telegate.testing.data.TraceData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication between two Telegates and with the OpenTelemetry Java SDK. An edge gateway
 * exports traces over OTLP/gRPC with {@code oauth2client} (tokens from an in-test authorization
 * server that signs real JWTs) and logs over OTLP/HTTP with {@code basicauth}; the central gateway
 * checks them with {@code oidc} and {@code basicauth}, and copies who sent them
 * ({@code auth.subject}, {@code auth.username}) into an attribute with the attributes processor.
 * Requests without credentials, or with bad ones, are refused with UNAUTHENTICATED and counted.
 */
class AuthenticationEndToEndTest {

  @TempDir Path dir;
  private TestIssuer issuer;
  private Gateway central;
  private Gateway edge;
  private OtlpReceiver backend;
  private final RecordingConsumer<Traces> traces = new RecordingConsumer<>();
  private final RecordingConsumer<Logs> logs = new RecordingConsumer<>();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private int centralGrpc;
  private int centralHttp;
  private int edgeGrpc;

  @BeforeEach
  void start() throws Exception {
    issuer = new TestIssuer("edge-gateway", "edge-secret", "central-gateway");
    backend = startBackend();
    int backendPort = backend.grpcAddress().getPort();
    centralGrpc = FreePorts.next();
    centralHttp = FreePorts.next();
    edgeGrpc = FreePorts.next();
    central = startGateway("central.yaml", """
        extensions:
          oidc: {issuer_url: "%s", audience: central-gateway}
          basicauth/server:
            htpasswd: {inline: "edge:edge-password"}
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 127.0.0.1:%d, auth: {authenticator: oidc}}
              http: {endpoint: 127.0.0.1:%d, auth: {authenticator: basicauth/server}}
        processors:
          attributes/who:
            actions:
              - {key: sent.by, from_context: auth.subject, action: insert}
              - {key: sent.by, from_context: auth.username, action: insert}
        exporters:
          otlp: {endpoint: 127.0.0.1:%d, tls: {insecure: true}}
        service:
          extensions: [oidc, basicauth/server]
          telemetry: {metrics: {address: "127.0.0.1:0"}}
          pipelines:
            traces: {receivers: [otlp], processors: [attributes/who], exporters: [otlp]}
            logs: {receivers: [otlp], processors: [attributes/who], exporters: [otlp]}
        """.formatted(issuer.url(), centralGrpc, centralHttp, backendPort));
    edge = startGateway("edge.yaml", """
        extensions:
          oauth2client: {client_id: edge-gateway, client_secret: edge-secret, token_url: "%s"}
          basicauth/client:
            client_auth: {username: edge, password: edge-password}
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 127.0.0.1:%d}
        exporters:
          otlp/central: {endpoint: 127.0.0.1:%d, tls: {insecure: true}, auth: {authenticator: oauth2client}}
          otlphttp/central: {endpoint: "http://127.0.0.1:%d", auth: {authenticator: basicauth/client}}
        service:
          extensions: [oauth2client, basicauth/client]
          telemetry: {metrics: {address: "127.0.0.1:0"}}
          pipelines:
            traces: {receivers: [otlp], exporters: [otlp/central]}
            logs: {receivers: [otlp], exporters: [otlphttp/central]}
        """.formatted(issuer.tokenUrl(), edgeGrpc, centralGrpc, centralHttp));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    for (Gateway g : new Gateway[] {edge, central}) {
      if (g != null) {
        g.shutdown(Duration.ofSeconds(5));
      }
    }
    if (backend != null) {
      backend.shutdown(Duration.ofSeconds(5));
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  private Gateway startGateway(String name, String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve(name), yaml);
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(System::getenv).load(List.of(file), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    Gateway g = new Gateway(new ConfigResolver(BuiltinComponents.all()).resolve(tree), "test", Clock.systemUTC());
    g.start();
    return g;
  }

  private OtlpReceiver startBackend() throws Exception {
    ConfigErrors errors = new ConfigErrors();
    OtlpReceiverConfig config = ConfigBinder.bind(
        Map.of("protocols", Map.of("grpc", Map.of("endpoint", "127.0.0.1:0"))), OtlpReceiverConfig.DEFAULT, "", errors);
    assertTrue(errors.isEmpty(), errors::toString);
    CreateSettings settings = CreateSettings.of(ComponentKind.RECEIVER, ComponentId.of("otlp"));
    OtlpReceiverFactory factory = new OtlpReceiverFactory();
    OtlpReceiver receiver = (OtlpReceiver) factory.createTraces(settings, config, traces);
    factory.createLogs(settings, config, logs);
    factory.createMetrics(settings, config, new RecordingConsumer<Metrics>());
    receiver.start(new TestHost());
    return receiver;
  }

  /** The value of the first self-metric line of {@code g} that starts with {@code series}; -1 if none. */
  private static double value(Gateway g, String series) {
    StringBuilder text = new StringBuilder();
    g.metrics().writePrometheus(text);
    return text.toString().lines().filter(l -> l.startsWith(series))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
  }

  private static String unauthenticated(Gateway g) {
    StringBuilder text = new StringBuilder();
    g.metrics().writePrometheus(text);
    return text.toString().lines().filter(l -> l.contains("unauthenticated")).toList().toString();
  }

  private static String sentBy(List<KeyValue> attributes) {
    return attributes.stream().filter(kv -> kv.getKey().equals("sent.by")).map(kv -> kv.getValue().getStringValue())
        .findFirst().orElse(null);
  }

  @Test
  void anEdgeGatewayExportsWithAnOAuth2TokenThatTheCentralOneChecksWithOidc() throws Exception {
    OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + edgeGrpc).build();
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
    closing.add(provider::close);
    for (int i = 0; i < 20; i++) {
      provider.get("auth-test").spanBuilder("span-" + i).startSpan().end();
      provider.forceFlush().join(10, TimeUnit.SECONDS);
    }
    Await.until("20 spans at the backend", Duration.ofSeconds(30), () -> traces.itemCount() == 20);
    for (Traces t : traces.received()) {
      for (ResourceSpans rs : t.request().getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) {
            assertEquals("edge-gateway", sentBy(s.getAttributesList()), "the token's subject, from auth.subject");
          }
        }
      }
    }
    assertEquals(1, issuer.tokensIssued(), "one token for all exports: it is cached");
  }

  @Test
  void logsGoThroughWithBasicAuthAndTheSdkCanSendTheHeaderItself() throws Exception {
    OtlpGrpcLogRecordExporter viaEdge = OtlpGrpcLogRecordExporter.builder()
        .setEndpoint("http://127.0.0.1:" + edgeGrpc).build();
    SdkLoggerProvider edgeLogs = SdkLoggerProvider.builder()
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(viaEdge)).build();
    closing.add(edgeLogs::close);
    edgeLogs.get("auth-test").logRecordBuilder().setBody("from the edge").emit();
    edgeLogs.forceFlush().join(10, TimeUnit.SECONDS);

    String basic = "Basic " + Base64.getEncoder().encodeToString("edge:edge-password".getBytes(StandardCharsets.UTF_8));
    OtlpHttpLogRecordExporter direct = OtlpHttpLogRecordExporter.builder()
        .setEndpoint("http://127.0.0.1:" + centralHttp + "/v1/logs").addHeader("Authorization", basic).build();
    SdkLoggerProvider sdkLogs = SdkLoggerProvider.builder()
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(direct)).build();
    closing.add(sdkLogs::close);
    sdkLogs.get("auth-test").logRecordBuilder().setBody("from the sdk").emit();
    assertTrue(sdkLogs.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), "the SDK's export with the header");

    OtlpHttpLogRecordExporter wrong = OtlpHttpLogRecordExporter.builder()
        .setEndpoint("http://127.0.0.1:" + centralHttp + "/v1/logs")
        .addHeader("Authorization", basic.substring(0, basic.length() - 2) + "==").build();
    SdkLoggerProvider wrongLogs = SdkLoggerProvider.builder()
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(wrong)).build();
    closing.add(wrongLogs::close);
    wrongLogs.get("auth-test").logRecordBuilder().setBody("refused").emit();
    assertTrue(!wrongLogs.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), "a wrong password is refused");

    Await.until("both logs at the backend", Duration.ofSeconds(30), () -> logs.itemCount() == 2);
    List<String> bodies = new ArrayList<>();
    for (Logs l : logs.received()) {
      l.request().getResourceLogsList().forEach(rl -> rl.getScopeLogsList().forEach(sl -> sl.getLogRecordsList()
          .forEach(r -> {
            bodies.add(r.getBody().getStringValue());
            assertEquals("edge", sentBy(r.getAttributesList()), "the user, from auth.username");
          })));
    }
    assertEquals(List.of("from the edge", "from the sdk"), bodies.stream().sorted().toList());
    assertEquals(1.0, value(central, "telegate_receiver_unauthenticated_requests_total{receiver=\"otlp\","
        + "transport=\"http\","), () -> "the refusal is counted: " + unauthenticated(central));
  }

  @Test
  void theCentralGatewayRefusesMissingExpiredForeignAndForgedTokens() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", centralGrpc).usePlaintext().build();
    closing.add(channel::shutdownNow);
    ExportTraceServiceRequest request = TraceData.spans(1).names(i -> "s").build();
    Map<String, String> bad = Map.of(
        "none", "",
        "expired", "Bearer " + issuer.expiredToken("edge-gateway", Duration.ofMinutes(10)),
        "wrong audience", "Bearer " + issuer.tokenFor("another-gateway", "edge-gateway"),
        "forged", "Bearer " + issuer.forgedToken("edge-gateway"));
    for (Map.Entry<String, String> b : bad.entrySet()) {
      Metadata md = new Metadata();
      if (!b.getValue().isEmpty()) {
        md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), b.getValue());
      }
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> TraceServiceGrpc
          .newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
          .withDeadlineAfter(10, TimeUnit.SECONDS).export(request), b.getKey());
      assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), b.getKey() + ": " + e);
    }
    Metadata good = new Metadata();
    good.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + issuer.token("someone", List.of()));
    TraceServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(good))
        .withDeadlineAfter(10, TimeUnit.SECONDS).export(request);
    assertEquals(4.0, value(central, "telegate_receiver_unauthenticated_requests_total{receiver=\"otlp\","
        + "transport=\"grpc\","), () -> unauthenticated(central));
    Await.until("the one good span at the backend", Duration.ofSeconds(30), () -> traces.itemCount() == 1);
  }
}
