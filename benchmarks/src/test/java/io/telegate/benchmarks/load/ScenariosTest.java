package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.telegate.benchmarks.LoadToolTestAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenariosTest {

  private static final Scenarios.Ports PORTS = new Scenarios.Ports(41001, 41002, 41003, 42001, 42002);
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  @Test
  void everyScenarioGeneratesAConfigWithItsPipeline() throws Exception {
    for (Scenarios.Scenario s : Scenarios.ALL.values()) {
      JsonNode c = yaml.readTree(Scenarios.config(s, PORTS));
      assertEquals("127.0.0.1:41001", c.at("/receivers/otlp/protocols/grpc/endpoint").asText(), s.name());
      assertEquals("127.0.0.1:41002", c.at("/receivers/otlp/protocols/http/endpoint").asText(), s.name());
      assertEquals("127.0.0.1:41003", c.at("/service/telemetry/metrics/address").asText(), s.name());
      String signal = Shapes.of(s.shape()).signal().pipeline();
      JsonNode p = c.at("/service/pipelines/" + signal);
      assertEquals("otlp", p.at("/receivers/0").asText(), s.name());
      assertEquals(s.processors(), List.of(yaml.convertValue(p.get("processors"), String[].class)), s.name());
      assertEquals(s.exporters(), List.of(yaml.convertValue(p.get("exporters"), String[].class)), s.name());
      for (String proc : s.processors()) {
        assertTrue(c.at("/processors").has(proc), s.name() + " configures " + proc);
      }
      for (String e : s.exporters()) {
        assertTrue(c.at("/exporters").has(e), s.name() + " configures " + e);
      }
    }
  }

  @Test
  void everyScenarioHasTheSamePipelineInTheCollectorsKeys() throws Exception {
    for (Scenarios.Scenario s : Scenarios.ALL.values()) {
      JsonNode ours = yaml.readTree(Scenarios.config(s, PORTS));
      JsonNode c = yaml.readTree(CollectorConfig.of(s, PORTS));
      assertEquals(ours.get("receivers"), c.get("receivers"), s.name());
      assertEquals(ours.get("processors"), c.get("processors"), s.name());
      assertEquals(ours.get("exporters"), c.get("exporters"), s.name());
      assertEquals(ours.at("/service/pipelines"), c.at("/service/pipelines"), s.name());
      // Telegate's own keys stay out; self-metrics through the Collector's pull reader on the same port.
      assertTrue(c.at("/service/buffers").isMissingNode(), s.name());
      assertTrue(c.at("/service/telemetry/metrics/address").isMissingNode(), s.name());
      JsonNode prometheus = c.at("/service/telemetry/metrics/readers/0/pull/exporter/prometheus");
      assertEquals("127.0.0.1", prometheus.path("host").asText(), s.name());
      assertEquals(41003, prometheus.path("port").asInt(), s.name());
    }
  }

  @Test
  void exportersPointAtTheSink() throws Exception {
    JsonNode b2 = yaml.readTree(Scenarios.config(Scenarios.get("B2"), PORTS));
    assertEquals("127.0.0.1:42001", b2.at("/exporters/otlp/endpoint").asText());
    assertTrue(b2.at("/exporters/otlp/tls/insecure").asBoolean());
    assertEquals(2, b2.at("/processors/attributes/actions").size());
    JsonNode b3 = yaml.readTree(Scenarios.config(Scenarios.get("B3"), PORTS));
    assertEquals("http://127.0.0.1:42002/loki/api/v1/push", b3.at("/exporters/loki/endpoint").asText());
    JsonNode b4 = yaml.readTree(Scenarios.config(Scenarios.get("b4"), PORTS));
    assertEquals("http://127.0.0.1:42002/api/v1/write", b4.at("/exporters/prometheusremotewrite/endpoint").asText());
    // The translating exporters hold the client's answer when their short queue is full, so a
    // flat-out client runs at the rate the gateway delivers instead of filling a deep queue.
    assertTrue(b4.at("/exporters/prometheusremotewrite/sending_queue/block_on_overflow").asBoolean());
    assertEquals(Scenarios.BACK_PRESSURE_QUEUE, b4.at("/exporters/prometheusremotewrite/sending_queue/queue_size").asInt());
    assertTrue(b3.at("/exporters/loki/sending_queue/block_on_overflow").asBoolean());
    JsonNode b6 = yaml.readTree(Scenarios.config(Scenarios.get("B6"), PORTS));
    assertEquals("memory_limiter", b6.at("/service/pipelines/traces/processors/0").asText());
    assertEquals(300, b6.at("/processors/memory_limiter/limit_mib").asInt());
  }

  @Test
  void flowControlScenariosKeepEveryDefault() throws Exception {
    for (String signal : List.of("traces", "logs", "metrics")) {
      Scenarios.Scenario f1 = Scenarios.get("F1-" + signal);
      Scenarios.Scenario f2 = Scenarios.get("f2-" + signal);
      for (Scenarios.Scenario s : List.of(f1, f2)) {
        JsonNode c = yaml.readTree(Scenarios.config(s, PORTS));
        assertEquals(signal, Shapes.of(s.shape()).signal().pipeline(), s.name());
        assertEquals(List.of("batch"), s.processors(), s.name());
        JsonNode batch = c.at("/processors/batch");
        assertTrue(batch.isNull() || batch.isEmpty(), s.name() + ": the batch processor with its defaults: " + batch);
        JsonNode exporter = c.at("/exporters/" + s.exporters().get(0));
        assertTrue(exporter.isObject(), s.name());
        // Only what the connection to the sink needs: no queue, timeout or retry setting.
        for (String key : List.of("sending_queue", "timeout", "retry_on_failure", "remote_write_queue")) {
          assertTrue(exporter.path(key).isMissingNode(), s.name() + " sets " + key);
        }
        assertEquals(List.of("-Xmx512m"), s.gatewayOptions(), s.name());
        assertEquals(0, s.itemsPerSecond(), s.name() + " runs flat out");
        assertEquals(0, s.stallSeconds(), s.name());
      }
      assertEquals(8, f1.connections());
      assertEquals(1, f1.inFlight());
      assertEquals(0, f1.sinkItemsPerSecond());
      assertEquals(0, f1.durationSeconds(), "F1 measures for the tool's 30 s");
      assertEquals(4, f2.connections());
      assertEquals(32, f2.inFlight());
      assertEquals(300, f2.durationSeconds());
      assertTrue(f2.sinkItemsPerSecond() > 0, "F2's sink is slower than the load");
    }
    assertEquals("otlp->batch->loki", ScenarioRunner.pipeline(Scenarios.get("F1-logs")));
    assertEquals("otlp->batch->prometheusremotewrite", ScenarioRunner.pipeline(Scenarios.get("F2-metrics")));
    // The issue 9 scenarios keep their own settings.
    Scenarios.Scenario b4 = Scenarios.get("B4");
    assertTrue(b4.gatewayOptions().isEmpty());
    assertEquals(0, b4.sinkItemsPerSecond());
    assertEquals(0, b4.durationSeconds());
  }

  @Test
  void gatewayMetricsAreSummedOverTheirLabels() {
    String text = """
        # HELP otelcol_exporter_queue_size Current size of the sending queue.
        # TYPE otelcol_exporter_queue_size gauge
        otelcol_exporter_queue_size{exporter="otlp",data_type="traces"} 12
        otelcol_exporter_queue_size{exporter="otlp/2",data_type="traces"} 3
        telegate_buffers_memory_used_bytes 1.34217728E8
        telegate_buffers_memory_limit_bytes 134217728
        otelcol_processor_refused_spans_total{processor="batch",label="a b}"} 4100
        otelcol_receiver_accepted_spans_total{receiver="otlp"} 99
        """;
    var m = GatewayMetrics.parse(text, GatewayMetrics.FLOW);
    assertEquals(15.0, m.get("otelcol_exporter_queue_size"));
    assertEquals(134_217_728.0, m.get("telegate_buffers_memory_used_bytes"));
    assertEquals(4100.0, m.get("otelcol_processor_refused_spans_total"));
    assertTrue(!m.containsKey("otelcol_receiver_accepted_spans_total"));
    assertEquals("otelcol_exporter_queue_size=15 telegate_buffers_memory_used_bytes=134217728 "
        + "telegate_buffers_memory_limit_bytes=134217728 otelcol_processor_refused_spans_total=4100",
        GatewayMetrics.format(m));
    String held = ScenarioRunner.held(398_000, Shapes.of("traces-typical"), m);
    assertTrue(held.startsWith("acknowledged-delivered=398000 items = 127.9 MiB at 337.0 B/item "
        + "(service::buffers 128 MiB = 398272 items)"), held);
  }

  @Test
  void whatTheGatewayMayHaveDeliveredAndWhatItDropped() {
    Shapes.Shape traces = Shapes.of("traces-typical");
    LoadGenerator.Options o = new LoadGenerator.Options("127.0.0.1", 1, "grpc", traces, 4, 32, 0,
        java.time.Duration.ZERO, java.time.Duration.ofSeconds(1), false, java.time.Duration.ofSeconds(10));
    // 1,000 requests: 900 OK, 95 throttled, 5 timed out at the client.
    LoadGenerator.Result r = new LoadGenerator.Result(o, 1, 900, 90_000, 0, 0, 0, 0, 95,
        java.util.Map.of("DEADLINE_EXCEEDED", 5L), 90_000, 1_000, new long[0], new long[0], 95);
    // One exporter: a throttled request was refused before anything held it; a timed-out one may have gone.
    assertEquals(500, ScenarioRunner.unanswered(r, Scenarios.get("F2-traces")));
    // Two exporters: one may have taken a request the other refused.
    assertEquals(2 * 100 * 100, ScenarioRunner.unanswered(r, Scenarios.get("B3")));
    assertEquals("DUP=1500 (beyond 500 items of requests that failed at the client)",
        ScenarioRunner.verdict(2_000, r, Scenarios.get("F2-traces")));
    String log = """
        {"level":"WARN","msg":"send failed; will retry","exporter":"loki","items":8192}
        {"level":"ERROR","msg":"shutdown deadline reached; dropping what was not sent","dropped_items":322560}
        {"level":"WARN","msg":"the next consumer still refused a batch at shutdown; dropping it","dropped_items":8192}
        """;
    assertEquals(330_752, ScenarioRunner.droppedItems(log));
    assertEquals(0, ScenarioRunner.droppedItems(""));
    assertTrue(ScenarioRunner.gatewayEmpty(java.util.Map.of()));
    assertTrue(ScenarioRunner.gatewayEmpty(java.util.Map.of("telegate_buffers_memory_used_bytes", 0.0,
        "otelcol_exporter_in_flight_requests", 0.0)));
    assertTrue(!ScenarioRunner.gatewayEmpty(java.util.Map.of("telegate_buffers_memory_used_bytes", 0.0,
        "otelcol_exporter_in_flight_requests", 2.0)));
    assertTrue(!ScenarioRunner.gatewayEmpty(java.util.Map.of("telegate_buffers_memory_used_bytes", 337.0)));
  }

  @Test
  void throttledAnswersAreNotErrors() {
    assertTrue(LoadGenerator.throttled("RESOURCE_EXHAUSTED"));
    assertTrue(LoadGenerator.throttled("http_429"));
    assertTrue(!LoadGenerator.throttled("UNAVAILABLE"));
    assertTrue(!LoadGenerator.throttled("http_503"));
    assertTrue(!LoadGenerator.throttled("OK"));
  }

  @Test
  void gatewayGetsTheLaunchersCollectorUnlessItsOptionsPickOne() {
    assertEquals(List.of("-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=75", "-Xss512k", "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=50", "-Xmx64m"), ScenarioRunner.launcherOptions(List.of("-Xmx64m")));
    List<String> serial = ScenarioRunner.launcherOptions(List.of("-Xmx40m", "-XX:+UseSerialGC"));
    assertTrue(serial.contains("-XX:+UseSerialGC"));
    assertTrue(serial.stream().noneMatch(o -> o.contains("G1") || o.contains("MaxGCPauseMillis")), serial.toString());
  }

  @Test
  void expectationsAndLabels() {
    assertEquals(2, ScenarioRunner.expectedCopies(Scenarios.get("B3")));
    assertEquals(1, ScenarioRunner.expectedCopies(Scenarios.get("B1")));
    assertEquals("otlp->attributes->batch->otlp+loki", ScenarioRunner.pipeline(Scenarios.get("B3")));
    assertThrows(IllegalArgumentException.class, () -> Scenarios.get("B9"));
    assertEquals("B3-otlp", Scenarios.get("b3-OTLP").name());
  }

  @Test
  void shapesHaveTheirSizesAndCounts() {
    assertEquals(100, Shapes.of("traces-typical").items());
    assertEquals(33_700, Shapes.of("traces-typical").bytes().length);
    assertEquals(14_608, Shapes.of("traces-testbed").bytes().length);
    assertEquals(512, Shapes.of("logs").items());
    int perLog = Shapes.of("logs").bytes().length / 512;
    assertTrue(perLog >= 270 && perLog <= 330, "~300 B per log record: " + perLog);
    assertEquals(700, Shapes.of("metrics").items());
  }

  @Test
  void procParsing() {
    String stat = "1234 (java (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 30 0 999 1000 300";
    assertEquals(325, ProcSampler.cpuTicks(stat));
    assertEquals(123_456, ProcSampler.rssKib("Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  123456 kB\nThreads:\t30\n"));
    assertEquals(50.0, ProcSampler.percent(ProcSampler.TICKS / 2, 1_000_000_000L), 1e-9);
  }

  @Test
  void optionParsing() {
    var o = LoadToolTestAccess.options(List.of("--rate", "10000", "--gzip", "--shape=logs"));
    assertEquals("10000", o.get("rate"));
    assertEquals("true", o.get("gzip"));
    assertEquals("logs", o.get("shape"));
    assertThrows(IllegalArgumentException.class, () -> LoadToolTestAccess.options(List.of("--rate")));
  }
}
