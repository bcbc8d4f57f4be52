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
