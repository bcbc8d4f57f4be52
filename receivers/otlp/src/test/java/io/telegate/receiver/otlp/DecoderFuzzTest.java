package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.netty.buffer.Unpooled;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.OtlpJsonReader;
import io.telegate.core.data.OtlpWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of valid inputs, a bounded number of iterations each (no coverage-guided
 * fuzzer with a JUnit integration resolves from Maven Central for this build; Jazzer needs its own
 * agent). Every decoder must either refuse an input with its own error type or produce a result
 * that protobuf-java accepts; no other exception may escape, and no output may grow past its
 * limit. The seeds are fixed, so a failure reproduces; change {@link #SEED} to explore further.
 */
class DecoderFuzzTest {

  static final long SEED = 20261201L;
  static final int ITERATIONS = 5_000;

  /** Valid OTLP/JSON bodies to mutate: each signal, ids, every value kind, snake_case. */
  static final List<String> JSON_CORPUS = List.of(
      "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
          + "\"svc\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"lib\"},\"spans\":[{\"traceId\":"
          + "\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"GET /\",\"kind\":2,"
          + "\"startTimeUnixNano\":\"1544712660000000000\",\"endTimeUnixNano\":1544712661000000000,"
          + "\"status\":{\"code\":\"STATUS_CODE_ERROR\"},\"links\":[{\"traceId\":"
          + "\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\"}]}]}]}]}",
      "{\"resource_logs\":[{\"scope_logs\":[{\"log_records\":[{\"time_unix_nano\":\"1\",\"severity_number\":"
          + "\"SEVERITY_NUMBER_WARN\",\"body\":{\"kvlistValue\":{\"values\":[{\"key\":\"a\",\"value\":"
          + "{\"arrayValue\":{\"values\":[{\"intValue\":\"5\"},{\"doubleValue\":1.5},{\"boolValue\":true},"
          + "{\"bytesValue\":\"AQID\"}]}}}]}},\"traceId\":\"\",\"spanId\":\"\"}]}]}]}",
      "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"sum\":{\"aggregationTemporality\":"
          + "2,\"isMonotonic\":true,\"dataPoints\":[{\"asInt\":\"3\",\"exemplars\":[{\"spanId\":"
          + "\"eee19b7ec3c1b174\",\"asDouble\":2}]}]}},{\"name\":\"h\",\"histogram\":{\"dataPoints\":[{"
          + "\"count\":\"2\",\"bucketCounts\":[\"1\",\"1\"],\"explicitBounds\":[1.0]}]}}]}]}]}");

  /** Bytes that matter to a JSON parser, to mutate with more often than chance would. */
  private static final String JSON_CHARS = "{}[]\":,0123456789-.eE\\ux\u0000";

  static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      switch (r.nextInt(5)) {
        case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        case 1 -> b[r.nextInt(b.length)] = (byte) JSON_CHARS.charAt(r.nextInt(JSON_CHARS.length()));
        case 2 -> { // delete a run
          int from = r.nextInt(b.length);
          int len = Math.min(b.length - from, 1 + r.nextInt(8));
          byte[] c = new byte[b.length - len];
          System.arraycopy(b, 0, c, 0, from);
          System.arraycopy(b, from + len, c, from, b.length - from - len);
          b = c.length == 0 ? new byte[] {'{'} : c;
        }
        case 3 -> { // duplicate a run
          int from = r.nextInt(b.length);
          int len = Math.min(b.length - from, 1 + r.nextInt(32));
          byte[] c = new byte[b.length + len];
          System.arraycopy(b, 0, c, 0, from + len);
          System.arraycopy(b, from, c, from + len, b.length - from);
          b = c;
        }
        default -> { // truncate
          b = java.util.Arrays.copyOf(b, Math.max(1, r.nextInt(b.length)));
        }
      }
    }
    return b;
  }

  /** One signal's streaming reader, its oracle, and how to parse the reader's wire bytes. */
  private record JsonSignal(Function<byte[], byte[]> reader, Function<byte[], ? extends Message> oracle,
      Message prototype, OtlpWire wire) {}

  static final List<JsonSignal> JSON_SIGNALS = List.of(
      new JsonSignal(OtlpJsonReader::traces, JsonFormatOracle::traces,
          io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.getDefaultInstance(), OtlpWire.TRACES),
      new JsonSignal(OtlpJsonReader::logs, JsonFormatOracle::logs,
          io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest.getDefaultInstance(), OtlpWire.LOGS),
      new JsonSignal(OtlpJsonReader::metrics, JsonFormatOracle::metrics,
          io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.getDefaultInstance(),
          OtlpWire.METRICS));

  /**
   * Mutates a valid body and reads each mutant with the streaming reader and with the oracle
   * (Jackson tree + JsonFormat + the Collector's checks). The reader may refuse what the oracle
   * takes (it is stricter about duplicate keys and strings for numbers' sake), never the reverse
   * in a way that changes data: what it accepts, the oracle accepts as the same message, and the
   * wire walk accepts its bytes.
   */
  private static void fuzzJson(String seed, JsonSignal signal) throws Exception {
    Random r = new Random(SEED ^ seed.hashCode());
    byte[] valid = seed.getBytes(StandardCharsets.UTF_8);
    assertEquals(signal.oracle().apply(valid), signal.prototype().getParserForType()
        .parseFrom(signal.reader().apply(valid)), "the corpus itself");
    int accepted = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] input = mutate(valid, r);
      byte[] out;
      try {
        out = signal.reader().apply(input);
      } catch (MalformedDataException e) {
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError("iteration " + i + ": " + e + " escaped for input "
            + new String(input, StandardCharsets.UTF_8), e);
      }
      accepted++;
      Message expected;
      try {
        expected = signal.oracle().apply(input);
      } catch (MalformedDataException e) {
        throw new AssertionError("iteration " + i + ": the reader accepted what the oracle refuses (" + e.getMessage()
            + "): " + new String(input, StandardCharsets.UTF_8), e);
      }
      assertEquals(expected, signal.prototype().getParserForType().parseFrom(out),
          "iteration " + i + ": " + new String(input, StandardCharsets.UTF_8));
      // What the JSON reader accepts, the wire walk (and so the whole pipeline) accepts too.
      signal.wire().check(out);
      assertTrue(out.length <= 4L * input.length + 16, "output " + out.length + " for " + input.length + " bytes");
    }
    assertTrue(accepted < ITERATIONS, "the mutations were all accepted: they mutate nothing");
    assertTrue(accepted > 0, "nothing accepted: the mutations only test refusals");
  }

  @Test
  void otlpJsonReaderAgreesWithTheOracleOnMutatedBodies() throws Exception {
    for (int s = 0; s < JSON_SIGNALS.size(); s++) {
      fuzzJson(JSON_CORPUS.get(s), JSON_SIGNALS.get(s));
    }
  }

  private static byte[] compress(String encoding, byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (encoding) {
      case "gzip" -> {
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
          z.write(data);
        }
      }
      case "deflate", "zlib" -> {
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
          z.write(data);
        }
      }
      case "zstd" -> out.write(com.github.luben.zstd.Zstd.compress(data));
      case "snappy" -> out.write(org.xerial.snappy.Snappy.compress(data));
      default -> throw new IllegalArgumentException(encoding);
    }
    return out.toByteArray();
  }

  @Test
  void bodyDecompressionRefusesCorruptInputAndNeverPassesItsLimit() throws Exception {
    byte[] plain = JSON_CORPUS.get(0).repeat(20).getBytes(StandardCharsets.UTF_8);
    int limit = plain.length + 16;
    for (String encoding : List.of("gzip", "deflate", "zlib", "zstd", "snappy")) {
      byte[] valid = compress(encoding, plain);
      assertEquals(plain.length, BodyDecompressor.decode(Unpooled.wrappedBuffer(valid), encoding, limit).length);
      Random r = new Random(SEED ^ encoding.hashCode());
      for (int i = 0; i < ITERATIONS / 5; i++) {
        byte[] input = mutate(valid, r);
        try {
          byte[] out = BodyDecompressor.decode(Unpooled.wrappedBuffer(input), encoding, limit);
          assertTrue(out.length <= limit, encoding + ": " + out.length + " bytes past the limit " + limit);
        } catch (IOException e) {
          // refused: corrupt, or past the limit (BodyTooLargeException)
        } catch (RuntimeException e) {
          throw new AssertionError(encoding + " iteration " + i + ": " + e + " escaped", e);
        }
      }
    }
  }
}
