package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.service.Gateway;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators' dashboards query finds series on a gateway's {@code /metrics} after traffic
 * through every signal (OTLP gRPC and HTTP in, {@code memory_limiter} and {@code batch}, {@code
 * otlp} and {@code otlphttp} out, at level {@code detailed}): every query of the shipped
 * dashboard, and the metric names of Grafana dashboard 15983.
 */
class DashboardQueriesTest {

  /**
   * The metric names Grafana dashboard 15983 ("OpenTelemetry Collector", its repository
   * monitoringartist/opentelemetry-collector-monitoring at 5a65009 of 2026-08-01, dashboard JSON
   * version 87) queries, written as it writes them: its hidden variables {@code ${suffix_total}},
   * {@code ${suffix_seconds}}, {@code ${suffix_bytes}} and {@code ${prefix}} pick the naming the
   * scraped series use, and are resolved below as the dashboard resolves them. {@code ~} marks a
   * {@code __name__=~} selector. Left out, because the current Collector does not expose them for
   * these components either: {@code otelcol_processor_accepted_*} (gone from processorhelper;
   * {@code memory_limiter} counts {@code otelcol_processor_memory_limiter_accepted_*}, which the
   * dashboard's {@code ~} panels read), the {@code filter} processor's and the k8s observer's
   * metrics (components Telegate lacks), {@code ~.+dropped_*} (no processor has such a counter) and
   * {@code http_server_duration}/{@code http_client_duration} (otelhttp's names before the
   * semantic conventions' {@code http.server.request.duration}, which Telegate exposes).
   */
  static final List<String> DASHBOARD_15983 = List.of(
      "otelcol_receiver_accepted_spans${suffix_total}", "otelcol_receiver_refused_spans${suffix_total}",
      "otelcol_receiver_accepted_metric_points${suffix_total}", "otelcol_receiver_refused_metric_points${suffix_total}",
      "otelcol_receiver_accepted_log_records${suffix_total}", "otelcol_receiver_refused_log_records${suffix_total}",
      "otelcol_processor_incoming_items${suffix_total}", "otelcol_processor_outgoing_items${suffix_total}",
      "otelcol_processor_refused_spans${suffix_total}", "otelcol_processor_dropped_spans${suffix_total}",
      "otelcol_processor_refused_metric_points${suffix_total}", "otelcol_processor_dropped_metric_points${suffix_total}",
      "otelcol_processor_refused_log_records${suffix_total}", "otelcol_processor_dropped_log_records${suffix_total}",
      "~.*otelcol_processor_.+accepted_spans.*", "~.*otelcol_processor_.+refused_spans.*",
      "~.*otelcol_processor_.+accepted_metric_points.*", "~.*otelcol_processor_.+refused_metric_points.*",
      "~.*otelcol_processor_.+accepted_log_records.*", "~.*otelcol_processor_.+refused_log_records.*",
      "otelcol_processor_batch_batch_send_size_bucket", "otelcol_processor_batch_batch_send_size_count",
      "otelcol_processor_batch_batch_send_size_sum", "otelcol_processor_batch_batch_size_trigger_send${suffix_total}",
      "otelcol_processor_batch_timeout_trigger_send${suffix_total}",
      "otelcol_exporter_sent_spans${suffix_total}", "otelcol_exporter_enqueue_failed_spans${suffix_total}",
      "otelcol_exporter_send_failed_spans${suffix_total}", "otelcol_exporter_sent_metric_points${suffix_total}",
      "otelcol_exporter_enqueue_failed_metric_points${suffix_total}",
      "otelcol_exporter_send_failed_metric_points${suffix_total}", "otelcol_exporter_sent_log_records${suffix_total}",
      "otelcol_exporter_enqueue_failed_log_records${suffix_total}",
      "otelcol_exporter_send_failed_log_records${suffix_total}",
      "otelcol_exporter_queue_size", "otelcol_exporter_queue_capacity",
      "otelcol_process_memory_rss${suffix_bytes}", "otelcol_process_runtime_total_sys_memory_bytes",
      "otelcol_process_runtime_heap_alloc_bytes", "otelcol_process_cpu_seconds${suffix_total}",
      "otelcol_process_uptime${suffix_seconds}${suffix_total}", "target_info");

