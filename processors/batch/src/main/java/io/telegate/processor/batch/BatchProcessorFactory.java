package io.telegate.processor.batch;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.ProcessorFactory;

/**
 * Factory of the {@code batch} processor, for traces, metrics and logs. The processors of one id
 * share one buffer budget ({@link BatchProcessor.Shared}).
 */
public final class BatchProcessorFactory extends ProcessorFactory.Base<BatchProcessorConfig> {

  public BatchProcessorFactory() {
    super(ProcessorFactory.define("batch", BatchProcessorConfig.DEFAULT)
        .traces((s, config, next) -> new BatchProcessor<>(s.id(), BatchSignal.TRACES, config, next, null, null,
            shared(s)))
        .metrics((s, config, next) -> new BatchProcessor<>(s.id(), BatchSignal.METRICS, config, next, null, null,
            shared(s)))
        .logs((s, config, next) -> new BatchProcessor<>(s.id(), BatchSignal.LOGS, config, next, null, null,
            shared(s))));
  }

  private static BatchProcessor.Shared shared(CreateSettings settings) {
    return settings.shared(BatchProcessor.Shared::new);
  }
}
