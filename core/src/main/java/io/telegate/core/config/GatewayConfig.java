package io.telegate.core.config;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Signal;
import io.telegate.core.flow.Acknowledgement;
import io.telegate.core.flow.MemoryBudget;
import java.time.Duration;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import java.util.List;
import java.util.Map;

/**
 * A config that passed validation: every component bound to its factory's config record, every
 * pipeline checked. Building the graph from it cannot fail for config reasons.
 */
public record GatewayConfig(
    Map<ComponentKind, Map<ComponentId, Configured>> components,
    List<Pipeline> pipelines,
    List<ComponentId> serviceExtensions,
    Telemetry telemetry,
    Flow flow,
    List<String> warnings,
    Map<String, Object> tree) {

  /** A component of the config with its factory and bound config. */
  public record Configured(
      ComponentKind kind, ComponentId id, ComponentFactory<?> factory, ComponentConfig config) {}

  /** A pipeline: {@code traces[/name]}, {@code metrics[/name]} or {@code logs[/name]}. */
  public record Pipeline(
      ComponentId id, Signal signal, List<ComponentId> receivers, List<ComponentId> processors,
      List<ComponentId> exporters) {}

  /**
   * The resolved {@code service.telemetry}.
   *
   * @param naming how self-metrics are named on {@code /metrics} (the Prometheus reader's {@code
   *     without_units} and {@code without_type_suffix})
   * @param resource {@code service.telemetry.resource} as written: a {@code null} value removes a
   *     default attribute ({@code service.name}, {@code service.version}, {@code service.instance.id})
   */
  public record Telemetry(MetricRegistry.Level metricsLevel, String metricsHost, int metricsPort, String logLevel,
      MetricRegistry.Naming naming, Map<String, Object> resource, LogOutput logs, List<SelfExport> exports) {

    public Telemetry(MetricRegistry.Level metricsLevel, String metricsHost, int metricsPort, String logLevel) {
      this(metricsLevel, metricsHost, metricsPort, logLevel, MetricRegistry.Naming.SUFFIXED, Map.of(),
          LogOutput.DEFAULT, List.of());
    }
  }

  /**
   * How the gateway's log lines are written ({@code service.telemetry.logs}), resolved but not
   * opened: the outputs are opened when the gateway starts.
   *
   * @param outputPaths {@code stdout}, {@code stderr}, file paths or {@code file://} URLs; empty for
   *     what the logger writes to already (stdout, or a test's stream)
   * @param sampling null for none
   */
  public record LogOutput(GatewayLogger.Encoding encoding, List<String> outputPaths, List<String> errorOutputPaths,
      Map<String, Object> initialFields, GatewayLogger.Sampling sampling, boolean development,
      boolean disableStacktrace) {
    public static final LogOutput DEFAULT = new LogOutput(GatewayLogger.Encoding.JSON, List.of(), List.of(), Map.of(),
        null, false, false);

    /**
     * The file an output path names: a path (relative to the working directory), or a {@code
     * file://} URL with an absolute path, as zap opens them.
     *
     * @throws IllegalArgumentException for another scheme or a URL without an absolute local path
     */
    public static java.nio.file.Path file(String path) {
      if (!path.contains("://")) {
        return java.nio.file.Path.of(path);
      }
      java.net.URI uri = java.net.URI.create(path);
      if (!"file".equals(uri.getScheme())) {
        throw new IllegalArgumentException("unsupported scheme '" + uri.getScheme()
            + "' (expected stdout, stderr, a file path or a file:// URL)");
      }
      String host = uri.getHost();
      if (uri.getPath() == null || !uri.getPath().startsWith("/")
          || (host != null && !host.isEmpty() && !host.equals("localhost"))) {
        throw new IllegalArgumentException("a file:// URL needs an absolute path on this host, got '" + path + "'");
      }
      return java.nio.file.Path.of(uri.getPath());
    }
  }

  /**
   * One push of the gateway's own telemetry over OTLP: a periodic metric reader ({@code
   * service.telemetry.metrics.readers[i].periodic}) or a log record processor ({@code
   * service.telemetry.logs.processors[i]}), sending through an {@code otlp} or {@code otlphttp}
   * exporter built from its {@code otlp} settings.
   *
   * @param path the YAML path of the reader or processor, for messages
   * @param interval between exports (a log processor's {@code schedule_delay}; zero: at once)
   * @param timeout of one export
   * @param maxQueueSize log records held at most; the rest are dropped and counted (0 for metrics)
   * @param maxBatchSize log records per export (0 for metrics)
   */
  public record SelfExport(Signal signal, String path, Configured exporter, Duration interval, Duration timeout,
      int maxQueueSize, int maxBatchSize) {}

  /**
   * The resolved flow-control settings: when requests are answered, and the byte bound of all
   * buffers and memory queues together (0 means the share of the heap in {@code bufferPercentage}).
   */
  public record Flow(Acknowledgement acknowledgement, long bufferLimitMib, int bufferPercentage, long intakeLimitMib,
      int intakePercentage, Duration admissionWait) {
    public static final Flow DEFAULT = new Flow(Acknowledgement.HELD, 0, 25, 0, 25, MemoryBudget.DEFAULT_ADMISSION_WAIT);
  }

  public Configured get(ComponentKind kind, ComponentId id) {
    return components.getOrDefault(kind, Map.of()).get(id);
  }
}
