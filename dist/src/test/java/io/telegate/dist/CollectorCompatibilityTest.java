package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigException;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.telemetry.MetricRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What copied Collector configs contain, accepted as the Collector accepts it (issue 11). */
class CollectorCompatibilityTest {

  private static GatewayConfig resolve(String yaml) throws ConfigException {
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(k -> null).loadString(yaml, errors);
    assertTrue(errors.isEmpty(), errors::toString);
    return new ConfigResolver(BuiltinComponents.all()).resolve(tree);
  }

  private static final String PIPELINE = """
      service:
        pipelines:
          traces: {receivers: [otlp], processors: [batch], exporters: [%s]}
      """;

  @Test
  void aComponentDeclaredWithNoBodyGetsItsDefaultConfig() throws ConfigException {
    GatewayConfig c = resolve("receivers:\n  otlp:\nprocessors:\n  batch:\nexporters:\n  debug:\n"
        + PIPELINE.formatted("debug"));
    assertEquals(BuiltinComponents.all().find(ComponentKind.PROCESSOR, "batch").orElseThrow().defaultConfig(),
        c.get(ComponentKind.PROCESSOR, ComponentId.of("batch")).config());
  }

  @Test
  void theLoggingExporterIsTheDebugExporterWithADeprecationWarning() throws ConfigException {
    GatewayConfig c = resolve("receivers:\n  otlp:\nprocessors:\n  batch:\nexporters:\n  logging:\n    loglevel: debug\n"
        + "    sampling_initial: 5\n    sampling_thereafter: 200\n" + PIPELINE.formatted("logging"));
    assertEquals("debug", c.get(ComponentKind.EXPORTER, ComponentId.of("logging")).factory().type());
    assertTrue(c.warnings().stream().anyMatch(w -> w.startsWith("exporters::logging: the 'logging' exporter is "
        + "deprecated; use 'debug'")), c.warnings().toString());
  }

  @Test
  void otlpExporterNamesOfBothGenerationsAreAccepted() throws ConfigException {
    GatewayConfig c = resolve("""
        receivers:
          otlp:
        processors:
          batch:
        exporters:
          otlp_grpc/a: {endpoint: "a:4317"}
          otlp/b: {endpoint: "b:4317"}
          otlp_http/c: {endpoint: "http://c:4318"}
          otlphttp/d: {endpoint: "http://d:4318"}
        """ + PIPELINE.formatted("otlp_grpc/a, otlp/b, otlp_http/c, otlphttp/d"));
    assertEquals("otlp", c.get(ComponentKind.EXPORTER, ComponentId.parse("otlp_grpc/a")).factory().type());
    assertEquals("otlphttp", c.get(ComponentKind.EXPORTER, ComponentId.parse("otlp_http/c")).factory().type());
  }

  @Test
  void telemetryLevelsAndTheNewerReadersFormAreAccepted() throws ConfigException {
    GatewayConfig c = resolve("receivers:\n  otlp:\nprocessors:\n  batch:\nexporters:\n  debug:\n"
        + PIPELINE.formatted("debug") + """
          telemetry:
            logs: {level: warn}
            metrics:
              level: basic
              readers:
                - pull:
                    exporter:
                      prometheus: {host: 127.0.0.2, port: 9999, without_units: true}
        """);
    assertEquals(MetricRegistry.Level.BASIC, c.telemetry().metricsLevel());
    assertEquals("127.0.0.2", c.telemetry().metricsHost());
    assertEquals(9999, c.telemetry().metricsPort());
    assertEquals("warn", c.telemetry().logLevel());
    assertEquals(new MetricRegistry.Naming(false, true), c.telemetry().naming());
  }

  @Test
  void namesAreSuffixedUnlessTheReaderSaysWithoutUnitsAndWithoutTypeSuffix() throws ConfigException {
    String config = "receivers:\n  otlp:\nprocessors:\n  batch:\nexporters:\n  debug:\n" + PIPELINE.formatted("debug");
    assertEquals(MetricRegistry.Naming.SUFFIXED, resolve(config).telemetry().naming());
    assertEquals(MetricRegistry.Naming.UNSUFFIXED, resolve(config + """
          telemetry:
            metrics:
              readers:
                - pull:
                    exporter:
                      prometheus: {host: 0.0.0.0, port: 8888, without_units: true, without_type_suffix: true}
        """).telemetry().naming());
  }

  @Test
  void telemetryResourceKeepsNullsWhichRemoveAttributes() throws ConfigException {
    GatewayConfig c = resolve("receivers:\n  otlp:\nprocessors:\n  batch:\nexporters:\n  debug:\n"
        + PIPELINE.formatted("debug") + """
          telemetry:
            resource:
              service.name: edge
              service.instance.id: null
              k8s.pod.name: pod-1
        """);
    Map<String, Object> expected = new java.util.LinkedHashMap<>();
    expected.put("service.name", "edge");
    expected.put("service.instance.id", null);
    expected.put("k8s.pod.name", "pod-1");
    assertEquals(expected, c.telemetry().resource());
  }

  @Test
  void aReaderFlagThatIsNotABooleanIsAnError() {
    ConfigException e = assertThrows(ConfigException.class, () -> resolve(
        "receivers:\n  otlp:\nprocessors:\n  batch:\nexporters:\n  debug:\n" + PIPELINE.formatted("debug") + """
              telemetry:
                metrics:
                  readers:
                    - pull: {exporter: {prometheus: {port: 8888, without_units: sometimes}}}
            """));
    assertTrue(e.getMessage().contains(
        "service::telemetry::metrics::readers[0]::pull::exporter::prometheus::without_units: expected true or false"),
        e.getMessage());
  }

  @Test
  void healthCheckPipelineCheckingIsAcceptedAndExtensionsResolve() throws ConfigException {
    GatewayConfig c = resolve("""
        extensions:
          health_check: {endpoint: "0.0.0.0:13133", path: /health, check_collector_pipeline: {enabled: true}}
          zpages: {}
          pprof: {endpoint: "localhost:1777"}
          file_storage/q: {directory: /var/lib/telegate}
        receivers:
          otlp:
        processors:
          batch:
        exporters:
          otlp: {endpoint: "up:4317", sending_queue: {storage: file_storage/q}}
        """ + PIPELINE.formatted("otlp") + "  extensions: [health_check, zpages, pprof, file_storage/q]\n");
    assertEquals(4, c.serviceExtensions().size());
  }

  @Test
  void keysTelegateLacksAreNamedAsNotSupportedNotAsParseErrors() {
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> resolve("""
        receivers:
          otlp:
            protocols:
              grpc: {middlewares: [{id: limiter}]}
        processors:
          batch:
        exporters:
          prometheusremotewrite: {endpoint: "http://vm:8428/api/v1/write", wal: {directory: /tmp}}
        """ + PIPELINE.formatted("prometheusremotewrite").replace("traces:", "metrics:")));
    assertEquals(List.of(
        "receivers::otlp: protocols::grpc::middlewares: not supported by Telegate yet",
        "exporters::prometheusremotewrite: wal: not supported by Telegate yet"),
        e.errors().stream().map(x -> x.replaceAll(" \\(.*", "")).toList(), e.errors().toString());
  }
}
