package io.telegate.core.config;

import io.telegate.core.component.UnsupportedKeys;
import io.telegate.core.telemetry.MetricRegistry;
import java.util.List;
import java.util.Map;

/** {@code service.telemetry}: the level and address of self-metrics, the log level. */
@UnsupportedKeys({"traces"})
public record TelemetryConfig(Logs logs, Metrics metrics, Map<String, Object> resource) {

  public static final TelemetryConfig DEFAULT = new TelemetryConfig(Logs.DEFAULT, Metrics.DEFAULT, Map.of());

  /** {@code service.telemetry.logs}. Output is always JSON lines on stdout. */
  @UnsupportedKeys({"development", "output_paths", "error_output_paths", "initial_fields", "sampling",
      "disable_caller", "disable_stacktrace", "processors"})
  public record Logs(String level, String encoding) {
    public static final Logs DEFAULT = new Logs(null, "json");
  }

  /**
   * {@code service.telemetry.metrics}: {@code address} (default {@code localhost:8888}) or the
   * newer {@code readers} list with a Prometheus pull reader.
   */
  public record Metrics(MetricRegistry.Level level, String address, List<Object> readers) {
    public static final Metrics DEFAULT = new Metrics(MetricRegistry.Level.NORMAL, null, List.of());
  }
}
