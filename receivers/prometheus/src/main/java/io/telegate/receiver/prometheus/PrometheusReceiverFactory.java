package io.telegate.receiver.prometheus;

import io.telegate.core.component.ReceiverFactory;

/** Factory of the {@code prometheus} receiver: scrapes Prometheus and OpenMetrics targets, metrics only. */
public final class PrometheusReceiverFactory extends ReceiverFactory.Base<PrometheusReceiverConfig> {

  public PrometheusReceiverFactory() {
    super(ReceiverFactory.define("prometheus", PrometheusReceiverConfig.DEFAULT)
        .metrics((settings, config, next) -> new PrometheusReceiver(settings.id(), config, next)));
  }
}
