package io.telegate.core.telemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gRPC histograms the Collector's otelgrpc instrumentation exposes at {@code
 * service.telemetry.metrics.level: detailed}: {@code rpc_server_duration} (milliseconds), {@code
 * _request_size}, {@code _response_size} (bytes), {@code _requests_per_rpc} and {@code
 * _responses_per_rpc}, and the same for {@code rpc_client_*}, labelled with {@code rpc_system},
 * {@code rpc_service}, {@code rpc_method} and {@code rpc_grpc_status_code}.
 */
public final class RpcMetrics {

  /** The OpenTelemetry SDK's default explicit bucket bounds, which otelgrpc's histograms use. */
  static final double[] DEFAULT_BOUNDS = {0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000};

  private final MetricRegistry registry;
  private final String side;
  private final Map<String, Series> series = new ConcurrentHashMap<>();

  private record Series(MetricRegistry.Histogram duration, MetricRegistry.Histogram requestSize,
      MetricRegistry.Histogram responseSize, MetricRegistry.Histogram requestsPerRpc,
      MetricRegistry.Histogram responsesPerRpc) {}

  private RpcMetrics(MetricRegistry registry, String side) {
    this.registry = registry;
    this.side = side;
  }

  /** The server side's histograms, or null below level {@code detailed} (nothing is recorded then). */
  public static RpcMetrics server(MetricRegistry registry) {
    return registry.level() == MetricRegistry.Level.DETAILED ? new RpcMetrics(registry, "server") : null;
  }

  /** The client side's histograms, or null below level {@code detailed}. */
  public static RpcMetrics client(MetricRegistry registry) {
    return registry.level() == MetricRegistry.Level.DETAILED ? new RpcMetrics(registry, "client") : null;
  }

  /**
   * Records one unary call.
   *
   * @param fullMethod {@code service/method}, as gRPC names it
   * @param statusCode the call's gRPC status code (0 for OK)
   */
  public void record(String fullMethod, int statusCode, long nanos, long requestBytes, long responseBytes) {
    Series s = series.computeIfAbsent(fullMethod + '\u0000' + statusCode, k -> register(fullMethod, statusCode));
    s.duration().record(nanos / 1e6);
    s.requestSize().record(requestBytes);
    s.responseSize().record(responseBytes);
    s.requestsPerRpc().record(1);
    s.responsesPerRpc().record(1);
  }

  private Series register(String fullMethod, int statusCode) {
    int slash = fullMethod.lastIndexOf('/');
    String[] labels = {"rpc_method", fullMethod.substring(slash + 1), "rpc_service",
        slash < 0 ? "" : fullMethod.substring(0, slash), "rpc_system", "grpc", "rpc_grpc_status_code",
        Integer.toString(statusCode)};
    String prefix = "rpc_" + side + "_";
    String direction = side.equals("server") ? "inbound" : "outbound";
    return new Series(
        registry.histogram(prefix + "duration", "Measures the duration of " + direction + " RPC.", DEFAULT_BOUNDS,
            labels),
        registry.histogram(prefix + "request_size", "Measures size of RPC request messages (uncompressed).",
            DEFAULT_BOUNDS, labels),
        registry.histogram(prefix + "response_size", "Measures size of RPC response messages (uncompressed).",
            DEFAULT_BOUNDS, labels),
        registry.histogram(prefix + "requests_per_rpc", "Measures the number of messages received per RPC.",
            DEFAULT_BOUNDS, labels),
        registry.histogram(prefix + "responses_per_rpc", "Measures the number of messages sent per RPC.",
            DEFAULT_BOUNDS, labels));
  }
}
