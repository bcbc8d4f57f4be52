package io.telegate.receiver.prometheus;

import static io.telegate.receiver.prometheus.Jobs.metrics;
import static io.telegate.receiver.prometheus.ProtobufParserTest.delimited;
import static io.telegate.receiver.prometheus.ProtobufParserTest.label;
import static io.telegate.receiver.prometheus.ProtobufParserTest.nativeHistogram;
import static io.telegate.receiver.prometheus.ProtobufParserTest.ts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Native histograms become OTLP exponential histograms as the Collector converts them. */
class NativeHistogramTranslationTest {

  private static final long T0 = 1_700_000_000_000L;

  private static byte[] body(Metrics.Histogram.Builder h) {
    return delimited(Metrics.MetricFamily.newBuilder().setName("rt").setType(Metrics.MetricType.HISTOGRAM)
        .addMetric(Metrics.Metric.newBuilder().addLabel(label("a", "b")).setHistogram(h)).build());
  }

  private static ScrapeTranslator translator(ScrapeConfig.Resolved job) {
    return new ScrapeTranslator(Jobs.target(job, "10.1.2.3:9100", Map.of()), job, false, "1.0");
  }

  private static ExportMetricsServiceRequest scrape(ScrapeTranslator t, ScrapeConfig.Resolved job, byte[] body,
      long at) {
    return t.translate(ProtobufParser.parse(body, job.nativeHistograms(), job.classicHistograms()), at, 0.01,
        body.length).request();
  }

  private final ScrapeConfig.Resolved nativeJob = Jobs.job(Map.of("scrape_native_histograms", true));

