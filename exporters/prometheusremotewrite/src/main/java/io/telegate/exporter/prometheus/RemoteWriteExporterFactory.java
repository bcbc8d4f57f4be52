package io.telegate.exporter.prometheus;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.data.Metrics;
import io.telegate.core.exporter.ExporterHelper;
import java.util.Set;

/** Factory of the {@code prometheusremotewrite} exporter (metrics only). */
public final class RemoteWriteExporterFactory implements ExporterFactory<RemoteWriteExporterConfig> {

  @Override
  public String type() {
    return "prometheusremotewrite";
  }

  @Override
  public Class<RemoteWriteExporterConfig> configType() {
    return RemoteWriteExporterConfig.class;
  }

  @Override
  public RemoteWriteExporterConfig defaultConfig() {
    return RemoteWriteExporterConfig.DEFAULT;
  }

  @Override
  public Set<Signal> signals() {
    return Set.of(Signal.METRICS);
  }

  /**
   * The helper's queue sends up to num_consumers requests at once; the sender keeps as many
   * ordered lanes, so those parallel requests never reorder one series' samples.
   */
  @Override
  public Exporter<Metrics> createMetrics(CreateSettings settings, RemoteWriteExporterConfig config) {
    RemoteWriteSender sender = new RemoteWriteSender(settings.id(), config, null);
    return ExporterHelper.create(settings.id(), Signal.METRICS, sender, config.effectiveQueue(),
        config.retryOnFailure(), config.timeout());
  }
}
