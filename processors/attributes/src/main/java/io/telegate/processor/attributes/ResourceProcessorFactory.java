package io.telegate.processor.attributes;

import io.telegate.core.component.ProcessorFactory;

/** Factory of the {@code resource} processor: the attributes actions, on resource attributes. */
public final class ResourceProcessorFactory extends ProcessorFactory.Base<ResourceProcessorConfig> {

  public ResourceProcessorFactory() {
    super(ProcessorFactory.define("resource", ResourceProcessorConfig.DEFAULT)
        .traces((s, config, next) -> new ResourceProcessor<>(config, next))
        .metrics((s, config, next) -> new ResourceProcessor<>(config, next))
        .logs((s, config, next) -> new ResourceProcessor<>(config, next)));
  }
}
