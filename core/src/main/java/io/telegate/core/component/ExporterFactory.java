package io.telegate.core.component;

import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.data.Traces;

/**
 * Creates exporters of one type; one instance per id and signal, shared by every pipeline.
 *
 * <p>Write one with {@link #define}: {@code public final class FooExporterFactory extends
 * ExporterFactory.Base<FooConfig> { public FooExporterFactory() { super(ExporterFactory.define("foo",
 * FooConfig.DEFAULT).logs(FooExporter::create)); } }}.
 */
public interface ExporterFactory<C extends ComponentConfig> extends ComponentFactory<C> {

  @Override
  default ComponentKind kind() {
    return ComponentKind.EXPORTER;
  }

  default Exporter<Traces> createTraces(CreateSettings settings, C config) {
    throw new UnsupportedOperationException(type() + " does not export traces");
  }

  default Exporter<Metrics> createMetrics(CreateSettings settings, C config) {
    throw new UnsupportedOperationException(type() + " does not export metrics");
  }

  default Exporter<Logs> createLogs(CreateSettings settings, C config) {
    throw new UnsupportedOperationException(type() + " does not export logs");
  }

  /** Starts the definition of an exporter type; {@code defaults} is its default config record. */
  static <C extends ComponentConfig> Definition<C> define(String type, C defaults) {
    return new Definition<>(type, defaults);
  }

  /** Creates an exporter of one signal. */
  @FunctionalInterface
  interface Create<C, T extends TelemetryData<?>> {
    Exporter<T> create(CreateSettings settings, C config);
  }

  /** Creates an exporter of any signal (a generic method: pass a method reference). */
  @FunctionalInterface
  interface CreateAny<C> {
    <T extends TelemetryData<?>> Exporter<T> create(CreateSettings settings, Signal signal, C config);
  }

  /** An exporter type's definition: its names, defaults and one create function per signal. */
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
      traces((s, c) -> create.create(s, Signal.TRACES, c));
      metrics((s, c) -> create.create(s, Signal.METRICS, c));
      return logs((s, c) -> create.create(s, Signal.LOGS, c));
    }

    public ExporterFactory<C> build() {
      return new Base<>(this);
    }
  }

  /** An exporter factory made from a {@link Definition}; extend it to give the factory a class name. */
  class Base<C extends ComponentConfig> extends DefinedFactory<C> implements ExporterFactory<C> {
    public Base(Definition<C> definition) {
      super(definition);
    }

    @Override
    public final Exporter<Traces> createTraces(CreateSettings settings, C config) {
      return this.<Create<C, Traces>>creator(Signal.TRACES).create(settings, config);
    }

    @Override
    public final Exporter<Metrics> createMetrics(CreateSettings settings, C config) {
      return this.<Create<C, Metrics>>creator(Signal.METRICS).create(settings, config);
    }

    @Override
    public final Exporter<Logs> createLogs(CreateSettings settings, C config) {
      return this.<Create<C, Logs>>creator(Signal.LOGS).create(settings, config);
    }
  }
}
