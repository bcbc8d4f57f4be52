package io.telegate.exporter.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.Signal;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigValidation;
import io.telegate.core.exporter.QueueConfig;
import io.telegate.core.exporter.RetryConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Binding and validation of both exporters' configs: the Collector's keys, defaults and errors. */
class OtlpExporterConfigTest {

  private static OtlpGrpcExporterConfig grpc(Map<String, Object> raw, List<String> problems) {
    ConfigErrors errors = new ConfigErrors();
    OtlpGrpcExporterConfig c = ConfigBinder.bind(raw, OtlpGrpcExporterConfig.DEFAULT, "", errors);
    problems.addAll(errors.list());
    if (errors.isEmpty()) {
      problems.addAll(ConfigValidation.validate(c));
    }
    return c;
  }

  private static OtlpGrpcExporterConfig grpc(Map<String, Object> raw) {
    List<String> problems = new ArrayList<>();
    OtlpGrpcExporterConfig c = grpc(raw, problems);
    assertTrue(problems.isEmpty(), problems.toString());
    return c;
  }

  private static OtlpHttpExporterConfig http(Map<String, Object> raw, List<String> problems) {
    ConfigErrors errors = new ConfigErrors();
    OtlpHttpExporterConfig c = ConfigBinder.bind(raw, OtlpHttpExporterConfig.DEFAULT, "", errors);
    problems.addAll(errors.list());
    if (errors.isEmpty()) {
      problems.addAll(ConfigValidation.validate(c));
    }
    return c;
  }

  private static OtlpHttpExporterConfig http(Map<String, Object> raw) {
    List<String> problems = new ArrayList<>();
    OtlpHttpExporterConfig c = http(raw, problems);
    assertTrue(problems.isEmpty(), problems.toString());
    return c;
  }

  @Test
  void typesAndTheCollectorsNewNamesAreAcceptedWithoutAWarning() {
    OtlpGrpcExporterFactory g = new OtlpGrpcExporterFactory();
    OtlpHttpExporterFactory h = new OtlpHttpExporterFactory();
    assertEquals("otlp", g.type());
    assertEquals(Set.of("otlp_grpc"), g.aliases());
    assertNull(g.aliasWarning("otlp_grpc"));
    assertEquals("otlphttp", h.type());
    assertEquals(Set.of("otlp_http"), h.aliases());
    assertEquals(Set.of(Signal.values()), Set.copyOf(g.signals()));
    assertEquals(Set.of(Signal.values()), Set.copyOf(h.signals()));
  }

  @Test
  void grpcDefaultsAreTheCollectorsWithTlsOn() {
    OtlpGrpcExporterConfig c = grpc(Map.of("endpoint", "jaeger:4317"));
    assertFalse(c.tls().insecure());
    assertTrue(c.usesTls());
    assertEquals("1.2", c.tls().minVersion());
    assertEquals(Compression.GZIP, c.compression());
    assertEquals("round_robin", c.balancerName());
    assertNull(c.keepalive());
    assertFalse(c.waitForReady());
    assertEquals(Duration.ofSeconds(5), c.timeout());
    assertEquals(QueueConfig.DEFAULT, c.sendingQueue());
    assertEquals(RetryConfig.DEFAULT, c.retryOnFailure());
  }

  @Test
  void theSeedsJaegerExporterNeedsInsecureForAPlaintextJaeger() {
    OtlpGrpcExporterConfig c = grpc(Map.of("endpoint", "jaeger:4317", "tls", Map.of("insecure", true)));
    assertFalse(c.usesTls());
  }

  @Test
  void httpsForcesTlsAndHttpIsStrippedFromGrpcEndpoints() {
    assertTrue(grpc(Map.of("endpoint", "https://collector:4317", "tls", Map.of("insecure", true))).usesTls());
    assertEquals(new GrpcTarget("collector:4317", true), GrpcTarget.parse("https://collector:4317"));
    assertEquals(new GrpcTarget("collector:4317", false), GrpcTarget.parse("http://collector:4317/"));
    assertEquals(new GrpcTarget("dns:///collector:4317", false), GrpcTarget.parse("dns:///collector:4317"));
    assertFalse(grpc(Map.of("endpoint", "http://collector:4317", "tls", Map.of("insecure", true))).usesTls());
  }

  @Test
  void insecureWithACaFileStillUsesTlsAsTheCollectorDoes() {
    assertTrue(grpc(Map.of("endpoint", "c:4317", "tls", Map.of("insecure", true, "ca_file", "/ca.pem"))).usesTls());
  }

  @Test
  void headersMayBeAMapOrAListOfSingleEntryMaps() {
    assertEquals(Map.of("x-a", "1", "x-b", "two"),
        grpc(Map.of("endpoint", "c:4317", "headers", List.of(Map.of("x-a", 1), Map.of("x-b", "two")))).headers());
    assertEquals(Map.of("Authorization", "Bearer x"),
        http(Map.of("endpoint", "http://c:4318", "headers", Map.of("Authorization", "Bearer x"))).headers());
  }

