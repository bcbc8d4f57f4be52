package io.telegate.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's own flow-control figures, read from its self-metrics endpoint ({@code /metrics},
 * Prometheus text): what its buffers and queues hold, and what it refused, dropped or retried.
 */
public final class GatewayMetrics {

  /**
   * Series read at the end of a run, by name prefix; every series whose name starts with one is
   * summed over its labels.
   */
  static final List<String> FLOW = List.of(
      "telegate_buffers_memory_used_bytes",
      "telegate_buffers_memory_limit_bytes",
      "telegate_processor_batch_buffered_items",
      "telegate_processor_batch_buffered_bytes",
      "otelcol_exporter_queue_size",
      "otelcol_exporter_in_flight_requests",
      "otelcol_receiver_refused_",
      "otelcol_processor_refused_",
      "otelcol_processor_dropped_",
      "otelcol_exporter_enqueue_failed_",
      "otelcol_exporter_send_failed_",
      "telegate_exporter_retries");

  private GatewayMetrics() {}

  /** The {@link #FLOW} series of the gateway whose metrics listen on 127.0.0.1:{@code port}; empty if it does not answer. */
  static Map<String, Double> scrape(int port) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? parse(r.body(), FLOW) : Map.of();
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  /**
   * Sums, per series name, the samples of Prometheus text {@code text} whose name starts with one
   * of {@code prefixes}; in the order the names first appear.
   */
  static Map<String, Double> parse(String text, List<String> prefixes) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int nameEnd = 0;
      while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
        nameEnd++;
      }
      String name = line.substring(0, nameEnd);
      if (prefixes.stream().noneMatch(name::startsWith)) {
        continue;
      }
      boolean labels = nameEnd < line.length() && line.charAt(nameEnd) == '{';
      int valueStart = labels ? line.lastIndexOf('}') + 1 : nameEnd;
      String[] rest = line.substring(valueStart).trim().split("\\s+");
      try {
        out.merge(name, Double.parseDouble(rest[0]), Double::sum);
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return out;
  }

  /** {@code name=value ...}, integers without decimals. */
  static String format(Map<String, Double> m) {
    if (m.isEmpty()) {
      return "(no answer from the metrics endpoint)";
    }
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(b.length() > 0 ? " " : "").append(k).append('=')
        .append(v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3f", v)));
    return b.toString();
  }
}
