package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.component.Signal;
import io.telegate.core.data.Traces;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.data.TraceData;
import io.telegate.testing.otlp.OtlpTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway with the {@code otlphttp} exporter's disk queue, killed with SIGKILL while its backend
 * is down, restarted on the same storage, delivers everything it acknowledged once the backend is
 * up. The gateway is a child JVM ({@code telegate run} on an OTLP receiver and the exporter), so
 * the kill is a real one; the backend is an {@link OtlpTestServer}.
 */
class CrashRecoveryTest {

  private static final int N = 40;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;
  private final List<Process> children = new ArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() throws Exception {
    for (Process p : children) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  @Test
  void everyAcknowledgedSpanArrivesAfterKill9AndRestart() throws Exception {
    int backendPort = FreePorts.next();
    Path storage = dir.resolve("queue");
    Gateway first = startGateway(backendPort, storage, "first");
    for (int i = 0; i < N; i++) {
      assertEquals(200, first.post("crash-" + i), "the gateway acknowledges span " + i);
    }
    first.kill();

    Gateway second = startGateway(backendPort, storage, "second");
    OtlpTestServer backend = startBackend(backendPort);
    Await.until("every span to arrive", WAIT, () -> distinct(backend).size() == N);
    int duplicates = (int) backend.itemCount(Signal.TRACES) - N;
    assertTrue(duplicates >= 0, "duplicates: " + duplicates);
    assertEquals(200, second.post("after-restart"));
    Await.until("the restarted gateway to go on sending", WAIT, () -> distinct(backend).contains("after-restart-0"));
  }

  /**
   * With {@code sending_queue.batch} on the disk queue: requests are acknowledged after the disk
   * write and sent in batches; killed while a client sends and the backend takes data, the
   * restarted gateway delivers every acknowledged span, whether it was waiting in the queue,
   * gathered into a forming batch, or in a batch being sent.
   */
  @Test
  void withQueueBatchEveryAcknowledgedSpanArrivesAfterKill9MidLoad() throws Exception {
    int backendPort = FreePorts.next();
    Path storage = dir.resolve("queue");
    OtlpTestServer backend = startBackend(backendPort);
    Gateway first = startGateway(backendPort, storage, "first", "batch");
    Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread client = new Thread(() -> {
      for (int i = 0; !stop.get(); i++) {
        try {
          if (first.post("load-" + i) == 200) {
            acknowledged.add("load-" + i + "-0");
          }
        } catch (Exception e) {
          return; // the gateway was killed under this request: it was never acknowledged
        }
      }
    });
    client.start();
    Await.until("a first part of the load acknowledged", WAIT, () -> acknowledged.size() >= 150);
    first.kill();
    stop.set(true);
    client.join(20_000);
    int beforeRestart = distinct(backend).size();

    Gateway second = startGateway(backendPort, storage, "second", "batch");
    Await.until("every acknowledged span (" + acknowledged.size() + ") to arrive", WAIT,
        () -> distinct(backend).containsAll(acknowledged), () -> {
          Set<String> missing = new java.util.TreeSet<>(acknowledged);
          missing.removeAll(distinct(backend));
          return "missing " + missing.size() + ": " + missing + "; first log:\n" + first.log() + "\nsecond log:\n"
              + second.log();
        });
    assertTrue(backend.traces().stream().anyMatch(t -> Traces.of(t).itemCount() > 1),
        "sent in batches, not one by one");
    assertTrue(beforeRestart < acknowledged.size() || backend.itemCount(Signal.TRACES) >= acknowledged.size(),
        "delivered before the kill: " + beforeRestart);
    assertEquals(200, second.post("after-restart"));
    Await.until("the restarted gateway to go on sending", WAIT, () -> distinct(backend).contains("after-restart-0"));
  }

  @Test
  void aTornTailSegmentIsSkippedNotFatal() throws Exception {
    int backendPort = FreePorts.next();
    Path storage = dir.resolve("queue");
    Gateway first = startGateway(backendPort, storage, "first");
    for (int i = 0; i < N; i++) {
      assertEquals(200, first.post("torn-" + i));
    }
    first.kill();
    Path segment = lastSegment(storage);
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      // A crash in the middle of writing the last record.
      ch.truncate(ch.size() - 3);
    }

    Gateway second = startGateway(backendPort, storage, "second");
    OtlpTestServer backend = startBackend(backendPort);
    Await.until("every whole record to arrive", WAIT, () -> distinct(backend).size() == N - 1);
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < N - 1; i++) {
      expected.add("torn-" + i + "-0");
    }
    assertEquals(expected, distinct(backend), "all but the torn last record");
    assertTrue(second.log().contains("torn or corrupt record"), "the skip is logged");
    assertEquals(200, second.post("after-restart"));
    Await.until("the restarted gateway to go on sending", WAIT, () -> distinct(backend).contains("after-restart-0"));
  }

  private static Path lastSegment(Path storage) throws IOException {
    try (Stream<Path> files = Files.walk(storage)) {
      return files.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted()
          .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no segment file under " + storage));
    }
  }

  private OtlpTestServer startBackend(int port) throws Exception {
    OtlpTestServer backend = OtlpTestServer.builder().httpPort(port).start();
    toClose.add(backend);
    return backend;
  }

  private static Set<String> distinct(OtlpTestServer backend) {
    Set<String> names = new HashSet<>();
    for (ExportTraceServiceRequest t : backend.traces()) {
      for (ResourceSpans rs : t.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          ss.getSpansList().stream().map(Span::getName).forEach(names::add);
        }
      }
    }
    return names;
  }

  /**
   * Runs {@code telegate run} in a child JVM: the OTLP receiver (HTTP) feeding the {@code otlphttp}
   * exporter with a disk queue in {@code storage}, batching on its read side
   * ({@code sending_queue.batch}) when {@code options} hold {@code batch}; returns once it is ready.
   */
  private Gateway startGateway(int backendPort, Path storage, String name, String... options) throws Exception {
    int port = FreePorts.next();
    int admin = FreePorts.next();
    Path log = dir.resolve(name + ".log");
    Path config = dir.resolve(name + ".yaml");
    String batch = List.of(options).contains("batch") ? ", batch: {flush_timeout: 200ms, min_size: 20}" : "";
    Files.writeString(config, """
        receivers:
          otlp:
            protocols:
              http: {endpoint: 127.0.0.1:%d}
        exporters:
          otlphttp:
            endpoint: http://127.0.0.1:%d
            sending_queue: {storage: "%s", num_consumers: 2%s}
            retry_on_failure: {initial_interval: 100ms, max_interval: 200ms, max_elapsed_time: 0}
            timeout: 2s
        service:
          telemetry: {metrics: {address: 127.0.0.1:%d}}
          pipelines:
            traces: {receivers: [otlp], exporters: [otlphttp]}
        """.formatted(port, backendPort, storage, batch, admin));
    Process p = GatewayProcess.start(config, log, "-Xmx256m");
    children.add(p);
    Gateway g = new Gateway(p, port, log);
    GatewayProcess.awaitReady(p, admin, WAIT, g::log);
    return g;
  }

  /** A running child gateway. */
  private final class Gateway {
    private final Process process;
    private final int port;
    private final Path log;

    Gateway(Process process, int port, Path log) {
      this.process = process;
      this.port = port;
      this.log = log;
    }

    int post(String prefix) throws Exception {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/x-protobuf")
              .POST(HttpRequest.BodyPublishers.ofByteArray(
                  TraceData.spans(1).named(prefix + "-").ids(16, 8).bytes()))
              .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** SIGKILL on Linux: no shutdown hook, no drain. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the gateway did not die");
    }

    String log() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
