package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.data.TraceData;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memory_limiter under sustained overload: a gateway JVM with a small heap, its exporter's backend
 * stalled, clients sending flat out. The gateway must refuse with 429 rather than run out of memory,
 * lose nothing it acknowledged, and take data again once the backend recovers.
 */
class MemoryLimiterOverloadTest {

  @TempDir Path dir;
  private Process gateway;
  private HttpServer backend;

  @AfterEach
  void stop() {
    if (gateway != null && gateway.isAlive()) {
      gateway.destroyForcibly();
    }
    if (backend != null) {
      backend.stop(0);
    }
  }

  private static byte[] request(int seq) {
    return TraceData.spans(100).names(i -> "GET /api/v1/users/{id}").ids(16, 8).attribute("seq", seq)
        .attribute("padding", "x".repeat(200)).bytes();
  }

  @Test
  void refusesWith429InsteadOfRunningOutOfMemoryLosesNothingAcknowledgedAndRecovers(
      org.junit.jupiter.api.TestReporter report) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong delivered = new AtomicLong();
    int backendPort = FreePorts.next();
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", backendPort), 64);
    backend.setExecutor(Executors.newFixedThreadPool(8));
    backend.createContext("/v1/traces", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        byte[] body = in.readAllBytes();
        if (!release.await(0, TimeUnit.SECONDS)) {
          release.await(60, TimeUnit.SECONDS); // stalled: hold the request
        }
        ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(body);
        delivered.addAndGet(io.telegate.core.data.Traces.countSpans(req));
        ex.sendResponseHeaders(200, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(503, -1);
      } finally {
        ex.close();
      }
    });
    backend.start();

    int otlpPort = FreePorts.next();
    int adminPort = FreePorts.next();
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, """
        receivers:
          otlp:
            protocols:
              http: {endpoint: 127.0.0.1:%d}
        processors:
          memory_limiter: {check_interval: 100ms, limit_mib: 96, spike_limit_mib: 24}
        exporters:
          otlphttp:
            endpoint: http://127.0.0.1:%d
            compression: none
            timeout: 120s
            sending_queue: {num_consumers: 4, queue_size: 1000000}
            retry_on_failure: {initial_interval: 100ms, max_interval: 1s, max_elapsed_time: 0s}
        service:
          telemetry: {metrics: {address: 127.0.0.1:%d}}
          # The queue's byte bound would refuse first at the default 25 %% of the heap; this test is
          # about memory_limiter, so the bound is set above its limit.
          buffers: {limit_percentage: 90}
          pipelines:
            traces: {receivers: [otlp], processors: [memory_limiter], exporters: [otlphttp]}
        """.formatted(otlpPort, backendPort, adminPort));
    gateway = GatewayProcess.start(config, dir.resolve("gateway.log"), "-Xmx160m", "-XX:+ExitOnOutOfMemoryError");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    GatewayProcess.awaitReady(gateway, adminPort, Duration.ofSeconds(60), () -> "see " + dir.resolve("gateway.log"));

    // Overload: 4 clients flat out against a backend that answers nothing, until 429s have come back a while.
    AtomicLong acknowledgedSpans = new AtomicLong();
    AtomicLong throttled = new AtomicLong();
    AtomicLong other = new AtomicLong();
    URI traces = URI.create("http://127.0.0.1:" + otlpPort + "/v1/traces");
    ExecutorService clients = Executors.newFixedThreadPool(4);
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      int client = c;
      running.add(clients.submit(() -> {
        int seq = 0;
        while (System.nanoTime() < end && throttled.get() < 200) {
          byte[] body = request(client * 1_000_000 + seq++);
          try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(traces)
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
              acknowledgedSpans.addAndGet(100);
            } else if (r.statusCode() == 429) {
              assertTrue(r.headers().firstValue("Retry-After").isPresent(), "429 carries Retry-After");
              throttled.incrementAndGet();
            } else {
              other.incrementAndGet();
            }
          } catch (IOException e) {
            other.incrementAndGet();
          } catch (InterruptedException e) {
            return null;
          }
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get(60, TimeUnit.SECONDS);
    }
    clients.shutdownNow();
    assertTrue(gateway.isAlive(), "the gateway must not run out of memory:\n" + Files.readString(dir.resolve("gateway.log")));
    assertTrue(throttled.get() > 0, "clients were refused with 429 (acknowledged spans " + acknowledgedSpans + ")");
    assertTrue(acknowledgedSpans.get() > 0, "some data was taken before the limit");
    assertEquals(0, other.get(), "no answer other than 200 and 429");
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("otelcol_processor_refused_spans") && !l.endsWith(" 0")),
        "memory_limiter counted its refusals: " + metrics);

    // Recovery: the backend answers again; everything acknowledged arrives and new data is taken.
    release.countDown();
    Await.until("every acknowledged span delivered (" + acknowledgedSpans + ")", Duration.ofSeconds(90),
        () -> delivered.get() >= acknowledgedSpans.get());
    // memory_limiter must leave refusal within two check intervals (200 ms) of the backlog draining
    // (issue 16, defect 2: it used to stay for tens of seconds). The bound asserted is 2 s, ten
    // times that, so that a busy test machine's scheduling does not fail it; the figure goes to the
    // test report.
    long drained = System.nanoTime();
    Await.until("the gateway takes data again", Duration.ofSeconds(30), () -> {
      try {
        return http.send(HttpRequest.newBuilder(traces).header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(request(-1))).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    long recoveredMillis = (System.nanoTime() - drained) / 1_000_000;
    report.publishEntry("taking data again after the backlog drained (ms, check_interval 100ms)",
        Long.toString(recoveredMillis));
    assertTrue(recoveredMillis < 2_000, "still refusing " + recoveredMillis + " ms after the backlog drained");
    gateway.destroy();
    assertTrue(gateway.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, gateway.exitValue());
  }
}
