package io.telegate.exporter.prometheusremotewrite;

import static io.telegate.testing.data.Values.attrs;
import static io.telegate.testing.data.MetricData.counter;
import static io.telegate.testing.data.MetricData.gauge;
import static io.telegate.testing.data.MetricData.histogram;
import static io.telegate.testing.data.MetricData.histogramPoint;
import static io.telegate.testing.data.MetricData.point;
import static io.telegate.translator.prometheus.Otlp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.data.Metrics;
import io.telegate.testing.Await;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.Values;
import io.telegate.testing.otlp.OtlpTestServer;
import io.telegate.translator.prometheus.Configs;
import io.telegate.translator.prometheus.PrometheusServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * End to end against a real Prometheus: OTLP/HTTP into the test kit's OTLP server, which hands it
 * to this exporter, out with remote write, read back with PromQL, including the seed's alert
 * expressions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealPrometheusTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private PrometheusServer prometheus;
  private TestHost host;
  private Exporter<Metrics> exporter;
  private OtlpTestServer front;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startPrometheusAndGateway() throws Exception {
    Assumptions.assumeTrue(PrometheusServer.available(),
        "/usr/bin/prometheus is absent: install it with `apt-get install -y prometheus` (CI does)");
    prometheus = PrometheusServer.start();
    host = new TestHost();
    RemoteWriteExporterConfig cfg = Configs.bind(Map.of("endpoint", prometheus.writeUrl(),
        "remote_write_queue", Map.of("num_consumers", 4), "external_labels", Map.of("cluster", "test")),
        RemoteWriteExporterConfig.DEFAULT);
    exporter = new RemoteWriteExporterFactory().createMetrics(
        CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("prometheusremotewrite")), cfg);
    exporter.start(host);
    front = OtlpTestServer.http().forwardTo(null, exporter, null);
  }

  @AfterAll
  void stop() {
    if (front != null) {
      front.close();
    }
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(5));
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  /** Posts an OTLP/HTTP protobuf request to the OTLP server in front of the exporter. */
  private void sendThroughGateway(ExportMetricsServiceRequest r) throws Exception {
    HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(front.httpUrl() + "/v1/metrics"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(r.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, resp.statusCode(), resp.body());
  }

  /**
   * Waits until {@code promql} evaluates to {@code expected}: the series of one batch travel on
   * several lanes, so they become visible one request at a time.
   */
  private void awaitValue(double expected, String promql, Double at) {
    Await.until(promql + " == " + expected, WAIT, () -> Math.abs(prometheus.value(promql, at) - expected) < 1e-9);
  }

  private JsonNode awaitSeries(String promql, int count) {
    Await.until(promql + " returns " + count + " series", WAIT, () -> prometheus.query(promql).size() == count);
    return prometheus.query(promql);
  }

  @Test
  void sdkMetricsArriveWithPrometheusNamesLabelsBucketsAndTargetInfo() throws Exception {
    OtlpHttpMetricExporter otlp = OtlpHttpMetricExporter.builder()
        .setEndpoint(front.httpUrl() + "/v1/metrics").build();
    SdkMeterProvider provider = SdkMeterProvider.builder()
        .setResource(Resource.create(Attributes.builder().put("service.name", "checkout")
            .put("service.namespace", "shop").put("service.instance.id", "pod-7").put("host.name", "node-1").build()))
        .registerMetricReader(PeriodicMetricReader.builder(otlp).setInterval(Duration.ofHours(1)).build())
        .registerView(InstrumentSelector.builder().setName("payload.size").build(),
            View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build())
        .build();
    try {
      Meter meter = provider.get("io.telegate.test");
      LongCounter requests = meter.counterBuilder("sdk.requests").build();
      requests.add(3, Attributes.of(AttributeKey.stringKey("http.route"), "/pay"));
      DoubleHistogram latency = meter.histogramBuilder("sdk.latency").setUnit("ms")
          .setExplicitBucketBoundariesAdvice(List.of(10.0, 100.0)).build();
      latency.record(5);
      latency.record(50);
      latency.record(60);
      latency.record(500);
      DoubleHistogram payload = meter.histogramBuilder("payload.size").setUnit("By").build();
      payload.record(100);
      payload.record(1000);
      meter.gaugeBuilder("sdk.utilization").setUnit("1").buildWithCallback(m -> m.record(0.25));
      assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }

    JsonNode c = awaitSeries("sdk_requests_total", 1).get(0);
    assertEquals("shop/checkout", c.path("metric").path("job").asText());
    assertEquals("pod-7", c.path("metric").path("instance").asText());
    assertEquals("/pay", c.path("metric").path("http_route").asText());
    assertEquals("io.telegate.test", c.path("metric").path("otel_scope_name").asText());
    assertEquals("test", c.path("metric").path("cluster").asText());
    assertEquals("3", c.path("value").get(1).asText());

    awaitSeries("sdk_latency_milliseconds_bucket", 3);
    awaitValue(1, "sdk_latency_milliseconds_bucket{le=\"10\"}", null);
    awaitValue(3, "sdk_latency_milliseconds_bucket{le=\"100\"}", null);
    awaitValue(4, "sdk_latency_milliseconds_bucket{le=\"+Inf\"}", null);
    awaitValue(4, "sdk_latency_milliseconds_count", null);
    awaitValue(615, "sdk_latency_milliseconds_sum", null);
    awaitValue(0.25, "sdk_utilization_ratio", null);

    JsonNode info = awaitSeries("target_info{job=\"shop/checkout\"}", 1).get(0);
    assertEquals("node-1", info.path("metric").path("host_name").asText());
    assertEquals("pod-7", info.path("metric").path("instance").asText());

    Await.until("native histogram payload_size_bytes", WAIT,
        () -> !prometheus.query("histogram_count(payload_size_bytes)").isEmpty());
    awaitValue(2, "histogram_count(payload_size_bytes)", null);
    awaitValue(1100, "histogram_sum(payload_size_bytes)", null);
  }

  /** Two snapshots 30 s apart, ending 10 s ago, so Prometheus takes them as recent. */
  private static final long T1_MS = (System.currentTimeMillis() / 1000 - 10) * 1000;
  private static final long T0_MS = T1_MS - 30_000;

  private static long ns(long ms) {
    return ms * 1_000_000L;
  }

  private static ExportMetricsServiceRequest seedSnapshot(long tMs, boolean second) {
    long t = ns(tMs);
    List<io.opentelemetry.proto.common.v1.KeyValue> resource = attrs("service.name", "gateway");
    // Cumulative bucket counts at t0 and t1: over 30 s, 100 requests with 10 ≤50ms, 20 in (50,100],
    // 60 in (100,250] and 10 in (250,500]: the 99th percentile is 250 + 250 × 9/10 = 475 ms.
    long[] counts = second ? new long[] {110, 220, 660, 110, 0} : new long[] {100, 200, 600, 100, 0};
    return request(resource,
        counter("http.server.requests", "", point(second ? 1900 : 1000, t, "status_code", "200", "method", "GET"),
            point(second ? 200 : 100, t, "status_code", "500", "method", "GET")),
        histogram("http.server.request.duration_ms", "", histogramPoint(t, new double[] {50, 100, 250, 500}, counts,
            12345.0, "route", "/api")),
        gauge("kafka.consumer.lag", "", point(12000, t, "group_id", "billing", "topic", "payments")),
        gauge("circuit.breaker.state", "", point(2, t, "target", "vault"), point(0, t, "target", "postgres")));
  }

  @Test
  void seedAlertExpressionsEvaluateToWhatTheInputImplies() throws Exception {
    sendThroughGateway(seedSnapshot(T0_MS, false));
    sendThroughGateway(seedSnapshot(T1_MS, true));
    double at = T1_MS / 1000.0;
    // ErrorRateCritical: 100 of 1000 requests in the window were 5xx.
    awaitValue(0.1, "sum(rate(http_server_requests_total{status_code=~\"5..\"}[1m]))"
        + " / sum(rate(http_server_requests_total[1m])) > 0.01", at);
    // P99LatencyWarning: the 99th of 100 observations lies 9/10 into the (250, 500] bucket.
    awaitValue(475, "histogram_quantile(0.99, rate(http_server_request_duration_ms_bucket[5m])) > 200", at);
    // KafkaConsumerLagHigh
    awaitValue(12000, "kafka_consumer_lag > 10000", at);

    awaitValue(2, "count_over_time(circuit_breaker_state{target=\"postgres\"}[1m])", at);
    JsonNode open = prometheus.query("circuit_breaker_state == 2", at);
    assertEquals(1, open.size(), open.toString());
    assertEquals("vault", open.get(0).path("metric").path("target").asText(), "CircuitBreakerOpen names the target");
  }

  @Test
  void manyBatchesOfTheSameSeriesOnFourWorkersArriveInOrder() throws Exception {
    long start = (System.currentTimeMillis() / 1000 - 200) * 1000;
    int batches = 150;
    List<java.util.concurrent.CompletableFuture<Void>> accepted = new java.util.ArrayList<>();
    for (int i = 0; i < batches; i++) {
      Metric[] gauges = new Metric[20];
      for (int g = 0; g < gauges.length; g++) {
        gauges[g] = gauge("order.check", "", point(i, ns(start + i * 1000L), "series", Integer.toString(g)));
      }
      accepted.add(exporter.consume(Metrics.of(request(attrs("service.name", "ordering"), gauges))));
    }
    accepted.forEach(java.util.concurrent.CompletableFuture::join);
    double at = (start + (batches - 1) * 1000L) / 1000.0;
    Await.until("every batch stored", WAIT,
        () -> prometheus.query("order_check == " + (batches - 1), at).size() == 20);
    assertEquals(20.0 * batches, prometheus.value("sum(count_over_time(order_check[10m]))", at));
    assertEquals(0, host.value("otelcol_exporter_send_failed_metric_points"));
    assertEquals(0, prometheus.selfMetric("prometheus_http_requests_total{code=\"400\",handler=\"/api/v1/write\"}"));
    assertEquals(0, prometheus.selfMetric("prometheus_tsdb_out_of_order_samples_total"));
  }

  @Test
  void noRecordedValueEndsTheSeriesInPrometheus() throws Exception {
    sendThroughGateway(request(attrs("service.name", "stale"), gauge("stale.gauge", "", point(3, ns(T0_MS)))));
    sendThroughGateway(request(attrs("service.name", "stale"), gauge("stale.gauge", "", point(3, ns(T1_MS))
        .toBuilder().setFlags(io.opentelemetry.proto.metrics.v1.DataPointFlags
            .DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE).build())));
    Await.until("the sample before the marker is stored", WAIT,
        () -> prometheus.value("stale_gauge", T1_MS / 1000.0 - 1) == 3);
    // Without the marker the value would stay visible for the 5 minute lookback.
    Await.until("the series ends at the marker", WAIT,
        () -> prometheus.query("stale_gauge", T1_MS / 1000.0 + 1).isEmpty());
  }

  @Test
  void exemplarsAreStoredWithTheirTraceAndSpanIds() throws Exception {
    long t = ns(T1_MS);
    io.opentelemetry.proto.metrics.v1.NumberDataPoint p = point(5, t).toBuilder().addExemplars(
        io.opentelemetry.proto.metrics.v1.Exemplar.newBuilder().setAsDouble(1).setTimeUnixNano(t)
            .setTraceId(Values.hex("4bf92f3577b34da6a3ce929d0e0e4736")).setSpanId(Values.hex("00f067aa0ba902b7")))
        .build();
    sendThroughGateway(request(attrs("service.name", "traced"), counter("traced.requests", "", p)));
    double at = T1_MS / 1000.0;
    Await.until("exemplar stored", WAIT,
        () -> prometheus.exemplars("traced_requests_total", at - 60, at + 60).size() == 1);
    JsonNode e = prometheus.exemplars("traced_requests_total", at - 60, at + 60).get(0).path("exemplars").get(0);
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", e.path("labels").path("trace_id").asText());
    assertEquals("00f067aa0ba902b7", e.path("labels").path("span_id").asText());
    assertEquals("1", e.path("value").asText());
  }

  @Test
  void exponentialHistogramWithScaleAboveEightIsStoredDownscaled() throws Exception {
    long t = ns(T1_MS);
    Metric m = Metric.newBuilder().setName("fine.latency").setUnit("s").setExponentialHistogram(ExponentialHistogram
        .newBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(t).setScale(12).setCount(6)
            .setSum(6.5).setZeroCount(1).setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder()
                .setOffset(10).addBucketCounts(2).addBucketCounts(3)))).build();
    sendThroughGateway(request(attrs("service.name", "fine"), m));
    double at = T1_MS / 1000.0;
    Await.until("fine_latency_seconds stored", WAIT,
        () -> !prometheus.query("histogram_count(fine_latency_seconds)", at).isEmpty());
    awaitValue(6, "histogram_count(fine_latency_seconds)", at);
    awaitValue(6.5, "histogram_sum(fine_latency_seconds)", at);
  }
}
