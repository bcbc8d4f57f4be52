package io.telegate.exporter.prometheus;

import static io.telegate.testing.data.Values.attrs;
import static io.telegate.testing.data.MetricData.counter;
import static io.telegate.testing.data.MetricData.gauge;
import static io.telegate.testing.data.MetricData.histogram;
import static io.telegate.testing.data.MetricData.histogramPoint;
import static io.telegate.testing.data.MetricData.point;
import static io.telegate.translator.prometheus.Otlp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.telegate.core.component.ComponentId;
import io.telegate.core.data.Metrics;
import io.telegate.testing.FreePorts;
import io.telegate.testing.SettableClock;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.MetricData;
import io.telegate.translator.prometheus.Configs;
import io.telegate.translator.prometheus.Otlp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pull exporter's scrape output. */
class PrometheusScrapeExporterTest {


  private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private PrometheusScrapeExporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown();
    }
  }

  private PrometheusScrapeExporter start(Map<String, Object> raw) throws Exception {
    exporter = new PrometheusScrapeExporter(ComponentId.of("prometheus"),
        Configs.bind(raw, PrometheusExporterConfig.DEFAULT));
    exporter.start(new TestHost(clock));
    return exporter;
  }

  @Test
  void servesTheTextFormatWithHelpTypeAndUnit() throws Exception {
    int port = FreePorts.next();
    start(Map.of("endpoint", "127.0.0.1:" + port, "const_labels", Map.of("region", "eu")));
    exporter.send(Metrics.of(request(attrs("service.name", "api", "host.name", "h1"),
        counter("http.server.requests", "", point(7, Otlp.T, "code", "200")),
        histogram("latency", "s", histogramPoint(Otlp.T, new double[] {0.5, 5}, new long[] {1, 2, 0}, 3.0))))).join();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    String scope = "otel_scope_name=\"lib\",otel_scope_version=\"1.2\",region=\"eu\"";
    assertEquals(String.join("\n",
        "# HELP http_server_requests_total http_server_requests_total",
        "# TYPE http_server_requests_total counter",
        "http_server_requests_total{code=\"200\",job=\"api\"," + scope + "} 7",
        "# HELP latency_seconds latency_seconds",
        "# TYPE latency_seconds histogram",
        "# UNIT latency_seconds seconds",
        "latency_seconds_bucket{job=\"api\",le=\"0.5\"," + scope + "} 1",
        "latency_seconds_bucket{job=\"api\",le=\"5\"," + scope + "} 3",
        "latency_seconds_bucket{job=\"api\",le=\"+Inf\"," + scope + "} 3",
        "latency_seconds_count{job=\"api\"," + scope + "} 3",
        "latency_seconds_sum{job=\"api\"," + scope + "} 3",
        "# HELP target_info Target metadata",
        "# TYPE target_info gauge",
        "target_info{host_name=\"h1\",job=\"api\",region=\"eu\"} 1", ""), r.body());
  }

  @Test
  void seriesNotUpdatedWithinMetricExpirationDisappear() throws Exception {
    start(Map.of("endpoint", "127.0.0.1:0", "metric_expiration", "1m"));
    exporter.send(Metrics.of(Otlp.plain(gauge("old", "", point(1, Otlp.T))))).join();
    clock.advance(Duration.ofSeconds(50));
    exporter.send(Metrics.of(Otlp.plain(gauge("fresh", "", point(1, Otlp.T))))).join();
    assertTrue(exporter.render().contains("old{"));
    clock.advance(Duration.ofSeconds(11));
    String text = exporter.render();
    assertTrue(!text.contains("old{") && text.contains("fresh{"), text);
  }

  @Test
  void aStalenessMarkerRemovesTheSeries() throws Exception {
    start(Map.of("endpoint", "127.0.0.1:0"));
    exporter.send(Metrics.of(Otlp.plain(gauge("g", "", point(1, Otlp.T))))).join();
    exporter.send(Metrics.of(Otlp.plain(gauge("g", "", point(1, Otlp.T).toBuilder()
        .setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE).build())))).join();
    assertEquals("", exporter.render());
  }

  @Test
  void anOlderSampleArrivingLateNeitherReplacesNorRemovesANewerOne() throws Exception {
    start(Map.of("endpoint", "127.0.0.1:0", "send_timestamps", true));
    long minuteLater = Otlp.T + Duration.ofMinutes(1).toNanos();
    String newest = "g{job=\"checkout\"} 2 " + (Otlp.T_MS + 60_000) + "\n";
    exporter.send(Metrics.of(Otlp.plain(gauge("g", "", point(2, minuteLater))))).join();
    exporter.send(Metrics.of(Otlp.plain(gauge("g", "", point(1, Otlp.T))))).join();
    assertTrue(exporter.render().contains(newest), exporter.render());
    exporter.send(Metrics.of(Otlp.plain(gauge("g", "", point(1, Otlp.T).toBuilder()
        .setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE).build())))).join();
    assertTrue(exporter.render().contains(newest), exporter.render());
  }

  @Test
  void timestampsOnlyWhenAsked() throws Exception {
    start(Map.of("endpoint", "127.0.0.1:0", "send_timestamps", true));
    exporter.send(Metrics.of(Otlp.plain(gauge("g", "", point(1.5, Otlp.T))))).join();
    assertTrue(exporter.render().contains("g{job=\"checkout\"} 1.5 " + Otlp.T_MS + "\n"), exporter.render());
  }
}
