package io.telegate.receiver.prometheus;

import static io.telegate.receiver.prometheus.Jobs.attributes;
import static io.telegate.receiver.prometheus.Jobs.metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prometheus samples become the OTLP metrics the Collector makes of them. */
class ScrapeTranslatorTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final int STALE = 1;

  private final ScrapeConfig.Resolved job = Jobs.job(Map.of());
  private final ScrapeTarget target = Jobs.target(job, "10.1.2.3:9100", Map.of("env", "dev"));
  private final ScrapeTranslator translator = new ScrapeTranslator(target, job, false, "1.0");

  private ExportMetricsServiceRequest scrape(String text, long at) {
    return translator.translate(ExpositionParser.parse(text, false), at, 0.01, text.length()).request();
  }

  private ExportMetricsServiceRequest scrapeOm(String text, long at) {
    return translator.translate(ExpositionParser.parse(text, true), at, 0.01, text.length()).request();
  }

  @Test
  void jobAndInstanceMakeTheResourceAndOtherTargetLabelsArePointAttributes() {
    ExportMetricsServiceRequest r = scrape("# TYPE temp gauge\ntemp{room=\"a\"} 21.5\n", T0);
    assertEquals(1, r.getResourceMetricsCount());
    assertEquals(Map.of("service.name", "test", "service.instance.id", "10.1.2.3:9100", "server.address", "10.1.2.3",
        "server.port", "9100", "url.scheme", "http"),
        attributes(r.getResourceMetrics(0).getResource().getAttributesList()));
    assertEquals(ScrapeTranslator.SCOPE_NAME, r.getResourceMetrics(0).getScopeMetrics(0).getScope().getName());
    NumberDataPoint p = metrics(r).get("temp").getGauge().getDataPoints(0);
    assertEquals(Map.of("env", "dev", "room", "a"), attributes(p.getAttributesList()));
    assertEquals(21.5, p.getAsDouble());
    assertEquals(T0 * 1_000_000L, p.getTimeUnixNano());
  }

  @Test
  void countersAreCumulativeMonotonicSumsStartingWhenFirstSeenAndAgainAfterAReset() {
    String name = "http_requests_total";
    Metric m = metrics(scrape("# TYPE http_requests_total counter\nhttp_requests_total 10\n", T0)).get(name);
    assertTrue(m.getSum().getIsMonotonic());
    assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, m.getSum().getAggregationTemporality());
    assertEquals(T0 * 1_000_000L, m.getSum().getDataPoints(0).getStartTimeUnixNano());
    m = metrics(scrape("# TYPE http_requests_total counter\nhttp_requests_total 15\n", T0 + 15_000)).get(name);
    assertEquals(T0 * 1_000_000L, m.getSum().getDataPoints(0).getStartTimeUnixNano());
    m = metrics(scrape("# TYPE http_requests_total counter\nhttp_requests_total 2\n", T0 + 30_000)).get(name);
    assertEquals((T0 + 30_000) * 1_000_000L, m.getSum().getDataPoints(0).getStartTimeUnixNano());
  }

  @Test
  void openMetricsCreatedIsTheStartTimeAndExemplarsCarryTraceIds() {
    Metric m = metrics(scrapeOm("""
        # TYPE foo counter
        # UNIT foo seconds
        foo_total 3 # {trace_id="0123456789abcdef0123456789abcdef",span_id="0123456789abcdef",user="x"} 1.5
        foo_created 1600000000.5
        # EOF
        """, T0)).get("foo");
    assertEquals("seconds", m.getUnit());
    NumberDataPoint p = m.getSum().getDataPoints(0);
    assertEquals(1_600_000_000_500L * 1_000_000L, p.getStartTimeUnixNano());
    assertEquals(16, p.getExemplars(0).getTraceId().size());
    assertEquals(8, p.getExemplars(0).getSpanId().size());
    assertEquals(Map.of("user", "x"), attributes(p.getExemplars(0).getFilteredAttributesList()));
  }

  @Test
  void classicHistogramsBecomeExplicitBucketHistograms() {
    HistogramDataPoint p = metrics(scrape("""
        # TYPE lat histogram
        lat_bucket{le="0.1"} 2
        lat_bucket{le="0.5"} 5
        lat_bucket{le="+Inf"} 6
        lat_sum 1.25
        lat_count 6
        """, T0)).get("lat").getHistogram().getDataPoints(0);
    assertEquals(List.of(0.1, 0.5), p.getExplicitBoundsList());
    assertEquals(List.of(2L, 3L, 1L), p.getBucketCountsList());
    assertEquals(6, p.getCount());
    assertEquals(1.25, p.getSum());
    assertEquals(Map.of("env", "dev"), attributes(p.getAttributesList()));
  }

  @Test
  void summariesKeepTheirQuantiles() {
    SummaryDataPoint p = metrics(scrape("""
        # TYPE rpc summary
        rpc{quantile="0.5"} 4
        rpc{quantile="0.99"} 9
        rpc_sum 100
        rpc_count 20
        """, T0)).get("rpc").getSummary().getDataPoints(0);
    assertEquals(2, p.getQuantileValuesCount());
    assertEquals(0.99, p.getQuantileValues(1).getQuantile());
    assertEquals(20, p.getCount());
    assertEquals(100, p.getSum());
  }

  @Test
  void untypedSamplesAreGauges() {
    assertTrue(metrics(scrape("some_value 1\n", T0)).get("some_value").hasGauge());
  }

  @Test
  void targetInfoJoinsTheResourceAndIsNotAMetric() {
    ExportMetricsServiceRequest r = scrape("# TYPE target_info gauge\ntarget_info{k8s_pod=\"p1\"} 1\nx 1\n", T0);
    assertFalse(metrics(r).containsKey("target_info"));
    assertEquals("p1", attributes(r.getResourceMetrics(0).getResource().getAttributesList()).get("k8s_pod"));
  }

  @Test
  void everyScrapeReportsUpAndItsCounts() {
    Map<String, Metric> m = metrics(scrape("a 1\nb 2\n", T0));
    assertEquals(1, m.get("up").getGauge().getDataPoints(0).getAsDouble());
    assertEquals(2, m.get("scrape_samples_scraped").getGauge().getDataPoints(0).getAsDouble());
    assertEquals(2, m.get("scrape_samples_post_metric_relabeling").getGauge().getDataPoints(0).getAsDouble());
    assertEquals(2, m.get("scrape_series_added").getGauge().getDataPoints(0).getAsDouble());
    assertTrue(m.containsKey("scrape_duration_seconds"));
    m = metrics(scrape("a 1\nb 2\nc 3\n", T0 + 1000));
    assertEquals(1, m.get("scrape_series_added").getGauge().getDataPoints(0).getAsDouble());
  }

  @Test
  void aSeriesThatDisappearsGetsAStaleMarker() {
    scrape("# TYPE c counter\nc_total{a=\"1\"} 5\nc_total{a=\"2\"} 7\n", T0);
    // The family is named by its TYPE line: "c", as the Collector names it (remote write adds _total again).
    Metric c = metrics(scrape("# TYPE c counter\nc_total{a=\"1\"} 6\n", T0 + 15_000)).get("c");
    NumberDataPoint fresh = c.getSum().getDataPoints(0);
    NumberDataPoint stale = c.getSum().getDataPoints(1);
    assertEquals(0, fresh.getFlags());
    assertEquals(STALE, stale.getFlags());
    assertEquals("2", attributes(stale.getAttributesList()).get("a"));
    assertEquals((T0 + 15_000) * 1_000_000L, stale.getTimeUnixNano());
    // Marked once: the next scrape does not repeat it.
    c = metrics(scrape("# TYPE c counter\nc_total{a=\"1\"} 7\n", T0 + 30_000)).get("c");
    assertEquals(1, c.getSum().getDataPointsCount());
  }

  @Test
  void aFailedScrapeReportsDownAndMarksEverySeriesStale() {
    scrape("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\ng 3\n", T0);
    Map<String, Metric> m = metrics(translator.failed(T0 + 15_000, 0.5));
    assertEquals(0, m.get("up").getGauge().getDataPoints(0).getAsDouble());
    assertEquals(STALE, m.get("h").getHistogram().getDataPoints(0).getFlags());
    assertEquals(List.of(1.0), m.get("h").getHistogram().getDataPoints(0).getExplicitBoundsList());
    assertEquals(STALE, m.get("g").getGauge().getDataPoints(0).getFlags());
  }

  @Test
  void aTargetThatGoesAwayMarksItsSeriesAndReportsStale() {
    scrape("g 3\n", T0);
    Map<String, Metric> m = metrics(translator.gone(T0 + 1));
    assertEquals(STALE, m.get("g").getGauge().getDataPoints(0).getFlags());
    assertEquals(STALE, m.get("up").getGauge().getDataPoints(0).getFlags());
    assertEquals(0, translator.seriesCount());
  }

  @Test
  void exposedLabelsThatClashWithTargetLabelsAreRenamedUnlessHonored() {
    NumberDataPoint p = metrics(scrape("g{env=\"prod\"} 1\n", T0)).get("g").getGauge().getDataPoints(0);
    assertEquals(Map.of("env", "dev", "exported_env", "prod"), attributes(p.getAttributesList()));
    ScrapeConfig.Resolved honoring = Jobs.job(Map.of("honor_labels", true));
    ScrapeTranslator t = new ScrapeTranslator(Jobs.target(honoring, "h:1", Map.of("env", "dev")), honoring, false, "");
    p = metrics(t.translate(ExpositionParser.parse("g{env=\"prod\"} 1\n", false), T0, 0, 0).request()).get("g")
        .getGauge().getDataPoints(0);
    assertEquals(Map.of("env", "prod"), attributes(p.getAttributesList()));
  }

  @Test
  void metricRelabelingDropsAndRewritesSamples() {
    ScrapeConfig.Resolved j = Jobs.job(Map.of("metric_relabel_configs", List.of(
        Map.of("source_labels", List.of("__name__"), "regex", "go_.*", "action", "drop"),
        Map.of("source_labels", List.of("path"), "regex", "/api/(.*)", "target_label", "path", "replacement", "$1"))));
    ScrapeTranslator t = new ScrapeTranslator(Jobs.target(j, "h:1", Map.of()), j, false, "");
    ScrapeTranslator.Result r = t.translate(ExpositionParser.parse("go_goroutines 7\nreq{path=\"/api/users\"} 1\n",
        false), T0, 0, 0);
    assertEquals(2, r.scraped());
    assertEquals(1, r.postRelabel());
    Map<String, Metric> m = metrics(r.request());
    assertFalse(m.containsKey("go_goroutines"));
    assertEquals("users", attributes(m.get("req").getGauge().getDataPoints(0).getAttributesList()).get("path"));
  }

  @Test
  void theSampleLimitFailsTheScrape() {
    ScrapeConfig.Resolved j = Jobs.job(Map.of("sample_limit", 1));
    ScrapeTranslator t = new ScrapeTranslator(Jobs.target(j, "h:1", Map.of()), j, false, "");
    assertThrows(ScrapeTranslator.LimitException.class,
        () -> t.translate(ExpositionParser.parse("a 1\nb 2\n", false), T0, 0, 0));
  }

  @Test
  void exposedTimestampsAreKeptUnlessHonorTimestampsIsOff() {
    NumberDataPoint p = metrics(scrape("g 1 1600000000000\n", T0)).get("g").getGauge().getDataPoints(0);
    assertEquals(1_600_000_000_000L * 1_000_000L, p.getTimeUnixNano());
    ScrapeConfig.Resolved j = Jobs.job(Map.of("honor_timestamps", false));
    ScrapeTranslator t = new ScrapeTranslator(Jobs.target(j, "h:1", Map.of()), j, false, "");
    p = metrics(t.translate(ExpositionParser.parse("g 1 1600000000000\n", false), T0, 0, 0).request()).get("g")
        .getGauge().getDataPoints(0);
    assertEquals(T0 * 1_000_000L, p.getTimeUnixNano());
  }
}