  /**
   * The gRPC panels of dashboard 15983. Its {@code ${prefix}} finds only histograms named without
   * their unit ({@code rpc_server_duration_bucket}), so they have data with the Prometheus reader's
   * {@code without_units: true}; with units ({@code rpc_server_duration_milliseconds_bucket}, the
   * default) these panels stay empty, for a Collector as for Telegate.
   */
  static final List<String> DASHBOARD_15983_RPC = List.of(
      "${prefix}rpc_server_responses_per_rpc_count", "${prefix}rpc_client_responses_per_rpc_count",
      "${prefix}rpc_server_duration_bucket", "${prefix}rpc_client_duration_bucket",
      "${prefix}rpc_server_request_size_bucket", "${prefix}rpc_client_request_size_bucket");

  /** Labels the dashboards group and filter by, each with a series that must carry it. */
  static final Map<String, String> LABELS = Map.of(
      "receiver", "otelcol_receiver_accepted_spans", "transport", "otelcol_receiver_accepted_spans",
      "processor", "otelcol_processor_incoming_items", "otel_signal", "otelcol_processor_incoming_items",
      "exporter", "otelcol_exporter_sent_spans", "service_instance_id", "otelcol_process_cpu_seconds",
      "service_version", "target_info");

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path dir;
  private static Gateway backend;
  private static Gateway gateway;
  private static String suffixed;
  private static String unsuffixed;

  @BeforeAll
  static void sendEverySignalThroughAGateway() throws Exception {
    int backendGrpc = FreePorts.next();
    int backendHttp = FreePorts.next();
    backend = start("backend.yaml", """
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 127.0.0.1:%d}
              http: {endpoint: 127.0.0.1:%d}
        exporters:
          debug: {}
        service:
          telemetry: {metrics: {address: 127.0.0.1:0}}
          pipelines:
            traces: {receivers: [otlp], exporters: [debug]}
            metrics: {receivers: [otlp], exporters: [debug]}
            logs: {receivers: [otlp], exporters: [debug]}
        """.formatted(backendGrpc, backendHttp));
    int grpc = FreePorts.next();
    int http = FreePorts.next();
    gateway = start("gateway.yaml", """
        receivers:
          otlp:
            protocols:
              grpc: {endpoint: 127.0.0.1:%d}
              http: {endpoint: 127.0.0.1:%d}
        processors:
          memory_limiter: {check_interval: 1s, limit_percentage: 95, spike_limit_percentage: 5}
          batch: {timeout: 50ms, send_batch_size: 2}
        exporters:
          otlp: {endpoint: 127.0.0.1:%d, tls: {insecure: true}}
          otlphttp: {endpoint: http://127.0.0.1:%d}
        service:
          telemetry:
            resource: {deployment.environment: test}
            metrics:
              level: detailed
              readers:
                - pull: {exporter: {prometheus: {host: 127.0.0.1, port: 0}}}
          pipelines:
            traces: {receivers: [otlp], processors: [memory_limiter, batch], exporters: [otlp, otlphttp]}
            metrics: {receivers: [otlp], processors: [memory_limiter, batch], exporters: [otlp, otlphttp]}
            logs: {receivers: [otlp], processors: [memory_limiter, batch], exporters: [otlp, otlphttp]}
        """.formatted(grpc, http, backendGrpc, backendHttp));

    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc).usePlaintext().build();
    try {
      TraceServiceGrpc.newBlockingStub(channel).export(TraceData.spans(3).build());
      MetricsServiceGrpc.newBlockingStub(channel).export(MetricData.gauges(1, 2).build());
      LogsServiceGrpc.newBlockingStub(channel).export(LogData.records(2).build());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    post(http, "/v1/traces", TraceData.spans(2).bytes());
    post(http, "/v1/metrics", MetricData.gauges(1, 3).bytes());
    post(http, "/v1/logs", LogData.records(1).bytes());

    // Both exporters delivered every signal: 5 spans, 5 points, 3 records each.
    Await.until("every exporter sent every signal", Duration.ofSeconds(20), () -> {
      String text = scrape(gateway);
      return sent(text, "otelcol_exporter_sent_spans_total", 5) && sent(text, "otelcol_exporter_sent_metric_points_total", 5)
          && sent(text, "otelcol_exporter_sent_log_records_total", 3);
    });
    suffixed = scrape(gateway);
    gateway.metrics().setNaming(MetricRegistry.Naming.UNSUFFIXED);
    unsuffixed = scrape(gateway);
    gateway.metrics().setNaming(MetricRegistry.Naming.SUFFIXED);
  }

