package io.telegate.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code service.telemetry.logs} as the Collector's zap logger has it: the console encoding's
 * shape, initial fields, the sampler (initial / thereafter / tick), development stack traces,
 * several outputs and the error outputs, and listeners that see lines before sampling.
 */
class GatewayLoggerSettingsTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-04-22T17:00:00.042Z"));
  private GatewayLogger.Settings previous;

  @BeforeEach
  void capture() {
    GatewayLogger.setClock(clock);
    previous = GatewayLogger.settings();
  }

  @AfterEach
  void restore() {
    GatewayLogger.configure(previous);
    GatewayLogger.setOutput(System.out);
    GatewayLogger.setClock(Clock.systemUTC());
    GatewayLogger.setLevel(GatewayLogger.Level.INFO);
  }

  private void configure(GatewayLogger.Encoding encoding, Map<String, Object> initial, GatewayLogger.Sampling sampling,
      boolean development, boolean disableStacktrace) {
    GatewayLogger.configure(new GatewayLogger.Settings(encoding,
        List.of(new GatewayLogger.Output("out", new PrintStream(out, true, StandardCharsets.UTF_8))),
        List.of(new GatewayLogger.Output("err", new PrintStream(err, true, StandardCharsets.UTF_8))), initial,
        sampling, development, disableStacktrace));
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void consoleLinesAreTimeLevelMessageAndTheFieldsAsOneJsonObjectSeparatedByTabs() {
    configure(GatewayLogger.Encoding.CONSOLE, Map.of(), null, false, false);
    GatewayLogger.root().with("exporter", "otlp/backend").warn("Exporting failed", "items", 3, "retry", true);
    GatewayLogger.root().info("Everything is ready.");
    assertEquals(List.of(
        "2026-04-22T17:00:00.042Z\twarn\tExporting failed\t{\"exporter\": \"otlp/backend\", \"items\": 3, \"retry\": true}",
        "2026-04-22T17:00:00.042Z\tinfo\tEverything is ready."), lines());
  }

  @Test
  void initialFieldsComeFirstOnEveryLineInBothEncodings() {
    Map<String, Object> initial = new LinkedHashMap<>();
    initial.put("team", "platform");
    initial.put("shard", 7);
    initial.put("tags", List.of("a", "b"));
    configure(GatewayLogger.Encoding.JSON, initial, null, false, false);
    GatewayLogger.root().with("component", "service").info("up", "n", 1);
    configure(GatewayLogger.Encoding.CONSOLE, initial, null, false, false);
    GatewayLogger.root().info("up");
    assertEquals(List.of(
        "{\"time\":\"2026-04-22T17:00:00.042Z\",\"level\":\"INFO\",\"msg\":\"up\",\"team\":\"platform\",\"shard\":7,"
            + "\"tags\":[\"a\",\"b\"],\"component\":\"service\",\"n\":1}",
        "2026-04-22T17:00:00.042Z\tinfo\tup\t{\"team\": \"platform\", \"shard\": 7, \"tags\": [\"a\",\"b\"]}"), lines());
  }

  @Test
  void theSamplerPassesTheFirstLinesOfEachTickThenEveryThereafterthAndCountsWhatItDrops() {
    configure(GatewayLogger.Encoding.JSON, Map.of(), new GatewayLogger.Sampling(Duration.ofSeconds(10), 2, 3), false,
        false);
    long before = GatewayLogger.sampledOut();
    GatewayLogger log = GatewayLogger.root();
    for (int i = 1; i <= 10; i++) {
      log.info("same message", "i", i);
    }
    log.warn("same message", "i", 99); // another level: counted apart
    log.info("another message");
    // n = 1 and 2 pass (initial), then n - 2 divisible by 3: 5 and 8
    assertEquals(List.of("1", "2", "5", "8", "99", "another"), lines().stream()
        .map(l -> l.contains("\"i\":") ? l.replaceAll(".*\"i\":(\\d+).*", "$1") : "another").toList());
    assertEquals(6, GatewayLogger.sampledOut() - before);

    clock.advance(Duration.ofSeconds(10)); // a new tick starts the count afresh
    out.reset();
    log.info("same message", "i", 11);
    log.info("same message", "i", 12);
    log.info("same message", "i", 13);
    assertEquals(2, lines().size());
  }

  @Test
  void anUnsampledLoggersLinesAllPass() {
    configure(GatewayLogger.Encoding.JSON, Map.of(), new GatewayLogger.Sampling(Duration.ofSeconds(10), 1, 0), false,
        false);
    GatewayLogger debug = GatewayLogger.root().with("exporter", "debug").unsampled().with("otel.signal", "traces");
    for (int i = 0; i < 5; i++) {
      debug.info("Span");
      GatewayLogger.root().info("Span");
    }
    assertEquals(6, lines().size());
  }

  @Test
  void thereafterZeroDropsEverythingAfterTheInitialLinesOfATick() {
    configure(GatewayLogger.Encoding.JSON, Map.of(), new GatewayLogger.Sampling(Duration.ofSeconds(1), 1, 0), false,
        false);
    for (int i = 0; i < 5; i++) {
      GatewayLogger.root().info("flood");
    }
    assertEquals(1, lines().size());
  }

  @Test
  void listenersGetEveryLineBeforeSamplingWithInitialContextAndLineFields() {
    configure(GatewayLogger.Encoding.JSON, Map.of("team", "platform"),
        new GatewayLogger.Sampling(Duration.ofSeconds(10), 1, 0), false, false);
    List<String> seen = new ArrayList<>();
    GatewayLogger.Listener listener = (time, level, msg, attributes, error) ->
        seen.add(level + " " + msg + " " + attributes + " " + time);
    GatewayLogger.addListener(listener);
    try {
      GatewayLogger.root().with("receiver", "otlp").warn("refused", "items", 2);
      GatewayLogger.root().with("receiver", "otlp").warn("refused", "items", 2);
      GatewayLogger.root().debug("below the level");
    } finally {
      GatewayLogger.removeListener(listener);
    }
    String one = "WARN refused {team=platform, receiver=otlp, items=2} 2026-04-22T17:00:00.042Z";
    assertEquals(List.of(one, one), seen);
    assertEquals(1, lines().size());
  }

  @Test
  void developmentModeCarriesAStackTraceFromWarnUpUnlessStackTracesAreDisabled() {
    configure(GatewayLogger.Encoding.JSON, Map.of(), null, true, false);
    GatewayLogger.root().warn("careful");
    GatewayLogger.root().info("fine");
    List<String> l = lines();
    assertTrue(l.get(0).contains("\"stacktrace\":\"" + getClass().getName()
        + ".developmentModeCarriesAStackTraceFromWarnUpUnlessStackTracesAreDisabled"), l.get(0));
    assertFalse(l.get(1).contains("stacktrace"), l.get(1));

    out.reset();
    configure(GatewayLogger.Encoding.CONSOLE, Map.of(), null, true, false);
    GatewayLogger.root().error("broken", new IllegalStateException("boom"));
    List<String> console = lines();
    assertEquals("2026-04-22T17:00:00.042Z\terror\tbroken\t{\"error\": \"java.lang.IllegalStateException: boom\"}",
        console.get(0));
    assertTrue(console.get(1).startsWith(getClass().getName()), console.get(1));

    out.reset();
    configure(GatewayLogger.Encoding.JSON, Map.of(), null, true, true);
    GatewayLogger.root().error("broken", new IllegalStateException("boom"));
    assertFalse(out.toString(StandardCharsets.UTF_8).contains("stacktrace"));
  }

  @Test
  void everyOutputGetsEachLineAndAFailingOneIsReportedOnceToTheErrorOutputs() {
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    PrintStream broken = new PrintStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }
    }, true, StandardCharsets.UTF_8);
    GatewayLogger.configure(new GatewayLogger.Settings(GatewayLogger.Encoding.JSON, List.of(
        new GatewayLogger.Output("out", new PrintStream(out, true, StandardCharsets.UTF_8)),
        new GatewayLogger.Output("/var/log/full.log", broken),
        new GatewayLogger.Output("second", new PrintStream(second, true, StandardCharsets.UTF_8))),
        List.of(new GatewayLogger.Output("err", new PrintStream(err, true, StandardCharsets.UTF_8))), Map.of(), null,
        false, false));
    GatewayLogger.root().info("one");
    GatewayLogger.root().info("two");
    assertEquals(2, lines().size());
    assertEquals(lines(), second.toString(StandardCharsets.UTF_8).lines().toList());
    List<String> errors = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).endsWith("write error: writing a log line to /var/log/full.log failed"), errors.get(0));
  }
}
