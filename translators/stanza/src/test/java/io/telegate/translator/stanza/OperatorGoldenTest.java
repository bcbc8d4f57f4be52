package io.telegate.translator.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the golden cases under {@code src/test/resources/golden}: one file per operator, each case
 * an {@code operators} list, the entries that go in, and the entries that must come out (in
 * order, compared field by field), or the config errors the list must give. See
 * {@code golden/README.md} for the format.
 */
class OperatorGoldenTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  /** Wall clock of every case unless it says {@code now}: for timestamps without a year. */
  private static final Instant DEFAULT_NOW = Instant.parse("2024-06-15T12:00:00Z");

  @TestFactory
  Stream<DynamicNode> goldenCases() throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("/golden").toURI());
    List<DynamicNode> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(x -> x.toString().endsWith(".yaml")).sorted().toList()) {
        files.add(DynamicContainer.dynamicContainer(p.getFileName().toString(), cases(p)));
      }
    }
    return files.stream();
  }

  @Test
  void everyOperatorTypeHasGoldenCasesIncludingEveryOnErrorMode() throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("/golden").toURI());
    for (String type : Operators.types()) {
      if (type.equals("noop")) {
        continue;
      }
      Path file = dir.resolve(type + ".yaml");
      assertTrue(Files.exists(file), "no golden file for " + type);
      String text = Files.readString(file);
      if (!type.equals("router")) {
        for (String mode : List.of("send", "send_quiet", "drop", "drop_quiet")) {
          assertTrue(text.contains("on_error: " + mode), type + " has no case with on_error: " + mode);
        }
      }
      assertTrue(text.contains("errors:"), type + " has no invalid-config case");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<DynamicTest> cases(Path file) throws IOException {
    Map<String, Object> doc;
    try (InputStream in = Files.newInputStream(file)) {
      doc = YAML.readValue(in, Map.class);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Object o : (List<Object>) doc.get("cases")) {
      Map<String, Object> c = (Map<String, Object>) o;
      String name = String.valueOf(c.get("name"));
      tests.add(DynamicTest.dynamicTest(name, () -> run(c)));
    }
    return tests;
  }

  /** One log line the operators wrote at error level or above. */
  private record Logged(GatewayLogger.Level level, String msg) {}

  @SuppressWarnings("unchecked")
  private static void run(Map<String, Object> c) {
    List<Object> operators = (List<Object>) c.get("operators");
    if (c.containsKey("errors")) {
      List<String> expected = (List<String>) c.get("errors");
      assertEquals(expected, OperatorPipeline.validate(operators));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> OperatorPipeline.build(operators, x -> {}));
      for (String err : expected) {
        assertTrue(e.getMessage().contains(err), e.getMessage());
      }
      return;
    }
    assertEquals(List.of(), OperatorPipeline.validate(operators), "the case's operators are valid");
    Instant now = c.containsKey("now") ? OffsetDateTime.parse(String.valueOf(c.get("now"))).toInstant() : DEFAULT_NOW;
    AtomicLong nanos = new AtomicLong(1_000_000_000L);
    List<Entry> out = new ArrayList<>();
    OperatorPipeline p = OperatorPipeline.build(operators, out::add,
        new OperatorPipeline.Settings(Clock.fixed(now, ZoneOffset.UTC), nanos::get));
    List<Logged> logged = new CopyOnWriteArrayList<>();
    GatewayLogger.Listener listener = (time, level, msg, attributes, error) -> {
      if (level.compareTo(GatewayLogger.Level.ERROR) >= 0) {
        logged.add(new Logged(level, msg));
      }
    };
    GatewayLogger.forgetRateLimits();
    GatewayLogger.addListener(listener);
    try {
      List<Object> inputs = c.containsKey("inputs") ? (List<Object>) c.get("inputs") : List.of(c.get("input"));
      for (Object in : inputs) {
        Map<String, Object> step = (Map<String, Object>) in;
        if (step.containsKey("advance")) {
          nanos.addAndGet(io.telegate.core.config.Durations.parse(String.valueOf(step.get("advance"))).toNanos());
          p.flush(nanos.get());
          continue;
        }
        p.process(toEntry(step));
      }
      if (Boolean.TRUE.equals(c.get("flush_all"))) {
        p.flushAll();
      }
    } finally {
      GatewayLogger.removeListener(listener);
    }
    List<Object> expected = new ArrayList<>();
    for (Object e : (List<Object>) c.get("expect")) {
      expected.add(canonicalExpected((Map<String, Object>) e));
    }
    List<Object> actual = new ArrayList<>();
    for (Entry e : out) {
      actual.add(canonical(e));
    }
    assertEquals(expected, actual);
    if (c.containsKey("logged")) {
      String want = String.valueOf(c.get("logged"));
      if (want.equals("error")) {
        assertFalse(logged.isEmpty(), "an error line was logged");
      } else {
        assertEquals(List.of(), logged, "no error line was logged");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Entry toEntry(Map<String, Object> m) {
    Entry e = new Entry(normalise(m.get("body")), 1L);
    if (m.get("attributes") != null) {
      e.attributes.putAll((Map<String, Object>) normalise(m.get("attributes")));
    }
    if (m.get("resource") != null) {
      e.resource.putAll((Map<String, Object>) normalise(m.get("resource")));
    }
    return e;
  }

  /** An entry as the YAML of an expected entry: only what is set. */
  private static Map<String, Object> canonical(Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (e.body != null) {
      m.put("body", e.body);
    }
    if (!e.attributes.isEmpty()) {
      m.put("attributes", e.attributes);
    }
    if (!e.resource.isEmpty()) {
      m.put("resource", e.resource);
    }
    if (e.timestampNanos != 0) {
      m.put("timestamp", Instant.ofEpochSecond(0, e.timestampNanos).toString());
    }
    if (e.severityNumber != 0) {
      m.put("severity", (long) e.severityNumber);
    }
    if (e.severityText != null) {
      m.put("severity_text", e.severityText);
    }
    if (e.traceId != null) {
      m.put("trace_id", HexFormat.of().formatHex(e.traceId));
    }
    if (e.spanId != null) {
      m.put("span_id", HexFormat.of().formatHex(e.spanId));
    }
    if (e.traceFlags != 0) {
      m.put("trace_flags", (long) e.traceFlags);
    }
    if (e.scopeName != null) {
      m.put("scope_name", e.scopeName);
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> canonicalExpected(Map<String, Object> raw) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, Object> me : raw.entrySet()) {
      Object v = normalise(me.getValue());
      if (me.getKey().equals("timestamp")) {
        v = OffsetDateTime.parse(String.valueOf(v)).toInstant().toString();
      }
      if (v instanceof Map<?, ?> map && map.isEmpty() && !me.getKey().equals("body")) {
        continue;
      }
      m.put(me.getKey(), v);
    }
    return m;
  }

  private static Object normalise(Object v) {
    return Values.normalise(v);
  }
}
