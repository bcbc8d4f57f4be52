package io.telegate.benchmarks.jmh;

import io.telegate.core.data.wire.WireReader;
import io.telegate.core.data.wire.WireWriter;
import io.telegate.receiver.prometheus.ExpositionParser;
import io.telegate.receiver.prometheus.MetricFamily;
import io.telegate.receiver.prometheus.ProtobufParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 22: the prometheus receiver's protobuf parser ({@link ProtobufParser}) on one delimited
 * protobuf body: per path 4 counter series with three labels and a histogram of 9 bounds.
 * {@code classic} exposes the histograms with classic buckets (parsed into 12 samples per path);
 * {@code native} exposes them as native histograms of schema 3 with 24 buckets in two spans
 * (one sample each, native histograms scraped). Bytes in, metric families out. {@link
 * #parseTextTwin} parses {@link #textTwin} (the classic body's samples in the text format 0.0.4)
 * with the text parser, so one run compares the two formats on the same series.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProtobufParserBenchmark {

  @Param({"10000"})
  int series;

  @Param({"classic", "native"})
  String histograms;

  byte[] body;
  byte[] text;
  boolean nativeHistograms;

  @Setup
  public void setup() {
    nativeHistograms = histograms.equals("native");
    body = exposition(series, nativeHistograms);
    text = textTwin(series).getBytes(StandardCharsets.UTF_8);
  }

  /** A protobuf message being written: fields appended in order, nested messages written first. */
  static final class Message {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final byte[] scratch = new byte[20];

    Message varint(int field, long v) {
      int p = WireWriter.writeTag(scratch, 0, field, WireReader.VARINT);
      out.write(scratch, 0, WireWriter.writeVarint(scratch, p, v));
      return this;
    }

    Message sint(int field, long v) {
      return varint(field, (v << 1) ^ (v >> 63));
    }

    Message dbl(int field, double v) {
      int p = WireWriter.writeTag(scratch, 0, field, WireReader.FIXED64);
      out.write(scratch, 0, WireWriter.writeFixed64(scratch, p, Double.doubleToRawLongBits(v)));
      return this;
    }

    Message bytes(int field, byte[] b) {
      int p = WireWriter.writeTag(scratch, 0, field, WireReader.LEN);
      out.write(scratch, 0, WireWriter.writeVarint(scratch, p, b.length));
      out.writeBytes(b);
      return this;
    }

    /** A packed repeated {@code sint64}, as protobuf encoders write one. */
    Message packedSint(int field, long[] values) {
      ByteArrayOutputStream packed = new ByteArrayOutputStream();
      for (long v : values) {
        packed.write(scratch, 0, WireWriter.writeVarint(scratch, 0, (v << 1) ^ (v >> 63)));
      }
      return bytes(field, packed.toByteArray());
    }

    Message string(int field, String s) {
      return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Message message(int field, Message m) {
      return bytes(field, m.toBytes());
    }

    byte[] toBytes() {
      return out.toByteArray();
    }

    /** This message with its varint length before it, as the delimited format frames a family. */
    void delimitedTo(ByteArrayOutputStream to) {
      byte[] b = toBytes();
      byte[] len = new byte[10];
      to.write(len, 0, WireWriter.writeVarint(len, 0, b.length));
      to.writeBytes(b);
    }
  }

  private static Message label(String name, String value) {
    return new Message().string(1, name).string(2, value);
  }

  /** About {@code series} samples (with classic histograms), in io.prometheus.client's field numbers. */
  static byte[] exposition(int series, boolean nativeHistograms) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(series * 40);
    int paths = Math.max(1, series / 16);
    String[] methods = {"GET", "POST"};
    String[] codes = {"200", "500"};
    Message counters = new Message().string(1, "http_requests_total").string(2, "Requests served.").varint(3, 0);
    for (int p = 0; p < paths; p++) {
      String path = String.format("/api/v1/resource%04d", p);
      for (String m : methods) {
        for (String c : codes) {
          counters.message(4, new Message().message(1, label("method", m)).message(1, label("code", c))
              .message(1, label("path", path)).message(3, new Message().dbl(1, p * 7 + c.length())));
        }
      }
    }
    counters.delimitedTo(out);
    Message histograms = new Message().string(1, "http_request_duration_seconds").string(2, "Latency.")
        .varint(3, 4);
    double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    for (int p = 0; p < paths; p++) {
      String path = String.format("/api/v1/resource%04d", p);
      Message h = new Message();
      long cumulative = 0;
      if (nativeHistograms) {
        h.sint(5, 3).dbl(6, 1e-128).varint(7, 1)
            .message(12, new Message().sint(1, -40).varint(2, 12))
            .message(12, new Message().sint(1, 3).varint(2, 12));
        long[] deltas = new long[24];
        long bucket = 0;
        for (int i = 0; i < deltas.length; i++) {
          deltas[i] = i == 0 ? p % 5 + 1 : (i % 3) - 1;
          bucket += deltas[i];
          cumulative += bucket;
        }
        h.packedSint(13, deltas);
        cumulative += 1; // the zero bucket
      } else {
        for (double b : bounds) {
          cumulative += p % 5 + 1;
          h.message(3, new Message().varint(1, cumulative).dbl(2, b));
        }
      }
      h.varint(1, cumulative).dbl(2, cumulative * 0.1);
      histograms.message(4, new Message().message(1, label("path", path)).message(7, h));
    }
    histograms.delimitedTo(out);
    return out.toByteArray();
  }

  /** The samples of {@code exposition(series, false)} in the text format 0.0.4. */
  static String textTwin(int series) {
    StringBuilder sb = new StringBuilder(series * 90);
    int paths = Math.max(1, series / 16);
    sb.append("# HELP http_requests_total Requests served.\n# TYPE http_requests_total counter\n");
    String[] methods = {"GET", "POST"};
    String[] codes = {"200", "500"};
    for (int p = 0; p < paths; p++) {
      String path = String.format("/api/v1/resource%04d", p);
      for (String m : methods) {
        for (String c : codes) {
          sb.append("http_requests_total{method=\"").append(m).append("\",code=\"").append(c).append("\",path=\"")
              .append(path).append("\"} ").append(p * 7 + c.length()).append('\n');
        }
      }
    }
    sb.append("# HELP http_request_duration_seconds Latency.\n# TYPE http_request_duration_seconds histogram\n");
    double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    for (int p = 0; p < paths; p++) {
      String path = String.format("/api/v1/resource%04d", p);
      String bucket = "http_request_duration_seconds_bucket{path=\"" + path + "\",le=\"";
      long cumulative = 0;
      for (double b : bounds) {
        cumulative += p % 5 + 1;
        sb.append(bucket).append(b).append("\"} ").append(cumulative).append('\n');
      }
      sb.append(bucket).append("+Inf\"} ").append(cumulative).append('\n');
      sb.append("http_request_duration_seconds_sum{path=\"").append(path).append("\"} ").append(cumulative * 0.1)
          .append('\n');
      sb.append("http_request_duration_seconds_count{path=\"").append(path).append("\"} ").append(cumulative)
          .append('\n');
    }
    return sb.toString();
  }

  @Benchmark
  public List<MetricFamily> parse() {
    return ProtobufParser.parse(body, nativeHistograms, false);
  }

  @Benchmark
  public List<MetricFamily> parseTextTwin() {
    return ExpositionParser.parse(text, false);
  }
}
