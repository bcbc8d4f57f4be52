package io.telegate.processor.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Processor;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.Traces;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Golden tests: YAML config and OTLP input from {@code src/test/resources/golden}, expected output. */
class AttributesGoldenTest {

  private static final CreateSettings SETTINGS =
      CreateSettings.of(ComponentKind.PROCESSOR, ComponentId.of("attributes"));
  private static final AttributesProcessorFactory ATTRIBUTES = new AttributesProcessorFactory();
  private static final ResourceProcessorFactory RESOURCE = new ResourceProcessorFactory();

  private static <P extends Processor<?>> P started(P p) throws Exception {
    p.start(new TestHost());
    return p;
  }

  // ---- actions.yaml: every action, on every kind of attributes ----

  @TestFactory
  Stream<DynamicTest> actionsOnSpanAttributes() {
    return actionCases("span", (cfg, in, client) -> {
      RecordingConsumer<Traces> sink = new RecordingConsumer<>();
      Processor<Traces> p = started(ATTRIBUTES.createTraces(SETTINGS, cfg, sink));
      Traces t = TraceData.spans(1).names(i -> "s").attributes(in).parsed(client);
      p.consume(t).join();
      return sink.received().get(0).request().getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributesList();
    });
  }

  @TestFactory
  Stream<DynamicTest> actionsOnEncodedSpanAttributes() {
    return actionCases("encoded span", (cfg, in, client) -> {
      RecordingConsumer<Traces> sink = new RecordingConsumer<>();
      Processor<Traces> p = started(ATTRIBUTES.createTraces(SETTINGS, cfg, sink));
      Traces t = TraceData.spans(1).names(i -> "s").attributes(in).encoded(client);
      p.consume(t).join();
      return sink.received().get(0).request().getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributesList();
    });
  }

  @TestFactory
  Stream<DynamicTest> actionsOnLogRecordAttributes() {
    return actionCases("log record", (cfg, in, client) -> {
      RecordingConsumer<Logs> sink = new RecordingConsumer<>();
      Processor<Logs> p = started(ATTRIBUTES.createLogs(SETTINGS, cfg, sink));
      p.consume(LogData.records(1).bodies(i -> null).attributes(in).parsed(client)).join();
      return sink.received().get(0).request().getResourceLogs(0).getScopeLogs(0).getLogRecords(0)
          .getAttributesList();
    });
  }

  @TestFactory
  Stream<DynamicTest> actionsOnMetricDataPointAttributes() {
    return actionCases("data point", (cfg, in, client) -> {
      RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
      Processor<Metrics> p = started(ATTRIBUTES.createMetrics(SETTINGS, cfg, sink));
      p.consume(MetricData.of(Metric.newBuilder().setName("m").setSum(Sum.newBuilder().addDataPoints(
          NumberDataPoint.newBuilder().setAsInt(1).addAllAttributes(in))).build()).parsed(client)).join();
      return sink.received().get(0).request().getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getSum()
          .getDataPoints(0).getAttributesList();
    });
  }

  @TestFactory
  Stream<DynamicTest> resourceProcessorRunsTheSameActionsOnResourceAttributes() {
    return actionCasesFor("resource", (actions, in, client) -> {
      ResourceProcessorConfig cfg = Golden.bind(Map.of("attributes", actions), RESOURCE.defaultConfig());
      RecordingConsumer<Traces> sink = new RecordingConsumer<>();
      Processor<Traces> p = started(RESOURCE.createTraces(SETTINGS, cfg, sink));
      p.consume(TraceData.spans(1).names(i -> "s").resource(in).parsed(client)).join();
      return sink.received().get(0).request().getResourceSpans(0).getResource().getAttributesList();
    });
  }

  private interface Run<C> {
    List<KeyValue> apply(C config, List<KeyValue> input, ClientContext client) throws Exception;
  }

  private static Stream<DynamicTest> actionCases(String what, Run<AttributesProcessorConfig> run) {
    return actionCasesFor(what, (actions, in, client) ->
        run.apply(Golden.bind(Map.of("actions", actions), ATTRIBUTES.defaultConfig()), in, client));
  }

