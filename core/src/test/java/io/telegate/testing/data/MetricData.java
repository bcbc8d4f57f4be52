package io.telegate.testing.data;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * Builds {@code ExportMetricsServiceRequest}s for tests, two ways: generated gauges,
 *
 * <pre>{@code
 * MetricData.gauges(2, 3).resource("service.name", "checkout").encoded()   // 2 gauges x 3 int points
 * }</pre>
 *
 * or given metrics, made with the static methods here:
 *
 * <pre>{@code
 * MetricData.of(gauge("queue.size", "1", point(12, T, "queue", "orders")),
 *     histogram("latency", "ms", histogramPoint(T, new double[] {5, 10}, new long[] {1, 2, 0}, 17.0)))
 * }</pre>
 *
 * See {@link RequestBuilder} for the resource, the scope and the forms a request can take.
 */
public final class MetricData extends RequestBuilder<MetricData, Metric, ExportMetricsServiceRequest, Metrics> {

  /** Edits a generated data point, knowing the index of its metric and its own. */
  @FunctionalInterface
  public interface PointEdit {
    void edit(NumberDataPoint.Builder point, int metric, int index);
  }

  private final int pointsEach;
  private IntFunction<String> names = i -> "metric-" + i;
  private String unit = "";
  private IntFunction<String> descriptions = i -> "";
  private final List<PointEdit> pointEdits = new ArrayList<>();
  private final List<ObjIntConsumer<Metric.Builder>> each = new ArrayList<>();

  private MetricData(int metrics, int pointsEach, List<Metric> explicit) {
    super(metrics, explicit);
    if (pointsEach < 0) {
      throw new IllegalArgumentException("a negative number of points: " + pointsEach);
    }
    this.pointsEach = pointsEach;
  }

  /**
   * {@code metrics} generated gauges named {@code metric-0, metric-1, ...}, each with
   * {@code pointsEach} int points whose values are their indexes {@code 0, 1, ...}.
   */
  public static MetricData gauges(int metrics, int pointsEach) {
    return new MetricData(metrics, pointsEach, List.of());
  }

  /** Exactly these metrics (the generating settings of this builder do not touch them). */
  public static MetricData of(Metric... metrics) {
    return new MetricData(0, 0, List.of(metrics));
  }

  /** Names generated metrics {@code prefix0, prefix1, ...}. */
  public MetricData named(String prefix) {
    return names(i -> prefix + i);
  }

  /** Names each generated metric by its index. */
  public MetricData names(IntFunction<String> nameOfIndex) {
    names = nameOfIndex;
    return this;
  }

  /** Sets the unit of every generated metric. */
  public MetricData unit(String u) {
    unit = u;
    return this;
  }

  /** Describes each generated metric by its index. */
  public MetricData descriptions(IntFunction<String> descriptionOfIndex) {
    descriptions = descriptionOfIndex;
    return this;
  }

  /** Edits each generated data point (after its value is set), in order. */
  public MetricData eachPoint(PointEdit edit) {
    pointEdits.add(edit);
    return this;
  }

  /** Edits each generated metric last, with its index: for what the other settings do not cover. */
  public MetricData each(ObjIntConsumer<Metric.Builder> edit) {
    each.add(edit);
    return this;
  }

  @Override
  Metric item(int m) {
    Gauge.Builder gauge = Gauge.newBuilder();
    for (int p = 0; p < pointsEach; p++) {
      NumberDataPoint.Builder point = NumberDataPoint.newBuilder().setAsInt(p);
      for (PointEdit e : pointEdits) {
        e.edit(point, m, p);
      }
      gauge.addDataPoints(point);
    }
    Metric.Builder metric = Metric.newBuilder().setName(names.apply(m)).setDescription(descriptions.apply(m))
        .setUnit(unit).setGauge(gauge);
    for (ObjIntConsumer<Metric.Builder> e : each) {
      e.accept(metric, m);
    }
    return metric.build();
  }

  @Override
  ExportMetricsServiceRequest emptyRequest() {
    return ExportMetricsServiceRequest.getDefaultInstance();
  }

  @Override
  Metrics wrap(ExportMetricsServiceRequest request, ClientContext client) {
    return Metrics.of(request, client);
  }

