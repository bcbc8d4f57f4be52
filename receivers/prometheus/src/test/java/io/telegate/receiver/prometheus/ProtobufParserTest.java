package io.telegate.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import io.prometheus.metrics.shaded.com_google_protobuf_4_36_2.Timestamp;
import io.telegate.receiver.prometheus.ExpositionParser.ExpositionException;
import io.telegate.receiver.prometheus.MetricFamily.Sample;
import io.telegate.receiver.prometheus.MetricFamily.Type;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The delimited protobuf format read into metric families. The bodies are written by the protobuf
 * classes the Prometheus Java client ships (generated from io.prometheus.client's metrics.proto), so
 * the bytes are what a real exporter sends.
 */
class ProtobufParserTest {

  static byte[] delimited(Metrics.MetricFamily... families) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (Metrics.MetricFamily f : families) {
        f.writeDelimitedTo(out);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  /** A body with one gauge family of one sample. */
  static byte[] gauge(String name, double value) {
    return delimited(Metrics.MetricFamily.newBuilder().setName(name).setType(Metrics.MetricType.GAUGE)
        .addMetric(Metrics.Metric.newBuilder().setGauge(Metrics.Gauge.newBuilder().setValue(value))).build());
  }

  static Metrics.LabelPair label(String name, String value) {
    return Metrics.LabelPair.newBuilder().setName(name).setValue(value).build();
  }

  static Timestamp ts(long ms) {
    return Timestamp.newBuilder().setSeconds(ms / 1000).setNanos((int) (ms % 1000) * 1_000_000).build();
  }

  /** A native histogram of schema 1: positive buckets 1, 2 and 5 (a gap of two), negative -1 (Prometheus indices). */
  static Metrics.Histogram.Builder nativeHistogram() {
    return Metrics.Histogram.newBuilder().setSampleCount(12).setSampleSum(42.5).setSchema(1)
        .setZeroThreshold(0.001).setZeroCount(2)
        .addPositiveSpan(Metrics.BucketSpan.newBuilder().setOffset(1).setLength(2))
        .addPositiveSpan(Metrics.BucketSpan.newBuilder().setOffset(2).setLength(1))
        .addAllPositiveDelta(List.of(3L, -1L, 2L)) // counts 3, 2, 4
        .addNegativeSpan(Metrics.BucketSpan.newBuilder().setOffset(-1).setLength(1))
        .addNegativeDelta(1L);
  }

  private static String[] labels(Sample s) {
    return s.labels();
  }

  @Test
  void countersGaugesAndUntypedAreOneSampleEachWithLabelsTimestampsExemplarsAndCreated() {
    byte[] body = delimited(
        Metrics.MetricFamily.newBuilder().setName("http_requests_total").setHelp("Requests.")
            .setType(Metrics.MetricType.COUNTER)
            .addMetric(Metrics.Metric.newBuilder().addLabel(label("path", "/api")).addLabel(label("code", "200"))
                .setCounter(Metrics.Counter.newBuilder().setValue(1027).setCreatedTimestamp(ts(1_700_000_000_250L))
                    .setExemplar(Metrics.Exemplar.newBuilder().addLabel(label("trace_id", "4bf92f3577b34da6"))
                        .setValue(0.67).setTimestamp(ts(1_700_000_001_000L)))))
            .build(),
        Metrics.MetricFamily.newBuilder().setName("temperature").setType(Metrics.MetricType.GAUGE).setUnit("celsius")
            .addMetric(Metrics.Metric.newBuilder().setGauge(Metrics.Gauge.newBuilder().setValue(-3.5))
                .setTimestampMs(1_600_000_000_000L))
            .build(),
        Metrics.MetricFamily.newBuilder().setName("thing").setType(Metrics.MetricType.UNTYPED)
            .addMetric(Metrics.Metric.newBuilder().setUntyped(Metrics.Untyped.newBuilder().setValue(Double.NaN)))
            .build());

    List<MetricFamily> f = ProtobufParser.parse(body, false, false);

    assertEquals(3, f.size());
    MetricFamily counter = f.get(0);
    assertEquals("http_requests_total", counter.name());
    assertEquals(Type.COUNTER, counter.type());
    assertEquals("Requests.", counter.help());
    Sample c = counter.samples().get(0);
    assertEquals("http_requests_total", c.name());
    assertArrayEquals(new String[] {"path", "/api", "code", "200"}, labels(c));
    assertEquals(1027, c.value());
    assertEquals(Sample.NO_TIMESTAMP, c.timestampMs());
    assertEquals(1_700_000_000_250L, c.createdMs());
    assertArrayEquals(new String[] {"trace_id", "4bf92f3577b34da6"}, c.exemplar().labels());
    assertEquals(0.67, c.exemplar().value());
    assertEquals(1_700_000_001_000L, c.exemplar().timestampMs());
    assertNull(c.histogram());

    assertEquals(Type.GAUGE, f.get(1).type());
    assertEquals("celsius", f.get(1).unit());
    assertEquals(-3.5, f.get(1).samples().get(0).value());
    assertEquals(1_600_000_000_000L, f.get(1).samples().get(0).timestampMs());
    assertEquals(Type.UNKNOWN, f.get(2).type());
    assertTrue(Double.isNaN(f.get(2).samples().get(0).value()));
  }

  @Test
  void summariesGiveQuantilesSumAndCount() {
    byte[] body = delimited(Metrics.MetricFamily.newBuilder().setName("rpc_seconds").setType(Metrics.MetricType.SUMMARY)
        .addMetric(Metrics.Metric.newBuilder().addLabel(label("m", "get")).setSummary(Metrics.Summary.newBuilder()
            .setSampleCount(7).setSampleSum(1.25).setCreatedTimestamp(ts(1_000_000))
            .addQuantile(Metrics.Quantile.newBuilder().setQuantile(0.5).setValue(0.1))
            .addQuantile(Metrics.Quantile.newBuilder().setQuantile(0.99).setValue(0.9))))
        .build());

    List<Sample> s = ProtobufParser.parse(body, true, false).get(0).samples();

    assertEquals(List.of("rpc_seconds", "rpc_seconds", "rpc_seconds_sum", "rpc_seconds_count"),
        s.stream().map(Sample::name).toList());
    assertArrayEquals(new String[] {"m", "get", "quantile", "0.5"}, s.get(0).labels());
    assertEquals(0.1, s.get(0).value());
    assertEquals("0.99", s.get(1).label("quantile"));
    assertEquals(1.25, s.get(2).value());
    assertEquals(7, s.get(3).value());
    assertEquals(1_000_000, s.get(3).createdMs());
  }

  @Test
  void classicHistogramsGiveCumulativeBucketsWithInfAddedSumAndCount() {
    byte[] body = delimited(Metrics.MetricFamily.newBuilder().setName("latency_seconds")
        .setType(Metrics.MetricType.HISTOGRAM)
        .addMetric(Metrics.Metric.newBuilder().setHistogram(Metrics.Histogram.newBuilder()
            .setSampleCount(10).setSampleSum(3.5)
            .addBucket(Metrics.Bucket.newBuilder().setUpperBound(0.1).setCumulativeCount(4)
                .setExemplar(Metrics.Exemplar.newBuilder().setValue(0.05)))
            .addBucket(Metrics.Bucket.newBuilder().setUpperBound(1).setCumulativeCount(9))))
        .build());

    List<Sample> s = ProtobufParser.parse(body, true, false).get(0).samples();

    assertEquals(List.of("latency_seconds_bucket", "latency_seconds_bucket", "latency_seconds_bucket",
        "latency_seconds_sum", "latency_seconds_count"), s.stream().map(Sample::name).toList());
    assertEquals(List.of("0.1", "1.0", "+Inf"), s.subList(0, 3).stream().map(x -> x.label("le")).toList());
    assertEquals(List.of(4.0, 9.0, 10.0), s.subList(0, 3).stream().map(Sample::value).toList());
    assertEquals(0.05, s.get(0).exemplar().value());
    assertEquals(3.5, s.get(3).value());
    assertEquals(10, s.get(4).value());
  }

  @Test
  void aNativeHistogramIsOneSampleWithAbsoluteBucketsWhenNativeHistogramsAreScraped() {
    byte[] body = delimited(Metrics.MetricFamily.newBuilder().setName("rt").setType(Metrics.MetricType.HISTOGRAM)
        .addMetric(Metrics.Metric.newBuilder().addLabel(label("a", "b")).setHistogram(nativeHistogram()
            .setCreatedTimestamp(ts(5_000))
            .addExemplars(Metrics.Exemplar.newBuilder().setValue(3).setTimestamp(ts(6_000)))))
        .build());

    List<Sample> s = ProtobufParser.parse(body, true, false).get(0).samples();

    assertEquals(1, s.size());
    Sample n = s.get(0);
    assertEquals("rt", n.name());
    assertArrayEquals(new String[] {"a", "b"}, n.labels());
    assertEquals(5_000, n.createdMs());
    NativeHistogram h = n.histogram();
    assertEquals(1, h.schema());
    assertEquals(0.001, h.zeroThreshold());
    assertEquals(2, h.zeroCount());
    assertEquals(12, h.count());
    assertEquals(42.5, h.sum());
    assertArrayEquals(new int[] {1, 2, 5}, h.positiveIndex());
    assertArrayEquals(new double[] {3, 2, 4}, h.positiveCount());
    assertArrayEquals(new int[] {-1}, h.negativeIndex());
    assertArrayEquals(new double[] {1}, h.negativeCount());
    assertEquals(List.of(6_000L), h.exemplars().stream().map(MetricFamily.Exemplar::timestampMs).toList());
  }

  @Test
  void aMixedHistogramGivesItsClassicSeriesTooOnlyWhenAskedFor() {
    byte[] body = delimited(Metrics.MetricFamily.newBuilder().setName("rt").setType(Metrics.MetricType.HISTOGRAM)
        .addMetric(Metrics.Metric.newBuilder().setHistogram(nativeHistogram()
            .addBucket(Metrics.Bucket.newBuilder().setUpperBound(1).setCumulativeCount(5))))
        .build());

    assertEquals(List.of("rt"), names(ProtobufParser.parse(body, true, false)));
    assertEquals(List.of("rt", "rt_bucket", "rt_bucket", "rt_sum", "rt_count"),
        names(ProtobufParser.parse(body, true, true)));
    // Without native histograms, Prometheus reads the classic part only.
    assertEquals(List.of("rt_bucket", "rt_bucket", "rt_sum", "rt_count"),
        names(ProtobufParser.parse(body, false, false)));
  }

  @Test
  void aNativeHistogramWithoutObservationsIsMarkedByItsNoOpSpan() {
    byte[] body = delimited(Metrics.MetricFamily.newBuilder().setName("rt").setType(Metrics.MetricType.HISTOGRAM)
        .addMetric(Metrics.Metric.newBuilder().setHistogram(Metrics.Histogram.newBuilder().setSchema(3)
            .addPositiveSpan(Metrics.BucketSpan.newBuilder().setOffset(0).setLength(0))))
        .build());

    Sample s = ProtobufParser.parse(body, true, false).get(0).samples().get(0);

    assertEquals(3, s.histogram().schema());
    assertEquals(0, s.histogram().bucketCount());
  }

  @Test
  void floatHistogramsTakeAbsoluteCounts() {
    byte[] body = delimited(Metrics.MetricFamily.newBuilder().setName("f").setType(Metrics.MetricType.HISTOGRAM)
        .addMetric(Metrics.Metric.newBuilder().setHistogram(Metrics.Histogram.newBuilder().setSampleCountFloat(6.5)
            .setSchema(0).setZeroCountFloat(0.5)
            .addPositiveSpan(Metrics.BucketSpan.newBuilder().setOffset(-2).setLength(2))
            .addAllPositiveCount(List.of(2.0, 4.0))))
        .build());

    NativeHistogram h = ProtobufParser.parse(body, true, false).get(0).samples().get(0).histogram();

    assertTrue(h.floatCounts());
    assertEquals(6.5, h.count());
    assertEquals(0.5, h.zeroCount());
    assertArrayEquals(new int[] {-2, -1}, h.positiveIndex());
    assertArrayEquals(new double[] {2, 4}, h.positiveCount());
  }

  @Test
  void anEmptyBodyHasNoFamilies() {
    assertEquals(List.of(), ProtobufParser.parse(new byte[0], true, false));
  }

  @Test
  void aTruncatedBodyIsAnErrorWithItsOffset() {
    byte[] body = delimited(Metrics.MetricFamily.newBuilder().setName("g").setType(Metrics.MetricType.GAUGE)
        .addMetric(Metrics.Metric.newBuilder().setGauge(Metrics.Gauge.newBuilder().setValue(1))).build());
    ExpositionException e = assertThrows(ExpositionException.class,
        () -> ProtobufParser.parse(Arrays.copyOf(body, body.length - 3), true, false));
    assertEquals("malformed protobuf at byte 0: metric family of length " + (body.length - 1)
        + " beyond the end of the body", e.getMessage());
  }

  @Test
  void aFieldOfTheWrongWireTypeIsAnError() {
    // MetricFamily { name = "x" (field 1), type = <a string> (field 3, LEN instead of VARINT) }
    byte[] body = {6, 0x0a, 1, 'x', 0x1a, 1, 'y'};
    ExpositionException e = assertThrows(ExpositionException.class, () -> ProtobufParser.parse(body, true, false));
    assertEquals("malformed protobuf at byte 5: field 3 has wire type 2 (expected: 0)", e.getMessage());
  }

  @Test
  void garbageIsAnErrorNotAnException() {
    byte[] text = "# TYPE a gauge\na 1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ExpositionException e = assertThrows(ExpositionException.class, () -> ProtobufParser.parse(text, true, false));
    assertTrue(e.getMessage().startsWith("malformed protobuf at byte "), e.getMessage());
  }

  @Test
  void spansAndBucketsThatDisagreeAreAnError() {
    byte[] body = delimited(Metrics.MetricFamily.newBuilder().setName("rt").setType(Metrics.MetricType.HISTOGRAM)
        .addMetric(Metrics.Metric.newBuilder().setHistogram(nativeHistogram().addPositiveDelta(1))).build());
    ExpositionException e = assertThrows(ExpositionException.class, () -> ProtobufParser.parse(body, true, false));
    assertTrue(e.getMessage().endsWith("native histogram positive spans need 3 buckets, have 4"), e.getMessage());
  }

  @Test
  void deltasBelowZeroAreAnError() {
    byte[] body = delimited(Metrics.MetricFamily.newBuilder().setName("rt").setType(Metrics.MetricType.HISTOGRAM)
        .addMetric(Metrics.Metric.newBuilder().setHistogram(nativeHistogram().clearPositiveDelta()
            .addAllPositiveDelta(List.of(1L, -2L, 0L)))).build());
    ExpositionException e = assertThrows(ExpositionException.class, () -> ProtobufParser.parse(body, true, false));
    assertTrue(e.getMessage().endsWith("native histogram positive bucket 1 has a negative count -1"), e.getMessage());
  }

  @Test
  void aHugeSpanIsRefusedBeforeAnythingIsAllocatedForIt() {
    byte[] body = delimited(Metrics.MetricFamily.newBuilder().setName("rt").setType(Metrics.MetricType.HISTOGRAM)
        .addMetric(Metrics.Metric.newBuilder().setHistogram(Metrics.Histogram.newBuilder().setSchema(0)
            .addPositiveSpan(Metrics.BucketSpan.newBuilder().setOffset(0).setLength(Integer.MAX_VALUE)))).build());
    ExpositionException e = assertThrows(ExpositionException.class, () -> ProtobufParser.parse(body, true, false));
    assertTrue(e.getMessage().contains("more than " + ProtobufParser.MAX_BUCKET_RANGE + " buckets"), e.getMessage());
  }

  @Test
  void aFamilyWithoutANameIsAnError() {
    byte[] body = delimited(Metrics.MetricFamily.newBuilder().setType(Metrics.MetricType.GAUGE).build());
    ExpositionException e = assertThrows(ExpositionException.class, () -> ProtobufParser.parse(body, true, false));
    assertTrue(e.getMessage().endsWith("metric family without a name"), e.getMessage());
  }

  @Test
  void theProtobufContentTypeIsRecognised() {
    assertTrue(ProtobufParser.isProtobuf(
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"));
    assertTrue(!ProtobufParser.isProtobuf("text/plain; version=0.0.4"));
  }

  private static List<String> names(List<MetricFamily> f) {
    return f.get(0).samples().stream().map(Sample::name).toList();
  }
}
