package io.telegate.exporter.debug;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.exporter.ExporterHelper;

/**
 * Factory of the {@code debug} exporter, also accepted under its deprecated name {@code logging}.
 * No queue and no retry: writing to the log either works at once or not at all.
 */
public final class DebugExporterFactory extends ExporterFactory.Base<DebugExporterConfig> {

  public DebugExporterFactory() {
    super(ExporterFactory.define("debug", DebugExporterConfig.DEFAULT)
        .alias("logging")
        .aliasWarning(alias -> "the 'logging' exporter is deprecated; use 'debug' (same keys; loglevel becomes "
            + "verbosity)")
        .everySignal(DebugExporterFactory::create));
  }

  private static <T extends TelemetryData<?>> Exporter<T> create(
      CreateSettings settings, Signal signal, DebugExporterConfig config) {
    return ExporterHelper.direct(settings.id(), signal, new DebugExporter<T>(settings.id(), signal, config));
  }
}
