package io.telegate.core.config;

import io.telegate.core.component.UnsupportedKeys;
import io.telegate.core.telemetry.MetricRegistry;
import java.util.List;
import java.util.Map;

/** {@code service.telemetry}: self-metrics (level, address, readers), logs (level, outputs, processors), the resource. */
@UnsupportedKeys({"traces"})
public record TelemetryConfig(Logs logs, Metrics metrics, Map<String, Object> resource) {

  public static final TelemetryConfig DEFAULT = new TelemetryConfig(Logs.DEFAULT, Metrics.DEFAULT, Map.of());

  /**
   * {@code service.telemetry.logs}, with the Collector's keys (zap's config). Telegate's defaults
   * differ where said: JSON lines on stdout; the Collector writes console lines to stderr.
   *
   * @param outputPaths null for Telegate's default (stdout)
   * @param errorOutputPaths null for the default (stderr)
   * @param processors the OpenTelemetry configuration's log record processors ({@code batch} or
   *     {@code simple} with an {@code otlp} exporter), as written
   */
  @UnsupportedKeys({"disable_caller", "disable_zap_resource"})
  public record Logs(String level, boolean development, String encoding, boolean disableStacktrace,
      Sampling sampling, List<String> outputPaths, List<String> errorOutputPaths, Map<String, Object> initialFields,
      List<Object> processors) {
    public static final Logs DEFAULT =
        new Logs(null, false, "json", false, Sampling.DEFAULT, null, null, Map.of(), List.of());
  }

  /** {@code service.telemetry.logs.sampling}: zap's sampler, on by default as in the Collector. */
  public record Sampling(boolean enabled, java.time.Duration tick, int initial, int thereafter) {
    public static final Sampling DEFAULT = new Sampling(true, java.time.Duration.ofSeconds(10), 10, 100);
  }

  /**
   * {@code service.telemetry.metrics}: {@code address} (default {@code localhost:8888}) or the
   * newer {@code readers} list with a Prometheus pull reader.
   */
  public record Metrics(MetricRegistry.Level level, String address, List<Object> readers) {
    public static final Metrics DEFAULT = new Metrics(MetricRegistry.Level.NORMAL, null, List.of());
  }
}
