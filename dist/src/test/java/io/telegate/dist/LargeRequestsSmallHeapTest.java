package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.TraceData;
import io.telegate.testing.data.Values;
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
 * OTLP/JSON log with 50,000 attributes, and 8 concurrent 3.9 MB gRPC messages. Each is taken or
 * refused (400 for what can never fit, 429 / RESOURCE_EXHAUSTED for what does not fit now), the
 * JVM stays up, and it still takes an ordinary request afterwards, also while 600 idle and 300
 * slowloris connections are open.
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

  private int http;
  private int grpc;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Starts the gateway with {@code heap} options, OTLP in, {@code processors} then debug out. */
  private void start(String processors, String... heap) throws Exception {
    http = FreePorts.next();
    grpc = FreePorts.next();
    int admin = FreePorts.next();
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, """
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 127.0.0.1:%d}
              http: {endpoint: 127.0.0.1:%d}
        processors:
          memory_limiter: {check_interval: 1s, limit_mib: 200, spike_limit_mib: 40}
          batch: {}
        exporters:
          debug: {}
        service:
          telemetry: {metrics: {address: 127.0.0.1:%d}}
          pipelines:
            traces: {receivers: [otlp], processors: [%s], exporters: [debug]}
            logs: {receivers: [otlp], processors: [%s], exporters: [debug]}
        """.formatted(grpc, http, admin, processors, processors));
    List<String> options = new ArrayList<>(List.of(heap));
    options.add("-XX:+ExitOnOutOfMemoryError");
    gateway = GatewayProcess.start(config, dir.resolve("gateway.log"), options.toArray(String[]::new));
    GatewayProcess.awaitReady(gateway, admin, Duration.ofSeconds(60), this::log);
  }

  @Test
  void theRequestsThatKilledASmallHeapAreRefusedAndTheGatewayStaysUp() throws Exception {
    start("", "-Xmx40m", "-XX:+UseSerialGC");
    URI traces = URI.create("http://127.0.0.1:" + http + "/v1/traces");
    int big;
    try {
      big = client.send(HttpRequest.newBuilder(traces).header("Content-Type", "application/x-protobuf")
          .POST(HttpRequest.BodyPublishers.ofByteArray(TraceData.ofSize(19_000_000).bytes())).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      big = -1; // the gateway may close the connection while the rest of the body is still coming
    }
    assertTrue(big == 400 || big == -1, "19 MB body: " + big);
    assertTrue(gateway.isAlive(), log());

    byte[] json = LogData.records(1).bodies(i -> "x").each((r, i) -> {
      for (int a = 0; a < 50_000; a++) {
        r.addAttributes(Values.kv("attr" + a, "v" + a));
      }
    }).json();
    assertTrue(json.length > 2_000_000, "the issue's 2.1 MB log: " + json.length);
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/logs"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    // The streaming reader costs 3x the body, which 40 MiB can afford: taken, or throttled while busy.
    assertTrue(r.statusCode() == 200 || r.statusCode() == 429, "50,000-attribute JSON: " + r.statusCode() + " "
        + r.body());
    assertTrue(gateway.isAlive(), log());

    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc).usePlaintext().maxInboundMessageSize(8 << 20).build();
    ExportTraceServiceRequest message = TraceData.ofSize(3_900_000).build();
    List<String> codes = exportConcurrently(8, message);
    assertTrue(gateway.isAlive(), "8 × 3.9 MB over gRPC (" + codes + "):\n" + log());
    assertTrue(codes.stream().allMatch(c -> c.equals("OK") || c.equals("RESOURCE_EXHAUSTED")), codes + "\n" + log());

    HttpResponse<Void> ordinary = client.send(HttpRequest.newBuilder(traces).header("Content-Type",
        "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(TraceData.ofSize(10_000).bytes())).build(),
        HttpResponse.BodyHandlers.discarding());
    assertEquals(200, ordinary.statusCode(), "still serving:\n" + log());
    assertServesThroughAFloodOfIdleAndSlowConnections(600, 300);
  }

  /**
   * POSTs {@code body} from {@code n} clients at once; each answer's status, or -1 when the
   * connection was closed without one (a refused body is read to its end, so a client sees 429).
   */
  private List<Integer> postConcurrently(int n, String path, String type, byte[] body) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(n);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        answers.add(clients.submit(() -> {
          try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
                .header("Content-Type", type).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
          } catch (IOException e) {
            return -1;
          }
        }));
      }
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> f : answers) {
        codes.add(f.get(180, TimeUnit.SECONDS));
      }
      return codes;
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * The issue's -Xmx256m classes, with a memory_limiter (limit_mib 200) and a batch processor: 8
   * concurrent 19 MB protobuf bodies, 8 concurrent 15 MB OTLP/JSON bodies, one 8.5 MB JSON log
   * with 200,000 attributes, and 32 concurrent 3.9 MB gRPC messages. Each is taken or refused with
   * a throttling code (400 only for what could never fit), the JVM stays up, and it still serves,
   * also through a flood of idle and slowloris connections.
   */
  @Test
  void decodersDrivenAtTheirLimitsUnderA256MiBHeapLeaveTheGatewayUp(org.junit.jupiter.api.TestReporter report)
      throws Exception {
    start("memory_limiter, batch", "-Xmx256m");
    List<Integer> protobuf = postConcurrently(8, "/v1/traces", "application/x-protobuf", TraceData.ofSize(19_000_000).bytes());
    assertTrue(gateway.isAlive(), "8 x 19 MB protobuf " + protobuf + ":\n" + log());
    assertTrue(protobuf.stream().allMatch(c -> c == 200 || c == 429 || c == 503), protobuf.toString());
    assertTrue(protobuf.contains(200), "some are taken: " + protobuf);

    byte[] json = LogData.records(1).bodies(i -> "x").each((r, i) -> {
      for (int a = 0; a < 320_000; a++) {
        r.addAttributes(Values.kv("attr" + a, "v" + a));
      }
    }).json();
    assertTrue(json.length > 14_000_000 && json.length < 20 << 20, "15 MB, under the 20 MiB body limit: " + json.length);
    List<Integer> jsons = postConcurrently(8, "/v1/logs", "application/json", json);
    assertTrue(gateway.isAlive(), "8 x 15 MB JSON " + jsons + ":\n" + log());
    assertTrue(jsons.stream().allMatch(c -> c == 200 || c == 429 || c == 503), jsons.toString());

    byte[] attributes = LogData.records(1).bodies(i -> "x").each((r, i) -> {
      for (int a = 0; a < 200_000; a++) {
        r.addAttributes(Values.kv("attr" + a, "v" + a));
      }
    }).json();
    assertTrue(attributes.length > 8_000_000, "the issue's 8.5 MB, 200,000-attribute log: " + attributes.length);
    List<Integer> one = postConcurrently(1, "/v1/logs", "application/json", attributes);
    assertTrue(gateway.isAlive(), "200,000 attributes " + one + ":\n" + log());
    assertTrue(one.get(0) == 200 || one.get(0) == 429, one.toString());

    channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc).usePlaintext().maxInboundMessageSize(8 << 20).build();
    ExportTraceServiceRequest message = TraceData.ofSize(3_900_000).build();
    List<String> codes = exportConcurrently(32, message);
    assertTrue(gateway.isAlive(), "32 x 3.9 MB over gRPC (" + codes + "):\n" + log());
    assertTrue(codes.stream().allMatch(c -> c.equals("OK") || c.equals("RESOURCE_EXHAUSTED")), codes + "\n" + log());
    // The answers, in the test report (surefire's XML), for the figures a closing note cites.
    report.publishEntry("answers -Xmx256m", "8 x 19 MB protobuf " + protobuf + "; 8 x 15 MB JSON " + jsons
        + "; 200,000 attributes " + one + "; 32 x 3.9 MB gRPC " + codes);

    Await.until("serving an ordinary request again", Duration.ofSeconds(60), () -> {
      try {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(TraceData.ofSize(10_000).bytes())).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    assertTrue(gateway.isAlive(), log());
    assertServesThroughAFloodOfIdleAndSlowConnections(600, 300);
  }

  /** Exports {@code message} over gRPC from {@code n} clients at once; each answer's status code. */
  private List<String> exportConcurrently(int n, ExportTraceServiceRequest message) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(n);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        answers.add(clients.submit(() -> {
          try {
            TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS).export(message);
            return "OK";
          } catch (StatusRuntimeException e) {
            return e.getStatus().getCode().name();
          }
        }));
      }
      List<String> codes = new ArrayList<>();
      for (Future<String> f : answers) {
        codes.add(f.get(180, TimeUnit.SECONDS));
      }
      return codes;
    } finally {
      clients.shutdownNow();
    }
  }

  /**
   * Opens {@code idle} connections that send nothing and {@code slow} that send half a request
   * header (slowloris), checks that an ordinary request is served while they are all open, then
   * closes them. 900 sockets in all, so that a 1,024 file-descriptor limit is enough for each side.
   */
  private void assertServesThroughAFloodOfIdleAndSlowConnections(int idle, int slow) throws Exception {
    List<java.net.Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < idle + slow; i++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", http);
        open.add(s);
        if (i >= idle) {
          s.getOutputStream().write("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty"
              .getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
        }
      }
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/v1/traces"))
          .header("Content-Type", "application/x-protobuf").timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofByteArray(TraceData.ofSize(10_000).bytes())).build(),
          HttpResponse.BodyHandlers.discarding());
      assertEquals(200, r.statusCode(), "served with " + idle + " idle and " + slow + " slow connections open");
      assertTrue(gateway.isAlive(), log());
    } finally {
      for (java.net.Socket s : open) {
        s.close();
      }
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("gateway.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