  @Override
  Metrics wrap(byte[] bytes, ClientContext client) {
    return Metrics.fromBytes(bytes, client);
  }

  /** A gauge. */
  public static Metric gauge(String name, String unit, NumberDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit)
        .setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points))).build();
  }

  /** A sum. */
  public static Metric sum(String name, String unit, boolean monotonic, AggregationTemporality temporality,
      NumberDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit).setSum(Sum.newBuilder().setIsMonotonic(monotonic)
        .setAggregationTemporality(temporality).addAllDataPoints(List.of(points))).build();
  }

  /** A monotonic cumulative sum: a counter. */
  public static Metric counter(String name, String unit, NumberDataPoint... points) {
    return sum(name, unit, true, AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, points);
  }

  /** A cumulative histogram. */
  public static Metric histogram(String name, String unit, HistogramDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit).setHistogram(Histogram.newBuilder()
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addAllDataPoints(List.of(points))).build();
  }

  /** A cumulative exponential histogram. */
  public static Metric exponentialHistogram(String name, String unit, ExponentialHistogramDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit).setExponentialHistogram(ExponentialHistogram.newBuilder()
        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
        .addAllDataPoints(List.of(points))).build();
  }

  /** A summary. */
  public static Metric summary(String name, String unit, SummaryDataPoint... points) {
    return Metric.newBuilder().setName(name).setUnit(unit).setSummary(Summary.newBuilder()
        .addAllDataPoints(List.of(points))).build();
  }

  /** A double point at {@code timeNanos} with string attributes from alternating keys and values. */
  public static NumberDataPoint point(double value, long timeNanos, String... attributes) {
    return NumberDataPoint.newBuilder().setAsDouble(value).setTimeUnixNano(timeNanos)
        .addAllAttributes(Values.attrs(attributes)).build();
  }

  /** An int point at {@code timeNanos} with string attributes from alternating keys and values. */
  public static NumberDataPoint intPoint(long value, long timeNanos, String... attributes) {
    return NumberDataPoint.newBuilder().setAsInt(value).setTimeUnixNano(timeNanos)
        .addAllAttributes(Values.attrs(attributes)).build();
  }

  /**
   * A histogram point: {@code counts} has one bucket more than {@code bounds} (the last is
   * unbounded), the count is their total; {@code sum} may be null (not set).
   */
  public static HistogramDataPoint histogramPoint(long timeNanos, double[] bounds, long[] counts, Double sum,
      String... attributes) {
    HistogramDataPoint.Builder b = HistogramDataPoint.newBuilder().setTimeUnixNano(timeNanos)
        .addAllAttributes(Values.attrs(attributes));
    for (double bound : bounds) {
      b.addExplicitBounds(bound);
    }
    long count = 0;
    for (long c : counts) {
      b.addBucketCounts(c);
      count += c;
    }
    b.setCount(count);
    if (sum != null) {
      b.setSum(sum);
    }
    return b.build();
  }

  /**
   * An exponential histogram point of {@code scale} with positive buckets from {@code offset}; the
   * count is the zero count and the buckets' total.
   */
  public static ExponentialHistogramDataPoint exponentialPoint(long timeNanos, int scale, long zeroCount, int offset,
      long... positiveCounts) {
    ExponentialHistogramDataPoint.Buckets.Builder positive = ExponentialHistogramDataPoint.Buckets.newBuilder()
        .setOffset(offset);
    long count = zeroCount;
    for (long c : positiveCounts) {
      positive.addBucketCounts(c);
      count += c;
    }
    return ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(timeNanos).setScale(scale)
        .setZeroCount(zeroCount).setPositive(positive).setCount(count).build();
  }

  /** A summary point with its count, sum and quantile-value pairs ({@code q1, v1, q2, v2, ...}). */
  public static SummaryDataPoint summaryPoint(long timeNanos, long count, double sum, double... quantilesAndValues) {
    SummaryDataPoint.Builder b = SummaryDataPoint.newBuilder().setTimeUnixNano(timeNanos).setCount(count).setSum(sum);
    for (int i = 0; i + 1 < quantilesAndValues.length; i += 2) {
      b.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(quantilesAndValues[i])
          .setValue(quantilesAndValues[i + 1]));
    }
    return b.build();
  }
}
