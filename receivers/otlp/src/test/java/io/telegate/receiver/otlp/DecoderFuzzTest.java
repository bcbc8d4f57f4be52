package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.netty.buffer.Unpooled;
import io.telegate.core.data.MalformedDataException;
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

  private static byte[] mutate(byte[] in, Random r) {
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

  private static void fuzzJson(String seed, Function<byte[], ? extends Message> decoder, OtlpWire wire) {
    Random r = new Random(SEED ^ seed.hashCode());
    byte[] valid = seed.getBytes(StandardCharsets.UTF_8);
    decoder.apply(valid); // the corpus itself decodes
    int accepted = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] input = mutate(valid, r);
      Message m;
      try {
        m = decoder.apply(input);
      } catch (MalformedDataException e) {
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError("iteration " + i + ": " + e + " escaped for input "
            + new String(input, StandardCharsets.UTF_8), e);
      }
      accepted++;
      byte[] out = m.toByteArray();
      // What the JSON decoder accepts, the wire walk (and so the whole pipeline) accepts too.
      wire.check(out);
    }
    assertTrue(accepted < ITERATIONS, "the mutations were all accepted: they mutate nothing");
  }

  @Test
  void otlpJsonEitherRefusesOrProducesWhatTheWireWalkAccepts() {
    fuzzJson(JSON_CORPUS.get(0), OtlpJsonDecoder::traces, OtlpWire.TRACES);
    fuzzJson(JSON_CORPUS.get(1), OtlpJsonDecoder::logs, OtlpWire.LOGS);
    fuzzJson(JSON_CORPUS.get(2), OtlpJsonDecoder::metrics, OtlpWire.METRICS);
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
