package io.telegate.processor.memorylimiter;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.ProcessorFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.TelemetryData;

/**
 * Factory of the {@code memory_limiter} processor. Every pipeline and signal using one id shares
 * one limiter, as in the Collector.
 */
public final class MemoryLimiterProcessorFactory extends ProcessorFactory.Base<MemoryLimiterConfig> {

  public MemoryLimiterProcessorFactory() {
    super(ProcessorFactory.define("memory_limiter", MemoryLimiterConfig.DEFAULT)
        .everySignal(MemoryLimiterProcessorFactory::create));
  }

  private static <T extends TelemetryData<?>> MemoryLimiterProcessor<T> create(
      CreateSettings settings, Signal signal, MemoryLimiterConfig config, Consumer<T> next) {
    MemoryLimiter limiter = settings.shared(() -> new MemoryLimiter(settings.id(), config));
    return new MemoryLimiterProcessor<>(settings.id(), signal, limiter, next);
  }
}
