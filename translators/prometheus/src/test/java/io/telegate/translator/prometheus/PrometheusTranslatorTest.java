package io.telegate.translator.prometheus;

import static io.telegate.translator.prometheus.Otlp.T;
import static io.telegate.translator.prometheus.Otlp.T_MS;
import static io.telegate.testing.data.MetricData.exponentialHistogram;
import static io.telegate.testing.data.MetricData.exponentialPoint;
import static io.telegate.testing.data.MetricData.summary;
import static io.telegate.testing.data.MetricData.summaryPoint;
import static io.telegate.testing.data.Values.attrs;
import static io.telegate.testing.data.MetricData.counter;
import static io.telegate.testing.data.MetricData.gauge;
import static io.telegate.testing.data.MetricData.histogram;
import static io.telegate.testing.data.MetricData.histogramPoint;
import static io.telegate.translator.prometheus.Otlp.plain;
import static io.telegate.testing.data.MetricData.point;
import static io.telegate.translator.prometheus.Otlp.request;
import static io.telegate.testing.data.Values.bool;
import static io.telegate.testing.data.Values.dbl;
import static io.telegate.testing.data.Values.kv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.Values;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Golden tests: OTLP metrics in, the exact Prometheus series out. */
class PrometheusTranslatorTest {

  private static final TranslatorSettings NO_EXTRAS = new TranslatorSettings("",
      TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES, Map.of(), false, false, false);

  /** Every series as {@code name{labels} value @ms}, sorted. */
  static List<String> render(Translation t) {
    return t.series().stream().flatMap(s -> s.samples().stream().map(x -> s.labels() + " " + value(x.value())
        + " @" + x.timestampMs())).sorted().collect(Collectors.toList());
  }

  private static String value(double v) {
    if (Double.doubleToRawLongBits(v) == PrometheusTranslator.STALE_NAN_BITS) {
      return "StaleNaN";
    }
    return LabelText.formatFloat(v);
  }

  private static List<String> translate(TranslatorSettings s, ExportMetricsServiceRequest r) {
    return render(new PrometheusTranslator(s).translate(r));
  }

  private static List<String> translate(ExportMetricsServiceRequest r) {
    return translate(NO_EXTRAS, r);
  }

  private static String name(String name, String unit, PrometheusNaming.Kind kind) {
    return PrometheusNaming.metricName(name, unit, kind, "", TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES);
  }

  @Test
  void unitsBecomeSuffixes() {
    assertEquals("http_server_request_duration_seconds", name("http.server.request.duration", "s",
        PrometheusNaming.Kind.HISTOGRAM));
    assertEquals("http_server_request_duration_milliseconds", name("http.server.request.duration", "ms",
        PrometheusNaming.Kind.HISTOGRAM));
    assertEquals("http_server_request_duration_ms", name("http.server.request.duration_ms", "",
        PrometheusNaming.Kind.HISTOGRAM));
    assertEquals("process_memory_usage_bytes", name("process.memory.usage", "By", PrometheusNaming.Kind.GAUGE));
    assertEquals("heap_kibibytes", name("heap", "KiBy", PrometheusNaming.Kind.GAUGE));
    assertEquals("temperature_celsius", name("temperature", "Cel", PrometheusNaming.Kind.GAUGE));
    assertEquals("network_io_bytes_per_second", name("network.io", "By/s", PrometheusNaming.Kind.GAUGE));
    assertEquals("packets_per_second", name("packets", "{packet}/s", PrometheusNaming.Kind.GAUGE));
  }

  @Test
  void curlyUnitsAreDropped() {
    assertEquals("network_packets_total", name("network.packets", "{packets}", PrometheusNaming.Kind.MONOTONIC_SUM));
  }

  @Test
  void ratioOnlyOnGaugesWithUnitOne() {
    assertEquals("cpu_utilization_ratio", name("cpu.utilization", "1", PrometheusNaming.Kind.GAUGE));
    assertEquals("cpu_utilization", name("cpu.utilization", "1", PrometheusNaming.Kind.NON_MONOTONIC_SUM));
    assertEquals("hits_total", name("hits", "1", PrometheusNaming.Kind.MONOTONIC_SUM));
  }

