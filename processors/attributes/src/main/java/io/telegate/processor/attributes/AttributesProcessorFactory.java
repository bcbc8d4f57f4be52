package io.telegate.processor.attributes;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.ProcessorFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.TelemetryData;

/**
 * Factory of the {@code attributes} processor: actions on span, log record and metric data point
 * attributes.
 */
public final class AttributesProcessorFactory extends ProcessorFactory.Base<AttributesProcessorConfig> {

  public AttributesProcessorFactory() {
    super(ProcessorFactory.define("attributes", AttributesProcessorConfig.DEFAULT)
        .everySignal(AttributesProcessorFactory::create));
  }

  private static <T extends TelemetryData<?>> AttributesProcessor<T> create(
      CreateSettings settings, Signal signal, AttributesProcessorConfig config, Consumer<T> next) {
    return new AttributesProcessor<>(settings.id(), signal, config, next);
  }
}
