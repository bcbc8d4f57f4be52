package io.telegate.benchmarks.load;

import static io.telegate.testing.data.Values.kv;
import static io.telegate.testing.data.Values.str;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.telegate.benchmarks.Payloads;
import io.telegate.core.data.OtlpWire;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import java.util.Random;

/**
 * The request shapes the load tool sends, encoded once: the two trace shapes of {@link Payloads},
 * ~300 B log records (512 per request) and the Collector testbed's metrics (100 gauges x 7
 * points). Deterministic: the same bytes on every run.
 */
public final class Shapes {

  /** One pre-encoded request: its signal, bytes and item count (as {@link OtlpWire} counts). */
  public record Shape(String name, Signal signal, byte[] bytes, int items) {}

  /** The OTLP signal of a request: gRPC method and HTTP path. */
  public enum Signal {
    TRACES("opentelemetry.proto.collector.trace.v1.TraceService/Export", "/v1/traces", OtlpWire.TRACES),
    METRICS("opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "/v1/metrics", OtlpWire.METRICS),
    LOGS("opentelemetry.proto.collector.logs.v1.LogsService/Export", "/v1/logs", OtlpWire.LOGS);

    public final String grpcMethod;
    public final String httpPath;
    public final OtlpWire wire;

    Signal(String grpcMethod, String httpPath, OtlpWire wire) {
      this.grpcMethod = grpcMethod;
      this.httpPath = httpPath;
      this.wire = wire;
    }

    /** {@code traces}, {@code metrics}, {@code logs}: the pipeline type in a gateway config. */
    public String pipeline() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final int LOG_RECORDS = 512;
  public static final int METRICS = 100;
  public static final int POINTS_PER_METRIC = 7;

  private static final long START_NANOS = 1_764_000_000_000_000_000L;

  private Shapes() {}

  /**
   * {@code traces-typical}, {@code traces-testbed}, {@code logs}, {@code metrics}, {@code
   * metrics-histogram}, {@code metrics-exponential}.
   */
  public static Shape of(String name) {
    return switch (name) {
      case "traces-typical" -> shape(name, Signal.TRACES, Payloads.typicalTraces().toByteArray());
      case "traces-testbed" -> shape(name, Signal.TRACES, Payloads.testbedTraces().toByteArray());
      case "logs" -> shape(name, Signal.LOGS, logs().toByteArray());
      case "metrics" -> shape(name, Signal.METRICS, metrics().toByteArray());
      case "metrics-histogram" -> shape(name, Signal.METRICS, metricsHistogram().toByteArray());
      case "metrics-exponential" -> shape(name, Signal.METRICS, metricsExponential().toByteArray());
      default -> throw new IllegalArgumentException("shape: " + name
          + " (expected: traces-typical, traces-testbed, logs, metrics, metrics-histogram, metrics-exponential)");
    };
  }

  private static Shape shape(String name, Signal signal, byte[] bytes) {
    return new Shape(name, signal, bytes, signal.wire.check(bytes));
  }

  /**
   * 512 log records of an HTTP service, ~300 B each on the wire: a body line, severity, trace and
   * span ids, 6 semantic-convention attributes; one resource with 4 attributes.
   */
  public static ExportLogsServiceRequest logs() {
    Random random = new Random(42);
    return LogData.records(LOG_RECORDS)
        .resource("service.name", "user-service", "service.namespace", "shop",
            "host.name", "ip-10-0-12-34.eu-west-1.compute.internal", "k8s.pod.name", "user-service-7d9f8b6c5d-x2k4p")
        .resourceSchemaUrl("https://opentelemetry.io/schemas/1.24.0")
        .scope("io.opentelemetry.logback-appender-1.0", "2.10.0-alpha")
        .startingAt(START_NANOS, 250_000L)
        .each((r, i) -> {
          String path = "/api/v1/users/" + (100_000 + random.nextInt(900_000));
          int status = random.nextInt(20) == 0 ? 500 : 200;
          r.setObservedTimeUnixNano(r.getTimeUnixNano() + 1_000)
              .setSeverityNumber(status == 200 ? SeverityNumber.SEVERITY_NUMBER_INFO
                  : SeverityNumber.SEVERITY_NUMBER_ERROR)
              .setSeverityText(status == 200 ? "INFO" : "ERROR")
              .setBody(str("GET " + path + " completed with status " + status + " in " + (1 + random.nextInt(250))
                  + " ms"))
              .addAttributes(kv("http.request.method", "GET"))
              .addAttributes(kv("url.path", path))
              .addAttributes(kv("http.response.status_code", status))
              .addAttributes(kv("client.address", "10.0." + random.nextInt(256) + "." + random.nextInt(256)))
              .addAttributes(kv("thread.name", "http-nio-8080-exec-" + (1 + random.nextInt(200))))
              .setTraceId(Payloads.randomBytes(random, 16))
              .setSpanId(Payloads.randomBytes(random, 8))
              .setFlags(1);
        })
        .build();
  }

  /**
   * The Collector testbed's metric request: 1 resource, 100 gauge metrics x 7 int points, each
   * point with the string attributes {@code item_index} and {@code batch_index}.
   */
  public static ExportMetricsServiceRequest metrics() {
    return MetricData.gauges(METRICS, POINTS_PER_METRIC)
        .resource("service.name", "load-generator")
        .named("load_generator_")
        .descriptions(i -> "Load Generator Counter #" + i)
        .unit("1")
        .eachPoint((point, metric, j) -> point.setTimeUnixNano(START_NANOS + j).setAsInt(metric * 10L + j)
            .addAttributes(kv("item_index", "item_" + j)).addAttributes(kv("batch_index", "batch_1")))
        .build();
  }

  /** Explicit bounds of {@link #metricsHistogram()}, in ms. */
  public static final double[] HISTOGRAM_BOUNDS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500};
  public static final int HISTOGRAM_POINTS = 100;