  @Test
  void totalOnlyOnMonotonicSumsAndNeverTwice() {
    assertEquals("http_server_requests_total", name("http.server.requests", "", PrometheusNaming.Kind.MONOTONIC_SUM));
    assertEquals("http_server_requests_total", name("http.server.requests_total", "",
        PrometheusNaming.Kind.MONOTONIC_SUM));
    assertEquals("queue_length", name("queue.length", "", PrometheusNaming.Kind.NON_MONOTONIC_SUM));
    assertEquals("request_duration_seconds_total", name("request.duration.seconds", "s",
        PrometheusNaming.Kind.MONOTONIC_SUM));
  }

  @Test
  void invalidCharactersAndRepeatedUnderscoresCollapse() {
    assertEquals("foo_bar_baz", name("foo--bar__baz_", "", PrometheusNaming.Kind.GAUGE));
    assertEquals("_2xx_count", name("2xx.count", "", PrometheusNaming.Kind.GAUGE));
    assertEquals("a:b_c", name("a:b/c", "", PrometheusNaming.Kind.GAUGE));
  }

  @Test
  void strategiesWithoutSuffixesOrEscaping() {
    assertEquals("http_server_duration", PrometheusNaming.metricName("http.server.duration", "ms",
        PrometheusNaming.Kind.HISTOGRAM, "", TranslationStrategy.UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES));
    assertEquals("http.server.duration_milliseconds", PrometheusNaming.metricName("http.server.duration", "ms",
        PrometheusNaming.Kind.HISTOGRAM, "", TranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES));
    assertEquals("http.server.duration", PrometheusNaming.metricName("http.server.duration", "ms",
        PrometheusNaming.Kind.HISTOGRAM, "", TranslationStrategy.NO_TRANSLATION));
    assertEquals("ns_requests_total", PrometheusNaming.metricName("requests", "", PrometheusNaming.Kind.MONOTONIC_SUM,
        "ns", TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES));
  }

  @Test
  void addMetricSuffixesFalseMeansNoSuffixes() {
    assertEquals(TranslationStrategy.UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES, TranslationStrategy.effective(null, false));
    assertEquals(TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES, TranslationStrategy.effective(null, null));
    assertEquals(TranslationStrategy.NO_TRANSLATION, TranslationStrategy.effective("NoTranslation", true));
  }

  @Test
  void labelNamesAreSanitized() {
    assertEquals("http_method", PrometheusNaming.labelName("http.method", true));
    assertEquals("key_0x", PrometheusNaming.labelName("0x", true));
    assertEquals("key_private", PrometheusNaming.labelName("_private", true));
    assertEquals("__reserved", PrometheusNaming.labelName("__reserved", true));
  }

  @Test
  void gaugeAndCumulativeSumAreSamplesWithMillisecondTimestamps() {
    List<String> series = translate(plain(
        gauge("kafka.consumer.lag", "", point(12000, T, "topic", "orders")),
        counter("http.server.requests", "", point(7, T, "status_code", "500"))));
    assertEquals(List.of(
        "http_server_requests_total{job=\"checkout\",status_code=\"500\"} 7 @" + T_MS,
        "kafka_consumer_lag{job=\"checkout\",topic=\"orders\"} 12000 @" + T_MS), series);
  }

  @Test
  void collidingLabelsAreJoinedWithSemicolonsInKeyOrder() {
    List<String> series = translate(plain(gauge("g", "", point(1, T, "a.b", "dot", "a_b", "underscore",
        "a-b", "dash"))));
    assertEquals(List.of("g{a_b=\"dash;dot;underscore\",job=\"checkout\"} 1 @" + T_MS), series);
  }

