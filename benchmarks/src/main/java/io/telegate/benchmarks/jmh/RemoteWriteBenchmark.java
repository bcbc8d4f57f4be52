package io.telegate.benchmarks.jmh;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.telegate.benchmarks.load.Shapes;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Metrics;
import io.telegate.exporter.prometheusremotewrite.WriteRequestEncoder;
import io.telegate.translator.prometheus.PromSeries;
import io.telegate.translator.prometheus.PrometheusTranslator;
import io.telegate.translator.prometheus.RemoteWriteTranslator;
import io.telegate.translator.prometheus.Translation;
import io.telegate.translator.prometheus.TranslatorSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xerial.snappy.Snappy;

/**
 * Issue 6: prometheusremotewrite's translate + encode + snappy with its public classes
 * ({@link PrometheusTranslator}, {@link WriteRequestEncoder}, snappy-java as RemoteWriteSender
 * uses it), and the wire path the sender uses since issue 19 ({@link RemoteWriteTranslator}).
 * Input ({@code shape=histogram}, {@link Shapes#metricsHistogram()}): one cumulative histogram
 * metric (http.server.request.duration, ms) with 100
 * data points of 9 attributes each and 9 explicit bounds, so 100 x 10 = 1000 {@code _bucket}
 * series (plus 100 {@code _sum}, 100 {@code _count} and one {@code target_info}), default
 * translator settings, max_batch_size_bytes 3,000,000. One lane (the sender splits the series
 * over num_consumers lanes by label hash; that split is not included).
 *
 * <p>{@code shape=testbed-gauges} is B4's request instead ({@link Shapes#metrics()}: the Collector
 * testbed's 100 gauges x 7 int points, 2 attributes each, so 700 series with one sample each and
 * no shared labels between points): the per-point label work that histograms amortise over their
 * buckets. {@code shape=testbed-batch} is what the batch processor hands that exporter: 12 of
 * them in one request (8,400 points, the same 700 series 12 times). {@code shape=exponential} is
 * the histogram shape as an exponential histogram ({@link Shapes#metricsExponential()}: 100 native
 * histogram samples of 40 buckets).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RemoteWriteBenchmark {

  static final int MAX_BYTES = 3_000_000;

  @Param({"histogram", "exponential", "testbed-gauges", "testbed-batch"})
  public String shape;

  private ExportMetricsServiceRequest request;
  private byte[] otlpBytes;
  private PrometheusTranslator translator;
  private RemoteWriteTranslator wire;
  private byte[] writeRequest;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    request = switch (shape) {
      case "histogram" -> Shapes.metricsHistogram();
      case "exponential" -> Shapes.metricsExponential();
      case "testbed-gauges" -> Shapes.metrics();
      // What the batch processor hands B4's exporter: 12 testbed requests concatenated (8,400 points).
      case "testbed-batch" -> {
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
        for (int i = 0; i < 12; i++) {
          b.addAllResourceMetrics(Shapes.metrics().getResourceMetricsList());
        }
        yield b.build();
      }
      default -> throw new IllegalArgumentException(shape);
    };
    otlpBytes = request.toByteArray();
    translator = new PrometheusTranslator(TranslatorSettings.DEFAULT);
    wire = new RemoteWriteTranslator(TranslatorSettings.DEFAULT);
    Translation t = translator.translate(request);
    long buckets = t.series().stream().filter(s -> s.labels().get("le") != null).count();
    List<byte[]> encoded = encode(t);
    writeRequest = encoded.get(0);
    long compressed = 0;
    for (byte[] b : encoded) {
      compressed += Snappy.compress(b).length;
    }
    System.out.printf("%nOTLP %d B, %d series (%d _bucket), %d drops, %d WriteRequest(s) of %d B,"
        + " snappy %d B%n", otlpBytes.length, t.series().size(), buckets, t.drops().size(), encoded.size(),
        writeRequest.length, compressed);
  }

  private static List<byte[]> encode(Translation t) {
    return WriteRequestEncoder.encode(new ArrayList<PromSeries>(t.series()), List.of(), MAX_BYTES);
  }

  /** Translation only (OTLP messages to Prometheus series). */
  @Benchmark
  public Translation translate() {
    return translator.translate(request);
  }

  /** Translate + encode WriteRequest(s). */
  @Benchmark
  public List<byte[]> translateEncode() {
    return encode(translator.translate(request));
  }

  /** Translate + encode + snappy: the sender's CPU work per request, from parsed messages. */
  @Benchmark
  public List<byte[]> translateEncodeSnappy() throws IOException {
    List<byte[]> out = encode(translator.translate(request));
    for (int i = 0; i < out.size(); i++) {
      out.set(i, Snappy.compress(out.get(i)));
    }
    return out;
  }

  /** As translateEncodeSnappy, from the encoded OTLP request (parse included), as it arrives. */
  @Benchmark
  public List<byte[]> parseTranslateEncodeSnappy() throws IOException {
    Metrics m = Metrics.fromBytes(otlpBytes, ClientContext.EMPTY);
    List<byte[]> out = encode(translator.translate(m));
    for (int i = 0; i < out.size(); i++) {
      out.set(i, Snappy.compress(out.get(i)));
    }
    return out;
  }

  /**
   * As parseTranslateEncodeSnappy, on the wire path the sender uses ({@link RemoteWriteTranslator}:
   * encoded OTLP bytes straight to WriteRequest bytes, one lane, no metadata).
   */
  @Benchmark
  public List<byte[]> wireTranslateEncodeSnappy() throws IOException {
    Metrics m = Metrics.fromBytes(otlpBytes, ClientContext.EMPTY);
    List<byte[]> out = new ArrayList<>(wire.translate(m, 1, MAX_BYTES, false).lanes().get(0));
    for (int i = 0; i < out.size(); i++) {
      out.set(i, Snappy.compress(out.get(i)));
    }
    return out;
  }

  /** Snappy of the encoded WriteRequest alone. */
  @Benchmark
  public byte[] snappyOnly() throws IOException {
    return Snappy.compress(writeRequest);
  }
}
