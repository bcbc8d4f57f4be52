package io.telegate.exporter.otlp;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.exporter.ExporterHelper;

/**
 * Factory of the {@code otlphttp} exporter (OTLP over HTTP, protobuf or JSON), also accepted as
 * {@code otlp_http}, the Collector's newer name. The signals of one id share one HTTP client.
 */
public final class OtlpHttpExporterFactory extends ExporterFactory.Base<OtlpHttpExporterConfig> {

  public OtlpHttpExporterFactory() {
    super(ExporterFactory.define("otlphttp", OtlpHttpExporterConfig.DEFAULT).alias("otlp_http")
        .everySignal(OtlpHttpExporterFactory::create));
  }

  private static <T extends TelemetryData<?>> Exporter<T> create(
      CreateSettings settings, Signal signal, OtlpHttpExporterConfig config) {
    return ExporterHelper.create(settings.id(), signal, sender(settings, signal, config), config.sendingQueue(),
        config.retryOnFailure(), config.timeout());
  }

  /** The sender alone, on the id's shared client; tests wrap it in a helper with a manual clock. */
  static <T extends TelemetryData<?>> OtlpHttpSender<T> sender(
      CreateSettings settings, Signal signal, OtlpHttpExporterConfig config) {
    SharedHttpClient client = settings.shared(() -> new SharedHttpClient(config));
    return new OtlpHttpSender<>(settings.id(), signal, config, client);
  }
}
