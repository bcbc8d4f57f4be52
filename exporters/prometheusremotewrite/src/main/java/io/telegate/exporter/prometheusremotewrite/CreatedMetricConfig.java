package io.telegate.exporter.prometheusremotewrite;

/** {@code export_created_metric}: accepted for old configs; {@code _created} series are never sent. */
public record CreatedMetricConfig(boolean enabled) {

  public static final CreatedMetricConfig DEFAULT = new CreatedMetricConfig(false);
}
