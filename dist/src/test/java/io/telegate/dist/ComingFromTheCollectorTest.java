package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentKind;
import io.telegate.core.extension.HealthCheckConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README's "Coming from the Collector" table true: each row's config (below, keyed by the
 * row's first cell) is run through {@code telegate}; a row that says "accepted" must validate, one
 * that says "refused" must fail, and every quoted phrase of the row must be in what the command
 * printed. A row without a config here, or a config without its row, fails the test too.
 */
class ComingFromTheCollectorTest {

  private static final Path README = Path.of("..", "README.md");

  private static final String OTLP = "otlp: {protocols: {grpc: {endpoint: localhost:4317}}}";

  /**
   * A config of one pipeline: {@code receiver}, {@code processor} (or null) and {@code exporter}
   * are each {@code type: body}; {@code extra} goes at the top and {@code serviceExtra} under service.
   */
  private static String pipeline(String signal, String receiver, String processor, String exporter, String extra,
      String serviceExtra) {
    String type = exporter.substring(0, exporter.indexOf(':'));
    String rtype = receiver.substring(0, receiver.indexOf(':'));
    return extra + "receivers:\n  " + receiver + "\n"
        + (processor == null ? "" : "processors:\n  " + processor + "\n")
        + "exporters:\n  " + exporter + "\n"
        + "service:\n" + serviceExtra + "  pipelines:\n    " + signal + ": {receivers: [" + rtype + "], "
        + (processor == null ? "" : "processors: [" + processor.substring(0, processor.indexOf(':')) + "], ")
        + "exporters: [" + type + "]}\n";
  }

  private static String traces(String exporter) {
    return pipeline("traces", OTLP, null, exporter, "", "");
  }

  /** The row's first cell, and the command line that tries it ({@code %s} is the config file). */
  private static final Map<String, Row> ROWS = new LinkedHashMap<>();

  private record Row(String yaml, String... args) {}

  static {
    ROWS.put("`extensions: {health_check: {}}`", new Row(pipeline("traces", OTLP, null, "debug: {}",
        "extensions:\n  health_check: {}\n", "  extensions: [health_check]\n")));
    ROWS.put("`exporters: {logging: {}}`", new Row(traces("logging: {}")));
    ROWS.put("`exporters: {jaeger: {}}`", new Row(traces("jaeger: {endpoint: jaeger:14250}")));
    ROWS.put("`receivers: {otlp: {}}` (no `protocols`)", new Row(pipeline("traces", "otlp: {}", null, "debug: {}", "",
        "")));
    ROWS.put("`processors: {memory_limiter: {...}}`", new Row(pipeline("traces", OTLP,
        "memory_limiter: {check_interval: 1s, limit_mib: 400, spike_limit_mib: 100}", "debug: {}", "", "")));
    ROWS.put("`connectors: {...}`", new Row(pipeline("traces", OTLP, null, "debug: {}",
        "connectors:\n  spanmetrics: {}\n", "")));
    ROWS.put("`${file:...}`, `${yaml:...}`, `${http:...}`", new Row(pipeline("traces",
        "otlp: {protocols: {grpc: {endpoint: \"${file:/etc/telegate/endpoint}\"}}}", null, "debug: {}", "", "")));
    ROWS.put("a component Telegate lacks (`kafka`, `syslog`, ...)", new Row(pipeline("logs",
        "syslog: {tcp: {listen_address: 0.0.0.0:54526}, protocol: rfc5424}", null, "debug: {}", "", "")));
    ROWS.put("`service: {telemetry: {logs: {level: info}}}` (no `encoding`, no `output_paths`)", new Row(pipeline(
        "traces", OTLP, null, "debug: {}", "", "  telemetry:\n    logs: {level: info}\n")));
    ROWS.put("`--feature-gates`", new Row(traces("debug: {}"), "validate", "--feature-gates",
        "+exporter.prometheusremotewritexporter.EnableMultipleWorkers", "--config", "%s"));
  }

  @TempDir Path dir;

  private static final Pattern ROW = Pattern.compile("^\\| (.+?) \\| (.+) \\|$");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  private static Map<String, String> readmeRows() throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("\n## Coming from the Collector\n");
    assertTrue(start >= 0, "README has no section 'Coming from the Collector'");
    int end = readme.indexOf("\n## ", start + 1);
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
      Matcher m = ROW.matcher(line);
      if (m.matches() && !m.group(1).startsWith("in your Collector config") && !m.group(1).startsWith("---")) {
        rows.put(m.group(1), m.group(2));
      }
    }
    return rows;
  }

  @Test
  void everyRowOfTheReadmeHasAConfigHereAndEveryConfigARow() throws IOException {
    assertEquals(List.copyOf(ROWS.keySet()), List.copyOf(readmeRows().keySet()));
  }

  @Test
  void theHealthCheckRowNamesTheExtensionsDefaults() throws IOException {
    String row = readmeRows().get("`extensions: {health_check: {}}`");
    HealthCheckConfig defaults = (HealthCheckConfig) BuiltinComponents.all()
        .find(ComponentKind.EXTENSION, "health_check").orElseThrow().defaultConfig();
    assertTrue(row.contains("`" + defaults.endpoint() + "`"), row);
    assertTrue(row.contains("path `" + defaults.path() + "`"), row);
  }

  @TestFactory
  Stream<DynamicTest> eachRowBehavesAsTheReadmeSays() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, String> readmeRow : readmeRows().entrySet()) {
      Row row = ROWS.get(readmeRow.getKey());
      String claim = readmeRow.getValue();
      tests.add(DynamicTest.dynamicTest(readmeRow.getKey(), () -> {
        assertFalse(row == null, "no config for this README row");
        boolean accepted = claim.startsWith("accepted");
        assertTrue(accepted || claim.startsWith("refused"), "a row says 'accepted' or 'refused' first: " + claim);
        Path file = Files.writeString(Files.createTempFile(dir, "collector", ".yaml"), row.yaml());
        String[] args = row.args().length == 0 ? new String[] {"validate", "--config", "%s"} : row.args().clone();
        for (int i = 0; i < args.length; i++) {
          args[i] = args[i].replace("%s", file.toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
            k -> null, BuiltinComponents.all()).execute(args);
        String printed = out.toString(StandardCharsets.UTF_8);
        if (accepted) {
          assertEquals(0, code, printed);
        } else {
          assertNotEquals(0, code, printed);
        }
        Matcher quoted = QUOTED.matcher(claim);
        while (quoted.find()) {
          assertTrue(printed.contains(quoted.group(1)), "'" + quoted.group(1) + "' not in: " + printed);
        }
      }));
    }
    return tests.stream();
  }
}
