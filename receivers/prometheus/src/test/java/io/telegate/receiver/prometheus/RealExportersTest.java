package io.telegate.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.telegate.core.data.Metrics;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import io.telegate.translator.prometheus.PrometheusServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The receiver against real exporters: Debian's node-exporter and a real Prometheus's own /metrics. */
class RealExportersTest {

  static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** Debian's node-exporter on a free loopback port, ready to be scraped. */
  static Process startNodeExporter(int port) throws Exception {
    Path log = Files.createTempFile("node-exporter", ".log");
    Process p = new ProcessBuilder(NODE_EXPORTER.toString(), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    HttpClient http = HttpClient.newHttpClient();
    Await.until("node-exporter on " + port, WAIT, () -> {
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    });
    return p;
  }

  private static Optional<Metric> find(RecordingConsumer<Metrics> sink, String... names) {
    for (Metrics m : sink.received()) {
      for (Metric x : Jobs.allMetrics(m.request())) {
        for (String n : names) {
          if (x.getName().equals(n)) {
            return Optional.of(x);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static PrometheusReceiver scrape(String target, RecordingConsumer<Metrics> sink) {
    PrometheusReceiver r = Jobs.receiver("prometheus", Jobs.oneJob("1s", Map.of(), target), sink);
    r.start(new TestHost());
    return r;
  }

  @Test
  void scrapesNodeExporter() throws Exception {
    assumeTrue(Files.isExecutable(NODE_EXPORTER), NODE_EXPORTER + " is not installed (apt-get install "
        + "prometheus-node-exporter)");
    int port = FreePorts.next();
    Process exporter = startNodeExporter(port);
    RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
    PrometheusReceiver r = scrape("127.0.0.1:" + port, sink);
    try {
      Await.until("node_cpu_seconds_total scraped", WAIT,
          () -> find(sink, "node_cpu_seconds_total", "node_cpu_seconds").isPresent());
      Metric cpu = find(sink, "node_cpu_seconds_total", "node_cpu_seconds").get();
      assertTrue(cpu.getSum().getIsMonotonic(), cpu.toString());
      assertTrue(Jobs.attributes(cpu.getSum().getDataPoints(0).getAttributesList()).containsKey("mode"));
      assertTrue(find(sink, "node_memory_MemTotal_bytes").get().hasGauge());
      assertEquals(1, find(sink, "up").get().getGauge().getDataPoints(0).getAsDouble());
    } finally {
      r.shutdown(Duration.ofSeconds(5));
      exporter.destroy();
      exporter.waitFor();
    }
  }

  @Test
  void scrapesARealPrometheusesOwnMetricsInOpenMetrics() throws Exception {
    assumeTrue(PrometheusServer.available(), PrometheusServer.BINARY + " is not installed (apt-get install prometheus)");
    try (PrometheusServer prometheus = PrometheusServer.start()) {
      String target = URI.create(prometheus.writeUrl()).getAuthority();
      RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
      PrometheusReceiver r = scrape(target, sink);
      try {
        Await.until("prometheus_http_request_duration_seconds scraped", WAIT,
            () -> find(sink, "prometheus_http_request_duration_seconds").isPresent());
        Metric latency = find(sink, "prometheus_http_request_duration_seconds").get();
        assertTrue(latency.hasHistogram(), latency.toString());
        assertTrue(latency.getHistogram().getDataPoints(0).getExplicitBoundsCount() > 0);
        // OpenMetrics names the counter family without _total and gives it a start time (_created).
        Metric requests = find(sink, "prometheus_http_requests", "prometheus_http_requests_total").get();
        assertTrue(requests.getSum().getIsMonotonic());
        assertTrue(requests.getSum().getDataPoints(0).getStartTimeUnixNano() > 0);
        assertTrue(find(sink, "prometheus_build_info").get().hasGauge());
      } finally {
        r.shutdown(Duration.ofSeconds(5));
      }
    }
  }
}
