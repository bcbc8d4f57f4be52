package io.telegate.exporter.otlp;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.exporter.ExporterHelper;

/**
 * Factory of the {@code otlp} exporter (OTLP over gRPC), also accepted as {@code otlp_grpc}, the
 * Collector's newer name. The signals of one id share one gRPC channel.
 */
public final class OtlpGrpcExporterFactory extends ExporterFactory.Base<OtlpGrpcExporterConfig> {

  public OtlpGrpcExporterFactory() {
    super(ExporterFactory.define("otlp", OtlpGrpcExporterConfig.DEFAULT).alias("otlp_grpc")
        .everySignal(OtlpGrpcExporterFactory::create));
  }

  private static <T extends TelemetryData<?>> Exporter<T> create(
      CreateSettings settings, Signal signal, OtlpGrpcExporterConfig config) {
    return ExporterHelper.create(settings.id(), signal, sender(settings, signal, config), config.sendingQueue(),
        config.retryOnFailure(), config.timeout());
  }

  /** The sender alone, on the id's shared channel; tests wrap it in a helper with a manual clock. */
  static <T extends TelemetryData<?>> OtlpGrpcSender<T> sender(
      CreateSettings settings, Signal signal, OtlpGrpcExporterConfig config) {
    SharedGrpcChannel channel = settings.shared(() -> new SharedGrpcChannel(config));
    return new OtlpGrpcSender<>(settings.id(), signal, config, channel);
  }
}
