package io.telegate.exporter.prometheus;

import static io.telegate.testing.data.MetricData.gauge;
import static io.telegate.testing.data.MetricData.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.data.Metrics;
import io.telegate.testing.FreePorts;
import io.telegate.testing.ManualScheduler;
import io.telegate.testing.TestHost;
import io.telegate.translator.prometheus.Configs;
import io.telegate.translator.prometheus.Otlp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sending_queue} on the {@code prometheus} exporter, through its factory: left out, a
 * request is answered once it is stored and can be scraped; written, the core's queue sits in
 * front of the store, as in the Collector.
 */
class PrometheusExporterQueueTest {

  private final ManualScheduler timer = new ManualScheduler();
  private final TestHost host = new TestHost().withScheduler(timer);
  private final int port = FreePorts.next();
  private Exporter<Metrics> exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(1));
    }
  }

  private void start(Map<String, Object> extra) throws Exception {
    Map<String, Object> raw = new HashMap<>(extra);
    raw.put("endpoint", "127.0.0.1:" + port);
    exporter = new PrometheusExporterFactory().createMetrics(
        CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("prometheus")),
        Configs.bind(raw, PrometheusExporterConfig.DEFAULT));
    exporter.start(host);
  }

  private String scrape() throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static Metrics request(String gauge) {
    return Metrics.of(Otlp.plain(gauge(gauge, "", point(1, Otlp.T))));
  }

  @Test
  void withoutSendingQueueARequestCanBeScrapedOnceAnswered() throws Exception {
    start(Map.of());
    exporter.consume(request("a")).join();
    assertTrue(scrape().contains("a{job=\"checkout\"} 1\n"), scrape());
    assertEquals(-1, host.value("otelcol_exporter_queue_capacity{exporter=\"prometheus\""), "no queue");
  }

  @Test
  void withSendingQueueRequestsAreAnsweredWhenQueuedAndServedOnceTheQueueSendsThem() throws Exception {
    // A batch that only its flush timeout sends shows what is queued but not yet stored.
    start(Map.of("sending_queue", Map.of("queue_size", 50, "batch", Map.of("flush_timeout", "1s", "min_size", 1000))));
    assertEquals(50, host.value("otelcol_exporter_queue_capacity{exporter=\"prometheus\""));
    exporter.consume(request("a")).join();
    exporter.consume(request("b")).join();
    String before = scrape();
    assertFalse(before.contains("a{job=\"checkout\"}") || before.contains("b{job=\"checkout\"}"), before);
    timer.advance(Duration.ofSeconds(1));
    String text = scrape();
    assertTrue(text.contains("a{job=\"checkout\"} 1\n") && text.contains("b{job=\"checkout\"} 1\n"), text);
  }

  @Test
  void sendingQueueEnabledFalseIsNoQueue() throws Exception {
    start(Map.of("sending_queue", Map.of("enabled", false)));
    exporter.consume(request("a")).join();
    assertTrue(scrape().contains("a{job=\"checkout\"} 1\n"), scrape());
    assertEquals(-1, host.value("otelcol_exporter_queue_capacity{exporter=\"prometheus\""), "no queue");
  }
}
