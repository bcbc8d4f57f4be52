package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.telegate.core.component.Signal;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigException;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.service.Gateway;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.data.TraceData;
import io.telegate.testing.otlp.OtlpTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code service.telemetry} pushing the gateway's own telemetry over OTLP, as the Collector's
 * {@code metrics.readers[].periodic} and {@code logs.processors[]} do, to {@code OtlpTestServer}
 * (the test kit's OTLP peer, speaking gRPC and HTTP as the OTLP specification says) and to the
 * gateway's own OTLP receiver; and {@code service.telemetry.logs}' outputs on a running gateway.
 */
class SelfTelemetryTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private final List<Gateway> gateways = new ArrayList<>();
  private final List<OtlpTestServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    gateways.forEach(g -> g.shutdown(Duration.ofSeconds(5)));
    servers.forEach(OtlpTestServer::close);
  }

  private static GatewayConfig resolve(String yaml) throws ConfigException {
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(k -> null).loadString(yaml, errors);
    assertTrue(errors.isEmpty(), errors::toString);
    return new ConfigResolver(BuiltinComponents.all()).resolve(tree);
  }

  private Gateway start(String yaml) throws Exception {
    Gateway g = new Gateway(resolve(yaml), "test", Clock.systemUTC());
    g.start();
    gateways.add(g);
    return g;
  }

  private OtlpTestServer server(OtlpTestServer.Protocol protocol) throws Exception {
    OtlpTestServer s = OtlpTestServer.builder().protocols(protocol).start();
    servers.add(s);
    return s;
  }

  /** A gateway taking traces over OTLP/HTTP on {@code http} into the debug exporter, with {@code telemetry}. */
  private static String gateway(int http, String telemetry) {
    return """
        receivers:
          otlp:
            protocols:
              http: {endpoint: 127.0.0.1:%d}
        exporters:
          debug: {verbosity: basic}
        service:
          telemetry:
        %s
          pipelines:
            traces: {receivers: [otlp], exporters: [debug]}
        """.formatted(http, telemetry.indent(4).stripTrailing());
  }

  private static void post(int port, byte[] body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  private static Stream<Metric> metrics(List<ExportMetricsServiceRequest> requests) {
    return requests.stream().flatMap(r -> r.getResourceMetricsList().stream())
        .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream());
  }

  /** The newest point of {@code name} whose attributes include {@code key=value}. */
  private static Optional<NumberDataPoint> newest(OtlpTestServer s, String name, String key, String value) {
    List<NumberDataPoint> points = metrics(s.metrics()).filter(m -> m.getName().equals(name))
        .flatMap(m -> m.hasSum() ? m.getSum().getDataPointsList().stream() : m.getGauge().getDataPointsList().stream())
        .filter(p -> attribute(p.getAttributesList(), key).equals(value)).toList();
    return points.isEmpty() ? Optional.empty() : Optional.of(points.get(points.size() - 1));
  }

  private static String attribute(List<KeyValue> attributes, String key) {
    return attributes.stream().filter(a -> a.getKey().equals(key)).map(a -> a.getValue().getStringValue())
        .findFirst().orElse("");
  }

  private static Metric metric(OtlpTestServer s, String name) {
    return metrics(s.metrics()).filter(m -> m.getName().equals(name)).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError(name + " was not pushed"));
  }

  @Test
  void aPeriodicReaderPushesEverySelfMetricOverGrpcWithItsTypesValuesHeadersAndResource() throws Exception {
    OtlpTestServer backend = server(OtlpTestServer.Protocol.GRPC);
    int http = FreePorts.next();
    start(gateway(http, """
        resource: {deployment.environment: test}
        metrics:
          level: detailed
          readers:
            - pull: {exporter: {prometheus: {host: 127.0.0.1, port: 0}}}
            - periodic:
                interval: 100
                timeout: 5000
                exporter:
                  otlp:
                    protocol: grpc
                    endpoint: http://%s
                    headers: [{name: x-tenant, value: team-a}]
                    headers_list: "x-other=b"
                    compression: gzip
        """.formatted(backend.grpcEndpoint())));
    post(http, TraceData.spans(3).bytes());
    post(http, TraceData.spans(2).bytes());

    Await.until("the 5 accepted spans pushed", Duration.ofSeconds(20), () -> newest(backend,
        "otelcol_receiver_accepted_spans", "transport", "http").map(p -> p.getAsInt() == 5).orElse(false));
    Metric accepted = metric(backend, "otelcol_receiver_accepted_spans");
    assertTrue(accepted.hasSum() && accepted.getSum().getIsMonotonic(), accepted.toString());
    assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, accepted.getSum().getAggregationTemporality());
    NumberDataPoint point = newest(backend, "otelcol_receiver_accepted_spans", "transport", "http").orElseThrow();
    assertEquals("otlp", attribute(point.getAttributesList(), "receiver"));
    assertTrue(point.getStartTimeUnixNano() > 0 && point.getStartTimeUnixNano() < point.getTimeUnixNano());

    Metric uptime = metric(backend, "otelcol_process_uptime");
    assertEquals("s", uptime.getUnit());
    assertTrue(uptime.hasSum() && uptime.getSum().getDataPoints(0).getAsDouble() > 0, uptime.toString());
    Metric rss = metric(backend, "otelcol_process_memory_rss");
    assertTrue(rss.hasGauge() && rss.getGauge().getDataPoints(0).getAsDouble() > 0, rss.toString());
    Metric duration = metric(backend, "http_server_request_duration"); // level detailed
    assertTrue(duration.hasHistogram(), duration.toString());
    var h = duration.getHistogram().getDataPoints(0);
    assertEquals(2, h.getCount());
    assertEquals(h.getExplicitBoundsCount() + 1, h.getBucketCountsCount());
    assertEquals(2, h.getBucketCountsList().stream().mapToLong(Long::longValue).sum());

    Resource resource = backend.metrics().get(0).getResourceMetrics(0).getResource();
    assertEquals("telegate", attribute(resource.getAttributesList(), "service.name"));
    assertEquals("test", attribute(resource.getAttributesList(), "service.version"));
    assertEquals("test", attribute(resource.getAttributesList(), "deployment.environment"));
    OtlpTestServer.Received first = backend.received(Signal.METRICS).get(0);
    assertEquals("team-a", first.header("x-tenant"));
    assertEquals("b", first.header("x-other"));
    assertEquals("gzip", first.header("grpc-encoding"));
  }

  @Test
  void overHttpProtobufTheSignalPathIsAddedAndShutdownExportsTheLastValuesOnce() throws Exception {
    OtlpTestServer backend = server(OtlpTestServer.Protocol.HTTP);
    int http = FreePorts.next();
    Gateway g = start(gateway(http, """
        metrics:
          address: 127.0.0.1:0
          readers:
            - periodic:
                exporter: {otlp: {protocol: http/protobuf, endpoint: "%s"}}
        """.formatted(backend.httpUrl())));
    post(http, TraceData.spans(4).bytes());
    // The default interval is 60 s: nothing is pushed before the shutdown's last export.
    assertEquals(0, backend.received().size());
    gateways.remove(g);
    g.shutdown(Duration.ofSeconds(10));
    assertEquals(1, backend.received(Signal.METRICS).size());
    OtlpTestServer.Received r = backend.received(Signal.METRICS).get(0);
    assertEquals("/v1/metrics", r.path());
    assertEquals(4, newest(backend, "otelcol_receiver_accepted_spans", "transport", "http").orElseThrow().getAsInt());
  }

  @Test
  void selfMetricsPushedToTheGatewaysOwnReceiverTravelItsMetricsPipeline() throws Exception {
    OtlpTestServer backend = server(OtlpTestServer.Protocol.HTTP);
    int grpc = FreePorts.next();
    Gateway g = start("""
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 127.0.0.1:%d}
        exporters:
          otlphttp: {endpoint: "%s"}
        service:
          telemetry:
            metrics:
              readers:
                - pull: {exporter: {prometheus: {host: 127.0.0.1, port: 0}}}
                - periodic:
                    interval: 100
                    exporter: {otlp: {protocol: grpc, endpoint: "127.0.0.1:%d", insecure: true}}
          pipelines:
            metrics: {receivers: [otlp], exporters: [otlphttp]}
        """.formatted(grpc, backend.httpUrl(), grpc));
    // Two pushes went through the pipeline: the second counts the first's points as accepted.
    Await.until("the receiver's own count to come back", Duration.ofSeconds(20), () ->
        newest(backend, "otelcol_receiver_accepted_metric_points", "transport", "grpc")
            .map(p -> p.getAsInt() > 0).orElse(false));
    assertEquals("telegate", attribute(backend.metrics().get(0).getResourceMetrics(0).getResource().getAttributesList(),
        "service.name"));
    String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.adminPort() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(scrape.lines().anyMatch(l -> l.startsWith("otelcol_receiver_accepted_metric_points_total{receiver=\"otlp\","
        + "transport=\"grpc\"") && !l.endsWith(" 0")), scrape);
  }

  @Test
  void aBatchLogProcessorPushesTheGatewaysLogLinesWithTheirFieldsButNotItsExportersOwn() throws Exception {
    OtlpTestServer backend = server(OtlpTestServer.Protocol.HTTP);
    int http = FreePorts.next();
    Gateway g = start(gateway(http, """
        metrics: {address: 127.0.0.1:0}
        logs:
          initial_fields: {team: platform}
          processors:
            - batch:
                schedule_delay: 100
                exporter: {otlp: {protocol: http/protobuf, endpoint: "%s/custom/v1/logs"}}
        """.formatted(backend.httpUrl())));
    Await.until("the ready line pushed", Duration.ofSeconds(20), () -> records(backend).stream()
        .anyMatch(r -> r.getBody().getStringValue().startsWith("Everything is ready.")));
    assertEquals("/custom/v1/logs", backend.received(Signal.LOGS).get(0).path());
    LogRecord ready = records(backend).stream()
        .filter(r -> r.getBody().getStringValue().startsWith("Everything is ready.")).findFirst().orElseThrow();
    assertEquals(SeverityNumber.SEVERITY_NUMBER_INFO, ready.getSeverityNumber());
    assertEquals("info", ready.getSeverityText());
    assertEquals("platform", attribute(ready.getAttributesList(), "team"));
    assertEquals("service", attribute(ready.getAttributesList(), "component"));
    assertTrue(ready.getTimeUnixNano() > 0);
    ExportLogsServiceRequest first = backend.logs().get(0);
    assertEquals("telegate", attribute(first.getResourceLogs(0).getResource().getAttributesList(), "service.name"));

    // Lines logged after the last export still go out at shutdown.
    GatewayLogger.root().with("component", "test").warn("one more line");
    gateways.remove(g);
    g.shutdown(Duration.ofSeconds(10));
    assertTrue(records(backend).stream().anyMatch(r -> r.getBody().getStringValue().equals("one more line")));
    assertTrue(records(backend).stream().noneMatch(r -> attribute(r.getAttributesList(), "exporter")
        .startsWith("otlphttp/telemetry_logs")), "the telemetry exporter's own lines are not exported");
  }

  private static List<LogRecord> records(OtlpTestServer s) {
    return s.logs().stream().flatMap(r -> r.getResourceLogsList().stream())
        .flatMap(rl -> rl.getScopeLogsList().stream()).flatMap(sl -> sl.getLogRecordsList().stream()).toList();
  }

  @Test
  void aSimpleLogProcessorOverGrpcExportsEachLine() throws Exception {
    OtlpTestServer backend = server(OtlpTestServer.Protocol.GRPC);
    int http = FreePorts.next();
    start(gateway(http, """
        metrics: {address: 127.0.0.1:0}
        logs:
          processors:
            - simple: {exporter: {otlp: {protocol: grpc, endpoint: "http://%s"}}}
        """.formatted(backend.grpcEndpoint())));
    GatewayLogger.root().with("component", "test").warn("a warning", "n", 2);
    Await.until("the warning pushed", Duration.ofSeconds(20), () -> records(backend).stream()
        .anyMatch(r -> r.getBody().getStringValue().equals("a warning")
            && r.getSeverityNumber() == SeverityNumber.SEVERITY_NUMBER_WARN
            && r.getAttributesList().stream().anyMatch(a -> a.getKey().equals("n") && a.getValue().getIntValue() == 2)));
    assertTrue(backend.logs().stream().allMatch(r -> r.getResourceLogs(0).getScopeLogs(0).getLogRecordsCount() == 1));
  }

  @Test
  void consoleLinesWithInitialFieldsGoToAFileAndTheLoggerIsGivenBackAtShutdown() throws Exception {
    Path log = dir.resolve("gateway.log");
    int http = FreePorts.next();
    GatewayLogger.Settings before = GatewayLogger.settings();
    Gateway g = start(gateway(http, """
        metrics: {address: 127.0.0.1:0}
        logs:
          encoding: console
          initial_fields: {team: platform}
          output_paths: ["file://%s"]
        """.formatted(log.toAbsolutePath())));
    gateways.remove(g);
    g.shutdown(Duration.ofSeconds(5));
    List<String> lines = Files.readAllLines(log);
    String ready = lines.stream().filter(l -> l.contains("Everything is ready.")).findFirst().orElseThrow();
    String[] parts = ready.split("\t");
    assertEquals(4, parts.length, ready);
    assertTrue(parts[0].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), parts[0]);
    assertEquals("info", parts[1]);
    assertTrue(parts[3].startsWith("{\"team\": \"platform\", \"component\": \"service\""), parts[3]);
    assertTrue(lines.get(lines.size() - 1).contains("Shutdown complete."), lines.toString());
    assertEquals(before, GatewayLogger.settings());
  }

  @Test
  void samplingIsOnByDefaultAsInTheCollectorAndItsDropsAreCounted() throws Exception {
    int http = FreePorts.next();
    Gateway g = start(gateway(http, """
        metrics: {address: 127.0.0.1:0}
        logs: {output_paths: ["%s"], sampling: {initial: 3, thereafter: 0}}
        """.formatted(dir.resolve("sampled.log"))));
    for (int i = 0; i < 10; i++) {
      GatewayLogger.root().with("component", "test").info("the same line");
    }
    for (int i = 0; i < 6; i++) {
      post(http, TraceData.spans(1).bytes()); // the debug exporter's lines are sampled by its own keys only
    }
    String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.adminPort() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    String counted = scrape.lines().filter(l -> l.startsWith("telegate_logs_sampled_out_total")).findFirst().orElseThrow();
    assertTrue(Double.parseDouble(counted.substring(counted.lastIndexOf(' ') + 1)) >= 7, counted);
    List<String> lines = Files.readAllLines(dir.resolve("sampled.log"));
    assertEquals(3, lines.stream().filter(l -> l.contains("the same line")).count());
    assertEquals(6, lines.stream().filter(l -> l.contains("\"msg\":\"Traces\"")).count(), lines.toString());
    GatewayConfig defaults = resolve(gateway(http, "metrics: {address: 127.0.0.1:0}"));
    assertEquals(new GatewayLogger.Sampling(Duration.ofSeconds(10), 10, 100), defaults.telemetry().logs().sampling());
    assertEquals(null, resolve(gateway(http, "logs: {sampling: {enabled: false}}")).telemetry().logs().sampling());
  }

  @Test
  void badTelemetrySettingsFailWithEveryErrorAndItsPath() {
    ConfigException e = assertThrows(ConfigException.class, () -> resolve(gateway(1234, """
        metrics:
          readers:
            - periodic: {exporter: {otlp: {endpoint: "http://x:4317"}}}
            - periodic: {interval: soon, exporter: {otlp: {protocol: http/json, endpoint: "http://x:4318"}}}
            - periodic: {exporter: {otlp: {protocol: grpc}}}
            - periodic: {exporter: {console: {}}}
            - periodic: {producers: [], exporter: {otlp: {protocol: grpc, endpoint: x, temporality_preference: delta}}}
        logs:
          encoding: text
          sampling: {initial: -1}
          output_paths: [stdout, /no/such/dir/telegate.log, "s3://bucket/log"]
          processors:
            - batch: {max_queue_size: 10, max_export_batch_size: 20, exporter: {otlp: {protocol: grpc, endpoint: x}}}
            - simple: {exporter: {otlp: {protocol: grpc, endpoint: x, colour: red}}}
            - fancy: {}
        """)));
    String m = e.getMessage();
    for (String expected : List.of(
        "service::telemetry::metrics::readers[0]::periodic::exporter::otlp::protocol: must be set (expected grpc or http/protobuf)",
        "service::telemetry::metrics::readers[1]::periodic::interval: expected milliseconds",
        "service::telemetry::metrics::readers[1]::periodic::exporter::otlp::protocol: unsupported protocol 'http/json'",
        "service::telemetry::metrics::readers[2]::periodic::exporter::otlp::endpoint: must be set",
        "service::telemetry::metrics::readers[3]::periodic::exporter: expected otlp",
        "service::telemetry::metrics::readers[4]::periodic::producers: not supported by Telegate yet",
        "service::telemetry::metrics::readers[4]::periodic::exporter::otlp::temporality_preference: 'delta' is not supported",
        "service::telemetry::logs::encoding: invalid encoding 'text' (expected json or console)",
        "service::telemetry::logs::sampling::initial: must not be negative",
        "service::telemetry::logs::output_paths[1]: the directory /no/such/dir does not exist",
        "service::telemetry::logs::output_paths[2]: unsupported scheme 's3'",
        "service::telemetry::logs::processors[0]::batch::max_export_batch_size: must not exceed max_queue_size (10)",
        "service::telemetry::logs::processors[1]::simple::exporter::otlp::colour: unknown key",
        "service::telemetry::logs::processors[2]: expected one of: batch, simple")) {
      assertTrue(m.contains(expected), "missing '" + expected + "' in:\n" + m);
    }
  }

  @Test
  void anEndpointWithoutSchemeIsHttpsUnlessInsecureAsTheCollectorNormalisesIt() throws ConfigException {
    GatewayConfig c = resolve(gateway(1234, """
        metrics:
          readers:
            - periodic: {exporter: {otlp: {protocol: http/protobuf, endpoint: "backend:4318"}}}
            - periodic: {exporter: {otlp: {protocol: http/protobuf, endpoint: "backend:4318", insecure: true}}}
        """));
    List<GatewayConfig.SelfExport> exports = c.telemetry().exports();
    assertEquals(2, exports.size());
    assertEquals(Duration.ofSeconds(60), exports.get(0).interval());
    assertEquals(Duration.ofSeconds(30), exports.get(0).timeout());
    assertTrue(exports.get(0).exporter().config().toString().contains("https://backend:4318/v1/metrics"),
        exports.get(0).exporter().config().toString());
    assertTrue(exports.get(1).exporter().config().toString().contains("http://backend:4318/v1/metrics"),
        exports.get(1).exporter().config().toString());
    assertNotNull(exports.get(0).exporter().factory());
  }
}