  /**
   * An HTTP server's request durations: one cumulative histogram metric
   * ({@code http.server.request.duration}, ms) with 100 points of 9 attributes each and the 9
   * bounds of {@link #HISTOGRAM_BOUNDS}, so 100 x 12 = 1,200 remote-write series (10 {@code
   * _bucket}, {@code _sum}, {@code _count} per point); resource with service name, namespace,
   * instance and two more attributes; one scope.
   */
  public static ExportMetricsServiceRequest metricsHistogram() {
    Random random = new Random(42);
    io.opentelemetry.proto.metrics.v1.HistogramDataPoint[] points =
        new io.opentelemetry.proto.metrics.v1.HistogramDataPoint[HISTOGRAM_POINTS];
    for (int p = 0; p < HISTOGRAM_POINTS; p++) {
      long[] counts = new long[HISTOGRAM_BOUNDS.length + 1];
      double sum = 0;
      for (int b = 0; b <= HISTOGRAM_BOUNDS.length; b++) {
        counts[b] = random.nextInt(1000);
        sum += counts[b] * (b < HISTOGRAM_BOUNDS.length ? HISTOGRAM_BOUNDS[b] / 2 : 5000);
      }
      points[p] = MetricData.histogramPoint(START_NANOS + 60_000_000_000L, HISTOGRAM_BOUNDS, counts, sum,
          httpAttributes(p)).toBuilder().setStartTimeUnixNano(START_NANOS).build();
    }
    return httpServer(MetricData.histogram("http.server.request.duration", "ms", points));
  }

  /**
   * As {@link #metricsHistogram()}, as an exponential histogram: 100 points of scale 3 with 40
   * positive buckets (some empty) from offset 20, one native histogram sample each.
   */
  public static ExportMetricsServiceRequest metricsExponential() {
    Random random = new Random(42);
    io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint[] points =
        new io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint[HISTOGRAM_POINTS];
    for (int p = 0; p < HISTOGRAM_POINTS; p++) {
      long[] counts = new long[40];
      for (int b = 0; b < counts.length; b++) {
        counts[b] = random.nextInt(5) == 0 ? 0 : random.nextInt(200);
      }
      io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint point =
          MetricData.exponentialPoint(START_NANOS + 60_000_000_000L, 3, random.nextInt(3), 20, counts);
      io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint.Builder b = point.toBuilder()
          .setStartTimeUnixNano(START_NANOS).setSum(point.getCount() * 42.5);
      String[] attributes = httpAttributes(p);
      for (int i = 0; i < attributes.length; i += 2) {
        b.addAttributes(kv(attributes[i], attributes[i + 1]));
      }
      points[p] = b.build();
    }
    return httpServer(MetricData.exponentialHistogram("http.server.request.duration", "ms", points));
  }

  private static String[] httpAttributes(int p) {
    String[] methods = {"GET", "POST", "PUT", "DELETE"};
    return new String[] {"http.request.method", methods[p % 4],
        "http.route", "/api/v1/resource" + (p / 4) + "/{id}",
        "http.response.status_code", String.valueOf(p % 7 == 0 ? 500 : 200),
        "network.protocol.version", "1.1",
        "server.address", "user-service.svc",
        "server.port", "8080",
        "url.scheme", "http",
        "k8s.pod.name", "user-service-7d9f8b6c5d-x2k4p",
        "deployment.environment", "production"};
  }

  private static ExportMetricsServiceRequest httpServer(io.opentelemetry.proto.metrics.v1.Metric metric) {
    return MetricData.of(metric.toBuilder().setDescription("Duration of HTTP server requests.").build())
        .resource("service.name", "user-service", "service.namespace", "shop",
            "service.instance.id", "627cc493-f310-47de-96bd-71410b7dec09",
            "host.name", "ip-10-0-12-34.eu-west-1.compute.internal", "telemetry.sdk.language", "java")
        .scope("io.opentelemetry.tomcat-10.0", "2.10.0")
        .build();
  }
}