  @Test
  void jobAndInstanceComeFromTheResourceAndTargetInfoCarriesTheRest() {
    TranslatorSettings s = new TranslatorSettings("", TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES, Map.of(),
        false, true, false);
    List<String> series = translate(s, request(attrs("service.name", "iam", "service.namespace", "platform",
        "service.instance.id", "pod-1", "k8s.pod.name", "iam-7d9", "deployment.environment", "production"),
        gauge("circuit.breaker.state", "", point(2, T, "target", "vault"))));
    assertEquals(List.of(
        "circuit_breaker_state{instance=\"pod-1\",job=\"platform/iam\",target=\"vault\"} 2 @" + T_MS,
        "target_info{deployment_environment=\"production\",instance=\"pod-1\",job=\"platform/iam\","
            + "k8s_pod_name=\"iam-7d9\"} 1 @" + T_MS), series);
  }

  @Test
  void noTargetInfoWhenTheResourceHasOnlyIdentifyingAttributes() {
    TranslatorSettings s = new TranslatorSettings("", TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES, Map.of(),
        false, true, false);
    assertEquals(1, translate(s, request(attrs("service.name", "iam", "service.instance.id", "1"),
        gauge("g", "", point(1, T)))).size());
  }

  @Test
  void targetInfoCanBeDisabled() {
    assertEquals(1, translate(NO_EXTRAS, request(attrs("service.name", "iam", "host.name", "h"),
        gauge("g", "", point(1, T)))).size());
  }