  @Test
  void schemaIsScaleAndOtlpIndicesAreOneBelowPrometheusOnesWithGapsWrittenAsZeros() {
    ScrapeTranslator t = translator(nativeJob);
    Metric m = metrics(scrape(t, nativeJob, body(nativeHistogram().setCreatedTimestamp(ts(T0 - 60_000))), T0))
        .get("rt");

    assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
        m.getExponentialHistogram().getAggregationTemporality());
    ExponentialHistogramDataPoint p = m.getExponentialHistogram().getDataPoints(0);
    assertEquals(1, p.getScale());
    assertEquals(12, p.getCount());
    assertEquals(42.5, p.getSum());
    assertEquals(0.001, p.getZeroThreshold());
    assertEquals(2, p.getZeroCount());
    assertEquals(0, p.getPositive().getOffset());
    assertEquals(List.of(3L, 2L, 0L, 0L, 4L), p.getPositive().getBucketCountsList());
    assertEquals(-2, p.getNegative().getOffset());
    assertEquals(List.of(1L), p.getNegative().getBucketCountsList());
    assertEquals(Map.of("a", "b"), Jobs.attributes(p.getAttributesList()));
    assertEquals((T0 - 60_000) * 1_000_000L, p.getStartTimeUnixNano());
    assertEquals(T0 * 1_000_000L, p.getTimeUnixNano());
  }

  @Test
  void withoutCreatedTimestampTheStartIsWhenFirstSeenAndAgainAfterAReset() {
    ScrapeTranslator t = translator(nativeJob);
    long first = metrics(scrape(t, nativeJob, body(nativeHistogram()), T0)).get("rt").getExponentialHistogram()
        .getDataPoints(0).getStartTimeUnixNano();
    long second = metrics(scrape(t, nativeJob, body(nativeHistogram().setSampleCount(20)), T0 + 15_000)).get("rt")
        .getExponentialHistogram().getDataPoints(0).getStartTimeUnixNano();
    long reset = metrics(scrape(t, nativeJob, body(nativeHistogram().setSampleCount(1)), T0 + 30_000)).get("rt")
        .getExponentialHistogram().getDataPoints(0).getStartTimeUnixNano();
    assertEquals(T0 * 1_000_000L, first);
    assertEquals(first, second);
    assertEquals((T0 + 30_000) * 1_000_000L, reset);
  }

  @Test
  void aNativeHistogramThatDisappearsGetsAStaleMarker() {
    ScrapeTranslator t = translator(nativeJob);
    scrape(t, nativeJob, body(nativeHistogram()), T0);
    byte[] other = delimited(Metrics.MetricFamily.newBuilder().setName("g").setType(Metrics.MetricType.GAUGE)
        .addMetric(Metrics.Metric.newBuilder().setGauge(Metrics.Gauge.newBuilder().setValue(1))).build());
    ExponentialHistogramDataPoint p = metrics(scrape(t, nativeJob, other, T0 + 15_000)).get("rt")
        .getExponentialHistogram().getDataPoints(0);
    assertEquals(1, p.getFlags());
    assertEquals((T0 + 15_000) * 1_000_000L, p.getTimeUnixNano());
  }

  @Test
  void aFailedScrapeMarksNativeHistogramsStale() {
    ScrapeTranslator t = translator(nativeJob);
    scrape(t, nativeJob, body(nativeHistogram()), T0);
    ExponentialHistogramDataPoint p = metrics(t.failed(T0 + 15_000, 0.1)).get("rt").getExponentialHistogram()
        .getDataPoints(0);
    assertEquals(1, p.getFlags());
  }

  @Test
  void withoutScrapeNativeHistogramsTheClassicSeriesAreKept() {
    ScrapeConfig.Resolved job = Jobs.job(Map.of());
    assertFalse(job.nativeHistograms());
    Metric m = metrics(scrape(translator(job), job, body(nativeHistogram()
        .addBucket(Metrics.Bucket.newBuilder().setUpperBound(1).setCumulativeCount(5))), T0)).get("rt");
    assertEquals(Metric.DataCase.HISTOGRAM, m.getDataCase());
    assertEquals(List.of(1.0), m.getHistogram().getDataPoints(0).getExplicitBoundsList());
    assertEquals(List.of(5L, 7L), m.getHistogram().getDataPoints(0).getBucketCountsList());
  }

  @Test
  void alwaysScrapeClassicHistogramsGivesBothKinds() {
    ScrapeConfig.Resolved job = Jobs.job(Map.of("scrape_native_histograms", true,
        "always_scrape_classic_histograms", true));
    List<Metric> all = Jobs.allMetrics(scrape(translator(job), job, body(nativeHistogram()
        .addBucket(Metrics.Bucket.newBuilder().setUpperBound(1).setCumulativeCount(5))), T0));
    List<Metric.DataCase> kinds = all.stream().filter(m -> m.getName().equals("rt")).map(Metric::getDataCase)
        .toList();
    assertEquals(List.of(Metric.DataCase.EXPONENTIAL_HISTOGRAM, Metric.DataCase.HISTOGRAM), kinds);
  }

  @Test
  void theBucketLimitHalvesTheResolutionUntilTheHistogramFits() {
    ScrapeConfig.Resolved job = Jobs.job(Map.of("scrape_native_histograms", true,
        "native_histogram_bucket_limit", 3));
    ExponentialHistogramDataPoint p = metrics(scrape(translator(job), job, body(nativeHistogram()), T0)).get("rt")
        .getExponentialHistogram().getDataPoints(0);
    // Schema 1 -> 0: positive 1, 2, 5 land in 1, 1, 3; negative -1 in 0: three buckets.
    assertEquals(0, p.getScale());
    assertEquals(0, p.getPositive().getOffset());
    assertEquals(List.of(5L, 0L, 4L), p.getPositive().getBucketCountsList());
    assertEquals(-1, p.getNegative().getOffset());
    assertEquals(12, p.getCount());
  }

  @Test
  void aHistogramOverTheBucketLimitAtTheLowestSchemaFailsTheScrape() {
    ScrapeConfig.Resolved job = Jobs.job(Map.of("scrape_native_histograms", true,
        "native_histogram_bucket_limit", 1));
    byte[] b = body(nativeHistogram().setSchema(-4));
    assertThrows(ScrapeTranslator.LimitException.class, () -> scrape(translator(job), job, b, T0));
  }

  @Test
  void theMinBucketFactorCapsTheSchema() {
    ScrapeConfig.Resolved job = Jobs.job(Map.of("scrape_native_histograms", true,
        "native_histogram_min_bucket_factor", 1.1));
    ExponentialHistogramDataPoint p = metrics(scrape(translator(job), job, body(nativeHistogram().setSchema(8)), T0))
        .get("rt").getExponentialHistogram().getDataPoints(0);
    // Prometheus's table: a factor of 1.1 allows schema 2 (growth 1.19), not 3 (1.09).
    assertEquals(2, p.getScale());
  }

  @Test
  void schemasAboveEightAreReducedToEight() {
    ExponentialHistogramDataPoint p = metrics(scrape(translator(nativeJob), nativeJob,
        body(nativeHistogram().setSchema(10)), T0)).get("rt").getExponentialHistogram().getDataPoints(0);
    assertEquals(8, p.getScale());
    assertEquals(12, p.getCount());
  }

  @Test
  void nativeExemplarsBecomeOtlpExemplars() {
    ExponentialHistogramDataPoint p = metrics(scrape(translator(nativeJob), nativeJob, body(nativeHistogram()
        .addExemplars(Metrics.Exemplar.newBuilder().addLabel(label("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"))
            .setValue(0.3).setTimestamp(ts(T0 - 1000)))), T0)).get("rt").getExponentialHistogram().getDataPoints(0);
    assertEquals(1, p.getExemplarsCount());
    assertEquals(0.3, p.getExemplars(0).getAsDouble());
    assertEquals(16, p.getExemplars(0).getTraceId().size());
    assertEquals((T0 - 1000) * 1_000_000L, p.getExemplars(0).getTimeUnixNano());
  }

  @Test
  void aNativeHistogramCountsAsOneSample() {
    ScrapeTranslator.Result r = translator(nativeJob).translate(
        ProtobufParser.parse(body(nativeHistogram()), true, false), T0, 0.01, 10);
    assertEquals(1, r.scraped());
    assertTrue(r.postRelabel() == 1);
  }

  @Test
  void nativeHistogramsChangeTheDefaultProtocolsToProtobufFirst() {
    assertEquals(ScrapeProtocols.PROTO_FIRST, nativeJob.protocols());
    assertEquals(ScrapeProtocols.DEFAULT, Jobs.job(Map.of()).protocols());
    assertEquals(List.of("PrometheusText0.0.4"), Jobs.job(Map.of("scrape_native_histograms", true,
        "scrape_protocols", List.of("PrometheusText0.0.4"))).protocols());
  }
}
