package io.telegate.exporter.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Signal;
import io.telegate.core.data.Traces;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.TraceData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DebugExporterTest {

  /** Two spans, GET /a and GET /b, of service checkout in scope lib@1. */
  private static final TraceData TRACES = TraceData.spans(2).names(i -> i == 0 ? "GET /a" : "GET /b")
      .resource("service.name", "checkout").scope("lib", "1");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void captureLog() {
    GatewayLogger.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreLog() {
    GatewayLogger.setOutput(System.out);
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private DebugExporter<Traces> exporter(DebugExporterConfig.Verbosity v, int initial, int thereafter, Clock clock) {
    DebugExporter<Traces> e = new DebugExporter<>(ComponentId.of("debug"), Signal.TRACES,
        new DebugExporterConfig(v, initial, thereafter, true, null));
    e.start(new TestHost(clock));
    return e;
  }

  @Test
  void basicWritesOneCountLinePerBatch() {
    exporter(DebugExporterConfig.Verbosity.BASIC, 2, 1, Clock.systemUTC()).send(TRACES.parsed()).join();
    assertEquals(1, lines().size(), lines().toString());
    assertTrue(lines().get(0).contains("\"msg\":\"Traces\",\"exporter\":\"debug\",\"otel.signal\":\"traces\","
        + "\"resource spans\":1,\"spans\":2"), lines().get(0));
  }

  @Test
  void normalWritesTheCollectorsLinePerResourceScopeAndSpanWithKeyValueAttributes() {
    exporter(DebugExporterConfig.Verbosity.NORMAL, 2, 1, Clock.systemUTC()).send(TRACES.parsed()).join();
    assertEquals(5, lines().size(), lines().toString());
    assertTrue(lines().get(1).contains("\"msg\":\"ResourceTraces #0 service.name=checkout\""), lines().get(1));
    assertTrue(lines().get(2).contains("\"msg\":\"ScopeTraces #0 lib@1\""), lines().get(2));
    assertTrue(lines().get(4).contains("\"msg\":\"GET /b "), lines().get(4));
  }

  @Test
  void detailedWritesEverySpan() {
    exporter(DebugExporterConfig.Verbosity.DETAILED, 2, 1, Clock.systemUTC()).send(TRACES.parsed()).join();
    assertEquals(4, lines().size(), lines().toString());
    assertTrue(lines().get(3).contains("name: \\\"GET /b\\\""), lines().get(3));
  }

  @Test
  void samplesAfterTheInitialBatchesOfEachSecond() {
    Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    DebugExporter<Traces> e = exporter(DebugExporterConfig.Verbosity.BASIC, 2, 3, fixed);
    for (int i = 0; i < 8; i++) {
      e.send(TRACES.parsed()).join();
    }
    // Batches 1 and 2 pass, then every third one: 5 and 8.
    assertEquals(4, lines().size(), lines().toString());
  }

  @Test
  void deprecatedLoglevelMapsToVerbosityAndConflictsWithIt() {
    assertEquals(DebugExporterConfig.Verbosity.DETAILED,
        new DebugExporterConfig(null, 2, 1, true, "debug").effectiveVerbosity());
    assertEquals(DebugExporterConfig.Verbosity.NORMAL,
        new DebugExporterConfig(null, 2, 1, true, "info").effectiveVerbosity());
    assertEquals(DebugExporterConfig.Verbosity.BASIC, DebugExporterConfig.DEFAULT.effectiveVerbosity());
    assertEquals(List.of("loglevel: cannot be used with verbosity; use only verbosity"),
        new DebugExporterConfig(DebugExporterConfig.Verbosity.BASIC, 2, 1, true, "info").validate());
  }

  @Test
  void countsSentItemsThroughTheExporterHelper() throws Exception {
    TestHost host = new TestHost();
    var exporter = new DebugExporterFactory().createTraces(
        io.telegate.core.component.CreateSettings.of(io.telegate.core.component.ComponentKind.EXPORTER,
            ComponentId.of("debug")), DebugExporterConfig.DEFAULT);
    exporter.start(host);
    exporter.consume(TRACES.parsed()).join();
    assertEquals(2, host.value("otelcol_exporter_sent_spans{exporter=\"debug\""));
    exporter.shutdown(java.time.Duration.ofSeconds(1));
  }
}
