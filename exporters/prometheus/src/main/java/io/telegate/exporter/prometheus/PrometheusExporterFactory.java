package io.telegate.exporter.prometheus;

import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.exporter.ExporterHelper;

/**
 * Factory of the {@code prometheus} exporter: a scrape endpoint for metrics (metrics only).
 * Storing the newest value in memory either works at once or not at all: no queue, no retry.
 */
public final class PrometheusExporterFactory extends ExporterFactory.Base<PrometheusExporterConfig> {

  public PrometheusExporterFactory() {
    super(ExporterFactory.define("prometheus", PrometheusExporterConfig.DEFAULT)
        .metrics((settings, config) -> ExporterHelper.direct(settings.id(), Signal.METRICS,
            new PrometheusScrapeExporter(settings.id(), config))));
  }
}
