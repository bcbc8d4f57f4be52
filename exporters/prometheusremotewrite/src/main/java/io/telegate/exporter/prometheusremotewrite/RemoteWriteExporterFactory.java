package io.telegate.exporter.prometheusremotewrite;

import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.exporter.ExporterHelper;

/**
 * Factory of the {@code prometheusremotewrite} exporter (metrics only). The helper's queue sends up
 * to num_consumers requests at once; the sender keeps as many ordered lanes, so those parallel
 * requests never reorder one series' samples.
 */
public final class RemoteWriteExporterFactory extends ExporterFactory.Base<RemoteWriteExporterConfig> {

  public RemoteWriteExporterFactory() {
    // The Collector's new name since contrib renamed it (the old one is its deprecated alias).
    super(ExporterFactory.define("prometheusremotewrite", RemoteWriteExporterConfig.DEFAULT).alias("prometheus_remote_write")
        .metrics((settings, config) -> ExporterHelper.create(settings.id(), Signal.METRICS,
            new RemoteWriteSender(settings.id(), config, null), config.effectiveQueue(), config.retryOnFailure(),
            config.timeout())));
  }
}
