package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.config.GatewayConfig;
import io.telegate.core.data.OtlpJsonReader;
import io.telegate.core.service.Gateway;
import io.telegate.testing.FreePorts;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OTLP in, the file exporter out, in a running gateway: all three pipelines write to one file. */
class FileExporterEndToEndTest {

  @TempDir Path dir;

  @Test
  void everySignalsRequestsAreLinesOfTheOneFileInTheOrderTheyCame() throws Exception {
    int port = FreePorts.next();
    Path file = dir.resolve("out/telemetry.json");
    String yaml = """
        receivers:
          otlp:
            protocols: {http: {endpoint: 127.0.0.1:%d}}
        exporters:
          file: {path: %s, create_directory: true}
        service:
          telemetry: {metrics: {address: 127.0.0.1:0}}
          pipelines:
            traces: {receivers: [otlp], exporters: [file]}
            metrics: {receivers: [otlp], exporters: [file]}
            logs: {receivers: [otlp], exporters: [file]}
        """.formatted(port, file);
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(k -> null).loadString(yaml, errors);
    assertTrue(errors.isEmpty(), errors::toString);
    GatewayConfig config = new ConfigResolver(BuiltinComponents.all()).resolve(tree);
    Gateway gateway = new Gateway(config, "test", Clock.systemUTC());
    TraceData traces = TraceData.spans(3).resource("service.name", "checkout");
    MetricData metrics = MetricData.gauges(2, 2).resource("service.name", "checkout");
    LogData logs = LogData.records(4).resource("service.name", "checkout");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      gateway.start();
      post(http, port, "/v1/traces", traces.bytes());
      post(http, port, "/v1/metrics", metrics.bytes());
      post(http, port, "/v1/logs", logs.bytes());
    } finally {
      gateway.shutdown(Duration.ofSeconds(10));
    }

    List<String> lines = Files.readAllLines(file);
    assertEquals(3, lines.size(), lines.toString());
    assertEquals(traces.build(), ExportTraceServiceRequest.parseFrom(OtlpJsonReader.traces(utf8(lines.get(0)))));
    assertEquals(metrics.build(), ExportMetricsServiceRequest.parseFrom(OtlpJsonReader.metrics(utf8(lines.get(1)))));
    assertEquals(logs.build(), ExportLogsServiceRequest.parseFrom(OtlpJsonReader.logs(utf8(lines.get(2)))));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void post(HttpClient http, int port, String path, byte[] body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/x-protobuf").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }
}
