package io.telegate.exporter.prometheusremotewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.Metrics;
import io.telegate.testing.data.MetricData;
import io.telegate.translator.prometheus.PromSeries;
import io.telegate.translator.prometheus.PrometheusTranslator;
import io.telegate.translator.prometheus.RemoteWriteTranslator;
import io.telegate.translator.prometheus.Translation;
import io.telegate.translator.prometheus.TranslationStrategy;
import io.telegate.translator.prometheus.TranslatorSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The wire path ({@link RemoteWriteTranslator}) against the object path as the oracle ({@link
 * PrometheusTranslator} + {@link WriteRequestEncoder}, split over lanes as the sender did): for
 * every request shape, every lane's WriteRequests must be byte-identical, and the drops and the
 * series count equal.
 */
class RemoteWriteTranslatorOracleTest {

  private static final long T0 = 1_764_000_000_000_000_000L;
  private static final String[] KEYS = {"http.method", "http_method", "http.route", "le", "__name__", "job",
      "instance", "quantile", "1st", "_x", "__y", "a.b", "a_b", "a-b", "ключ", "emoji😀", "", "otel_scope_name",
      "service.name", "zone", "Zone", "a\uE000", "a\uD83D\uDE00", "a~b"};
  private static final String[] VALUES = {"GET", "POST", "", "ünïcødé", "😀 grin", "a;b", "x\"y\\z\n", "/api/v1/{id}",
      "0", "value-with-a-longer-text-to-make-labels-longer-than-127-bytes-so-that-varints-take-two-bytes-"
          + "here-and-there-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
  private static final String[] NAMES = {"http.server.request.duration", "system.cpu.utilization", "requests",
      "requests_total", "queue.size", "1weird-name", "métrique.ü", "😀.count", "a..b__c", "process.runtime.jvm.memory"};
  private static final String[] UNITS = {"", "ms", "s", "By", "1", "{requests}", "By/s", "%", "Cel", "m/s"};

  private static final List<TranslatorSettings> SETTINGS = List.of(
      TranslatorSettings.DEFAULT,
      new TranslatorSettings("ns", TranslationStrategy.UNDERSCORE_ESCAPING_WITHOUT_SUFFIXES,
          Map.of("cluster", "c1", "job", "ext-job", "zone", "ext"), true, true, true),
      new TranslatorSettings("", TranslationStrategy.NO_UTF8_ESCAPING_WITH_SUFFIXES, Map.of("env.name", "prod"),
          false, true, false),
      new TranslatorSettings("", TranslationStrategy.NO_TRANSLATION, Map.of(), true, false, true));

  @Test
  void generatedRequestsGiveTheSameWriteRequestsAsTheObjectPath() {
    int series = 0;
    int requests = 0;
    for (int seed = 0; seed < 400; seed++) {
      Random random = new Random(seed);
      ExportMetricsServiceRequest request = request(random);
      TranslatorSettings settings = SETTINGS.get(seed % SETTINGS.size());
      int lanes = 1 + random.nextInt(5);
      int maxBytes = random.nextBoolean() ? 3_000_000 : 200 + random.nextInt(4000);
      boolean metadata = random.nextBoolean();
      RemoteWriteTranslator.Result r = assertSame(request, settings, lanes, maxBytes, metadata, "seed " + seed);
      series += r.seriesCount();
      requests += r.lanes().stream().mapToInt(List::size).sum();
    }
    // The shapes are not trivial: thousands of series, requests split by size.
    assertTrue(series > 5000, "series: " + series);
    assertTrue(requests > 1000, "requests: " + requests);
  }

  @Test
  void everyMetricTypeWithFixedShapes() {
    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder()
            .setResource(resource("service.name", "svc", "service.namespace", "shop", "service.instance.id", "i-1",
                "host.name", "h"))
            .addScopeMetrics(ScopeMetrics.newBuilder().setScope(InstrumentationScope.newBuilder()
                    .setName("lib").setVersion("1.0").addAttributes(kv("scope.attr", "s")))
                .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
                .addMetrics(Metric.newBuilder().setName("g").setUnit("ms").setDescription("a gauge")
                    .setGauge(Gauge.newBuilder()
                        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T0).setAsDouble(Double.NaN)
                            .addAttributes(kv("k", "v")))
                        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T0 + 1_000_000)
                            .setAsDouble(Double.POSITIVE_INFINITY).addAttributes(kv("k", "v")))
                        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T0 - 5_000_000).setAsInt(-3)
                            .setFlags(1).addAttributes(kv("k", "v")))))
                .addMetrics(Metric.newBuilder().setName("delta").setSum(Sum.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(NumberDataPoint.newBuilder().setAsInt(1))))
                .addMetrics(Metric.newBuilder().setName("nodata"))
                .addMetrics(Metric.newBuilder().setName("h").setUnit("s").setHistogram(Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(6).setSum(1.5)
                        .addAllExplicitBounds(List.of(0.005, 0.1, 1.0, 2.5e-7))
                        .addAllBucketCounts(List.of(1L, 2L, 3L, 0L, 0L))
                        .addExemplars(Exemplar.newBuilder().setAsDouble(0.05).setTimeUnixNano(T0)
                            .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(ByteString.copyFrom(new byte[8]))
                            .addFilteredAttributes(kv("user", "u1")))
                        .addExemplars(Exemplar.newBuilder().setAsInt(7).setTimeUnixNano(T0)))
                    .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(0).setFlags(1)
                        .addAttributes(kv("le", "x")))))
                .addMetrics(Metric.newBuilder().setName("e").setExponentialHistogram(ExponentialHistogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .addDataPoints(exponential(T0, 10, 3, -7, new long[] {1, 0, 0, 0, 2, 5, 0, 1}, 2,
                        new long[] {4, 4}))
                    .addDataPoints(exponential(T0, -5, 0, 0, new long[] {1}, 0, new long[0]))
                    .addDataPoints(exponential(T0 - 1_000_000, 2, 0, 0, new long[0], 0, new long[0]).toBuilder()
                        .setFlags(1).clearSum().build())))
                .addMetrics(Metric.newBuilder().setName("s").setSummary(Summary.newBuilder()
                    .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(T0).setCount(3).setSum(4)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(1))
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99)
                            .setValue(Double.NaN)))))))
        .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
            .addMetrics(Metric.newBuilder().setName("g").setUnit("ms").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T0).setAsInt(1))))))
        .build();
    for (TranslatorSettings settings : SETTINGS) {
      for (int lanes = 1; lanes <= 3; lanes++) {
        assertSame(request, settings, lanes, 3_000_000, true, settings + " lanes " + lanes);
        assertSame(request, settings, lanes, 100, true, settings + " lanes " + lanes + " small requests");
      }
    }
  }

  @Test
  void anEmptyRequestGivesNoWriteRequests() {
    RemoteWriteTranslator.Result r = new RemoteWriteTranslator(TranslatorSettings.DEFAULT)
        .translate(new byte[0], 2, 1000, true);
    assertEquals(List.of(List.of(), List.of()), r.lanes());
    assertEquals(0, r.seriesCount());
  }

  @Test
  void invalidUtf8InAnAttributeValueIsRefusedAsTheParseRefusesIt() {
    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
            .addMetrics(Metric.newBuilder().setName("g").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(T0).setAsInt(1)
                    .addAttributes(kv("k", "a#b")))))))
        .build();
    byte[] bytes = request.toByteArray();
    // A lone lead byte of a two-byte sequence, which protobuf-java's builders would not write.
    int at = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("a#b") + 1;
    bytes[at] = (byte) 0xC3;
    assertThrows(RuntimeException.class, () -> new PrometheusTranslator(TranslatorSettings.DEFAULT)
        .translate(Metrics.fromBytes(bytes, ClientContext.EMPTY)));
    assertThrows(MalformedDataException.class, () -> new RemoteWriteTranslator(TranslatorSettings.DEFAULT)
        .translate(bytes, 1, 1000, false));
  }

  /** Asserts that both paths give the same bytes, lane by lane. */
  static RemoteWriteTranslator.Result assertSame(ExportMetricsServiceRequest request, TranslatorSettings settings, int lanes,
      int maxBytes, boolean metadata, String what) {
    byte[] bytes = request.toByteArray();
    Translation t = new PrometheusTranslator(settings).translate(Metrics.fromBytes(bytes, ClientContext.EMPTY));
    List<List<PromSeries>> perLane = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      perLane.add(new ArrayList<>());
    }
    for (PromSeries s : t.series()) {
      perLane.get(Math.floorMod(s.labels().hashCode(), lanes)).add(s);
    }
    List<Translation.Metadata> meta = metadata ? new ArrayList<>(t.metadata()) : List.of();
    RemoteWriteTranslator.Result wire = new RemoteWriteTranslator(settings)
        .translate(Metrics.fromBytes(bytes, ClientContext.EMPTY), lanes, maxBytes, metadata);
    assertEquals(lanes, wire.lanes().size(), what);
    for (int i = 0; i < lanes; i++) {
      List<byte[]> expected = WriteRequestEncoder.encode(perLane.get(i), i == 0 ? meta : List.of(), maxBytes);
      List<byte[]> actual = wire.lanes().get(i);
      assertEquals(expected.size(), actual.size(), what + ": requests of lane " + i);
      for (int j = 0; j < expected.size(); j++) {
        assertArrayEquals(expected.get(j), actual.get(j), what + ": lane " + i + " request " + j);
      }
    }
    assertEquals(t.drops(), wire.drops(), what);
    assertEquals(t.series().size(), wire.seriesCount(), what);
    return wire;
  }

  // ---- generated requests ----

  static ExportMetricsServiceRequest request(Random r) {
    ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
    int resources = r.nextInt(4);
    for (int i = 0; i < resources; i++) {
      ResourceMetrics.Builder rm = ResourceMetrics.newBuilder();
      if (r.nextInt(4) > 0) {
        Resource.Builder res = Resource.newBuilder();
        if (r.nextBoolean()) {
          res.addAttributes(kv("service.name", "svc" + r.nextInt(2)));
        }
        if (r.nextInt(3) == 0) {
          res.addAttributes(kv("service.namespace", "ns"));
        }
        if (r.nextBoolean()) {
          res.addAttributes(kv("service.instance.id", "inst-" + r.nextInt(2)));
        }
        for (int a = r.nextInt(4); a > 0; a--) {
          res.addAttributes(attribute(r));
        }
        rm.setResource(res);
      }
      for (int s = r.nextInt(3); s >= 0; s--) {
        ScopeMetrics.Builder sm = ScopeMetrics.newBuilder();
        if (r.nextBoolean()) {
          InstrumentationScope.Builder scope = InstrumentationScope.newBuilder().setName("scope" + r.nextInt(2))
              .setVersion(r.nextBoolean() ? "1.2" : "");
          if (r.nextBoolean()) {
            scope.addAttributes(attribute(r));
          }
          sm.setScope(scope);
          if (r.nextBoolean()) {
            sm.setSchemaUrl("https://opentelemetry.io/schemas/1.26.0");
          }
        }
        for (int m = r.nextInt(5); m > 0; m--) {
          sm.addMetrics(metric(r));
        }
        rm.addScopeMetrics(sm);
      }
      b.addResourceMetrics(rm);
      if (r.nextInt(5) == 0) {
        b.addResourceMetrics(rm); // the same resource twice: series merged, samples sorted by time
      }
    }
    return b.build();
  }

  private static Metric metric(Random r) {
    Metric.Builder m = Metric.newBuilder().setName(NAMES[r.nextInt(NAMES.length)])
        .setUnit(UNITS[r.nextInt(UNITS.length)]);
    if (r.nextBoolean()) {
      m.setDescription("description " + r.nextInt(3));
    }
    AggregationTemporality temporality = r.nextInt(6) == 0 ? AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
        : AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    int points = r.nextInt(4);
    switch (r.nextInt(7)) {
      case 0 -> {
        Gauge.Builder g = Gauge.newBuilder();
        for (int i = 0; i < points; i++) {
          g.addDataPoints(number(r));
        }
        m.setGauge(g);
      }
      case 1, 2 -> {
        Sum.Builder s = Sum.newBuilder().setAggregationTemporality(temporality).setIsMonotonic(r.nextBoolean());
        for (int i = 0; i < points; i++) {
          s.addDataPoints(number(r));
        }
        m.setSum(s);
      }
      case 3 -> {
        Histogram.Builder h = Histogram.newBuilder().setAggregationTemporality(temporality);
        for (int i = 0; i < points; i++) {
          HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder().setTimeUnixNano(time(r))
              .setStartTimeUnixNano(T0 - 1).setCount(r.nextInt(100)).setFlags(r.nextInt(8) == 0 ? 1 : 0);
          if (r.nextBoolean()) {
            p.setSum(r.nextDouble() * 100);
          }
          int bounds = r.nextInt(5);
          double bound = r.nextInt(3) - 1;
          for (int k = 0; k < bounds; k++) {
            bound += r.nextBoolean() ? r.nextInt(100) : r.nextDouble();
            p.addExplicitBounds(bound);
          }
          for (int k = bounds + r.nextInt(3) - 1; k > 0; k--) {
            p.addBucketCounts(r.nextInt(10));
          }
          attributes(r, p::addAttributes);
          exemplars(r, p::addExemplars);
          h.addDataPoints(p);
        }
        m.setHistogram(h);
      }
      case 4 -> {
        ExponentialHistogram.Builder h = ExponentialHistogram.newBuilder().setAggregationTemporality(temporality);
        for (int i = 0; i < points; i++) {
          long[] pos = new long[r.nextInt(8)];
          for (int k = 0; k < pos.length; k++) {
            pos[k] = r.nextInt(3) == 0 ? 0 : r.nextInt(20);
          }
          long[] neg = new long[r.nextInt(3)];
          for (int k = 0; k < neg.length; k++) {
            neg[k] = r.nextInt(5);
          }
          ExponentialHistogramDataPoint.Builder p = exponential(time(r), r.nextInt(16) - 6, r.nextInt(3),
              r.nextInt(20) - 10, pos, r.nextInt(6) - 3, neg).toBuilder().setFlags(r.nextInt(8) == 0 ? 1 : 0);
          if (r.nextInt(4) == 0) {
            p.clearSum();
          }
          attributes(r, p::addAttributes);
          exemplars(r, p::addExemplars);
          h.addDataPoints(p);
        }
        m.setExponentialHistogram(h);
      }
      case 5 -> {
        Summary.Builder s = Summary.newBuilder();
        for (int i = 0; i < points; i++) {
          SummaryDataPoint.Builder p = SummaryDataPoint.newBuilder().setTimeUnixNano(time(r)).setCount(r.nextInt(50))
              .setSum(r.nextDouble()).setFlags(r.nextInt(8) == 0 ? 1 : 0);
          for (int q = r.nextInt(4); q > 0; q--) {
            p.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                .setQuantile(new double[] {0, 0.5, 0.9, 0.99, 1}[r.nextInt(5)]).setValue(r.nextDouble()));
          }
          attributes(r, p::addAttributes);
          s.addDataPoints(p);
        }
        m.setSummary(s);
      }
      default -> { } // no data
    }
    return m.build();
  }

  private static NumberDataPoint number(Random r) {
    NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setTimeUnixNano(time(r)).setStartTimeUnixNano(T0 - 1);
    switch (r.nextInt(6)) {
      case 0 -> p.setAsInt(r.nextInt(1000) - 500);
      case 1 -> p.setAsDouble(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0}[
          r.nextInt(4)]);
      case 2 -> { } // no value
      default -> p.setAsDouble(r.nextGaussian() * 1e3);
    }
    if (r.nextInt(8) == 0) {
      p.setFlags(1);
    }
    attributes(r, p::addAttributes);
    exemplars(r, p::addExemplars);
    return p.build();
  }

  private static long time(Random r) {
    return r.nextInt(10) == 0 ? 0 : T0 + r.nextInt(5) * 1_000_000_000L - r.nextInt(3) * 7_000_000L;
  }

  private static void attributes(Random r, java.util.function.Consumer<KeyValue> add) {
    for (int a = r.nextInt(6); a > 0; a--) {
      add.accept(attribute(r));
    }
  }

  private static void exemplars(Random r, java.util.function.Consumer<Exemplar> add) {
    if (r.nextInt(5) > 0) {
      return;
    }
    for (int e = 1 + r.nextInt(3); e > 0; e--) {
      Exemplar.Builder x = Exemplar.newBuilder().setTimeUnixNano(time(r));
      if (r.nextBoolean()) {
        x.setAsDouble(r.nextDouble() * 50);
      } else {
        x.setAsInt(r.nextInt(50));
      }
      if (r.nextBoolean()) {
        byte[] id = new byte[16];
        r.nextBytes(id);
        x.setTraceId(ByteString.copyFrom(id)).setSpanId(ByteString.copyFrom(id, 0, 8));
      }
      for (int a = r.nextInt(3); a > 0; a--) {
        x.addFilteredAttributes(attribute(r));
      }
      add.accept(x.build());
    }
  }

  private static KeyValue attribute(Random r) {
    String key = KEYS[r.nextInt(KEYS.length)];
    AnyValue value = switch (r.nextInt(10)) {
      case 0 -> AnyValue.newBuilder().setIntValue(r.nextInt(2000) - 1000).build();
      case 1 -> AnyValue.newBuilder().setBoolValue(r.nextBoolean()).build();
      case 2 -> AnyValue.newBuilder().setDoubleValue(new double[] {1.5, 1e21, 1e-7, Double.NaN, 3}[r.nextInt(5)])
          .build();
      case 3 -> AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
          .addValues(AnyValue.newBuilder().setStringValue("x")).addValues(AnyValue.newBuilder().setIntValue(2)))
          .build();
      case 4 -> AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(kv("b", "1"))
          .addValues(kv("a", "2"))).build();
      case 5 -> AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("bytes")).build();
      case 6 -> AnyValue.getDefaultInstance();
      default -> AnyValue.newBuilder().setStringValue(VALUES[r.nextInt(VALUES.length)]).build();
    };
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static ExponentialHistogramDataPoint exponential(long time, int scale, long zeroCount, int offset,
      long[] positive, int negOffset, long[] negative) {
    ExponentialHistogramDataPoint p = MetricData.exponentialPoint(time, scale, zeroCount, offset, positive);
    ExponentialHistogramDataPoint.Buckets.Builder neg = ExponentialHistogramDataPoint.Buckets.newBuilder()
        .setOffset(negOffset);
    long count = p.getCount();
    for (long c : negative) {
      neg.addBucketCounts(c);
      count += c;
    }
    return p.toBuilder().setStartTimeUnixNano(time - 1).setNegative(neg).setCount(count).setSum(count * 1.5)
        .addAttributes(kv("k", "v")).build();
  }

  private static Resource resource(String... keyValues) {
    Resource.Builder r = Resource.newBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      r.addAttributes(kv(keyValues[i], keyValues[i + 1]));
    }
    return r.build();
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  @Test
  void theGeneratedShapesCoverEveryMetricType() {
    boolean[] seen = new boolean[12];
    for (int seed = 0; seed < 400; seed++) {
      for (ResourceMetrics rm : request(new Random(seed)).getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            seen[m.getDataCase().getNumber() == 0 ? 0 : m.getDataCase().getNumber()] = true;
          }
        }
      }
    }
    for (int field : new int[] {0, 5, 7, 9, 10, 11}) {
      assertTrue(seen[field], "metric data " + field);
    }
  }
}
