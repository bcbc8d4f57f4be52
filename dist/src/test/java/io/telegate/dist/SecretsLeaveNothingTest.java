package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.service.Gateway;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.telegate.core.telemetry.JulBridge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A config that holds every kind of secret the issue names (header values under any name, a PEM
 * key, a password in an endpoint URL, tokens): none of them appears in {@code print-config}, in
 * the log (an exporter failing against a URL with user info logs that URL), in {@code /health}
 * (which serves the component's last error) or in zpages, at the default level and at debug
 * (where grpc-java's frame logger and the JDK HTTP client's debug logger would print header
 * values and URLs: the {@code otlp} exporter talks to a live gRPC peer, so real frames with the
 * secret headers are written).
 */
class SecretsLeaveNothingTest {

  /** Every secret value in the config; none may be shown anywhere. */
  private static final List<String> SECRETS = List.of("c00kie-secret", "honeycomb-secret", "license-secret",
      "bearer-secret", "pem-secret", "url-password-secret", "dsn-password-secret", "token-ext-secret",
      "basic-password-secret", "htpasswd-secret", "oauth-client-secret", "telemetry-header-secret",
      "telemetry-list-secret");

  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.shutdown(Duration.ofSeconds(5));
    }
    GatewayLogger.setOutput(System.out);
    GatewayLogger.setLevel(GatewayLogger.Level.INFO);
    JulBridge.install();
  }

  private String config(int otlpPort, int adminPort, int deadPort, int zpagesPort, boolean withPem, int peerPort) {
    return """
        receivers:
          otlp:
            protocols:
              http: {endpoint: 127.0.0.1:%d}
          otlp/peer:
            protocols:
              grpc: {endpoint: 127.0.0.1:%d}
        exporters:
          prometheusremotewrite:
            endpoint: http://writer:url-password-secret@127.0.0.1:%d/api/v1/write
            headers:
              Cookie: session=c00kie-secret
              X-Honeycomb-Team: honeycomb-secret
            retry_on_failure: {initial_interval: 50ms, max_interval: 100ms}
          otlp:
            endpoint: 127.0.0.1:%d
            retry_on_failure: {enabled: false}
            headers:
              X-License-Key: license-secret
              authorization: Bearer bearer-secret
            tls: %s
          otlphttp:
            endpoint: https://u:dsn-password-secret@127.0.0.1:%d
          debug: {}
        extensions:
          zpages: {endpoint: 127.0.0.1:%d}
          bearertokenauth: {token: token-ext-secret}
          basicauth:
            client_auth: {username: u, password: basic-password-secret}
            htpasswd: {inline: "u:htpasswd-secret"}
          oauth2client: {client_id: c, client_secret: oauth-client-secret, token_url: "http://127.0.0.1:9/token"}
        service:
          extensions: [zpages, bearertokenauth, basicauth, oauth2client]
          telemetry:
            metrics:
              address: 127.0.0.1:%d
              readers:
                - periodic:
                    interval: 100
                    exporter:
                      otlp:
                        protocol: grpc
                        endpoint: http://127.0.0.1:%d
                        headers: [{name: x-telemetry, value: telemetry-header-secret}]
                        headers_list: "x-list=telemetry-list-secret"
          pipelines:
            metrics: {receivers: [otlp], exporters: [prometheusremotewrite]}
            traces: {receivers: [otlp], exporters: [otlp, otlphttp]}
            logs: {receivers: [otlp/peer], exporters: [debug]}
        """.formatted(otlpPort, peerPort, deadPort, peerPort, withPem
            ? "{insecure: true, cert_pem: \"-----BEGIN CERTIFICATE-----\", key_pem: \"-----BEGIN PRIVATE KEY-----pem-secret\"}"
            : "{insecure: true}", deadPort, zpagesPort, adminPort, peerPort);
  }

  private static void assertNoSecret(String where, String text) {
    for (String s : SECRETS) {
      assertFalse(text.contains(s), where + " shows " + s + ":\n" + text);
    }
  }

  @Test
  void printConfigShowsNoSecret() throws Exception {
    Path f = dir.resolve("gateway.yaml");
    Files.writeString(f, config(4318, 8888, 9, 55679, true, 4317));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        k -> null, BuiltinComponents.all()).execute(new String[] {"print-config", "--config", f.toString()});
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertNoSecret("print-config's errors", err.toString(StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertNoSecret("print-config", printed);
    assertTrue(printed.contains("Cookie: \"[REDACTED]\"") && printed.contains("http://[REDACTED]@127.0.0.1"),
        printed);
  }

  @ParameterizedTest
  @EnumSource(value = GatewayLogger.Level.class, names = {"INFO", "DEBUG"})
  void anExporterFailingAgainstAUrlWithUserInfoLeavesItInNoLogNoHealthAndNoZpages(GatewayLogger.Level level)
      throws Exception {
    GatewayLogger.setLevel(level);
    GatewayLogger.forgetRateLimits(); // the failure must be logged in each run, not only the first
    JulBridge.install();
    GatewayLogger.setOutput(new PrintStream(log, true, StandardCharsets.UTF_8));
    int otlp = FreePorts.next();
    int peer = FreePorts.next();
    int admin = FreePorts.next();
    int zpages = FreePorts.next();
    int dead = FreePorts.next(); // nothing listens: every send fails
    ConfigErrors errors = new ConfigErrors();
    Path f = dir.resolve("gateway.yaml");
    Files.writeString(f, config(otlp, admin, dead, zpages, false, peer));
    Map<String, Object> tree = new ConfigSource(k -> null).load(List.of(f), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    GatewayConfig config = new ConfigResolver(BuiltinComponents.all()).resolve(tree);
    gateway = new Gateway(config, "test", Clock.systemUTC());
    gateway.start();
    HttpClient http = HttpClient.newHttpClient();
    byte[] metrics = MetricData.gauges(1, 1).names(i -> "m")
        .eachPoint((p, m, i) -> p.setAsInt(1).setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)).bytes();
    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlp + "/v1/metrics"))
        .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(metrics))
        .build(), HttpResponse.BodyHandlers.discarding());
    // Traces go to the live peer (which takes only logs, so it answers UNIMPLEMENTED after reading the
    // call's headers) and to the dead otlphttp endpoint.
    byte[] traces = TraceData.spans(1).names(i -> "s").ids(16, 8).bytes();
    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlp + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(traces))
        .build(), HttpResponse.BodyHandlers.discarding());
    String[] health = {""};
    Await.until("the exporter's failure to show in /health", Duration.ofSeconds(20), () -> {
      try {
        health[0] = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/health")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException | InterruptedException e) {
        throw new AssertionError(e);
      }
      return health[0].contains("127.0.0.1:" + dead) && health[0].contains("UNIMPLEMENTED");
    });
    String z = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + zpages + "/debug/servicez")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    String logged = log.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("127.0.0.1:" + dead), "the failure was logged, with its endpoint:\n" + logged);
    assertNoSecret("the log", logged);
    assertNoSecret("/health", health[0]);
    assertNoSecret("zpages", z);
  }
}
