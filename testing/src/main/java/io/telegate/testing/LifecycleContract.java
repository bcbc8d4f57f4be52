package io.telegate.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.ExporterFactory;
import io.telegate.core.component.ExtensionFactory;
import io.telegate.core.component.ProcessorFactory;
import io.telegate.core.component.ReceiverFactory;
import io.telegate.core.component.Signal;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.consumer.Consumer;
import io.telegate.core.data.TelemetryData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The lifecycle every component must honour, as dynamic tests for any list of factories: {@code
 * shutdown} before {@code start} is safe, {@code start} then {@code shutdown} twice is safe, and a
 * component can be created for each signal its factory names.
 */
public final class LifecycleContract {

  private LifecycleContract() {}

  /**
   * Dynamic tests for every factory and signal.
   *
   * @param testConfig YAML overrides per factory, keyed {@code kind:type} (for example {@code
   *     receiver:otlp}) or just the type; factories not named start with their default config
   */
  public static Stream<DynamicTest> testsFor(
      List<ComponentFactory<?>> factories, Map<String, Object> testConfig) {
    List<DynamicTest> tests = new ArrayList<>();
    for (ComponentFactory<?> f : factories) {
      List<Signal> signals = f.signals().isEmpty() ? java.util.Arrays.asList((Signal) null)
          : new ArrayList<>(f.signals());
      Object raw = testConfig.containsKey(f.kind().label() + ":" + f.type())
          ? testConfig.get(f.kind().label() + ":" + f.type()) : testConfig.get(f.type());
      for (Signal s : signals) {
        String name = f.kind().label() + " " + f.type() + (s == null ? "" : " (" + s.id() + ")");
        tests.add(DynamicTest.dynamicTest(name + ": shutdown before start is safe", () -> {
          Component c = create(f, s, raw);
          assertDoesNotThrow(() -> c.shutdown(Duration.ofSeconds(5)));
          assertDoesNotThrow(() -> c.shutdown(Duration.ofSeconds(5)));
        }));
        tests.add(DynamicTest.dynamicTest(name + ": start, then shutdown twice", () -> {
          Component c = create(f, s, raw);
          TestHost host = new TestHost();
          c.start(host);
          assertDoesNotThrow(() -> c.shutdown(Duration.ofSeconds(5)));
          assertDoesNotThrow(() -> c.shutdown(Duration.ofSeconds(5)));
        }));
      }
    }
    return tests.stream();
  }

  /** Binds the factory's config over its defaults, checks it validates, and creates a component. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Component create(ComponentFactory<?> f, Signal signal, Object rawConfig) {
    ConfigErrors errors = new ConfigErrors();
    ComponentConfig cfg = (ComponentConfig) ConfigBinder.bind(rawConfig, (Record) f.defaultConfig(), "", errors);
    assertTrue(errors.isEmpty(), () -> f.type() + ": test config does not bind: " + errors);
    assertTrue(cfg.validate().isEmpty(), () -> f.type() + ": test config does not validate: " + cfg.validate());
    CreateSettings settings = CreateSettings.of(f.kind(), ComponentId.of(f.type()));
    Consumer next = new RecordingConsumer<TelemetryData<?>>();
    if (f instanceof ReceiverFactory rf) {
      return switch (signal) {
        case TRACES -> rf.createTraces(settings, cfg, next);
        case METRICS -> rf.createMetrics(settings, cfg, next);
        case LOGS -> rf.createLogs(settings, cfg, next);
      };
    }
    if (f instanceof ProcessorFactory pf) {
      return switch (signal) {
        case TRACES -> pf.createTraces(settings, cfg, next);
        case METRICS -> pf.createMetrics(settings, cfg, next);
        case LOGS -> pf.createLogs(settings, cfg, next);
      };
    }
    if (f instanceof ExporterFactory ef) {
      return switch (signal) {
        case TRACES -> ef.createTraces(settings, cfg);
        case METRICS -> ef.createMetrics(settings, cfg);
        case LOGS -> ef.createLogs(settings, cfg);
      };
    }
    if (f instanceof ExtensionFactory xf) {
      return xf.create(settings, cfg);
    }
    throw new IllegalArgumentException("unknown factory kind " + f.kind());
  }
}
