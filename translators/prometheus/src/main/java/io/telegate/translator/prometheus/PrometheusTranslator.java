package io.telegate.translator.prometheus;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.telegate.core.data.Metrics;
import io.telegate.translator.prometheus.PrometheusNaming.Kind;
import io.telegate.translator.prometheus.PromSeries.Type;
import io.telegate.translator.prometheus.Translation.DropReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Translates OTLP metrics to Prometheus series as the OpenTelemetry specification and the
 * Collector's {@code pkg/translator/prometheusremotewrite} do: gauges and cumulative sums as
 * samples, histograms as {@code _bucket}/{@code _sum}/{@code _count}, summaries with {@code
 * quantile}, exponential histograms as native histograms, {@code job}/{@code instance} from the
 * resource, {@code target_info}, scope labels, staleness markers and exemplars. Delta temporality
 * is dropped and reported in {@link Translation#drops()}. Stateless and thread-safe.
 */
public final class PrometheusTranslator {

  /** Prometheus' staleness marker: a NaN with a payload that PromQL recognises. */
  public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
  public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

  static final String SERVICE_NAME = "service.name";
  static final String SERVICE_NAMESPACE = "service.namespace";
  static final String SERVICE_INSTANCE_ID = "service.instance.id";
  private static final double ZERO_THRESHOLD = 1e-128;
  private static final int MAX_EXEMPLAR_RUNES = 128;
  private static final int MAX_SCALE = 8;
  private static final int MIN_SCALE = -4;

  private static final Comparator<KeyValue> BY_KEY = Comparator.comparing(KeyValue::getKey);
  // Names repeat from request to request: computing them is a good share of the per-point work.
  // Bounded, so that a client sending ever-new names cannot grow the heap through them.
  private static final int MAX_CACHED_NAMES = 10_000;

  private final TranslatorSettings settings;
  private final boolean escape;
  private final Map<String, String> labelNames = new ConcurrentHashMap<>();
  private final Map<MetricNameKey, String> metricNames = new ConcurrentHashMap<>();

  public PrometheusTranslator(TranslatorSettings settings) {
    this.settings = settings;
    this.escape = settings.strategy().escapes();
  }

  public TranslatorSettings settings() {
    return settings;
  }

  public Translation translate(Metrics metrics) {
    return translate(metrics.request());
  }

  public Translation translate(ExportMetricsServiceRequest request) {
    Translation out = new Translation();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      ResourceLabels resource = new ResourceLabels(rm.getResource().getAttributesList());
      long newest = 0;
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        BaseLabels base = new BaseLabels(resource, scopeLabels(sm.getScope(), sm.getSchemaUrl()));
        for (Metric m : sm.getMetricsList()) {
          newest = Math.max(newest, translateMetric(m, base, out));
        }
      }
      if (settings.targetInfo()) {
        addTargetInfo(rm.getResource().getAttributesList(), resource, newest, out);
      }
    }
    for (PromSeries s : out.series.values()) {
      s.sortByTime();
    }
    return out;
  }

  /** Translates one metric; returns its newest timestamp in ns (0 if none was kept). */
  private long translateMetric(Metric m, BaseLabels base, Translation out) {
    String unit = m.getUnit();
    long newest = 0;
    switch (m.getDataCase()) {
      case GAUGE -> {
        String name = name(m, Kind.GAUGE);
        meta(out, name, Type.GAUGE, m);
        for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
          newest = Math.max(newest, addNumber(p, name, Type.GAUGE, base, out));
        }
      }
      case SUM -> {
        if (m.getSum().getAggregationTemporality() != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
          out.drops.add(new Translation.Drop(m.getName(), DropReason.DELTA_TEMPORALITY, Metrics.pointsOf(m)));
          return 0;
        }
        boolean monotonic = m.getSum().getIsMonotonic();
        Type type = monotonic ? Type.COUNTER : Type.GAUGE;
        String name = name(m, monotonic ? Kind.MONOTONIC_SUM : Kind.NON_MONOTONIC_SUM);
        meta(out, name, type, m);
        for (NumberDataPoint p : m.getSum().getDataPointsList()) {
          newest = Math.max(newest, addNumber(p, name, type, base, out));
        }
      }
      case HISTOGRAM -> {
        if (m.getHistogram().getAggregationTemporality()
            != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
          out.drops.add(new Translation.Drop(m.getName(), DropReason.DELTA_TEMPORALITY, Metrics.pointsOf(m)));
          return 0;
        }
        String name = name(m, Kind.HISTOGRAM);
        meta(out, name, Type.HISTOGRAM, m);
        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
          newest = Math.max(newest, addHistogram(p, name, base, out));
        }
      }
      case EXPONENTIAL_HISTOGRAM -> {
        if (m.getExponentialHistogram().getAggregationTemporality()
            != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
          out.drops.add(new Translation.Drop(m.getName(), DropReason.DELTA_TEMPORALITY, Metrics.pointsOf(m)));
          return 0;
        }
        String name = name(m, Kind.EXPONENTIAL_HISTOGRAM);
        meta(out, name, Type.HISTOGRAM, m);
        int refused = 0;
        for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
          if (p.getScale() < MIN_SCALE) {
            refused++;
            continue;
          }
          newest = Math.max(newest, addNativeHistogram(p, name, base, out));
        }
        if (refused > 0) {
          out.drops.add(new Translation.Drop(m.getName(), DropReason.EXPONENTIAL_HISTOGRAM_SCALE, refused));
        }
      }
      case SUMMARY -> {
        String name = name(m, Kind.SUMMARY);
        meta(out, name, Type.SUMMARY, m);
        for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
          newest = Math.max(newest, addSummary(p, name, base, out));
        }
      }
      case DATA_NOT_SET -> out.drops.add(new Translation.Drop(m.getName(), DropReason.NO_DATA, 0));
      default -> throw new IllegalStateException("unknown metric data " + m.getDataCase() + " of " + unit);
    }
    return newest;
  }

  private String name(Metric m, Kind kind) {
    return name(m.getName(), m.getUnit(), kind);
  }

  /** The series name of a metric, from a bounded cache. */
  String name(String metric, String unit, Kind kind) {
    MetricNameKey key = new MetricNameKey(metric, unit, kind);
    String cached = metricNames.get(key);
    if (cached != null) {
      return cached;
    }
    String name = PrometheusNaming.metricName(metric, unit, kind, settings.namespace(), settings.strategy());
    if (metricNames.size() < MAX_CACHED_NAMES) {
      metricNames.put(key, name);
    }
    return name;
  }

  private record MetricNameKey(String name, String unit, Kind kind) {}

  private static void meta(Translation out, String family, Type type, Metric m) {
    out.metadata.putIfAbsent(family, new Translation.Metadata(family, type, m.getDescription(), m.getUnit()));
  }

  static boolean stale(int flags) {
    return (flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0;
  }

  private long addNumber(NumberDataPoint p, String name, Type type, BaseLabels base, Translation out) {
    double value = switch (p.getValueCase()) {
      case AS_INT -> p.getAsInt();
      case AS_DOUBLE -> p.getAsDouble();
      case VALUE_NOT_SET -> 0;
    };
    if (stale(p.getFlags())) {
      value = STALE_NAN;
    }
    PromSeries s = series(out, pointLabels(p.getAttributesList(), base).labels(name, null, null), name, type);
    long ts = p.getTimeUnixNano() / 1_000_000;
    s.addSample(ts, value);
    for (io.opentelemetry.proto.metrics.v1.Exemplar e : p.getExemplarsList()) {
      s.addExemplar(exemplar(e));
    }
    return p.getTimeUnixNano();
  }

  private long addHistogram(HistogramDataPoint p, String name, BaseLabels base, Translation out) {
    long ts = p.getTimeUnixNano() / 1_000_000;
    boolean stale = stale(p.getFlags());
    PointLabels attrs = pointLabels(p.getAttributesList(), base);
    if (p.hasSum()) {
      series(out, attrs.labels(name + "_sum", null, null), name, Type.HISTOGRAM)
          .addSample(ts, stale ? STALE_NAN : p.getSum());
    }
    series(out, attrs.labels(name + "_count", null, null), name, Type.HISTOGRAM)
        .addSample(ts, stale ? STALE_NAN : p.getCount());
    List<io.opentelemetry.proto.metrics.v1.Exemplar> exemplars = new ArrayList<>(p.getExemplarsList());
    exemplars.sort(Comparator.comparingDouble(PrometheusTranslator::exemplarValue));
    int next = 0;
    long cumulative = 0;
    String bucketName = name + "_bucket";
    for (int i = 0; i < p.getExplicitBoundsCount(); i++) {
      double bound = p.getExplicitBounds(i);
      cumulative += i < p.getBucketCountsCount() ? p.getBucketCounts(i) : 0;
      PromSeries b = series(out, attrs.labels(bucketName, "le", LabelText.formatFloat(bound)), name, Type.HISTOGRAM);
      b.addSample(ts, stale ? STALE_NAN : cumulative);
      while (next < exemplars.size() && exemplarValue(exemplars.get(next)) <= bound) {
        b.addExemplar(exemplar(exemplars.get(next++)));
      }
    }
    PromSeries inf = series(out, attrs.labels(bucketName, "le", "+Inf"), name, Type.HISTOGRAM);
    inf.addSample(ts, stale ? STALE_NAN : p.getCount());
    while (next < exemplars.size()) {
      inf.addExemplar(exemplar(exemplars.get(next++)));
    }
    return p.getTimeUnixNano();
  }

  private long addSummary(SummaryDataPoint p, String name, BaseLabels base, Translation out) {
    long ts = p.getTimeUnixNano() / 1_000_000;
    boolean stale = stale(p.getFlags());
    PointLabels attrs = pointLabels(p.getAttributesList(), base);
    series(out, attrs.labels(name + "_sum", null, null), name, Type.SUMMARY)
        .addSample(ts, stale ? STALE_NAN : p.getSum());
    series(out, attrs.labels(name + "_count", null, null), name, Type.SUMMARY)
        .addSample(ts, stale ? STALE_NAN : p.getCount());
    for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
      series(out, attrs.labels(name, "quantile", LabelText.formatFloat(q.getQuantile())),
          name, Type.SUMMARY).addSample(ts, stale ? STALE_NAN : q.getValue());
    }
    return p.getTimeUnixNano();
  }

  private long addNativeHistogram(ExponentialHistogramDataPoint p, String name, BaseLabels base,
      Translation out) {
    int scale = p.getScale();
    int scaleDown = 0;
    if (scale > MAX_SCALE) {
      scaleDown = scale - MAX_SCALE;
      scale = MAX_SCALE;
    }
    NativeBuckets pos = NativeBuckets.of(p.getPositive().getOffset(), p.getPositive().getBucketCountsList(), scaleDown);
    NativeBuckets neg = NativeBuckets.of(p.getNegative().getOffset(), p.getNegative().getBucketCountsList(), scaleDown);
    boolean stale = stale(p.getFlags());
    double sum = stale ? STALE_NAN : (p.hasSum() ? p.getSum() : 0);
    // A stale native histogram carries the marker in its count, as Prometheus' own encoder does.
    long count = stale ? STALE_NAN_BITS : p.getCount();
    PromSeries s = series(out, pointLabels(p.getAttributesList(), base).labels(name, null, null), name,
        Type.HISTOGRAM);
    s.addHistogram(new PromSeries.NativeHistogram(count, sum, scale, ZERO_THRESHOLD, p.getZeroCount(), pos.spans(),
        pos.deltas(), neg.spans(), neg.deltas(), p.getTimeUnixNano() / 1_000_000));
    for (io.opentelemetry.proto.metrics.v1.Exemplar e : p.getExemplarsList()) {
      s.addExemplar(exemplar(e));
    }
    return p.getTimeUnixNano();
  }

  static double exemplarValue(io.opentelemetry.proto.metrics.v1.Exemplar e) {
    return e.hasAsInt() ? e.getAsInt() : e.getAsDouble();
  }

  PromSeries.Exemplar exemplar(io.opentelemetry.proto.metrics.v1.Exemplar e) {
    Map<String, String> l = new LinkedHashMap<>();
    int runes = 0;
    if (!e.getTraceId().isEmpty()) {
      l.put("trace_id", HexFormat.of().formatHex(e.getTraceId().toByteArray()));
      runes += "trace_id".length() + 32;
    }
    if (!e.getSpanId().isEmpty()) {
      l.put("span_id", HexFormat.of().formatHex(e.getSpanId().toByteArray()));
      runes += "span_id".length() + 16;
    }
    // Prometheus refuses exemplars whose labels exceed 128 runes; the ids matter most, so the
    // filtered attributes are added only when everything fits.
    Map<String, String> attrs = new LinkedHashMap<>();
    for (KeyValue kv : e.getFilteredAttributesList()) {
      String k = PrometheusNaming.labelName(kv.getKey(), escape);
      String v = LabelText.asString(kv.getValue());
      attrs.put(k, v);
      runes += k.codePointCount(0, k.length()) + v.codePointCount(0, v.length());
    }
    if (runes <= MAX_EXEMPLAR_RUNES) {
      attrs.forEach(l::putIfAbsent);
    }
    return new PromSeries.Exemplar(Labels.of(l), exemplarValue(e), e.getTimeUnixNano() / 1_000_000);
  }

  private static PromSeries series(Translation out, Labels labels, String family, Type type) {
    PromSeries s = out.series.get(labels);
    if (s == null) {
      s = new PromSeries(labels, family, type);
      out.series.put(labels, s);
    }
    return s;
  }

  /**
   * The labels a data point's series share, in the Collector's order of precedence: job and
   * instance, scope labels, point attributes, promoted resource attributes, external labels (the
   * first that has a name wins; see {@link BaseLabels}). Built once per point; each series adds its
   * name (and {@code le} or {@code quantile}). Empty names and values are left out at the end, so
   * an empty value still hides a lower source's value for its name, as the Collector's map does.
   */
  PointLabels pointLabels(List<KeyValue> attributes, BaseLabels base) {
    int n = attributes.size();
    String[] keys = new String[n];
    String[] values = new String[n];
    int count = sanitizedSorted(attributes, keys, values);
    String[] names = new String[count + base.names.length];
    String[] merged = new String[names.length];
    int out = 0;
    int a = 0;
    int b = 0;
    while (a < count || b < base.names.length) {
      int c = a == count ? 1 : b == base.names.length ? -1 : keys[a].compareTo(base.names[b]);
      String name;
      String value;
      if (c < 0) {
        name = keys[a];
        value = values[a++];
      } else if (c > 0) {
        name = base.names[b];
        value = base.values[b++];
      } else {
        name = keys[a];
        value = base.wins[b] ? base.values[b] : values[a];
        a++;
        b++;
      }
      if (!name.isEmpty() && value != null && !value.isEmpty()) {
        names[out] = name;
        merged[out++] = value;
      }
    }
    return new PointLabels(names, merged, out);
  }

  /**
   * A point's attributes as sanitized label names and string values into {@code keys}/{@code
   * values}, sorted by label name, unique: attributes whose names collide once sanitized are joined
   * with {@code ;} in the order of their original keys, as the Collector does. Returns the count.
   */
  private int sanitizedSorted(List<KeyValue> attributes, String[] keys, String[] values) {
    int n = attributes.size();
    if (n == 0) {
      return 0;
    }
    KeyValue[] byKey = attributes.toArray(new KeyValue[0]);
    if (n > 1) {
      Arrays.sort(byKey, BY_KEY);
    }
    int count = 0;
    for (KeyValue kv : byKey) {
      String key = labelName(kv.getKey());
      String value = LabelText.asString(kv.getValue());
      int at = -1;
      for (int i = 0; i < count; i++) {
        if (keys[i].equals(key)) {
          at = i;
          break;
        }
      }
      if (at >= 0) {
        values[at] = values[at] + ";" + value;
      } else {
        keys[count] = key;
        values[count++] = value;
      }
    }
    // Sanitizing can change the order ("a.b" sorts before "a_a" but becomes "a_b"): insertion
    // sort by label name, which is cheap for the few attributes a point has.
    for (int i = 1; i < count; i++) {
      String k = keys[i];
      String v = values[i];
      int j = i - 1;
      while (j >= 0 && keys[j].compareTo(k) > 0) {
        keys[j + 1] = keys[j];
        values[j + 1] = values[j];
        j--;
      }
      keys[j + 1] = k;
      values[j + 1] = v;
    }
    return count;
  }

  /** A sanitized label name, from a bounded cache for names that need escaping. */
  String labelName(String key) {
    String cached = labelNames.get(key);
    if (cached != null) {
      return cached;
    }
    String name = PrometheusNaming.labelName(key, escape);
    if (labelNames.size() < MAX_CACHED_NAMES) {
      labelNames.put(key, name);
    }
    return name;
  }

  /**
   * Attributes as sanitized labels; attributes whose names collide once sanitized are joined with
   * {@code ;} in the order of their original keys (sorted), as the Collector does.
   */
  private Map<String, String> sanitized(List<KeyValue> attributes, List<String> ignore) {
    List<KeyValue> kept = attributes;
    if (!ignore.isEmpty()) {
      kept = new ArrayList<>(attributes.size());
      for (KeyValue kv : attributes) {
        if (!ignore.contains(kv.getKey())) {
          kept.add(kv);
        }
      }
    }
    String[] keys = new String[kept.size()];
    String[] values = new String[kept.size()];
    int count = sanitizedSorted(kept, keys, values);
    Map<String, String> l = new HashMap<>(count + 8);
    for (int i = 0; i < count; i++) {
      l.put(keys[i], values[i]);
    }
    return l;
  }

  Map<String, String> scopeLabels(InstrumentationScope scope, String schemaUrl) {
    if (!settings.scopeLabels() || scope.getName().isEmpty()) {
      return Map.of();
    }
    Map<String, String> l = new HashMap<>();
    l.put("otel_scope_name", scope.getName());
    l.put("otel_scope_version", scope.getVersion());
    l.put("otel_scope_schema_url", schemaUrl);
    for (KeyValue kv : scope.getAttributesList()) {
      l.put(PrometheusNaming.labelName("otel_scope_" + kv.getKey(), escape), LabelText.asString(kv.getValue()));
    }
    return l;
  }

  /**
   * One {@code target_info} sample per resource with its non-identifying attributes, unless it has
   * none, has neither job nor instance, or had no points.
   */
  private void addTargetInfo(List<KeyValue> attributes, ResourceLabels resource, long newestNanos, Translation out) {
    Labels labels = targetInfoLabels(attributes, resource, newestNanos);
    if (labels == null) {
      return;
    }
    String name = targetInfoName();
    out.metadata.putIfAbsent(name, targetInfoMetadata());
    series(out, labels, name, Type.INFO).addSample(newestNanos / 1_000_000, 1);
  }

  String targetInfoName() {
    return settings.namespace().isEmpty() ? "target_info" : settings.namespace() + "_target_info";
  }

  Translation.Metadata targetInfoMetadata() {
    String name = targetInfoName();
    return new Translation.Metadata(name, Type.INFO, "Target metadata", "");
  }

  /** The labels of a resource's {@code target_info} series, or null if it gets none. */
  Labels targetInfoLabels(List<KeyValue> attributes, ResourceLabels resource, long newestNanos) {
    if (newestNanos == 0 || (resource.job == null && resource.instance == null)) {
      return null;
    }
    List<String> identifying = List.of(SERVICE_NAME, SERVICE_NAMESPACE, SERVICE_INSTANCE_ID);
    boolean hasOther = attributes.stream().anyMatch(kv -> !identifying.contains(kv.getKey()));
    if (!hasOther) {
      return null;
    }
    Map<String, String> l = sanitized(attributes, identifying);
    if (resource.job != null) {
      l.put("job", resource.job);
    }
    if (resource.instance != null) {
      l.put("instance", resource.instance);
    }
    settings.externalLabels().forEach(l::putIfAbsent);
    l.put(Labels.NAME, targetInfoName());
    return Labels.of(l);
  }

  /** What a resource contributes to every series: job, instance and, if enabled, all its attributes. */
  final class ResourceLabels {
    final String job;
    final String instance;
    final Map<String, String> promoted;

    ResourceLabels(List<KeyValue> attributes) {
      String service = null;
      String namespace = null;
      String inst = null;
      for (KeyValue kv : attributes) {
        switch (kv.getKey()) {
          case SERVICE_NAME -> service = LabelText.asString(kv.getValue());
          case SERVICE_NAMESPACE -> namespace = LabelText.asString(kv.getValue());
          case SERVICE_INSTANCE_ID -> inst = LabelText.asString(kv.getValue());
          default -> { }
        }
      }
      this.job = service == null ? null : namespace == null ? service : namespace + "/" + service;
      this.instance = inst;
      this.promoted = settings.resourceToTelemetry() ? sanitized(attributes, List.of()) : Map.of();
    }
  }

  /**
   * What every point of one resource and scope contributes, sorted by name: job and instance, then
   * scope labels ({@code wins}: they override a point attribute of the same name), then promoted
   * resource attributes, then external labels (a point attribute of the same name overrides them).
   */
  final class BaseLabels {
    final String[] names;
    final String[] values;
    final boolean[] wins;

    BaseLabels(ResourceLabels resource, Map<String, String> scope) {
      TreeMap<String, String> high = new TreeMap<>(scope);
      if (resource.job != null) {
        high.put("job", resource.job);
      }
      if (resource.instance != null) {
        high.put("instance", resource.instance);
      }
      TreeMap<String, String> all = new TreeMap<>(settings.externalLabels());
      all.putAll(resource.promoted);
      all.putAll(high);
      names = all.keySet().toArray(new String[0]);
      values = all.values().toArray(new String[0]);
      wins = new boolean[names.length];
      for (int i = 0; i < names.length; i++) {
        wins[i] = high.containsKey(names[i]);
      }
    }
  }

  /** A point's labels: sorted by name, unique, no empty name or value. */
  static final class PointLabels {
    private final String[] names;
    private final String[] values;
    private final int count;

    PointLabels(String[] names, String[] values, int count) {
      this.names = names;
      this.values = values;
      this.count = count;
    }

    /** The labels of one of the point's series: these plus {@code __name__} and an optional extra label. */
    Labels labels(String name, String extraName, String extraValue) {
      return Labels.of(names, values, count, name, extraName, extraValue);
    }
  }
}
