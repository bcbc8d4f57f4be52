package io.telegate.benchmarks;

import static io.telegate.testing.data.Values.num;
import static io.telegate.testing.data.Values.str;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.testing.data.TraceData;
import java.util.Random;

/**
 * Deterministic OTLP trace requests, built with the tests' {@code TraceData}, in the shapes of {@code reference/performance.md} section 5:
 * the same bytes on every run and every JVM (fixed seed, fixed clock).
 */
public final class Payloads {

  /** Spans per request in both shapes. */
  public static final int SPANS = 100;

  private static final long START_NANOS = 1_764_000_000_000_000_000L;
  private static final long SEED = 0x7E1E6A7EL;

  private Payloads() {}

  /** A request in the named shape: {@code typical} or {@code testbed}. */
  public static ExportTraceServiceRequest traces(String shape) {
    return switch (shape) {
      case "typical" -> typicalTraces();
      case "testbed" -> testbedTraces();
      default -> throw new IllegalArgumentException("shape: " + shape + " (expected: typical, testbed)");
    };
  }

  /**
   * The "typical" instrumented-service request: 1 resource with 8 string attributes, 1 scope, 100
   * SERVER spans of 10 traces, each span with a parent id and 7 HTTP attributes (6 strings, 1 int).
   */
  public static ExportTraceServiceRequest typicalTraces() {
    Random random = new Random(SEED);
    ByteString[] traceIds = new ByteString[10];
    ByteString[] parentIds = new ByteString[10];
    for (int t = 0; t < traceIds.length; t++) {
      traceIds[t] = randomBytes(random, 16);
      parentIds[t] = randomBytes(random, 8);
    }
    return TraceData.spans(SPANS)
        .resource("service.name", "user-service", "service.version", "2.14.3",
            "service.instance.id", "627cc493-f310-47de-96bd-71410b7dec09",
            "host.name", "ip-10-0-12-34.eu-west-1.compute.internal", "k8s.namespace.name", "production",
            "k8s.pod.name", "user-service-7d9f8b6c5d-x2k4p", "telemetry.sdk.name", "opentelemetry",
            "telemetry.sdk.language", "java")
        .resourceSchemaUrl("https://opentelemetry.io/schemas/1.24.0")
        .scope("io.opentelemetry.tomcat-10.0", "2.10.0-alpha")
        .names(i -> "GET /api/v1/users/{id}")
        .traceIds(i -> traceIds[i / 10])
        .spanIds(i -> randomBytes(random, 8))
        .parentIds(i -> parentIds[i / 10])
        .kind(Span.SpanKind.SPAN_KIND_SERVER)
        .startingAt(START_NANOS, 1_000_000L)
        .durations(i -> 1_000_000L + random.nextInt(50_000_000))
        .attribute("http.request.method", "GET")
        .attribute("url.path", i -> str("/api/v1/users/" + (100_000 + random.nextInt(900_000))))
        .attribute("http.route", "/api/v1/users/{id}")
        .attribute("http.response.status_code", 200)
        .attribute("server.address", "user-service.svc")
        .attribute("client.address", i -> str("10.0." + random.nextInt(256) + "." + random.nextInt(256)))
        .attribute("thread.name", i -> str("http-nio-8080-exec-" + (1 + random.nextInt(200))))
        .build();
  }

  /**
   * The Collector testbed's request: 1 resource without attributes, 1 scope, 100 CLIENT spans
   * named {@code load-generator-span} with sequence-number ids, 1 ms long, 2 int attributes.
   */
  public static ExportTraceServiceRequest testbedTraces() {
    // Sequence numbers as a load generator reaches them some seconds into a 10k spans/s run.
    long firstSpan = 150_001;
    long traceSeq = 1_501;
    ByteString traceId = ByteString.copyFrom(longBytes(0, traceSeq));
    return TraceData.spans(SPANS)
        .resource(Resource.getDefaultInstance())
        .names(i -> "load-generator-span")
        .traceIds(i -> traceId)
        .spanIds(i -> ByteString.copyFrom(longBytes(firstSpan + i)))
        .kind(Span.SpanKind.SPAN_KIND_CLIENT)
        .startingAt(START_NANOS, 100_000L)
        .lasting(1_000_000L)
        .attribute("load_generator.span_seq_num", i -> num(firstSpan + i))
        .attribute("load_generator.trace_seq_num", traceSeq)
        .build();
  }

  /** {@code n} bytes from {@code random}, for ids. */
  public static ByteString randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }

  private static byte[] longBytes(long... values) {
    byte[] b = new byte[values.length * 8];
    for (int i = 0; i < values.length; i++) {
      for (int j = 0; j < 8; j++) {
        b[i * 8 + j] = (byte) (values[i] >>> (56 - 8 * j));
      }
    }
    return b;
  }

  /** Prints the size of each shape: {@code java -cp benchmarks.jar io.telegate.benchmarks.Payloads}. */
  public static void main(String[] args) {
    for (String shape : new String[] {"typical", "testbed"}) {
      ExportTraceServiceRequest r = traces(shape);
      System.out.printf("%s: %d bytes, %d spans, %.1f B/span%n",
          shape, r.getSerializedSize(), SPANS, r.getSerializedSize() / (double) SPANS);
    }
  }
}
