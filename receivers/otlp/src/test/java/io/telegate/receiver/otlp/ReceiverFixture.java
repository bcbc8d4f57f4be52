package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CompressorRegistry;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
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
import io.telegate.testing.data.TraceData;
import io.telegate.testing.data.Values;
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

  /**
   * The receiver tests' request: one resource ({@code service.name=fixture}) and scope with
   * {@code n} spans, each with valid ids and an int attribute {@code index}.
   */
  static TraceData spans(int n) {
    return TraceData.spans(n).resource("service.name", "fixture").scope("test-scope", "1.0").ids(16, 8)
        .attribute("index", Values::num);
  }
}
