package io.telegate.exporter.prometheus;

import static io.telegate.testing.data.Values.attrs;
import static io.telegate.testing.data.MetricData.counter;
import static io.telegate.testing.data.MetricData.histogram;
import static io.telegate.testing.data.MetricData.histogramPoint;
import static io.telegate.testing.data.MetricData.point;
import static io.telegate.translator.prometheus.Otlp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.telegate.core.component.ComponentId;
import io.telegate.core.data.Metrics;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.MetricData;
import io.telegate.translator.prometheus.Configs;
import io.telegate.translator.prometheus.PrometheusServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A real Prometheus scrapes the {@code prometheus} exporter and parses every line of it. */
class ScrapedByRealPrometheusTest {

  @Test
  void prometheusScrapesTheSeries() throws Exception {
    Assumptions.assumeTrue(PrometheusServer.available(),
        "/usr/bin/prometheus is absent: install it with `apt-get install -y prometheus` (CI does)");
    int port = FreePorts.next();
    PrometheusScrapeExporter exporter = new PrometheusScrapeExporter(ComponentId.of("prometheus"),
        Configs.bind(Map.of("endpoint", "127.0.0.1:" + port), PrometheusExporterConfig.DEFAULT));
    exporter.start(new TestHost());
    long now = System.currentTimeMillis() * 1_000_000L;
    exporter.send(Metrics.of(request(attrs("service.name", "api", "host.name", "h1"),
        counter("http.server.requests", "", point(7, now, "code", "200")),
        histogram("latency", "s", histogramPoint(now, new double[] {0.5, 5}, new long[] {1, 2, 0}, 3.0))))).join();
    try (PrometheusServer prometheus = PrometheusServer.start("127.0.0.1:" + port)) {
      Await.until("scraped", Duration.ofSeconds(30),
          () -> !prometheus.query("http_server_requests_total{job=\"telegate\"}").isEmpty());
      assertEquals(1, prometheus.value("up{job=\"telegate\"}", null), "the scrape parsed");
      assertEquals(7, prometheus.value("http_server_requests_total", null));
      assertEquals(3, prometheus.value("latency_seconds_bucket{le=\"5\"}", null));
      assertEquals(1, prometheus.value("target_info", null));
    } finally {
      exporter.shutdown();
    }
  }
}
