package io.telegate.core.component;

import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.Traces;

/**
 * Creates receivers of one type. A receiver serving several signals under one id returns the same
 * instance from each create method ({@link CreateSettings#shared}); the graph starts it once.
 *
 * <p>Write one with {@link #define}: {@code public final class FooReceiverFactory extends
 * ReceiverFactory.Base<FooConfig> { public FooReceiverFactory() { super(ReceiverFactory.define("foo",
 * FooConfig.DEFAULT).metrics(FooReceiver::new)); } }}.
 */
public interface ReceiverFactory<C extends ComponentConfig> extends ComponentFactory<C> {

  @Override
  default ComponentKind kind() {
    return ComponentKind.RECEIVER;
  }

  default Receiver createTraces(CreateSettings settings, C config, Consumer<Traces> next) {
    throw new UnsupportedOperationException(type() + " does not receive traces");
  }

  default Receiver createMetrics(CreateSettings settings, C config, Consumer<Metrics> next) {
    throw new UnsupportedOperationException(type() + " does not receive metrics");
  }

  default Receiver createLogs(CreateSettings settings, C config, Consumer<Logs> next) {
    throw new UnsupportedOperationException(type() + " does not receive logs");
  }

  /** Starts the definition of a receiver type; {@code defaults} is its default config record. */
  static <C extends ComponentConfig> Definition<C> define(String type, C defaults) {
    return new Definition<>(type, defaults);
  }

  /** Creates a receiver of one signal. */
  @FunctionalInterface
  interface Create<C, T extends TelemetryData<?>> {
    Receiver create(CreateSettings settings, C config, Consumer<T> next);
  }

  /** A receiver type's definition: its names, defaults and one create function per signal. */
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

    public ReceiverFactory<C> build() {
      return new Base<>(this);
    }
  }

  /** A receiver factory made from a {@link Definition}; extend it to give the factory a class name. */
  class Base<C extends ComponentConfig> extends DefinedFactory<C> implements ReceiverFactory<C> {
    public Base(Definition<C> definition) {
      super(definition);
    }

    @Override
    public final Receiver createTraces(CreateSettings settings, C config, Consumer<Traces> next) {
      return this.<Create<C, Traces>>creator(Signal.TRACES).create(settings, config, next);
    }

    @Override
    public final Receiver createMetrics(CreateSettings settings, C config, Consumer<Metrics> next) {
      return this.<Create<C, Metrics>>creator(Signal.METRICS).create(settings, config, next);
    }

    @Override
    public final Receiver createLogs(CreateSettings settings, C config, Consumer<Logs> next) {
      return this.<Create<C, Logs>>creator(Signal.LOGS).create(settings, config, next);
    }
  }
}
