package io.telegate.receiver.otlpjsonfile;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.ReceiverFactory;
import io.telegate.core.component.Signal;

/**
 * Factory of the {@code otlpjsonfile} receiver: OTLP/JSON files, as the {@code file} exporter
 * writes them, for every signal. The signals of one id share one instance, which reads each file
 * once.
 */
public final class OtlpJsonFileReceiverFactory extends ReceiverFactory.Base<OtlpJsonFileReceiverConfig> {

  public OtlpJsonFileReceiverFactory() {
    super(ReceiverFactory.define("otlpjsonfile", OtlpJsonFileReceiverConfig.DEFAULT)
        .traces((settings, config, next) -> shared(settings, config).register(Signal.TRACES, next))
        .metrics((settings, config, next) -> shared(settings, config).register(Signal.METRICS, next))
        .logs((settings, config, next) -> shared(settings, config).register(Signal.LOGS, next)));
  }

  private static OtlpJsonFileReceiver shared(CreateSettings settings, OtlpJsonFileReceiverConfig config) {
    return settings.shared(() -> new OtlpJsonFileReceiver(settings.id(), config));
  }
}