  @Test
  void scopeLabelsUnlessDisabled() {
    TranslatorSettings s = new TranslatorSettings("", TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES, Map.of(),
        false, false, true);
    ExportMetricsServiceRequest r = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics
        .newBuilder().setResource(Resource.newBuilder().addAllAttributes(attrs("service.name", "a")))
        .addScopeMetrics(ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder().setName("io.lib")
            .setVersion("2.0").addAllAttributes(attrs("team", "core"))).addMetrics(gauge("g", "", point(1, T))))).build();
    assertEquals(List.of("g{job=\"a\",otel_scope_name=\"io.lib\",otel_scope_team=\"core\",otel_scope_version=\"2.0\"} 1 @"
        + T_MS), translate(s, r));
    assertEquals(List.of("g{job=\"a\"} 1 @" + T_MS), translate(NO_EXTRAS, r));
  }

  @Test
  void resourceToTelemetryCopiesResourceAttributesButPointAttributesWin() {
    TranslatorSettings s = new TranslatorSettings("", TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES, Map.of(),
        true, false, false);
    assertEquals(List.of("g{host_name=\"h1\",job=\"a\",region=\"point\",service_name=\"a\"} 1 @" + T_MS),
        translate(s, request(attrs("service.name", "a", "host.name", "h1", "region", "resource"),
            gauge("g", "", point(1, T, "region", "point")))));
  }

  @Test
  void externalLabelsAreAddedButMetricAttributesWin() {
    TranslatorSettings s = new TranslatorSettings("", TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES,
        Map.of("cluster.name", "eu-1", "env", "prod"), false, false, false);
    assertEquals(List.of("g{cluster_name=\"eu-1\",env=\"staging\",job=\"checkout\"} 1 @" + T_MS),
        translate(s, plain(gauge("g", "", point(1, T, "env", "staging")))));
  }

  @Test
  void namespacePrefixesEveryName() {
    TranslatorSettings s = new TranslatorSettings("acme", TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES,
        Map.of(), false, true, false);
    List<String> series = translate(s, request(attrs("service.name", "a", "host.name", "h"),
        counter("requests", "", point(1, T))));
    assertEquals(List.of("acme_requests_total{job=\"a\"} 1 @" + T_MS,
        "acme_target_info{host_name=\"h\",job=\"a\"} 1 @" + T_MS), series);
  }

  @Test
  void histogramHasCumulativeBucketsInfSumAndCount() {
    List<String> series = translate(plain(histogram("http.server.request.duration_ms", "",
        histogramPoint(T, new double[] {5, 10, 100}, new long[] {1, 2, 3, 4}, 1234.5, "route", "/a"))));
    String l = "job=\"checkout\",route=\"/a\"";
    assertEquals(List.of(
        "http_server_request_duration_ms_bucket{job=\"checkout\",le=\"+Inf\",route=\"/a\"} 10 @" + T_MS,
        "http_server_request_duration_ms_bucket{job=\"checkout\",le=\"10\",route=\"/a\"} 3 @" + T_MS,
        "http_server_request_duration_ms_bucket{job=\"checkout\",le=\"100\",route=\"/a\"} 6 @" + T_MS,
        "http_server_request_duration_ms_bucket{job=\"checkout\",le=\"5\",route=\"/a\"} 1 @" + T_MS,
        "http_server_request_duration_ms_count{" + l + "} 10 @" + T_MS,
        "http_server_request_duration_ms_sum{" + l + "} 1234.5 @" + T_MS), series);
  }

  @Test
  void histogramWithoutSumHasNoSumSeries() {
    List<String> series = translate(plain(histogram("d", "s",
        histogramPoint(T, new double[] {0.005}, new long[] {1, 1}, null))));
    assertEquals(List.of(
        "d_seconds_bucket{job=\"checkout\",le=\"+Inf\"} 2 @" + T_MS,
        "d_seconds_bucket{job=\"checkout\",le=\"0.005\"} 1 @" + T_MS,
        "d_seconds_count{job=\"checkout\"} 2 @" + T_MS), series);
  }

  @Test
  void summaryHasQuantilesSumAndCount() {
    Metric m = summary("rpc.latency", "ms", summaryPoint(T, 4, 40, 0.5, 9, 0.99, 20));
    assertEquals(List.of(
        "rpc_latency_milliseconds_count{job=\"checkout\"} 4 @" + T_MS,
        "rpc_latency_milliseconds_sum{job=\"checkout\"} 40 @" + T_MS,
        "rpc_latency_milliseconds{job=\"checkout\",quantile=\"0.5\"} 9 @" + T_MS,
        "rpc_latency_milliseconds{job=\"checkout\",quantile=\"0.99\"} 20 @" + T_MS), translate(plain(m)));
  }

  @Test
  void noRecordedValueBecomesTheStalenessMarkerOnEverySeries() {
    NumberDataPoint stale = point(5, T).toBuilder()
        .setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE).build();
    var h = histogramPoint(T, new double[] {1}, new long[] {1, 1}, 3.0).toBuilder()
        .setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE).build();
    List<String> series = translate(plain(gauge("g", "", stale), histogram("h", "", h)));
    assertEquals(5, series.size());
    assertTrue(series.stream().allMatch(s -> s.contains(" StaleNaN @")), series.toString());
    assertEquals(0x7ff0000000000002L, Double.doubleToRawLongBits(PrometheusTranslator.STALE_NAN));
  }

  @Test
  void deltaTemporalityIsDroppedAndReported() {
    Translation t = new PrometheusTranslator(NO_EXTRAS).translate(plain(
        MetricData.sum("requests", "", true, AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, point(1, T), point(2, T)),
        gauge("kept", "", point(1, T))));
    assertEquals(List.of("kept{job=\"checkout\"} 1 @" + T_MS), render(t));
    assertEquals(List.of(new Translation.Drop("requests", Translation.DropReason.DELTA_TEMPORALITY, 2)), t.drops());
  }

  @Test
  void exemplarsCarryTraceAndSpanIds() {
    Exemplar e = Exemplar.newBuilder().setAsDouble(7).setTimeUnixNano(T)
        .setTraceId(Values.hex("4bf92f3577b34da6a3ce929d0e0e4736")).setSpanId(Values.hex("00f067aa0ba902b7"))
        .addAllFilteredAttributes(attrs("user", "u1")).build();
    var hp = histogramPoint(T, new double[] {5, 10}, new long[] {0, 1, 0}, 7.0).toBuilder().addExemplars(e).build();
    Translation t = new PrometheusTranslator(NO_EXTRAS).translate(plain(histogram("h", "", hp)));
    PromSeries bucket10 = t.series().stream().filter(s -> "10".equals(s.labels().get("le"))).findFirst().orElseThrow();
    assertEquals(1, bucket10.exemplars().size());
    PromSeries.Exemplar x = bucket10.exemplars().get(0);
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", x.labels().get("trace_id"));
    assertEquals("00f067aa0ba902b7", x.labels().get("span_id"));
    assertEquals("u1", x.labels().get("user"));
    assertEquals(7, x.value());
    assertEquals(T_MS, x.timestampMs());
  }

  @Test
  void samplesOfOneSeriesAreSortedByTime() {
    List<String> series = translate(plain(gauge("g", "", point(2, T + 1_000_000_000L), point(1, T))));
    assertEquals(List.of("g{job=\"checkout\"} 1 @" + T_MS, "g{job=\"checkout\"} 2 @" + (T_MS + 1000)), series);
  }

  @Test
  void attributeValuesOfEveryTypeBecomeText() {
    NumberDataPoint p = NumberDataPoint.newBuilder().setAsInt(3).setTimeUnixNano(T)
        .addAttributes(kv("b", bool(true))).addAttributes(kv("i", 42)).addAttributes(kv("d", dbl(0.25))).build();
    assertEquals(List.of("g{b=\"true\",d=\"0.25\",i=\"42\",job=\"checkout\"} 3 @" + T_MS), translate(plain(
        gauge("g", "", p))));
  }

  /** A point of {@code scale} at {@code T}: zero count 1, sum 10, positive buckets from {@code offset}. */
  private static ExponentialHistogramDataPoint expPoint(int scale, int offset, long... counts) {
    return exponentialPoint(T, scale, 1, offset, counts).toBuilder().setSum(10).build();
  }

  @Test
  void exponentialHistogramBecomesANativeHistogram() {
    Translation t = new PrometheusTranslator(NO_EXTRAS).translate(plain(exponentialHistogram("latency", "s", expPoint(3, -2, 1, 2, 0, 4))));
    PromSeries s = t.series().iterator().next();
    assertEquals("latency_seconds", s.labels().metricName());
    PromSeries.NativeHistogram h = s.histograms().get(0);
    assertEquals(3, h.schema());
    assertEquals(8, h.count());
    assertEquals(1, h.zeroCount());
    assertEquals(10, h.sum());
    assertEquals(1e-128, h.zeroThreshold());
    // OTLP index -2 is Prometheus index -1; counts 1,2,0,4 as deltas.
    assertArrayEquals(new int[] {-1, 4}, h.positiveSpans());
    assertArrayEquals(new long[] {1, 1, -2, 4}, h.positiveDeltas());
    assertEquals(T_MS, h.timestampMs());
  }

  @Test
  void scaleAboveEightIsReducedByMergingBuckets() {
    Translation t = new PrometheusTranslator(NO_EXTRAS).translate(plain(exponentialHistogram("latency", "s", expPoint(10, 0, 1, 2, 3, 4, 5))));
    PromSeries.NativeHistogram h = t.series().iterator().next().histograms().get(0);
    assertEquals(8, h.schema());
    // Indices 0..4 at scale 10 merge in fours: {0,1,2,3} -> 0, {4} -> 1; then +1.
    assertArrayEquals(new int[] {1, 2}, h.positiveSpans());
    assertArrayEquals(new long[] {10, -5}, h.positiveDeltas());
  }

  @Test
  void longRunsOfEmptyBucketsStartANewSpan() {
    Translation t = new PrometheusTranslator(NO_EXTRAS).translate(plain(exponentialHistogram("latency", "s", expPoint(0, 0, 1, 0, 0, 0, 2))));
    PromSeries.NativeHistogram h = t.series().iterator().next().histograms().get(0);
    assertArrayEquals(new int[] {1, 1, 3, 1}, h.positiveSpans());
    assertArrayEquals(new long[] {1, 1}, h.positiveDeltas());
  }

  @Test
  void scaleBelowMinusFourIsRefusedAndCounted() {
    Translation t = new PrometheusTranslator(NO_EXTRAS).translate(plain(exponentialHistogram("latency", "s", expPoint(-5, 0, 1))));
    assertTrue(t.series().isEmpty());
    assertEquals(List.of(new Translation.Drop("latency", Translation.DropReason.EXPONENTIAL_HISTOGRAM_SCALE, 1)),
        t.drops());
  }
}
