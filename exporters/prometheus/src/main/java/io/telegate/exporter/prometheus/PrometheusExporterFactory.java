package io.telegate.exporter.prometheus;

import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.exporter.ExporterHelper;

/**
 * Factory of the {@code prometheus} exporter: a scrape endpoint for metrics (metrics only).
 * Storing the newest value in memory either works at once or not at all: no retry, no timeout;
 * {@code sending_queue}, when written, puts the core's queue in front, as in the Collector.
 */
public final class PrometheusExporterFactory extends ExporterFactory.Base<PrometheusExporterConfig> {

  public PrometheusExporterFactory() {
    super(ExporterFactory.define("prometheus", PrometheusExporterConfig.DEFAULT)
        .metrics((settings, config) -> {
          PrometheusScrapeExporter sender = new PrometheusScrapeExporter(settings.id(), config);
          return config.sendingQueue() == null ? ExporterHelper.direct(settings.id(), Signal.METRICS, sender)
              : ExporterHelper.queueOnly(settings.id(), Signal.METRICS, sender, config.sendingQueue());
        }));
  }
}