  @AfterAll
  static void stop() {
    for (Gateway g : new Gateway[] {gateway, backend}) {
      if (g != null) {
        g.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void everyQueryOfTheShippedDashboardFindsSeries() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/telegate.json").toFile());
    List<String> queries = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> queries.add(e.asText()));
    dashboard.at("/templating/list").forEach(v -> queries.add(v.path("query").asText("")));
    Set<String> names = new LinkedHashSet<>();
    Matcher m = Pattern.compile("\\b((?:otelcol|telegate)_[a-z_]+|target_info)\\b").matcher(String.join("\n", queries));
    while (m.find()) {
      names.add(m.group(1));
    }
    assertTrue(names.size() >= 20, names.toString());
    List<String> missing = names.stream().filter(n -> !seriesNames(suffixed).contains(n)).toList();
    assertEquals(List.of(), missing, "queried by deploy/grafana/telegate.json, absent from /metrics:\n" + suffixed);
  }

  @Test
  void dashboard15983FindsEveryMetricWithTheDefaultNames() {
    assertEquals(List.of(), missing(DASHBOARD_15983, suffixed), suffixed);
  }

  @Test
  void dashboard15983FindsEveryMetricWithTheUnsuffixedNames() {
    List<String> all = new ArrayList<>(DASHBOARD_15983);
    all.addAll(DASHBOARD_15983_RPC);
    assertEquals(List.of(), missing(all, unsuffixed), unsuffixed);
  }

  @Test
  void theDefaultNamesAreTheOnesCurrentCollectorDashboardsQuery() {
    Set<String> names = seriesNames(suffixed);
    for (String name : List.of("otelcol_exporter_sent_spans_total", "otelcol_receiver_accepted_log_records_total",
        "otelcol_process_uptime_seconds_total", "otelcol_process_cpu_seconds_total", "otelcol_process_memory_rss_bytes",
        "otelcol_processor_batch_batch_send_size_bytes_bucket", "rpc_server_duration_milliseconds_bucket",
        "rpc_client_duration_milliseconds_bucket", "http_server_request_duration_seconds_bucket",
        "http_client_request_duration_seconds_bucket")) {
      assertTrue(names.contains(name), name + " in\n" + suffixed);
    }
    assertTrue(suffixed.contains("# TYPE otelcol_exporter_sent_spans_total counter\n"), suffixed);
    assertTrue(suffixed.contains("# TYPE otelcol_process_uptime_seconds_total counter\n"), suffixed);
    assertTrue(suffixed.contains("# TYPE otelcol_process_memory_rss_bytes gauge\n"), suffixed);
  }

  @Test
  void targetInfoCarriesTheResource() {
    String info = suffixed.lines().filter(l -> l.startsWith("target_info{")).findFirst().orElseThrow();
    assertTrue(info.contains("service_name=\"telegate\""), info);
    assertTrue(info.contains("service_version=\"test\""), info);
    assertTrue(info.matches(".*service_instance_id=\"[0-9a-f-]{36}\".*"), info);
    assertTrue(info.contains("deployment_environment=\"test\""), info);
  }

  @Test
  void theLabelsDashboardsUseAreOnTheirSeries() {
    LABELS.forEach((label, metric) -> assertTrue(suffixed.lines().anyMatch(
        l -> l.startsWith(metric) && l.contains(label + "=\"")), label + " on " + metric + " in\n" + suffixed));
    for (String signal : List.of("traces", "metrics", "logs")) {
      assertTrue(suffixed.contains("otelcol_processor_incoming_items_total{processor=\"batch\",otel_signal=\""
          + signal + "\""), signal);
    }
  }

  /** What of {@code wanted} (dashboard notation) finds no series in {@code text}. */
  private static List<String> missing(List<String> wanted, String text) {
    Set<String> names = seriesNames(text);
    Map<String, String> variables = variables(text);
    List<String> missing = new ArrayList<>();
    for (String w : wanted) {
      String name = w;
      for (Map.Entry<String, String> v : variables.entrySet()) {
        name = name.replace("${" + v.getKey() + "}", v.getValue());
      }
      if (name.startsWith("~")) {
        Pattern selector = Pattern.compile(name.substring(1));
        if (names.stream().noneMatch(n -> selector.matcher(n).matches())) {
          missing.add(w);
        }
      } else if (!names.contains(name)) {
        missing.add(w + " (" + name + ")");
      }
    }
    return missing;
  }

  /**
   * Dashboard 15983's hidden variables, resolved as Grafana resolves them: each is the first
   * capture (or match) of its regex over the {@code query_result} lines of its query, or empty.
   */
  private static Map<String, String> variables(String text) {
    List<String> uptime = series(text, "otelcol_process_uptime.+");
    List<String> rss = series(text, "otelcol_process_memory_rss.+");
    List<String> histograms = series(text,
        ".*rpc_server_duration_.*bucket|.*rpc_client_duration_.*bucket|.*http_server_duration_.*bucket|"
            + ".*http_client_duration_.*bucket.*");
    return Map.of(
        "suffix_total", first(uptime, "(_total_total|_total)(?=\\{)", 0),
        "suffix_seconds", first(uptime, "otelcol_process_uptime(_seconds|)?", 1),
        "suffix_bytes", first(rss, "otelcol_process_memory_rss(.*)\\{.*", 1),
        "prefix", first(histograms, "(.*)(grpc|rpc|http)_(server|client)_duration_(millisecods_|)bucket.*\\{.*", 1));
  }

  /** The {@code name{labels}} of every series whose name matches {@code namePattern}. */
  private static List<String> series(String text, String namePattern) {
    Pattern p = Pattern.compile(namePattern);
    return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.substring(0, l.lastIndexOf(' ')))
        .filter(s -> p.matcher(s.contains("{") ? s.substring(0, s.indexOf('{')) : s).matches()).toList();
  }

  private static String first(List<String> lines, String regex, int group) {
    Pattern p = Pattern.compile(regex);
    for (String line : lines) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        return m.group(group) == null ? "" : m.group(group);
      }
    }
    return "";
  }

  private static Set<String> seriesNames(String text) {
    Set<String> names = new LinkedHashSet<>();
    for (String line : text.split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        int end = line.indexOf('{');
        names.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
      }
    }
    return names;
  }

  private static boolean sent(String text, String name, double perExporter) {
    double sum = text.lines().filter(l -> l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    return sum >= 2 * perExporter;
  }

  private static Gateway start(String name, String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve(name), yaml);
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(System::getenv).load(List.of(file), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    Gateway g = new Gateway(new ConfigResolver(BuiltinComponents.all()).resolve(tree), "test", Clock.systemUTC());
    g.start();
    return g;
  }

  private static void post(int port, String path, byte[] body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  private static String scrape(Gateway g) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.adminPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
