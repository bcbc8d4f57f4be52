package io.telegate.processor.attributes;

import static io.telegate.testing.data.TraceData.spans;
import static io.telegate.testing.data.Values.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Processor;
import io.telegate.core.component.Signal;
import io.telegate.core.config.ConfigValidation;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.Traces;
import io.telegate.testing.LifecycleContract;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class AttributesProcessorTest {

  private static final String SEED = """
      actions:
        - key: deployment.environment
          value: production
          action: insert
      """;

  private static final CreateSettings SETTINGS =
      CreateSettings.of(ComponentKind.PROCESSOR, ComponentId.of("attributes"));

  @Test
  void theSeedProcessorsBlockBindsValidatesAndInsertsOnEverySpan() throws Exception {
    AttributesProcessorConfig config = Golden.bindYaml(SEED, new AttributesProcessorFactory().defaultConfig());
    assertEquals(List.of(new ActionConfig("deployment.environment", null, null, null, null, null, null, "insert")
        .key()), config.actions().stream().map(ActionConfig::key).toList());
    RecordingConsumer<Traces> sink = new RecordingConsumer<>();
    Processor<Traces> p = new AttributesProcessorFactory().createTraces(SETTINGS, config, sink);
    p.start(new TestHost());
    p.consume(spans(3).attribute("http.method", "GET").encoded()).join();
    for (Span s : sink.received().get(0).request().getResourceSpans(0).getScopeSpans(0).getSpansList()) {
      assertEquals(List.of(kv("http.method", "GET"), kv("deployment.environment", "production")), s.getAttributesList());
    }
    assertEquals(3, sink.received().get(0).itemCount());
  }

  @Test
  void constantInsertsOnEncodedSpansAreSplicedWithoutParsingAndGiveTheSameResult() throws Exception {
    AttributesProcessorConfig config = Golden.bindYaml("""
        actions:
          - {key: deployment.environment, value: production, action: insert}
          - {key: http.method, value: POST, action: insert}
        """, new AttributesProcessorFactory().defaultConfig());
    RecordingConsumer<Traces> fast = new RecordingConsumer<>();
    Processor<Traces> p = new AttributesProcessorFactory().createTraces(SETTINGS, config, fast);
    p.start(new TestHost());
    p.consume(spans(3).attribute("http.method", "GET").encoded()).join();
    Traces out = fast.received().get(0);
    assertFalse(out.hasParsed(), "spliced, not parsed");
    RecordingConsumer<Traces> slow = new RecordingConsumer<>();
    Processor<Traces> q = new AttributesProcessorFactory().createTraces(SETTINGS, config, slow);
    q.start(new TestHost());
    Traces parsed = spans(3).attribute("http.method", "GET").encoded();
    parsed.request();
    q.consume(parsed).join();
    assertEquals(slow.received().get(0).request(), out.request());
    assertEquals(List.of(kv("http.method", "GET"), kv("deployment.environment", "production")),
        out.request().getResourceSpans(0).getScopeSpans(0).getSpans(2).getAttributesList());
    assertEquals(3, out.itemCount());
  }

  @Test
  void theSeedBlockWorksForMetricsAndLogsToo() throws Exception {
    AttributesProcessorConfig config = Golden.bindYaml(SEED, new AttributesProcessorFactory().defaultConfig());
    RecordingConsumer<Metrics> metrics = new RecordingConsumer<>();
    Processor<Metrics> pm = new AttributesProcessorFactory().createMetrics(SETTINGS, config, metrics);
    pm.start(new TestHost());
    pm.consume(MetricData.of(AttributesGoldenTest.metric("m", "gauge", 2)).parsed()).join();
    AttributesGoldenTest.pointAttributes(metrics.received().get(0).request().getResourceMetrics(0).getScopeMetrics(0)
        .getMetrics(0)).forEach(attrs -> assertEquals(kv("deployment.environment", "production"), attrs.get(1)));
    RecordingConsumer<Logs> logs = new RecordingConsumer<>();
    Processor<Logs> pl = new AttributesProcessorFactory().createLogs(SETTINGS, config, logs);
    pl.start(new TestHost());
    pl.consume(LogData.of(LogRecord.getDefaultInstance()).parsed()).join();
    assertEquals(List.of(kv("deployment.environment", "production")), logs.received().get(0).request()
        .getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getAttributesList());
  }

  @Test
  void dataNothingChangesIsPassedOnWithoutReEncoding() throws Exception {
    AttributesProcessorConfig config = Golden.bindYaml("actions: [{key: absent, action: delete}]",
        new AttributesProcessorFactory().defaultConfig());
    RecordingConsumer<Traces> sink = new RecordingConsumer<>();
    Processor<Traces> p = new AttributesProcessorFactory().createTraces(SETTINGS, config, sink);
    p.start(new TestHost());
    Traces in = spans(2).attribute("http.method", "GET").encoded();
    byte[] bytes = in.encoded();
    p.consume(in).join();
    assertSame(in, sink.received().get(0));
    assertTrue(in.hasEncoded());
    assertSame(bytes, in.encoded());
  }

  @Test
  void declaresThatItMutatesData() {
    AttributesProcessorConfig config = Golden.bindYaml(SEED, new AttributesProcessorFactory().defaultConfig());
    assertTrue(new AttributesProcessorFactory().createTraces(SETTINGS, config, new RecordingConsumer<>()).mutatesData());
    ResourceProcessorConfig rc = Golden.bindYaml("attributes: [{key: a, value: b, action: upsert}]",
        new ResourceProcessorFactory().defaultConfig());
    assertTrue(new ResourceProcessorFactory().createLogs(SETTINGS, rc, new RecordingConsumer<>()).mutatesData());
  }

  @Test
  void aDownstreamFailureReachesTheSender() throws Exception {
    AttributesProcessorConfig config = Golden.bindYaml(SEED, new AttributesProcessorFactory().defaultConfig());
    RecordingConsumer<Traces> sink = new RecordingConsumer<Traces>().failWith(ConsumerException.retryable("down"));
    Processor<Traces> p = new AttributesProcessorFactory().createTraces(SETTINGS, config, sink);
    p.start(new TestHost());
    CompletableFuture<Void> f = p.consume(spans(1).attribute("http.method", "GET").encoded());
    assertTrue(f.isCompletedExceptionally());
  }

  @Test
  void validationRefusesIncludeFieldsOfAnotherSignalInThePipelinesThatUseIt() {
    AttributesProcessorConfig config = Golden.bindYaml("""
        actions: [{key: a, value: b, action: insert}]
        include: {match_type: strict, span_names: [x]}
        """, new AttributesProcessorFactory().defaultConfig());
    assertEquals(List.of(), config.validate(), "valid on its own");
    assertEquals(List.of(), ConfigValidation.validate(config, usedIn(Signal.TRACES)));
    assertEquals(List.of("include::span_names: not valid for logs"),
        ConfigValidation.validate(config, usedIn(Signal.LOGS)));
    assertEquals(List.of("include::span_names: not valid for metrics"),
        ConfigValidation.validate(config, usedIn(Signal.TRACES, Signal.METRICS)));
  }

  @Test
  void validationRefusesAnExcludeThatSetsNoFieldOfItsSignal() {
    AttributesProcessorConfig config = Golden.bindYaml("""
        actions: [{key: a, value: b, action: insert}]
        exclude: {match_type: strict, resources: [{key: a}], log_bodies: [x]}
        """, new AttributesProcessorFactory().defaultConfig());
    assertEquals(List.of("exclude::log_bodies: not valid for traces"),
        ConfigValidation.validate(config, usedIn(Signal.TRACES)));
  }

  @Test
  void resourcesAloneAreValidForEverySignal() throws Exception {
    AttributesProcessorConfig config = Golden.bindYaml("""
        actions: [{key: a, value: b, action: insert}]
        include: {match_type: strict, resources: [{key: service.name}]}
        """, new AttributesProcessorFactory().defaultConfig());
    assertEquals(List.of(), ConfigValidation.validate(config, usedIn(Signal.TRACES, Signal.METRICS, Signal.LOGS)));
  }

  /** A processor used in pipelines of {@code signals}, with no extensions. */
  private static io.telegate.core.component.ValidationContext usedIn(Signal... signals) {
    return new io.telegate.core.component.ValidationContext() {
      @Override
      public io.telegate.core.component.ComponentKind kind() {
        return io.telegate.core.component.ComponentKind.PROCESSOR;
      }

      @Override
      public java.util.Set<Signal> signals() {
        return java.util.Set.of(signals);
      }

      @Override
      public java.util.Optional<io.telegate.core.component.Component> extension(
          io.telegate.core.component.ComponentId id) {
        return java.util.Optional.empty();
      }
    };
  }

  @TestFactory
  Stream<DynamicTest> attributesAndResourceHonourTheLifecycleForEverySignal() {
    return LifecycleContract.testsFor(List.of(new AttributesProcessorFactory(), new ResourceProcessorFactory()),
        Map.of("attributes", Map.of("actions", List.of(Map.of("key", "k", "value", "v", "action", "insert"))),
            "resource", Map.of("attributes", List.of(Map.of("key", "k", "value", "v", "action", "upsert")))));
  }
}
