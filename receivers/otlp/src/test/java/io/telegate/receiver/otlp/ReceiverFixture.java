package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CompressorRegistry;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.Traces;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A started OTLP receiver on loopback ports, feeding a recording consumer per signal. */
final class ReceiverFixture implements AutoCloseable {

  final RecordingConsumer<Traces> traces = new RecordingConsumer<>();
  final RecordingConsumer<Metrics> metrics = new RecordingConsumer<>();
  final RecordingConsumer<Logs> logs = new RecordingConsumer<>();
  final TestHost host;
  final OtlpReceiver receiver;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private ManagedChannel channel;

  private ReceiverFixture(OtlpReceiverConfig config, TestHost host) throws Exception {
    this.host = host;
    CreateSettings settings = CreateSettings.of(ComponentKind.RECEIVER, ComponentId.of("otlp"));
    OtlpReceiverFactory factory = new OtlpReceiverFactory();
    receiver = (OtlpReceiver) factory.createTraces(settings, config, traces);
    factory.createMetrics(settings, config, metrics);
    factory.createLogs(settings, config, logs);
    receiver.start(host);
  }

  /** Both protocols on 127.0.0.1 with free ports, with extra keys per protocol. */
  static ReceiverFixture start(Map<String, Object> grpcExtra, Map<String, Object> httpExtra) throws Exception {
    return start(grpcExtra, httpExtra, new TestHost());
  }

  /** As {@link #start(Map, Map)}, on a host the test prepared (an intake budget, say). */
  static ReceiverFixture start(Map<String, Object> grpcExtra, Map<String, Object> httpExtra, TestHost host)
      throws Exception {
    Map<String, Object> protocols = new HashMap<>();
    if (grpcExtra != null) {
      Map<String, Object> grpc = new HashMap<>(grpcExtra);
      grpc.putIfAbsent("endpoint", "127.0.0.1:0");
      protocols.put("grpc", grpc);
    }
    if (httpExtra != null) {
      Map<String, Object> http = new HashMap<>(httpExtra);
      http.putIfAbsent("endpoint", "127.0.0.1:0");
      protocols.put("http", http);
    }
    return new ReceiverFixture(bind(Map.of("protocols", protocols)), host);
  }

  static ReceiverFixture start() throws Exception {
    return start(Map.of(), Map.of());
  }

  /** Binds raw YAML as the gateway does, and checks it is valid. */
  static OtlpReceiverConfig bind(Object raw) {
    ConfigErrors errors = new ConfigErrors();
    OtlpReceiverConfig config = ConfigBinder.bind(raw, OtlpReceiverConfig.DEFAULT, "", errors);
    assertTrue(errors.isEmpty(), () -> "config does not bind: " + errors);
    assertTrue(config.validate().isEmpty(), () -> "config is not valid: " + config.validate());
    return config;
  }

  URI httpUri(String path) {
    return URI.create("http://127.0.0.1:" + receiver.httpAddress().getPort() + path);
  }

  int grpcPort() {
    return receiver.grpcAddress().getPort();
  }

  HttpResponse<byte[]> post(String path, String contentType, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(httpUri(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpClient httpClient() {
    return http;
  }

  /** A plaintext channel to the gRPC port that can compress with gzip, zstd and snappy. */
  ManagedChannel channel() {
    if (channel == null) {
      CompressorRegistry compressors = io.telegate.transport.grpc.GrpcCodecs.compressors();
      channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort(), InsecureChannelCredentials.create())
          .compressorRegistry(compressors)
          .build();
    }
    return channel;
  }

  double counter(String name, String transport) {
    return host.value(name + "{receiver=\"otlp\",transport=\"" + transport + "\"}");
  }

  /** Whether a TCP connection to {@code port} on 127.0.0.1 succeeds now. */
  static boolean accepts(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
    receiver.shutdown(Duration.ofSeconds(5));
  }

  /** A request with one resource and scope and {@code spans} spans, each with an attribute. */
  /** One span whose trace and span ids have the given lengths in bytes. */
  static byte[] spanWithIdLengths(int traceIdBytes, int spanIdBytes) {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(
        io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder().addScopeSpans(
            io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder().addSpans(io.opentelemetry.proto.trace.v1.Span
                .newBuilder().setName("s").setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[traceIdBytes]))
                .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[spanIdBytes])))))
        .build().toByteArray();
  }

  static ExportTraceServiceRequest traceRequest(int spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("test-scope").setVersion("1.0"));
    for (int i = 0; i < spans; i++) {
      scope.addSpans(Span.newBuilder()
          .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
          .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) i}))
          .setName("span-" + i)
          .addAttributes(attr("index", AnyValue.newBuilder().setIntValue(i).build())));
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(attr("service.name",
            AnyValue.newBuilder().setStringValue("fixture").build())))
        .addScopeSpans(scope)).build();
  }

  /** A one-span request whose attribute value is {@code size} bytes long. */
  static ExportTraceServiceRequest traceRequestOfSize(int size) {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().setName("big")
            .addAttributes(attr("payload", AnyValue.newBuilder().setStringValue("a".repeat(size)).build())))))
        .build();
  }

  static KeyValue attr(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
