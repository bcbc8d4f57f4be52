package io.telegate.exporter.prometheusremotewrite;

/** {@code target_info}: emit one {@code target_info} series per resource. */
public record TargetInfoConfig(boolean enabled) {

  public static final TargetInfoConfig DEFAULT = new TargetInfoConfig(true);
}
