package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigValidation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding and validating the receiver's config from YAML, with the Collector's keys and defaults. */
class OtlpReceiverConfigTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static OtlpReceiverConfig bind(String yaml, ConfigErrors errors) throws Exception {
    Object raw = YAML.readValue(yaml, Object.class);
    return ConfigBinder.bind(raw, new OtlpReceiverFactory().defaultConfig(), "", errors);
  }

  private static OtlpReceiverConfig bindValid(String yaml) throws Exception {
    ConfigErrors errors = new ConfigErrors();
    OtlpReceiverConfig config = bind(yaml, errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(List.of(), ConfigValidation.validate(config));
    return config;
  }

  private static List<String> problems(String yaml) throws Exception {
    ConfigErrors errors = new ConfigErrors();
    OtlpReceiverConfig config = bind(yaml, errors);
    return errors.isEmpty() ? ConfigValidation.validate(config) : errors.list();
  }

  @Test
  void factoryDefaultServesBothProtocolsOnTheCollectorsEndpoints() {
    OtlpReceiverConfig config = new OtlpReceiverFactory().defaultConfig();
    assertEquals("localhost:4317", config.grpc().endpoint());
    assertEquals("localhost:4318", config.http().endpoint());
    assertEquals(4 << 20, config.grpc().maxInboundMessageBytes());
    assertEquals(20971520, config.http().maxBodyBytes());
    assertEquals("/v1/traces", config.http().tracesUrlPath());
    assertEquals("/v1/metrics", config.http().metricsUrlPath());
    assertEquals("/v1/logs", config.http().logsUrlPath());
    assertEquals(List.of(), ConfigValidation.validate(config));
  }

  @Test
  void emptyProtocolKeysEnableBothWithDefaults() throws Exception {
    OtlpReceiverConfig config = bindValid("protocols:\n  grpc:\n  http:\n");
    assertEquals(GrpcConfig.DEFAULT, config.grpc());
    assertEquals(HttpConfig.DEFAULT, config.http());
  }

  @Test
  void onlyTheConfiguredProtocolRuns() throws Exception {
    OtlpReceiverConfig httpOnly = bindValid("protocols:\n  http:\n");
    assertNull(httpOnly.grpc());
    assertNotNull(httpOnly.http());
    OtlpReceiverConfig grpcOnly = bindValid("protocols:\n  grpc: {endpoint: 0.0.0.0:5317}\n");
    assertEquals("0.0.0.0:5317", grpcOnly.grpc().endpoint());
    assertNull(grpcOnly.http());
  }

  @Test
  void noProtocolIsAnError() throws Exception {
    assertEquals(List.of("protocols: must specify at least one protocol when using the OTLP receiver"),
        problems("protocols: {}\n"));
  }

  @Test
  void leavingProtocolsOutKeepsTheFactoryDefault() throws Exception {
    OtlpReceiverConfig config = bindValid("{}");
    assertNotNull(config.grpc());
    assertNotNull(config.http());
  }

  @Test
  void unknownProtocolIsReportedWithItsPath() throws Exception {
    List<String> problems = problems("protocols:\n  grcp:\n");
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("protocols::grcp: unknown protocol"), problems.get(0));
  }

  @Test
  void bindsEveryKey() throws Exception {
    OtlpReceiverConfig c = bindValid("""
        protocols:
          grpc:
            endpoint: 0.0.0.0:4317
            max_recv_msg_size_mib: 16
            max_concurrent_streams: 100
            include_metadata: true
            keepalive:
              server_parameters: {max_connection_idle: 11s, max_connection_age: 12s, max_connection_age_grace: 13s, time: 30s, timeout: 5s}
              enforcement_policy: {min_time: 10s, permit_without_stream: true}
            tls: {cert_file: /c.pem, key_file: /k.pem, ca_file: /roots.pem, client_ca_file: /ca.pem, min_version: "1.3"}
          http:
            endpoint: 0.0.0.0:4318
            max_request_body_size: 1048576
            include_metadata: true
            traces_url_path: t
            metrics_url_path: /m
            logs_url_path: /l
            compression_algorithms: [gzip, zstd]
            response_headers: {X-A: b}
            cors: {allowed_origins: ["https://*.x.com"], allowed_headers: [X-Tenant], exposed_headers: [X-E], max_age: 7200}
            tls: {cert_pem: "C", key_pem: "K"}
        """);
    GrpcConfig g = c.grpc();
    assertEquals(16 << 20, g.maxInboundMessageBytes());
    assertEquals(100, g.maxConcurrentStreams());
    assertTrue(g.includeMetadata());
    assertEquals(Duration.ofSeconds(11), g.keepalive().serverParameters().maxConnectionIdle());
    assertEquals(Duration.ofSeconds(10), g.keepalive().enforcementPolicy().minTime());
    assertTrue(g.keepalive().enforcementPolicy().permitWithoutStream());
    assertEquals("/ca.pem", g.tls().clientCaFile());
    assertEquals("/roots.pem", g.tls().caFile(), "ca_file is accepted, as in the Collector");
    assertEquals(List.of("TLSv1.3"), List.of(g.tls().protocols()));
    HttpConfig h = c.http();
    assertEquals(1048576, h.maxBodyBytes());
    assertEquals("/t", h.tracesUrlPath());
    assertEquals(List.of("gzip", "zstd"), h.compressionAlgorithms());
    assertEquals(Map.of("X-A", "b"), h.responseHeaders());
    assertEquals(List.of("https://*.x.com"), h.cors().allowedOrigins());
    assertEquals(7200, h.cors().maxAge());
    assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(h.tls().protocols()));
  }

  @Test
  void keysTheCollectorHasButTelegateLacksSaySo() throws Exception {
    List<String> problems = problems("protocols:\n  grpc:\n    read_buffer_size: 1024\n  http:\n    middlewares: [x]\n");
    assertEquals(List.of("protocols::grpc::read_buffer_size: not supported by Telegate yet; "
        + "protocols::http::middlewares: not supported by Telegate yet"), problems);
    assertEquals(List.of(), problems("protocols:\n  http:\n    auth: {authenticator: bearertokenauth}\n"),
        "auth is a key now (the extension is looked up at start)");
  }

  @Test
  void everyBindingErrorIsReportedWithItsPath() throws Exception {
    List<String> problems = problems("protocols:\n  grpc:\n    endpoint: [a]\n  http:\n    bogus: 1\n");
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("protocols::grpc::endpoint: expected a string"), problems.get(0));
    assertTrue(problems.get(0).contains("protocols::http::bogus: unknown key"), problems.get(0));
  }

  @Test
  void validationReportsEveryProblemWithItsPath() throws Exception {
    List<String> problems = problems("""
        protocols:
          grpc:
            endpoint: nowhere
            max_recv_msg_size_mib: -1
            transport: unix
            tls: {min_version: "1.4"}
          http:
            max_request_body_size: -5
            compression_algorithms: [lz4, brotli]
            metrics_url_path: /v1/traces
            cors: {allowed_origins: ["https://*.*.x.com"]}
        """);
    String all = String.join("\n", problems);
    for (String expected : List.of("protocols::grpc::endpoint:", "protocols::grpc::max_recv_msg_size_mib:",
        "protocols::grpc::transport:", "protocols::grpc::tls::cert_file: must be set",
        "protocols::grpc::tls::min_version:", "protocols::http::max_request_body_size:",
        "protocols::http::compression_algorithms[0]: lz4 is not supported by Telegate yet",
        "protocols::http::compression_algorithms[1]: unknown 'brotli'",
        "protocols::http::metrics_url_path: '/v1/traces' is used for another signal too",
        "protocols::http::cors::allowed_origins[0]:")) {
      assertTrue(all.contains(expected), () -> "missing '" + expected + "' in:\n" + all);
    }
  }

  @Test
  void printedConfigBindsBackToTheSameConfig() throws Exception {
    OtlpReceiverConfig httpOnly = bindValid("protocols:\n  http: {endpoint: 127.0.0.1:9999}\n");
    Object printed = ConfigBinder.unbind(httpOnly);
    ConfigErrors errors = new ConfigErrors();
    OtlpReceiverConfig again = ConfigBinder.bind(YAML.readValue(YAML.writeValueAsString(printed), Object.class),
        OtlpReceiverConfig.DEFAULT, "", errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(httpOnly, again);
  }
}