  private static Stream<DynamicTest> actionCasesFor(String what, Run<Object> run) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> c : Golden.list(Golden.load("actions.yaml").get("cases"))) {
      tests.add(DynamicTest.dynamicTest(what + ": " + c.get("name"), () -> {
        List<KeyValue> out = run.apply(c.get("actions"), Golden.attributes(c.get("input")), Golden.client(c.get("client")));
        assertEquals(Golden.attributes(c.get("expected")), out);
      }));
    }
    return tests.stream();
  }

  // ---- span_matching.yaml, log_matching.yaml, metric_matching.yaml: include and exclude ----

  private static Map<String, Object> withMatch(Map<String, Object> c) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("actions", List.of(Map.of("key", "matched", "value", true, "action", "insert")));
    if (c.get("include") != null) {
      raw.put("include", c.get("include"));
    }
    if (c.get("exclude") != null) {
      raw.put("exclude", c.get("exclude"));
    }
    return raw;
  }

  private static boolean marked(List<KeyValue> attrs) {
    return attrs.stream().anyMatch(kv -> kv.getKey().equals("matched"));
  }

  private static Resource resource(Object attrs) {
    return Resource.newBuilder().addAllAttributes(Golden.attributes(attrs)).build();
  }

  private static InstrumentationScope scope(Object yaml) {
    Map<String, Object> s = Golden.map(yaml);
    return InstrumentationScope.newBuilder().setName(String.valueOf(s.getOrDefault("name", "")))
        .setVersion(String.valueOf(s.getOrDefault("version", ""))).build();
  }

  @TestFactory
  Stream<DynamicTest> includeAndExcludeSelectSpans() {
    Map<String, Object> golden = Golden.load("span_matching.yaml");
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    for (Map<String, Object> s : Golden.list(golden.get("spans"))) {
      Map<String, Object> res = new LinkedHashMap<>();
      if (s.get("service") != null) {
        res.put("service.name", s.get("service"));
      }
      res.putAll(Golden.map(s.get("resource")));
      req.addResourceSpans(ResourceSpans.newBuilder().setResource(resource(res)).addScopeSpans(ScopeSpans.newBuilder()
          .setScope(scope(s.get("scope"))).addSpans(Span.newBuilder().setName((String) s.get("name"))
              .setKind(Span.SpanKind.valueOf((String) s.get("kind"))).addAllAttributes(Golden.attributes(s.get("attributes"))))));
    }
    ExportTraceServiceRequest input = req.build();
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> c : Golden.list(golden.get("cases"))) {
      tests.add(DynamicTest.dynamicTest(String.valueOf(c.get("name")), () -> {
        RecordingConsumer<Traces> sink = new RecordingConsumer<>();
        started(ATTRIBUTES.createTraces(SETTINGS, Golden.bind(withMatch(c), ATTRIBUTES.defaultConfig()), sink))
            .consume(Traces.of(input)).join();
        List<String> matched = new ArrayList<>();
        for (ResourceSpans rs : sink.received().get(0).request().getResourceSpansList()) {
          for (Span span : rs.getScopeSpans(0).getSpansList()) {
            if (marked(span.getAttributesList())) {
              matched.add(span.getName());
            }
          }
        }
        assertEquals(c.get("matched"), matched);
      }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> includeAndExcludeSelectLogRecords() {
    Map<String, Object> golden = Golden.load("log_matching.yaml");
    ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
    List<String> names = new ArrayList<>();
    for (Map<String, Object> r : Golden.list(golden.get("records"))) {
      names.add((String) r.get("name"));
      req.addResourceLogs(ResourceLogs.newBuilder().setResource(resource(r.get("resource"))).addScopeLogs(ScopeLogs
          .newBuilder().setScope(scope(r.get("scope"))).addLogRecords(LogRecord.newBuilder()
              .setBody(AttributeValues.fromYaml(r.get("body"))).setSeverityText((String) r.get("severity_text"))
              .setSeverityNumber(SeverityNumber.forNumber((Integer) r.get("severity_number")))
              .addAllAttributes(Golden.attributes(r.get("attributes"))))));
    }
    ExportLogsServiceRequest input = req.build();
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> c : Golden.list(golden.get("cases"))) {
      tests.add(DynamicTest.dynamicTest(String.valueOf(c.get("name")), () -> {
        RecordingConsumer<Logs> sink = new RecordingConsumer<>();
        started(ATTRIBUTES.createLogs(SETTINGS, Golden.bind(withMatch(c), ATTRIBUTES.defaultConfig()), sink))
            .consume(Logs.of(input)).join();
        List<String> matched = new ArrayList<>();
        List<ResourceLogs> out = sink.received().get(0).request().getResourceLogsList();
        for (int i = 0; i < out.size(); i++) {
          if (marked(out.get(i).getScopeLogs(0).getLogRecords(0).getAttributesList())) {
            matched.add(names.get(i));
          }
        }
        assertEquals(c.get("matched"), matched);
      }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> includeAndExcludeSelectMetrics() {
    Map<String, Object> golden = Golden.load("metric_matching.yaml");
    ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
    for (Map<String, Object> m : Golden.list(golden.get("metrics"))) {
      req.addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(m.get("resource")))
          .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric((String) m.get("name"), (String) m.get("type"),
              (Integer) m.get("points")))));
    }
    ExportMetricsServiceRequest input = req.build();
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> c : Golden.list(golden.get("cases"))) {
      tests.add(DynamicTest.dynamicTest(String.valueOf(c.get("name")), () -> {
        RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
        started(ATTRIBUTES.createMetrics(SETTINGS, Golden.bind(withMatch(c), ATTRIBUTES.defaultConfig()), sink))
            .consume(Metrics.of(input)).join();
        List<String> matched = new ArrayList<>();
        for (ResourceMetrics rm : sink.received().get(0).request().getResourceMetricsList()) {
          Metric metric = rm.getScopeMetrics(0).getMetrics(0);
          List<List<KeyValue>> points = pointAttributes(metric);
          long marks = points.stream().filter(AttributesGoldenTest::marked).count();
          assertTrue(marks == 0 || marks == points.size(), "all points of a metric or none: " + metric.getName());
          if (marks > 0) {
            matched.add(metric.getName());
          }
        }
        assertEquals(c.get("matched"), matched);
      }));
    }
    return tests.stream();
  }

  static Metric metric(String name, String type, int points) {
    Metric.Builder m = Metric.newBuilder().setName(name);
    for (int i = 0; i < points; i++) {
      KeyValue id = KeyValue.newBuilder().setKey("point").setValue(AttributeValues.fromYaml(i)).build();
      switch (type) {
        case "gauge" -> m.getGaugeBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsDouble(i).addAttributes(id));
        case "sum" -> m.getSumBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(i).addAttributes(id));
        case "histogram" -> m.getHistogramBuilder().addDataPoints(HistogramDataPoint.newBuilder().setCount(i)
            .addAttributes(id));
        case "exponential_histogram" -> m.getExponentialHistogramBuilder().addDataPoints(
            ExponentialHistogramDataPoint.newBuilder().setCount(i).addAttributes(id));
        case "summary" -> m.getSummaryBuilder().addDataPoints(SummaryDataPoint.newBuilder().setCount(i).addAttributes(id));
        default -> throw new IllegalArgumentException(type);
      }
    }
    return m.build();
  }

  static List<List<KeyValue>> pointAttributes(Metric m) {
    List<List<KeyValue>> out = new ArrayList<>();
    switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsList().forEach(p -> out.add(p.getAttributesList()));
      case SUM -> m.getSum().getDataPointsList().forEach(p -> out.add(p.getAttributesList()));
      case HISTOGRAM -> m.getHistogram().getDataPointsList().forEach(p -> out.add(p.getAttributesList()));
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsList()
          .forEach(p -> out.add(p.getAttributesList()));
      case SUMMARY -> m.getSummary().getDataPointsList().forEach(p -> out.add(p.getAttributesList()));
      default -> {
        // none
      }
    }
    return out;
  }

  // ---- invalid_configs.yaml: every config error, with its path ----

  @TestFactory
  Stream<DynamicTest> invalidAttributesConfigsFailWithTheirPaths() {
    return invalid("attributes", ATTRIBUTES.defaultConfig());
  }

  @TestFactory
  Stream<DynamicTest> invalidResourceConfigsFailWithTheirPaths() {
    return invalid("resource", RESOURCE.defaultConfig());
  }

  private static <C extends Record & io.telegate.core.component.ComponentConfig> Stream<DynamicTest> invalid(
      String section, C defaults) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map<String, Object> c : Golden.list(Golden.load("invalid_configs.yaml").get(section))) {
      tests.add(DynamicTest.dynamicTest(String.valueOf(c.get("name")), () -> {
        List<String> actual = Golden.errorsOf(c.get("config"), defaults);
        @SuppressWarnings("unchecked")
        List<String> expected = (List<String>) c.get("errors");
        assertEquals(expected.size(), actual.size(), "errors: " + actual);
        for (int i = 0; i < expected.size(); i++) {
          String e = expected.get(i);
          if (e.endsWith("...")) {
            String prefix = e.substring(0, e.length() - 3);
            assertTrue(actual.get(i).startsWith(prefix), "expected '" + prefix + "...' got '" + actual.get(i) + "'");
          } else {
            assertEquals(e, actual.get(i));
          }
        }
      }));
    }
    return tests.stream();
  }
}
