package io.telegate.receiver.jmx;

import io.telegate.core.component.ReceiverFactory;

/** Factory of the {@code jmx} receiver: scrapes MBeans of a JVM over JMX remote, metrics only. */
public final class JmxReceiverFactory extends ReceiverFactory.Base<JmxReceiverConfig> {

  public JmxReceiverFactory() {
    super(ReceiverFactory.define("jmx", JmxReceiverConfig.DEFAULT)
        .metrics((settings, config, next) -> new JmxReceiver(settings.id(), config, next)));
  }
}
