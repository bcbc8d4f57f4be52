package io.telegate.core.config;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Signal;
import io.telegate.core.flow.Acknowledgement;
import io.telegate.core.flow.MemoryBudget;
import java.time.Duration;
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
      MetricRegistry.Naming naming, Map<String, Object> resource) {

    public Telemetry(MetricRegistry.Level metricsLevel, String metricsHost, int metricsPort, String logLevel) {
      this(metricsLevel, metricsHost, metricsPort, logLevel, MetricRegistry.Naming.SUFFIXED, Map.of());
    }
  }

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
