package io.telegate.benchmarks.jmh;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.benchmarks.Payloads;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.OtlpJsonWriter;
import io.telegate.core.data.Traces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4: the OTLP exporters' request encode of the typical request. Over gRPC (and otlphttp
 * with encoding: proto) the exporter sends {@link Traces#encoded()}: free when the request is
 * still encoded, a protobuf serialization when a processor parsed and modified it. otlphttp's
 * JSON encoding (and the file exporter's) is core's {@link OtlpJsonWriter} ({@link #otlpJsonWriter});
 * {@link #jsonFormatStandIn} is protobuf-java-util's printer on the same request, for comparison.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExporterEncodeBenchmark {

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

  private byte[] original;
  private ExportTraceServiceRequest modified;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    original = Payloads.typicalTraces().toByteArray();
    // Parsed, then modified as the attributes processor's object path would: one attribute per span.
    ExportTraceServiceRequest parsed = ExportTraceServiceRequest.parseFrom(original);
    KeyValue kv = KeyValue.newBuilder().setKey("deployment.environment")
        .setValue(AnyValue.newBuilder().setStringValue("production")).build();
    ExportTraceServiceRequest.Builder b = parsed.toBuilder();
    for (ResourceSpans.Builder rs : b.getResourceSpansBuilderList()) {
      for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
        for (Span.Builder s : ss.getSpansBuilderList()) {
          s.addAttributes(kv);
        }
      }
    }
    modified = b.build();
    System.out.printf("%noriginal %d B, modified %d B, json %d B%n", original.length,
        modified.getSerializedSize(), PRINTER.print(modified).getBytes(StandardCharsets.UTF_8).length);
  }

  /** gRPC / otlphttp proto, request still encoded (pass-through): the bytes as they are. */
  @Benchmark
  public byte[] protobufEncodedPassThrough() {
    return Traces.fromTrustedBytes(original, Payloads.SPANS, ClientContext.EMPTY).encoded();
  }

  /** gRPC / otlphttp proto, request parsed and modified upstream: protobuf serialization. */
  @Benchmark
  public byte[] protobufSerializeModified() {
    return Traces.of(modified, ClientContext.EMPTY).encoded();
  }

  /** otlphttp with encoding: json, and the file exporter's JSON lines: core's OTLP/JSON writer. */
  @Benchmark
  public byte[] otlpJsonWriter() {
    return OtlpJsonWriter.write(modified);
  }

  /** protobuf-java-util's printer on the same request (base64 ids), for comparison. */
  @Benchmark
  public byte[] jsonFormatStandIn() throws IOException {
    return PRINTER.print(modified).getBytes(StandardCharsets.UTF_8);
  }
}
