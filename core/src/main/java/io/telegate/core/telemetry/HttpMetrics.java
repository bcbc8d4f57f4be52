package io.telegate.core.telemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP histograms the Collector's otelhttp instrumentation exposes at {@code
 * service.telemetry.metrics.level: detailed}, in the current semantic conventions: {@code
 * http_server_request_duration} (seconds), {@code http_server_request_body_size} and {@code
 * http_server_response_body_size} (bytes), and the same for {@code http_client_*}, labelled with
 * {@code http_request_method}, {@code http_response_status_code} and {@code url_scheme}.
 */
public final class HttpMetrics {

  /** The semantic conventions' advised bounds for {@code http.*.request.duration}. */
  static final double[] DURATION_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};

  private final MetricRegistry registry;
  private final String side;
  private final Map<String, Series> series = new ConcurrentHashMap<>();

  private record Series(MetricRegistry.Histogram duration, MetricRegistry.Histogram requestSize,
      MetricRegistry.Histogram responseSize) {}

  private HttpMetrics(MetricRegistry registry, String side) {
    this.registry = registry;
    this.side = side;
  }

  /** The server side's histograms, or null below level {@code detailed} (nothing is recorded then). */
  public static HttpMetrics server(MetricRegistry registry) {
    return registry.level() == MetricRegistry.Level.DETAILED ? new HttpMetrics(registry, "server") : null;
  }

  /** The client side's histograms, or null below level {@code detailed}. */
  public static HttpMetrics client(MetricRegistry registry) {
    return registry.level() == MetricRegistry.Level.DETAILED ? new HttpMetrics(registry, "client") : null;
  }

  /** Records one request and its response; a body of unknown size counts as 0 bytes. */
  public void record(String method, int status, String scheme, long nanos, long requestBytes, long responseBytes) {
    Series s = series.computeIfAbsent(method + ' ' + status + ' ' + scheme, k -> register(method, status, scheme));
    s.duration().record(nanos / 1e9);
    s.requestSize().record(Math.max(0, requestBytes));
    s.responseSize().record(Math.max(0, responseBytes));
  }

  private Series register(String method, int status, String scheme) {
    String[] labels = {"http_request_method", method, "http_response_status_code", Integer.toString(status),
        "url_scheme", scheme};
    String prefix = "http_" + side + "_";
    return new Series(
        registry.histogram(prefix + "request_duration", "Duration of HTTP " + side + " requests.", DURATION_BOUNDS,
            labels),
        registry.histogram(prefix + "request_body_size", "Size of HTTP " + side + " request bodies.",
            RpcMetrics.DEFAULT_BOUNDS, labels),
        registry.histogram(prefix + "response_body_size", "Size of HTTP " + side + " response bodies.",
            RpcMetrics.DEFAULT_BOUNDS, labels));
  }
}