  @Test
  void keepaliveWrittenWithoutValuesTakesTheGenericDefaults() {
    GrpcKeepaliveConfig k = grpc(Map.of("endpoint", "c:4317", "keepalive", Map.of("time", "30s"))).keepalive();
    assertEquals(new GrpcKeepaliveConfig(Duration.ofSeconds(30), Duration.ofSeconds(10), false), k);
  }

  @Test
  void invalidGrpcConfigReportsEveryProblemWithItsPath() {
    List<String> problems = new ArrayList<>();
    grpc(Map.of("balancer_name", "random", "tls", Map.of("min_version", "1.9", "cert_file", "/c.pem"),
        "keepalive", Map.of("time", "0s"), "headers", Map.of("bad header", "x"),
        "retry_on_failure", Map.of("multiplier", 0.5)), problems);
    String all = String.join("\n", problems);
    for (String expected : List.of("endpoint: must be set", "balancer_name: 'random'", "tls::min_version: '1.9'",
        "tls: a client certificate needs both", "keepalive::time: must be positive", "headers::bad header:",
        "retry_on_failure::multiplier")) {
      assertTrue(all.contains(expected), "missing '" + expected + "' in:\n" + all);
    }
  }

  @Test
  void unknownCompressionAndEndpointsAreErrors() {
    List<String> problems = new ArrayList<>();
    grpc(Map.of("endpoint", "c:4317", "compression", "lz4"), problems);
    assertTrue(problems.toString().contains("compression: invalid value 'lz4'"), problems.toString());
    problems.clear();
    grpc(Map.of("endpoint", "unix:///run/otel.sock"), problems);
    assertTrue(problems.toString().contains("unix sockets are not supported"), problems.toString());
    problems.clear();
    grpc(Map.of("endpoint", "collector"), problems);
    assertTrue(problems.toString().contains("endpoint: 'collector'"), problems.toString());
  }

  @Test
  void collectorKeysTelegateLacksSaySo() {
    List<String> problems = new ArrayList<>();
    grpc(Map.of("endpoint", "c:4317", "middlewares", List.of()), problems);
    assertEquals(List.of("middlewares: not supported by Telegate yet"), problems);
    problems.clear();
    OtlpGrpcExporterConfig withAuth = grpc(Map.of("endpoint", "c:4317", "auth", Map.of("authenticator", "oauth2client")),
        problems);
    assertEquals(List.of(), problems, "auth is a key now");
    assertEquals("oauth2client", withAuth.auth().authenticator());
    problems.clear();
    http(Map.of("endpoint", "http://c:4318", "cookies", Map.of("enabled", true)), problems);
    assertEquals(List.of("cookies: not supported by Telegate yet"), problems);
    problems.clear();
    http(Map.of("endpoint", "http://c:4318", "proxy_url", "socks5://proxy:1080"), problems);
    assertEquals(List.of("proxy_url: 'socks5://proxy:1080' (expected: http://host:port, an HTTP proxy)"), problems);
  }

  @Test
  void httpDefaultsAreTheCollectors() {
    OtlpHttpExporterConfig c = http(Map.of("endpoint", "https://c:4318"));
    assertEquals(OtlpHttpExporterConfig.Encoding.PROTO, c.encoding());
    assertEquals(Compression.GZIP, c.compression());
    assertEquals(Duration.ofSeconds(30), c.timeout());
    assertEquals(QueueConfig.DEFAULT, c.sendingQueue());
  }

  @Test
  void httpAppendsTheSignalPathOrUsesTheSignalsOwnUrl() {
    OtlpHttpExporterConfig c = http(Map.of("endpoint", "https://c:4318/otlp/", "logs_endpoint",
        "https://loki:3100/otlp/v1/logs", "encoding", "json"));
    assertEquals(URI.create("https://c:4318/otlp/v1/traces"), c.url(Signal.TRACES));
    assertEquals(URI.create("https://c:4318/otlp/v1/metrics"), c.url(Signal.METRICS));
    assertEquals(URI.create("https://loki:3100/otlp/v1/logs"), c.url(Signal.LOGS));
    assertEquals(OtlpHttpExporterConfig.Encoding.JSON, c.encoding());
  }

  @Test
  void httpNeedsOneUrlAndValidUrls() {
    List<String> problems = new ArrayList<>();
    http(Map.of("traces_endpoint", "http://c:4318/v1/traces"), problems);
    assertEquals(List.of(), problems, "one signal's endpoint is enough, as in the Collector");
    http(Map.of(), problems);
    assertTrue(problems.get(0).startsWith("endpoint: must be set"), problems.toString());
    problems.clear();
    http(Map.of("endpoint", "c:4318"), problems);
    assertEquals(List.of("endpoint: 'c:4318' (expected: an http(s) URL such as https://example.com:4318)"), problems);
    problems.clear();
    http(Map.of("endpoint", "http://c:4318", "headers", Map.of("Host", "x")), problems);
    assertTrue(problems.get(0).startsWith("headers::Host:"), problems.toString());
    http(Map.of("traces_endpoint", "http://c/t", "metrics_endpoint", "http://c/m", "logs_endpoint", "http://c/l"));
  }
}
