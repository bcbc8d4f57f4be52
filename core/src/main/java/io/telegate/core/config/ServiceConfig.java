package io.telegate.core.config;

import io.telegate.core.flow.Acknowledgement;
import io.telegate.core.flow.MemoryBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code service} section: pipelines, extensions to start, the gateway's own telemetry, and
 * Telegate's flow-control settings ({@code acknowledgements}, {@code buffers}).
 */
public record ServiceConfig(
    Map<String, PipelineConfig> pipelines, List<String> extensions, TelemetryConfig telemetry,
    Acknowledgement acknowledgements, BuffersConfig buffers) {

  public static final ServiceConfig DEFAULT = new ServiceConfig(Map.of(), List.of(), TelemetryConfig.DEFAULT,
      Acknowledgement.HELD, BuffersConfig.DEFAULT);

  /**
   * {@code service.buffers}: the bytes that all batch buffers and in-memory sending queues may hold
   * together.
   *
   * @param limitMib the bound in MiB; 0 takes {@code limit_percentage} of the maximum heap
   * @param limitPercentage the bound as a share of the maximum heap ({@code -Xmx}), 1 to 90
   * @param intakeLimitMib the bound of what requests being received and decoded may cost together,
   *     in MiB; 0 takes {@code intake_limit_percentage}
   * @param intakeLimitPercentage that bound as a share of the maximum heap, 1 to 90
   * @param admissionWait how long a request that finds a batch buffer or sending queue full waits
   *     for room before it is refused as throttled; 0 refuses at once
   */
  public record BuffersConfig(long limitMib, int limitPercentage, long intakeLimitMib, int intakeLimitPercentage,
      Duration admissionWait) {
    public static final BuffersConfig DEFAULT = new BuffersConfig(0, 25, 0, 25, MemoryBudget.DEFAULT_ADMISSION_WAIT);
  }

  /** One entry of {@code service.pipelines}. */
  public record PipelineConfig(List<String> receivers, List<String> processors, List<String> exporters) {
    public static final PipelineConfig DEFAULT = new PipelineConfig(List.of(), List.of(), List.of());
  }
}
