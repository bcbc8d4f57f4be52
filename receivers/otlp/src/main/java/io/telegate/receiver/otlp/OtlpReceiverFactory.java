package io.telegate.receiver.otlp;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.ReceiverFactory;

/** Creates the {@code otlp} receiver: OTLP over gRPC (:4317) and HTTP (:4318), for all three signals. */
public final class OtlpReceiverFactory extends ReceiverFactory.Base<OtlpReceiverConfig> {

  public OtlpReceiverFactory() {
    super(ReceiverFactory.define("otlp", OtlpReceiverConfig.DEFAULT)
        .traces((settings, config, next) -> shared(settings, config).registerTraces(next))
        .metrics((settings, config, next) -> shared(settings, config).registerMetrics(next))
        .logs((settings, config, next) -> shared(settings, config).registerLogs(next)));
  }

  /** One receiver per id serves every signal on the same ports. */
  private static OtlpReceiver shared(CreateSettings settings, OtlpReceiverConfig config) {
    return settings.shared(() -> new OtlpReceiver(settings.id(), config));
  }
}
