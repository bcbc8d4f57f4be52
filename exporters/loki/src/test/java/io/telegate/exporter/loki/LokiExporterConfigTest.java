package io.telegate.exporter.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigValidation;
import io.telegate.testing.LifecycleContract;
import io.telegate.testing.TestHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LokiExporterConfigTest {

  private static LokiExporterConfig bind(Map<String, Object> raw, ConfigErrors errors) {
    return ConfigBinder.bind(raw, LokiExporterConfig.DEFAULT, "", errors);
  }

  @Test
  void bindsEveryKeyOfTheReadmeExample() {
    ConfigErrors errors = new ConfigErrors();
    LokiExporterConfig c = bind(Map.ofEntries(
        Map.entry("endpoint", "http://loki:3100/loki/api/v1/push"),
        Map.entry("encoding", "json"),
        Map.entry("format", "logfmt"),
        Map.entry("labels", Map.of("resource", Map.of("service.name", "service_name"),
            "attributes", Map.of("http.method", "method"), "static", Map.of("env", "prod"))),
        Map.entry("default_labels_enabled", Map.of("exporter", false)),
        Map.entry("structured_metadata", List.of("trace_id")),
        Map.entry("tenant", Map.of("source", "attributes", "value", "tenant.id")),
        Map.entry("max_streams_per_request", 100),
        Map.entry("label_value_max_length", 512),
        Map.entry("headers", Map.of("Authorization", "Bearer x")),
        Map.entry("timeout", "10s"),
        Map.entry("sending_queue", Map.of("num_consumers", 4)),
        Map.entry("retry_on_failure", Map.of("max_elapsed_time", "60s")),
        Map.entry("write_buffer_size", 524288)), errors);
    assertTrue(errors.isEmpty(), errors.toString());
    assertEquals(List.of(), ConfigValidation.validate(c));
    assertEquals(LokiExporterConfig.Encoding.JSON, c.encoding());
    assertEquals(LokiExporterConfig.LineFormat.LOGFMT, c.format());
    assertEquals(Map.of("env", "prod"), c.labels().staticLabels());
    assertEquals(TenantConfig.Source.ATTRIBUTES, c.tenant().source());
    assertEquals(Duration.ofSeconds(10), c.timeout());
    assertEquals(4, c.sendingQueue().numConsumers());
    assertTrue(!c.defaultLabelEnabled("exporter") && c.defaultLabelEnabled("job"));
  }

  @Test
  void defaultsAreProtobufJsonLinesAndLokisLabelLimit() {
    LokiExporterConfig d = LokiExporterConfig.DEFAULT;
    assertEquals(LokiExporterConfig.Encoding.PROTOBUF, d.encoding());
    assertEquals(LokiExporterConfig.LineFormat.JSON, d.format());
    assertEquals(1000, d.maxStreamsPerRequest());
    assertEquals(2048, d.labelValueMaxLength());
    assertEquals(Duration.ofSeconds(5), d.timeout());
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    ConfigErrors errors = new ConfigErrors();
    LokiExporterConfig c = bind(Map.of("endpoint", "loki:3100",
        "default_labels_enabled", Map.of("host", true),
        "max_streams_per_request", -1,
        "labels", Map.of("resource", Map.of("service.name", "")),
        "tenant", Map.of("source", "static"),
        "sending_queue", Map.of("num_consumers", 0)), errors);
    assertTrue(errors.isEmpty(), errors.toString());
    List<String> problems = ConfigValidation.validate(c);
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("endpoint: must be an http(s) URL")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("default_labels_enabled::host:")), problems.toString());
    assertTrue(problems.contains("max_streams_per_request: must not be negative (0 = no cap), got -1"), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("labels::resource::service.name:")), problems.toString());
    assertTrue(problems.contains("tenant::value: must be set for source static"), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("sending_queue::num_consumers")), problems.toString());
  }

  @Test
  void endpointIsRequired() {
    assertTrue(ConfigValidation.validate(LokiExporterConfig.DEFAULT).get(0).startsWith("endpoint: must be set"));
  }

  @Test
  void collectorKeysWeDoNotImplementSaySo() {
    ConfigErrors errors = new ConfigErrors();
    bind(Map.of("endpoint", "http://loki:3100/loki/api/v1/push", "cookies", Map.of("enabled", true)), errors);
    assertEquals(List.of("cookies: not supported by Telegate yet"), errors.list());
  }

  @Test
  void theTlsBlockIsTheSharedOneWithItsValidation() {
    ConfigErrors errors = new ConfigErrors();
    LokiExporterConfig c = bind(Map.of("endpoint", "https://loki:3100/loki/api/v1/push", "tls",
        Map.of("ca_file", "/etc/ca.pem", "min_version", "1.3", "server_name_override", "loki")), errors);
    assertTrue(errors.isEmpty(), errors.list().toString());
    assertEquals("/etc/ca.pem", c.tls().caFile());
    assertEquals("1.3", c.tls().minVersion());
    LokiExporterConfig bad = bind(Map.of("endpoint", "https://loki:3100/loki/api/v1/push", "tls",
        Map.of("cert_file", "/etc/c.pem", "min_version", "2.0")), new ConfigErrors());
    List<String> problems = ConfigValidation.validate(bad);
    assertTrue(problems.contains("tls::min_version: '2.0' (expected one of: 1.0, 1.1, 1.2, 1.3)"), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("tls: a client certificate needs both")), problems.toString());
  }

  @Test
  void factoryMakesLogsOnly() {
    LokiExporterFactory f = new LokiExporterFactory();
    assertEquals("loki", f.type());
    assertEquals(java.util.Set.of(io.telegate.core.component.Signal.LOGS), f.signals());
  }

  @TestFactory
  Stream<DynamicTest> lifecycle() {
    return LifecycleContract.testsFor(List.of(new LokiExporterFactory()),
        Map.of("loki", Map.of("endpoint", "http://127.0.0.1:9/loki/api/v1/push")));
  }

  @Test
  void startsAndStopsWithoutReachingLoki() throws Exception {
    var e = new LokiExporterFactory().createLogs(CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("loki")),
        OtlpLogsBuilder.config());
    e.start(new TestHost());
    e.shutdown(Duration.ofSeconds(1));
  }
}
