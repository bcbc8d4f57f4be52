package io.telegate.testing.data;

import static io.telegate.testing.data.MetricData.counter;
import static io.telegate.testing.data.MetricData.exponentialHistogram;
import static io.telegate.testing.data.MetricData.exponentialPoint;
import static io.telegate.testing.data.MetricData.gauge;
import static io.telegate.testing.data.MetricData.histogram;
import static io.telegate.testing.data.MetricData.histogramPoint;
import static io.telegate.testing.data.MetricData.intPoint;
import static io.telegate.testing.data.MetricData.point;
import static io.telegate.testing.data.MetricData.summary;
import static io.telegate.testing.data.MetricData.summaryPoint;
import static io.telegate.testing.data.Values.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.OtlpJsonReader;
import io.telegate.core.data.OtlpWire;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricDataTest {

  @Test
  void generatedGaugesHaveTheirPointsValuedByIndex() {
    ExportMetricsServiceRequest r = MetricData.gauges(2, 3).build();
    List<Metric> metrics = r.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
    assertEquals(List.of("metric-0", "metric-1"), metrics.stream().map(Metric::getName).toList());
    assertEquals(List.of(0L, 1L, 2L),
        metrics.get(1).getGauge().getDataPointsList().stream().map(NumberDataPoint::getAsInt).toList());
    assertEquals(6, Metrics.countPoints(r));
    assertEquals(6, MetricData.gauges(2, 3).encoded().itemCount());
  }

  @Test
  void generatedMetricsTakeNamesUnitDescriptionsAndPointEdits() {
    Metric m = MetricData.gauges(2, 2).named("load_").unit("1").descriptions(i -> "counter #" + i)
        .eachPoint((p, metric, index) -> p.setTimeUnixNano(100 + index).addAttributes(kv("m", metric)))
        .each((metric, i) -> metric.setDescription(metric.getDescription() + "!"))
        .build().getResourceMetrics(0).getScopeMetrics(0).getMetrics(1);
    assertEquals("load_1", m.getName());
    assertEquals("1", m.getUnit());
    assertEquals("counter #1!", m.getDescription());
    NumberDataPoint p = m.getGauge().getDataPoints(1);
    assertEquals(101, p.getTimeUnixNano());
    assertEquals(List.of(kv("m", 1)), p.getAttributesList());
  }

  @Test
  void pointsAndMetricsOfEveryTypeCarryWhatTheySay() {
    NumberDataPoint d = point(1.5, 7, "k", "v");
    assertEquals(1.5, d.getAsDouble());
    assertEquals(7, d.getTimeUnixNano());
    assertEquals(List.of(kv("k", "v")), d.getAttributesList());
    assertEquals(3, intPoint(3, 7).getAsInt());

    HistogramDataPoint h = histogramPoint(7, new double[] {5, 10}, new long[] {1, 2, 3}, 42.0, "route", "/a");
    assertEquals(6, h.getCount());
    assertEquals(42.0, h.getSum());
    assertFalse(histogramPoint(7, new double[] {}, new long[] {1}, null).hasSum(), "no sum when null");

    Metric c = counter("requests", "1", d);
    assertTrue(c.getSum().getIsMonotonic());
    assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, c.getSum().getAggregationTemporality());
    assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE,
        histogram("h", "ms", h).getHistogram().getAggregationTemporality());
    assertEquals(4, exponentialPoint(7, 3, 1, -2, 1, 2).getCount(), "the zero count and the buckets");
    assertEquals(2, summaryPoint(7, 3, 6.0, 0.5, 1.0, 0.99, 2.0).getQuantileValuesCount());

    ExportMetricsServiceRequest all = MetricData.of(gauge("g", "", d), c, histogram("h", "ms", h),
        exponentialHistogram("e", "", exponentialPoint(7, 3, 1, -2, 1, 2)), summary("s", "", summaryPoint(7, 3, 6.0)))
        .build();
    assertEquals(5, OtlpWire.METRICS.check(all.toByteArray()));
    assertEquals(all, MetricData.of(gauge("g", "", d), c, histogram("h", "ms", h),
        exponentialHistogram("e", "", exponentialPoint(7, 3, 1, -2, 1, 2)), summary("s", "", summaryPoint(7, 3, 6.0)))
        .parsed().request());
  }

  @Test
  void jsonOfEveryMetricTypeReadsBackAsTheSameRequest() throws Exception {
    MetricData data = MetricData.of(gauge("g", "", point(-2.5, Long.MAX_VALUE, "k", "v")),
        counter("c", "1", intPoint(-3, 1)),
        histogram("h", "ms", histogramPoint(7, new double[] {5, 10}, new long[] {1, 2, 3}, 42.0)),
        exponentialHistogram("e", "", exponentialPoint(7, -1, 1, -2, 1, 2)),
        summary("s", "", summaryPoint(7, 3, 6.0, 0.5, 1.0))).resource("service.name", "m");
    assertEquals(data.build(), ExportMetricsServiceRequest.parseFrom(OtlpJsonReader.metrics(data.json())));
  }
}
