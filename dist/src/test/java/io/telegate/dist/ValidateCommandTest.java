package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Components;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code telegate validate}: every shipped config, and one broken config per kind of mistake. */
class ValidateCommandTest {

  static final Path CONFIG_DIR = Path.of("..", "config");

  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        env::get, BuiltinComponents.all()).execute(args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Result validate(String yaml) throws IOException {
    Path f = dir.resolve("gateway.yaml");
    Files.writeString(f, yaml);
    return run(Map.of(), "validate", "--config", f.toString());
  }

  private static final String GOOD = """
      receivers:
        otlp:
          protocols:
            http:
              endpoint: localhost:4318
      exporters:
        debug: {}
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [debug]
      """;

  @Test
  void acceptsAValidConfig() throws IOException {
    Result r = validate(GOOD);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("config is valid: 1 pipeline(s)"), r.out());
  }

  /**
   * Every file in config/ is loaded: those whose component types all exist must validate; the
   * others must fail only because of the missing types, each named.
   */
  @TestFactory
  Stream<DynamicTest> everyShippedConfigValidatesOrNamesOnlyItsMissingComponentTypes() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(CONFIG_DIR)) {
      s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().forEach(files::add);
    }
    assertFalse(files.isEmpty(), "no configs found under " + CONFIG_DIR.toAbsolutePath());
    Components components = BuiltinComponents.all();
    Pattern unknownType = Pattern.compile("^\\s+(receivers|processors|exporters|extensions)::\\S+: unknown \\w+ type '(\\w+)'");
    return files.stream().map(f -> DynamicTest.dynamicTest(CONFIG_DIR.relativize(f).toString(), () -> {
      Result r = run(Map.of(), "validate", "--config", f.toString());
      if (r.code() == 0) {
        return;
      }
      for (String line : r.err().split("\n")) {
        if (line.startsWith("invalid config")) {
          continue;
        }
        Matcher m = unknownType.matcher(line);
        assertTrue(m.find(), f + " fails for a reason other than a missing component type: " + line);
        ComponentKind kind = switch (m.group(1)) {
          case "receivers" -> ComponentKind.RECEIVER;
          case "processors" -> ComponentKind.PROCESSOR;
          case "exporters" -> ComponentKind.EXPORTER;
          default -> ComponentKind.EXTENSION;
        };
        assertTrue(components.find(kind, m.group(2)).isEmpty(), line);
      }
    }));
  }

  @Test
  void quickstartConfigIsValid() {
    Result r = run(Map.of(), "validate", "--config", CONFIG_DIR.resolve("quickstart.yaml").toString());
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void gatewayConfigAndTheSeedConfigAsWrittenAreValid() {
    for (String file : new String[] {"gateway.yaml", "examples/seed/otel-collector-config.yaml"}) {
      Result r = run(Map.of(), "validate", "--config", CONFIG_DIR.resolve(file).toString());
      assertEquals(0, r.code(), file + ": " + r.err());
    }
  }

  private static final String BATCH_INTO_OTLP = """
      receivers:
        otlp:
          protocols:
            grpc: {endpoint: localhost:4317}
      processors:
        batch: {timeout: 10s, send_batch_size: 1000}
      exporters:
        otlp:
          endpoint: localhost:14317
          sending_queue: %s
      service:
        %s
        pipelines:
          traces: {receivers: [otlp], processors: [batch], exporters: [otlp]}
      """;

  @Test
  void aBatchProcessorInFrontOfADiskQueueIsAWarningThatPointsToSendingQueueBatch() throws IOException {
    Result r = validate(BATCH_INTO_OTLP.formatted("{storage: " + dir.resolve("q") + "}", ""));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("warning: processors::batch: holds data in memory only, in front of exporter 'otlp'"
        + " whose queue is on disk"), r.err());
    assertTrue(r.err().contains("exporters::otlp::sending_queue::batch"), r.err());
    Result memory = validate(BATCH_INTO_OTLP.formatted("{}", ""));
    assertFalse(memory.err().contains("holds data in memory only"), memory.err());
  }

  @Test
  void endToEndAcknowledgementWithABatchWaitOfFiveSecondsOrMoreIsAWarning() throws IOException {
    Result r = validate(BATCH_INTO_OTLP.formatted("{batch: {flush_timeout: 5s}}", "acknowledgements: exported"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("warning: processors::batch: timeout 10s with service::acknowledgements: exported"),
        r.err());
    assertTrue(r.err().contains("warning: exporters::otlp: sending_queue::batch::flush_timeout 5s with"
        + " service::acknowledgements: exported"), r.err());
    Result held = validate(BATCH_INTO_OTLP.formatted("{batch: {flush_timeout: 5s}}", "acknowledgements: held"));
    assertFalse(held.err().contains("acknowledgements: exported"), held.err());
  }

  @Test
  void badFlowSettingsFailWithTheirPaths() throws IOException {
    Result r = validate(BATCH_INTO_OTLP.formatted("{batch: {flush_timeout: 0s, min_size: 10, max_size: 5, sizer: requests}}",
        "acknowledgements: sometimes\n  buffers: {limit_percentage: 95, limit_mib: -1, admission_wait: -1s}"));
    assertEquals(1, r.code());
    for (String expected : List.of(
        "exporters::otlp: sending_queue::batch::flush_timeout: must be positive",
        "exporters::otlp: sending_queue::batch::max_size: must be greater than or equal to min_size (10), got 5",
        "exporters::otlp: sending_queue::batch::sizer: must be items or bytes, got requests",
        "service::acknowledgements",
        "service::buffers::limit_percentage: must be between 1 and 90, got 95",
        "service::buffers::limit_mib: must not be negative, got -1",
        "service::buffers::admission_wait: must not be negative")) {
      assertTrue(r.err().contains(expected), expected + " in:\n" + r.err() + r.out());
    }
  }

  @Test
  void rejectsAnUnknownKeyWithItsPath() throws IOException {
    Result r = validate(GOOD.replace("endpoint: localhost:4318", "endpoint: localhost:4318\n        endpont: x"));
    assertEquals(1, r.code());
    assertTrue(r.err().contains("receivers::otlp: protocols::http::endpont: unknown key"), r.err());
  }

  @Test
  void rejectsAnUnknownComponentTypeNamingTheKnownOnes() throws IOException {
    Result r = validate(GOOD.replace("debug: {}", "debug: {}\n  kafka: {}"));
    assertEquals(1, r.code());
    assertTrue(r.err().contains("exporters::kafka: unknown exporter type 'kafka' (Telegate has: "), r.err());
  }

  @Test
  void rejectsAPipelineNamingAnUndefinedComponent() throws IOException {
    Result r = validate(GOOD.replace("exporters: [debug]", "exporters: [debug, otlp/jaeger]"));
    assertEquals(1, r.code());
    assertTrue(r.err().contains("service::pipelines::traces::exporters[1]: references exporter 'otlp/jaeger' "
        + "which is not configured under exporters"), r.err());
  }

  @Test
  void rejectsABadDurationWithItsPath() throws IOException {
    Result r = validate("""
        receivers:
          otlp:
            protocols:
              grpc:
                keepalive:
                  server_parameters:
                    time: 10
        exporters:
          debug: {}
        service:
          pipelines:
            traces: {receivers: [otlp], exporters: [debug]}
        """);
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("receivers::otlp: protocols::grpc::keepalive::server_parameters::time: "
        + "invalid duration"), r.err());
  }

  @Test
  void rejectsABadEndpointAndAnInvalidEnumWithTheirPaths() throws IOException {
    Result r = validate(GOOD.replace("debug: {}", "debug: {}\nextensions:\n  health_check: {endpoint: 'x'}")
        .replace("pipelines:", "extensions: [health_check]\n  pipelines:")
        + "  telemetry:\n    metrics:\n      level: loud\n");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("extensions::health_check: endpoint: endpoint 'x' (expected: host:port)"), r.err());
    assertTrue(r.err().contains("service::telemetry::metrics::level: invalid value 'loud'"), r.err());
  }

  @Test
  void rejectsBadEnvSyntaxWithItsPath() throws IOException {
    Result r = validate(GOOD.replace("endpoint: localhost:4318", "endpoint: ${env:HOST"));
    assertEquals(1, r.code());
    assertTrue(r.err().contains("receivers::otlp::protocols::http::endpoint: unclosed '${'"), r.err());
  }

  @Test
  void reportsEveryErrorAtOnce() throws IOException {
    Result r = validate("""
        receivers:
          otlp:
            protocols: {http: {endpoint: localhost:4318, bogus: 1}}
          nosuch: {}
        exporters:
          debug: {verbosity: loud}
        service:
          pipelines:
            traces: {receivers: [otlp], exporters: [missing]}
            spans: {receivers: [otlp], exporters: [debug]}
        """);
    assertEquals(1, r.code());
    long errors = r.err().lines().filter(l -> l.startsWith("  ")).count();
    assertEquals(5, errors, r.err());
  }

  @Test
  void componentsListsEveryBuiltInFactoryByKind() {
    Result r = run(Map.of(), "components");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("receivers:\n  otlp: traces, metrics, logs"), r.out());
    assertTrue(r.out().contains("exporters:\n  debug"), r.out());
    assertTrue(r.out().contains("extensions:\n  health_check"), r.out());
    assertTrue(r.out().contains("\n  prometheusremotewrite (also: prometheus_remote_write): metrics\n"), r.out());
    assertTrue(r.out().contains("\n  otlphttp (also: otlp_http): traces, metrics, logs\n"), r.out());
  }

  @Test
  void theCollectorsNewSnakeCaseNamesAreAccepted() throws IOException {
    Result r = validate(GOOD.replace("debug: {}", "debug: {}\n  prometheus_remote_write: {endpoint: http://localhost:9/w}"
        + "\n  otlp_http: {endpoint: http://localhost:4318}"));
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void otlphttpNeedsOnlyTheEndpointOfTheSignalsItSends() throws IOException {
    Result r = validate(GOOD.replace("debug: {}", "otlphttp: {traces_endpoint: http://localhost:4318/v1/traces}")
        .replace("[debug]", "[otlphttp]"));
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void theRemovedJaegerExporterSaysToUseOtlpAndShowsHow() throws IOException {
    Result r = validate(GOOD.replace("debug: {}", "jaeger: {endpoint: jaeger:14250}").replace("[debug]", "[jaeger]"));
    assertEquals(1, r.code());
    assertEquals("invalid config (1 error):\n  exporters::jaeger: the jaeger exporter was removed from the Collector "
        + "(v0.85.0): Jaeger accepts OTLP natively (gRPC on 4317, HTTP on 4318), so use the otlp exporter, e.g. "
        + "exporters: {otlp/jaeger: {endpoint: jaeger-collector:4317, tls: {insecure: true}}}, and name otlp/jaeger "
        + "in the pipelines\n", r.err());
  }

  @Test
  void printConfigShowsTheResolvedConfigWithSecretsRedacted() throws IOException {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, GOOD.replace("endpoint: localhost:4318", "endpoint: ${env:EP:-localhost:9}\n        "
        + "include_metadata: true"));
    Path g = dir.resolve("secrets.yaml");
    Files.writeString(g, "extensions:\n  health_check:\n    endpoint: localhost:13133\n    path: /\n"
        + "    check_collector_pipeline: {api_token: hunter2}\n");
    Result r = run(Map.of(), "print-config", "--config", f.toString(), "--config", g.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("endpoint: \"localhost:9\""), r.out());
    assertTrue(r.out().contains("api_token: \"[REDACTED]\""), r.out());
    assertFalse(r.out().contains("hunter2"), r.out());
  }

  @Test
  void helpAndVersionExitZero() {
    assertEquals(0, run(Map.of(), "--help").code());
    Result v = run(Map.of(), "--version");
    assertEquals(0, v.code());
    assertTrue(v.out().startsWith("telegate "), v.out());
  }

  @Test
  void noArgumentsAtAllExitsTwoWithUsageOnStderr() {
    Result r = run(Map.of());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("Usage: telegate <command>"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void oneErrorIsCountedInTheSingular() throws IOException {
    Result r = validate(GOOD.replace("debug: {}", "debug: {verbosity: loud}"));
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("invalid config (1 error):\n  exporters::debug: verbosity: "), r.err());
  }

  @Test
  void theUnknownSectionErrorListsExactlyTheSectionsThatAreAccepted() throws IOException {
    Result r = validate(GOOD + "exporter: {}\n");
    assertEquals(1, r.code());
    Matcher m = Pattern.compile("exporter: unknown top-level section \\(valid: ([a-z, ]+)\\)").matcher(r.err());
    assertTrue(m.find(), r.err());
    StringBuilder everyListed = new StringBuilder("extensions: {}\n" + GOOD);
    for (String section : m.group(1).split(", ")) {
      if (!GOOD.contains(section + ":") && !section.equals("extensions")) {
        everyListed.append(section).append(": {}\n");
      }
    }
    Result all = validate(everyListed.toString());
    assertEquals(0, all.code(), everyListed + "\n" + all.err());
  }

  @Test
  void anUnsetVariableWithoutADefaultIsAWarningOfValidateNamingTheKeysItFed() throws IOException {
    Path f = dir.resolve("gateway.yaml");
    Files.writeString(f, GOOD.replace("endpoint: localhost:4318", "endpoint: localhost:${env:HTTP_PORT:-4318}")
        .replace("debug: {}", "debug: {verbosity: \"${env:DEBUG_VERBOSITY}\"}"));
    Result r = run(Map.of(), "validate", "--config", f.toString());
    assertEquals(1, r.code(), "an empty verbosity is not valid, and the warning says why it is empty");
    assertTrue(r.err().startsWith("warning: environment variable DEBUG_VERBOSITY is not set"), r.err());
    assertTrue(r.err().contains("exporters::debug: verbosity: "), r.err());

    Files.writeString(f, GOOD.replace("debug: {}",
        "debug: {}\n  otlphttp:\n    endpoint: http://localhost:4318\n    headers: {x-tenant: \"${TENANT}\"}"));
    Result ok = run(Map.of(), "validate", "--config", f.toString());
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.err().contains("warning: environment variable TENANT is not set and ${env:TENANT} has no default, "
        + "so exporters::otlphttp::headers::x-tenant is an empty string (give a default with ${env:TENANT:-value})"),
        ok.err());
  }
}
