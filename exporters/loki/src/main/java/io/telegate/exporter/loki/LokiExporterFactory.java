package io.telegate.exporter.loki;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.exporter.ExporterHelper;

/** Factory of the {@code loki} exporter: logs pushed to Loki's {@code /loki/api/v1/push}. */
public final class LokiExporterFactory extends ExporterFactory.Base<LokiExporterConfig> {

  public LokiExporterFactory() {
    super(ExporterFactory.define("loki", LokiExporterConfig.DEFAULT)
        .logs((settings, config) -> ExporterHelper.create(settings.id(), Signal.LOGS, sender(settings, config),
            config.sendingQueue(), config.retryOnFailure(), config.timeout())));
  }

  /**
   * The sender, with one ordered lane per queue consumer: as many pushes run at once as the queue
   * allows, and one stream's pushes never overtake each other.
   */
  static LokiSender sender(CreateSettings settings, LokiExporterConfig config) {
    int lanes = config.sendingQueue().enabled() ? config.sendingQueue().numConsumers() : 1;
    return new LokiSender(settings.id(), config, lanes);
  }
}
