package io.telegate.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayLoggerTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    GatewayLogger.setOutput(System.out);
    GatewayLogger.setClock(Clock.systemUTC());
    GatewayLogger.setLevel(GatewayLogger.Level.INFO);
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void writesOneJsonObjectPerLineWithComponentAndFields() {
    GatewayLogger.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
    GatewayLogger.setClock(Clock.fixed(Instant.parse("2026-04-22T17:00:00Z"), ZoneOffset.UTC));
    GatewayLogger.root().with("exporter", "otlp/jaeger").warn("send failed \"now\"", "items", 3, "ok", false);
    assertEquals(List.of("{\"time\":\"2026-04-22T17:00:00Z\",\"level\":\"WARN\",\"msg\":\"send failed \\\"now\\\"\","
        + "\"exporter\":\"otlp/jaeger\",\"items\":3,\"ok\":false}"), lines());
  }

  @Test
  void dropsLinesBelowTheLevel() {
    GatewayLogger.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
    GatewayLogger.setLevel(GatewayLogger.Level.WARN);
    GatewayLogger.root().info("quiet");
    GatewayLogger.root().error("loud", null);
    assertEquals(1, lines().size());
  }

  @Test
  void rateLimitedLinesPassOncePerIntervalAndCountWhatWasSuppressed() {
    GatewayLogger.setOutput(new PrintStream(out, true, StandardCharsets.UTF_8));
    SettableClock clock = new SettableClock(Instant.ofEpochMilli(1_000_000));
    GatewayLogger.setClock(clock);
    GatewayLogger log = GatewayLogger.root();
    for (int i = 0; i < 5; i++) {
      log.rateLimited(GatewayLogger.Level.ERROR, "test-key", Duration.ofSeconds(10), "backend down", null);
    }
    clock.advance(Duration.ofSeconds(10));
    log.rateLimited(GatewayLogger.Level.ERROR, "test-key", Duration.ofSeconds(10), "backend down", null);
    assertEquals(2, lines().size(), lines().toString());
    assertTrue(lines().get(1).contains("\"suppressed\":4"), lines().get(1));
  }
}
