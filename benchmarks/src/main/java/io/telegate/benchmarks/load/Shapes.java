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

  /** {@code traces-typical}, {@code traces-testbed}, {@code logs}, {@code metrics}. */
  public static Shape of(String name) {
    return switch (name) {
      case "traces-typical" -> shape(name, Signal.TRACES, Payloads.typicalTraces().toByteArray());
      case "traces-testbed" -> shape(name, Signal.TRACES, Payloads.testbedTraces().toByteArray());
      case "logs" -> shape(name, Signal.LOGS, logs().toByteArray());
      case "metrics" -> shape(name, Signal.METRICS, metrics().toByteArray());
      default -> throw new IllegalArgumentException(
          "shape: " + name + " (expected: traces-typical, traces-testbed, logs, metrics)");
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
}
