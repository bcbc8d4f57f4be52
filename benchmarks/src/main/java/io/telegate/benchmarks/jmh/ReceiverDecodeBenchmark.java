package io.telegate.benchmarks.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.telegate.benchmarks.Payloads;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Traces;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
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
 * Issue 3: what the OTLP receiver spends decoding the typical 100-span request, per transport,
 * from the body bytes to a checked {@link Traces} (the network and Netty are not included).
 *
 * <p>The receiver's own decode helpers ({@code ByteArrayMarshaller}, {@code BodyDecompressor},
 * the JSON tree decoder of before issue 16) are package-private, so each method reproduces the same
 * steps with the same JDK / library calls; {@code jsonFormatOnly} and {@code jacksonThenJsonFormat}
 * are stand-ins for that old decoder (see their comments). {@code jsonStreaming} is the receiver's
 * own JSON path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReceiverDecodeBenchmark {

  /** BodyDecompressor's buffer size for GZIPInputStream and its first output chunk. */
  private static final int CHUNK = 64 * 1024;
  /** max_request_body_size default, 20 MiB. */
  private static final int LIMIT = 20 << 20;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

  private byte[] protobuf;
  private byte[] gzipped;
  private byte[] json;
  private byte[] otlpJson;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    ExportTraceServiceRequest request = Payloads.typicalTraces();
    protobuf = request.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(protobuf);
    }
    gzipped = out.toByteArray();
    // JsonFormat writes ids as base64 (OTLP/JSON uses hex; the receiver rewrites hex to base64
    // before JsonFormat sees it), int64 as strings, enums by name, lowerCamelCase keys.
    json = JsonFormat.printer().omittingInsignificantWhitespace().print(request).getBytes(StandardCharsets.UTF_8);
    otlpJson = hexIds(json);
    if (!Arrays.equals(grpc().encoded(), protobuf) || !Arrays.equals(httpGzip().encoded(), protobuf)
        || !jsonFormatOnly().equals(request) || !jacksonThenJsonFormat().equals(request)
        || !ExportTraceServiceRequest.parseFrom(jsonStreaming().encoded()).equals(request)) {
      throw new IllegalStateException("decoders disagree");
    }
    System.out.printf("%nprotobuf %d B, gzip %d B, json %d B%n", protobuf.length, gzipped.length, json.length);
  }

  /** gRPC: the byte[] marshaller reads the message stream into an array, then the structural check. */
  @Benchmark
  public Traces grpc() {
    byte[] bytes = new ByteArrayInputStream(protobuf).readAllBytes();
    return Traces.fromBytes(bytes, ClientContext.EMPTY);
  }

  /** The check alone on bytes already in an array (HTTP identity body after ByteBufUtil.getBytes). */
  @Benchmark
  public Traces checkOnly() {
    return Traces.fromBytes(protobuf, ClientContext.EMPTY);
  }

  /** HTTP application/x-protobuf, identity: copy the body out of the buffer, then check. */
  @Benchmark
  public Traces httpProtobuf() {
    return Traces.fromBytes(protobuf.clone(), ClientContext.EMPTY);
  }

  /** HTTP application/x-protobuf with Content-Encoding: gzip: bounded gunzip, then check. */
  @Benchmark
  public Traces httpGzip() throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped), CHUNK)) {
      return Traces.fromBytes(readBounded(in), ClientContext.EMPTY);
    }
  }

  /** Gunzip alone (the decompression share of httpGzip). */
  @Benchmark
  public byte[] gunzipOnly() throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped), CHUNK)) {
      return readBounded(in);
    }
  }

  /**
   * STAND-IN for OtlpJsonDecoder (package-private): protobuf-java-util JsonFormat parsing the
   * equivalent JSON into the request. A lower bound: the receiver also runs Jackson over the body.
   */
  @Benchmark
  public ExportTraceServiceRequest jsonFormatOnly() throws IOException {
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    JSON.merge(new String(json, StandardCharsets.UTF_8), b);
    return b.build();
  }

  /**
   * STAND-IN closer to OtlpJsonDecoder's pipeline: Jackson tree, back to a string, JsonFormat (the
   * decoder walks the tree between the two to rewrite hex ids, which is not done here).
   */
  @Benchmark
  public ExportTraceServiceRequest jacksonThenJsonFormat() throws IOException {
    JsonNode root = MAPPER.readTree(json);
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    JSON.merge(MAPPER.writeValueAsString(root), b);
    return b.build();
  }

  /**
   * The receiver's OTLP/JSON path since issue 16: {@code OtlpJsonReader} (public, in core) streams
   * the body into wire bytes, then the same check as protobuf. The body has hex ids, as OTLP/JSON.
   */
  @Benchmark
  public Traces jsonStreaming() {
    return Traces.fromBytes(io.telegate.core.data.OtlpJsonReader.traces(otlpJson), ClientContext.EMPTY);
  }

  /** JsonFormat's JSON with the ids rewritten from base64 to hex, as OTLP/JSON writes them. */
  private static byte[] hexIds(byte[] jsonFormat) throws IOException {
    JsonNode root = MAPPER.readTree(jsonFormat);
    java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>(java.util.List.of(root));
    while (!todo.isEmpty()) {
      JsonNode n = todo.pop();
      if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
        for (String key : java.util.List.of("traceId", "spanId", "parentSpanId")) {
          if (o.hasNonNull(key)) {
            o.put(key, java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(o.get(key).textValue())));
          }
        }
      }
      n.elements().forEachRemaining(todo::push);
    }
    return MAPPER.writeValueAsBytes(root);
  }

  /** As BodyDecompressor: grow a 64 KiB buffer by doubling, fail past the limit, trim. */
  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] buf = new byte[CHUNK];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        if (n > LIMIT) {
          throw new IOException("body too large");
        }
        buf = Arrays.copyOf(buf, Math.min(LIMIT + 1, buf.length * 2));
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n == buf.length ? buf : Arrays.copyOf(buf, n);
  }
}
