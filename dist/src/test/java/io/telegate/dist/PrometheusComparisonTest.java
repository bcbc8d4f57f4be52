package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.service.Gateway;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.translator.prometheus.PrometheusServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The same target scraped by a real Prometheus (A) and by Telegate's {@code prometheus} receiver,
 * remote-written by {@code prometheusremotewrite} into a second real Prometheus (B): both stores hold
 * the same series (names and label sets) with the same values, and when the target goes away its
 * series go stale in both.
 */
class PrometheusComparisonTest {

  private static final Duration WAIT = Duration.ofSeconds(120);
  /** What Telegate's resource makes the remote-write exporter add, and Prometheus never stores. */
  private static final Set<String> ONLY_THROUGH_OTLP = Set.of("target_info");

  private static final String EXPOSITION = """
      # HELP http_requests_total Requests served.
      # TYPE http_requests_total counter
      http_requests_total{code="200",method="get"} 1027
      http_requests_total{code="500",method="get"} 3
      # TYPE temperature_celsius gauge
      temperature_celsius{room="a"} 21.5
      # TYPE request_seconds histogram
      request_seconds_bucket{le="0.1"} 8
      request_seconds_bucket{le="0.5"} 11
      request_seconds_bucket{le="+Inf"} 12
      request_seconds_sum 2.5
      request_seconds_count 12
      # TYPE rpc_seconds summary
      rpc_seconds{quantile="0.5"} 0.2
      rpc_seconds{quantile="0.9"} 0.7
      rpc_seconds_sum 30
      rpc_seconds_count 100
      some_untyped_value 7
      """;

  @Test
  void bothStoresHoldTheSameSeriesAndBothMarkThemStaleWhenTheTargetGoes() throws Exception {
    assumeTrue(PrometheusServer.available(), PrometheusServer.BINARY + " is not installed (apt-get install prometheus)");
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
    target.createContext("/metrics", ex -> {
      byte[] b = EXPOSITION.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
      ex.sendResponseHeaders(200, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    });
    target.start();
    String address = "127.0.0.1:" + target.getAddress().getPort();
    try (PrometheusServer a = PrometheusServer.start(address); PrometheusServer b = PrometheusServer.start()) {
      // PrometheusServer's scrape job is named "telegate" and runs every second; Telegate's is the same.
      Map<String, Object> tree = Map.of(
          "receivers", Map.of("prometheus", Map.of("config", Map.of("scrape_configs", List.of(Map.of(
              "job_name", "telegate", "scrape_interval", "1s",
              "static_configs", List.of(Map.of("targets", List.of(address)))))))),
          // Without otel_scope_* labels, which Prometheus's own scrape does not add (README of the receiver).
          "exporters", Map.of("prometheusremotewrite", Map.of("endpoint", b.writeUrl(), "disable_scope_info", true)),
          "service", Map.of(
              "telemetry", Map.of("metrics", Map.of("address", "127.0.0.1:0", "readers", List.of())),
              "pipelines", Map.of("metrics", Map.of("receivers", List.of("prometheus"),
                  "exporters", List.of("prometheusremotewrite")))));
      GatewayConfig config = new ConfigResolver(BuiltinComponents.all()).resolve(new java.util.HashMap<>(tree));
      Gateway gateway = new Gateway(config, "test", Clock.systemUTC());
      gateway.start();
      try {
        String selector = "{job=\"telegate\"}";
        Await.until("both stores have every series", WAIT,
            () -> series(a, selector).size() >= 17 && series(b, selector).keySet().containsAll(
                series(a, selector).keySet()));
        // Values settle once both have scraped more than once (scrape_series_added is 0 from the second on).
        Await.until("equal values", WAIT, () -> comparable(series(a, selector)).equals(comparable(series(b, selector))));
        Map<String, Double> inA = series(a, selector);
        Map<String, Double> inB = series(b, selector);
        assertEquals(inA.keySet(), inB.keySet());
        assertEquals(comparable(inA), comparable(inB));

        target.stop(0);
        String temp = "temperature_celsius{job=\"telegate\"}";
        Await.until("the series stale in both stores", WAIT,
            () -> a.query(temp).isEmpty() && b.query(temp).isEmpty());
        assertEquals(0, a.value("up{job=\"telegate\"}", null));
        Await.until("up 0 in B too", WAIT, () -> b.value("up{job=\"telegate\"}", null) == 0);
      } finally {
        gateway.shutdown(Duration.ofSeconds(10));
      }
    } finally {
      target.stop(0);
    }
  }

  /** The series whose values both stores must agree on: all but each scrape's own duration. */
  private static Map<String, Double> comparable(Map<String, Double> series) {
    Map<String, Double> out = new TreeMap<>(series);
    out.keySet().removeIf(k -> k.startsWith("scrape_duration_seconds"));
    return out;
  }

  /** Each series of an instant query as {@code name{labels sorted}} with its value. */
  private static Map<String, Double> series(PrometheusServer p, String selector) {
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode r : p.query(selector)) {
      Map<String, String> labels = new TreeMap<>();
      r.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      String name = labels.remove("__name__");
      if (!ONLY_THROUGH_OTLP.contains(name)) {
        out.put(name + labels, Double.parseDouble(r.path("value").get(1).asText()));
      }
    }
    return out;
  }
}
