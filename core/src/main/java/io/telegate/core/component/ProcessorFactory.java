package io.telegate.core.component;

import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.Traces;

/**
 * Creates processors of one type; the graph creates one instance per pipeline.
 *
 * <p>Write one with {@link #define}: {@code public final class FooProcessorFactory extends
 * ProcessorFactory.Base<FooConfig> { public FooProcessorFactory() { super(ProcessorFactory.define(
 * "foo", FooConfig.DEFAULT).everySignal(FooProcessor::new)); } }}.
 */
public interface ProcessorFactory<C extends ComponentConfig> extends ComponentFactory<C> {

  @Override
  default ComponentKind kind() {
    return ComponentKind.PROCESSOR;
  }

  default Processor<Traces> createTraces(CreateSettings settings, C config, Consumer<Traces> next) {
    throw new UnsupportedOperationException(type() + " does not process traces");
  }

  default Processor<Metrics> createMetrics(CreateSettings settings, C config, Consumer<Metrics> next) {
    throw new UnsupportedOperationException(type() + " does not process metrics");
  }

  default Processor<Logs> createLogs(CreateSettings settings, C config, Consumer<Logs> next) {
    throw new UnsupportedOperationException(type() + " does not process logs");
  }

  /** Starts the definition of a processor type; {@code defaults} is its default config record. */
  static <C extends ComponentConfig> Definition<C> define(String type, C defaults) {
    return new Definition<>(type, defaults);
  }

  /** Creates a processor of one signal. */
  @FunctionalInterface
  interface Create<C, T extends TelemetryData<?>> {
    Processor<T> create(CreateSettings settings, C config, Consumer<T> next);
  }

  /**
   * Creates a processor of any signal (a generic method: pass a method or constructor reference,
   * such as {@code FooProcessor::new} for {@code FooProcessor(CreateSettings, Signal, C, Consumer<T>)}).
   */
  @FunctionalInterface
  interface CreateAny<C> {
    <T extends TelemetryData<?>> Processor<T> create(CreateSettings settings, Signal signal, C config,
        Consumer<T> next);
  }

  /** A processor type's definition: its names, defaults and one create function per signal. */
  final class Definition<C extends ComponentConfig> extends FactoryDefinition<C, Definition<C>> {
    Definition(String type, C defaults) {
      super(type, defaults);
    }

    public Definition<C> traces(Create<C, Traces> create) {
      return put(Signal.TRACES, create);
    }

    public Definition<C> metrics(Create<C, Metrics> create) {
      return put(Signal.METRICS, create);
    }

    public Definition<C> logs(Create<C, Logs> create) {
      return put(Signal.LOGS, create);
    }

    /** The same function for traces, metrics and logs. */
    public Definition<C> everySignal(CreateAny<C> create) {
      traces((s, c, next) -> create.create(s, Signal.TRACES, c, next));
      metrics((s, c, next) -> create.create(s, Signal.METRICS, c, next));
      return logs((s, c, next) -> create.create(s, Signal.LOGS, c, next));
    }

    public ProcessorFactory<C> build() {
      return new Base<>(this);
    }
  }

  /** A processor factory made from a {@link Definition}; extend it to give the factory a class name. */
  class Base<C extends ComponentConfig> extends DefinedFactory<C> implements ProcessorFactory<C> {
    public Base(Definition<C> definition) {
      super(definition);
    }

    @Override
    public final Processor<Traces> createTraces(CreateSettings settings, C config, Consumer<Traces> next) {
      return this.<Create<C, Traces>>creator(Signal.TRACES).create(settings, config, next);
    }

    @Override
    public final Processor<Metrics> createMetrics(CreateSettings settings, C config, Consumer<Metrics> next) {
      return this.<Create<C, Metrics>>creator(Signal.METRICS).create(settings, config, next);
    }

    @Override
    public final Processor<Logs> createLogs(CreateSettings settings, C config, Consumer<Logs> next) {
      return this.<Create<C, Logs>>creator(Signal.LOGS).create(settings, config, next);
    }
  }
}
