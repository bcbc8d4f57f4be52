package io.telegate.processor.batch;

import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Processor;
import io.telegate.core.component.ProcessorFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.Traces;
import java.util.EnumSet;
import java.util.Set;

/** Factory of the {@code batch} processor, for traces, metrics and logs. */
public final class BatchProcessorFactory implements ProcessorFactory<BatchProcessorConfig> {

  @Override
  public String type() {
    return "batch";
  }

  @Override
  public Class<BatchProcessorConfig> configType() {
    return BatchProcessorConfig.class;
  }

  @Override
  public BatchProcessorConfig defaultConfig() {
    return BatchProcessorConfig.DEFAULT;
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }

  @Override
  public Processor<Traces> createTraces(CreateSettings settings, BatchProcessorConfig config, Consumer<Traces> next) {
    return new BatchProcessor<>(settings.id(), BatchSignal.TRACES, config, next, null, null,
        shared(settings));
  }

  @Override
  public Processor<Metrics> createMetrics(CreateSettings settings, BatchProcessorConfig config,
      Consumer<Metrics> next) {
    return new BatchProcessor<>(settings.id(), BatchSignal.METRICS, config, next, null, null,
        shared(settings));
  }

  @Override
  public Processor<Logs> createLogs(CreateSettings settings, BatchProcessorConfig config, Consumer<Logs> next) {
    return new BatchProcessor<>(settings.id(), BatchSignal.LOGS, config, next, null, null,
        shared(settings));
  }

  private static BatchProcessor.Shared shared(CreateSettings settings) {
    return settings.shared(BatchProcessor.Shared::new);
  }
}
