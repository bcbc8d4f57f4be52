package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests that ran a 40 MiB sidecar out of heap (issue 16, defect 1), against a gateway JVM
 * started the README's way ({@code -Xmx40m -XX:+UseSerialGC}): one 19 MB protobuf body, one 2.1 MB
 * OTLP/JSON log with 50,000 attributes, and 8 concurrent 3.9 MB gRPC messages. Each is refused
 * (400 for what can never fit, 429 / RESOURCE_EXHAUSTED for what does not fit now), the JVM stays
 * up, and it still takes an ordinary request afterwards.
 */
class LargeRequestsSmallHeapTest {

  @TempDir Path dir;
  private Process gateway;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (gateway != null && gateway.isAlive()) {
      gateway.destroyForcibly();
    }
  }

  private static byte[] protobufOfSize(int bytes) {
    ScopeSpans.Builder ss = ScopeSpans.newBuilder();
    int each = 64 * 1024;
    for (int n = 0; n * each < bytes; n++) {
      ss.addSpans(Span.newBuilder().setName("big").addAttributes(KeyValue.newBuilder().setKey("pad")
          .setValue(AnyValue.newBuilder().setStringValueBytes(ByteString.copyFrom(new byte[each])))));
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ss))
        .build().toByteArray();
  }

  private static byte[] jsonLogWithAttributes(int attributes) {
    StringBuilder b = new StringBuilder("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":"
        + "\"x\"},\"attributes\":[");
    for (int i = 0; i < attributes; i++) {
      b.append(i == 0 ? "" : ",").append("{\"key\":\"attr").append(i).append("\",\"value\":{\"stringValue\":\"v")
          .append(i).append("\"}}");
    }
    return b.append("]}]}]}]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theRequestsThatKilledASmallHeapAreRefusedAndTheGatewayStaysUp() throws Exception {
    int http = FreePorts.next();
    int grpc = FreePorts.next();
    int admin = FreePorts.next();
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, """
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 127.0.0.1:%d}
              http: {endpoint: 127.0.0.1:%d}
        exporters:
          debug: {}
        service:
          telemetry: {metrics: {address: 127.0.0.1:%d}}
          pipelines:
            traces: {receivers: [otlp], exporters: [debug]}
            logs: {receivers: [otlp], exporters: [debug]}
        """.formatted(grpc, http, admin));
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx40m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, "io.telegate.dist.Main",
        "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()).start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Await.until("gateway ready", Duration.ofSeconds(60), () -> {
      assertTrue(gateway.isAlive(), "gateway exited early");
      try {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });

    URI traces = URI.create("http://127.0.0.1:" + http + "/v1/traces");
    int big;
    try {
      big = client.send(HttpRequest.newBuilder(traces).header("Content-Type", "application/x-protobuf")
          .POST(HttpRequest.BodyPublishers.ofByteArray(protobufOfSize(19_000_000))).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      big = -1; // the gateway may close the connection while the rest of the body is still coming
    }
    assertTrue(big == 400 || big == -1, "19 MB body: " + big);
    assertTrue(gateway.isAlive(), log());

    byte[] json = jsonLogWithAttributes(50_000);
    assertTrue(json.length > 2_000_000, "the issue's 2.1 MB log: " + json.length);
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/logs"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(r.statusCode() == 400 || r.statusCode() == 429, "50,000-attribute JSON: " + r.statusCode() + " " + r.body());
    assertTrue(gateway.isAlive(), log());

    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc).usePlaintext().maxInboundMessageSize(8 << 20).build();
    ExportTraceServiceRequest message = ExportTraceServiceRequest.parseFrom(protobufOfSize(3_900_000));
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(clients.submit(() -> {
        try {
          TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).export(message);
          return "OK";
        } catch (StatusRuntimeException e) {
          return e.getStatus().getCode().name();
        }
      }));
    }
    List<String> codes = new ArrayList<>();
    for (Future<String> f : answers) {
      codes.add(f.get(90, TimeUnit.SECONDS));
    }
    clients.shutdownNow();
    assertTrue(gateway.isAlive(), "8 × 3.9 MB over gRPC (" + codes + "):\n" + log());
    assertTrue(codes.stream().allMatch(c -> c.equals("OK") || c.equals("RESOURCE_EXHAUSTED")), codes + "\n" + log());

    HttpResponse<Void> ordinary = client.send(HttpRequest.newBuilder(traces).header("Content-Type",
        "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(protobufOfSize(10_000))).build(),
        HttpResponse.BodyHandlers.discarding());
    assertEquals(200, ordinary.statusCode(), "still serving:\n" + log());
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("gateway.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
