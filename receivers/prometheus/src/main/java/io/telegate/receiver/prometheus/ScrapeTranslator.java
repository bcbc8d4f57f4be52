package io.telegate.receiver.prometheus;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
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
import io.telegate.receiver.prometheus.MetricFamily.Sample;
import io.telegate.receiver.prometheus.MetricFamily.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Prometheus to OTLP for the scrapes of one target, as the Collector's prometheus receiver translates
 * them: counters become cumulative monotonic sums, gauges and unknown types gauges, classic
 * histograms explicit-bucket histograms, native histograms (of the protobuf format) exponential
 * histograms, summaries summaries; {@code job} and {@code instance} make the
 * resource ({@code service.name}, {@code service.instance.id}, {@code server.address},
 * {@code server.port}, {@code url.scheme}) and {@code target_info}'s labels join it.
 *
 * <p>It keeps, per series, the start time of cumulative series (OpenMetrics {@code _created} when
 * given; else the first time the series was seen, and again after a value went down: a reset) and the
 * last point, so that a series that disappears gets a stale marker: a point flagged
 * {@code no_recorded_value}, which remote write sends as Prometheus's StaleNaN. A failed scrape, or
 * the target going away, marks every series stale, as Prometheus does. Not thread-safe: one scrape
 * of the target at a time.
 */
final class ScrapeTranslator {

  static final String SCOPE_NAME = "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/prometheusreceiver";
  private static final int STALE = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;

  private final ScrapeTarget target;
  private final ScrapeConfig.Resolved job;
  private final Relabeling metricRelabeling;
  private final boolean extraMetrics;
  private final InstrumentationScope scope;
  private final String scheme;

  private final Map<String, SeriesState> series = new HashMap<>();
  private final Map<String, Resource> resources = new HashMap<>();
  private Set<String> previousSamples = Set.of();
  private long generation;

  ScrapeTranslator(ScrapeTarget target, ScrapeConfig.Resolved job, boolean extraMetrics, String version) {
    this.target = target;
    this.job = job;
    this.metricRelabeling = Relabeling.of(job.config().metricRelabelConfigs());
    this.extraMetrics = extraMetrics;
    this.scope = InstrumentationScope.newBuilder().setName(SCOPE_NAME).setVersion(version).build();
    this.scheme = target.url().getScheme();
  }

  /** What one scrape gave: the request to send and the counts Prometheus reports. */
  record Result(ExportMetricsServiceRequest request, int scraped, int postRelabel, int seriesAdded) {}

  /** Thrown when a scrape breaks a limit; the scrape then counts as failed. */
  static final class LimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LimitException(String message) {
      super(message, null, false, false);
    }
  }

  /** Series kinds, each an OTLP point type. */
  private enum Kind { GAUGE, SUM, HISTOGRAM, SUMMARY, EXPONENTIAL }

  /** One OTLP series across scrapes: where it goes, its start time and its last point. */
  private static final class SeriesState {
    final String resourceKey;
    final String metricName;
    final Kind kind;
    final String unit;
    final String help;
    long startNanos;
    double last = Double.NaN;
    long generation;
    com.google.protobuf.Message lastPoint;

    SeriesState(String resourceKey, String metricName, Kind kind, String unit, String help) {
      this.resourceKey = resourceKey;
      this.metricName = metricName;
      this.kind = kind;
      this.unit = unit;
      this.help = help;
    }
  }

  /** A series being built in this scrape. */
  private static final class Building {
    final SeriesState state;
    final List<KeyValue> attributes;
    long timeMs;
    double value = Double.NaN;
    double sum = Double.NaN;
    double count = Double.NaN;
    long createdMs = Sample.NO_TIMESTAMP;
    final TreeMap<Double, Double> buckets = new TreeMap<>();
    final TreeMap<Double, Double> quantiles = new TreeMap<>();
    final List<Exemplar> exemplars = new ArrayList<>();
    NativeHistogram histogram;

    Building(SeriesState state, List<KeyValue> attributes) {
      this.state = state;
      this.attributes = attributes;
    }
  }

  /**
   * Translates one successful scrape.
   *
   * @param scrapeMs the scrape's start, the timestamp of samples without one
   * @param durationSeconds how long the scrape took, for {@code scrape_duration_seconds}
   * @throws LimitException when a sample or label limit is broken (nothing of the scrape is kept)
   */
  Result translate(List<MetricFamily> families, long scrapeMs, double durationSeconds, long bodyBytes) {
    long gen = ++generation;
    Map<String, Building> building = new LinkedHashMap<>();
    Map<String, Map<String, String>> targetInfo = new HashMap<>();
    Set<String> sampleKeys = new HashSet<>();
    int scraped = 0;
    int kept = 0;
    for (MetricFamily f : families) {
      for (Sample s : f.samples()) {
        scraped++;
        Map<String, String> labels = labels(s);
        if (!metricRelabeling.isEmpty() && !metricRelabeling.apply(labels)) {
          continue;
        }
        checkLabelLimits(labels);
        kept++;
        if (job.sampleLimit() > 0 && kept > job.sampleLimit()) {
          throw new LimitException("sample limit exceeded (limit: " + job.sampleLimit() + ")");
        }
        sampleKeys.add(labels.toString());
        String name = labels.remove("__name__");
        String jobName = orEmpty(labels.remove("job"));
        String instance = orEmpty(labels.remove("instance"));
        String resourceKey = jobName + '\u0000' + instance;
        if (name.equals("target_info")) {
          targetInfo.computeIfAbsent(resourceKey, k -> new TreeMap<>()).putAll(labels);
          continue;
        }
        add(building, f, s, name, labels, resourceKey, jobName, instance, scrapeMs, gen);
      }
    }
    int added = 0;
    for (String k : sampleKeys) {
      if (!previousSamples.contains(k)) {
        added++;
      }
    }
    previousSamples = sampleKeys;
    Map<String, Map<String, Metric.Builder>> out = new LinkedHashMap<>();
    for (Building b : building.values()) {
      emit(out, b);
    }
    for (Map.Entry<String, Map<String, String>> e : targetInfo.entrySet()) {
      String[] ji = e.getKey().split("\u0000", -1);
      resources.put(e.getKey(), resource(ji[0], ji[1], e.getValue()));
    }
    reportTo(out, building, scrapeMs, gen, 1, durationSeconds, scraped, kept, added, bodyBytes);
    staleTo(out, scrapeMs, gen);
    return new Result(assemble(out), scraped, kept, added);
  }

  /** A failed scrape: {@code up} 0 and every series of the last scrape stale. */
  ExportMetricsServiceRequest failed(long scrapeMs, double durationSeconds) {
    long gen = ++generation;
    Map<String, Map<String, Metric.Builder>> out = new LinkedHashMap<>();
    Map<String, Building> building = new LinkedHashMap<>();
    reportTo(out, building, scrapeMs, gen, 0, durationSeconds, 0, 0, 0, 0);
    staleTo(out, scrapeMs, gen);
    previousSamples = Set.of();
    return assemble(out);
  }

  /** The target went away: every series, its report series included, stale. */
  ExportMetricsServiceRequest gone(long nowMs) {
    long gen = ++generation;
    Map<String, Map<String, Metric.Builder>> out = new LinkedHashMap<>();
    staleTo(out, nowMs, gen);
    previousSamples = Set.of();
    return assemble(out);
  }

  /** Series remembered, for sizing. */
  int seriesCount() {
    return series.size();
  }

  private Map<String, String> labels(Sample s) {
    Map<String, String> labels = new TreeMap<>();
    String[] l = s.labels();
    for (int i = 0; i < l.length; i += 2) {
      if (!l[i + 1].isEmpty()) {
        labels.put(l[i], l[i + 1]);
      }
    }
    for (Map.Entry<String, String> t : target.labels().entrySet()) {
      String k = t.getKey();
      String exposed = labels.get(k);
      if (exposed != null) {
        if (job.config().honorLabels()) {
          continue;
        }
        String renamed = "exported_" + k;
        while (labels.containsKey(renamed)) {
          renamed = "exported_" + renamed;
        }
        labels.put(renamed, exposed);
      }
      labels.put(k, t.getValue());
    }
    labels.put("__name__", s.name());
    return labels;
  }

  private void checkLabelLimits(Map<String, String> labels) {
    if (job.labelLimit() > 0 && labels.size() > job.labelLimit()) {
      throw new LimitException("label_limit exceeded (metric: " + labels.get("__name__") + ", number of labels: "
          + labels.size() + ", limit: " + job.labelLimit() + ")");
    }
    if (job.labelNameLengthLimit() > 0 || job.labelValueLengthLimit() > 0) {
      for (Map.Entry<String, String> e : labels.entrySet()) {
        if (job.labelNameLengthLimit() > 0 && e.getKey().length() > job.labelNameLengthLimit()) {
          throw new LimitException("label_name_length_limit exceeded (metric: " + labels.get("__name__")
              + ", label name: " + e.getKey() + ", limit: " + job.labelNameLengthLimit() + ")");
        }
        if (job.labelValueLengthLimit() > 0 && e.getValue().length() > job.labelValueLengthLimit()) {
          throw new LimitException("label_value_length_limit exceeded (metric: " + labels.get("__name__")
              + ", label: " + e.getKey() + ", limit: " + job.labelValueLengthLimit() + ")");
        }
      }
    }
  }

  private void add(Map<String, Building> building, MetricFamily f, Sample s, String name, Map<String, String> labels,
      String resourceKey, String jobName, String instance, long scrapeMs, long gen) {
    Type type = f.type();
    String suffix = name.startsWith(f.name()) ? name.substring(f.name().length()) : null;
    Kind kind;
    String metricName;
    if (s.histogram() != null) {
      // A native histogram is one sample, whatever metric relabeling renamed it to.
      kind = Kind.EXPONENTIAL;
      metricName = name;
      suffix = "";
    } else if (suffix == null) {
      // Renamed by metric relabeling: a series of its own, of its type where that still holds.
      kind = type == Type.COUNTER ? Kind.SUM : Kind.GAUGE;
      metricName = name;
      suffix = "";
    } else {
      switch (type) {
        case COUNTER -> {
          kind = Kind.SUM;
          metricName = f.name();
        }
        case HISTOGRAM -> {
          kind = Kind.HISTOGRAM;
          metricName = f.name();
        }
        case SUMMARY -> {
          kind = Kind.SUMMARY;
          metricName = f.name();
        }
        default -> {
          kind = Kind.GAUGE;
          metricName = name;
        }
      }
    }
    String le = null;
    String quantile = null;
    if (kind == Kind.HISTOGRAM && suffix.equals("_bucket")) {
      le = labels.remove("le");
    } else if (kind == Kind.SUMMARY && suffix.isEmpty()) {
      quantile = labels.remove("quantile");
    }
    String key = resourceKey + '\u0000' + metricName + '\u0000' + kind + '\u0000' + labels;
    Building b = building.get(key);
    if (b == null) {
      SeriesState st = series.get(key);
      if (st == null) {
        st = new SeriesState(resourceKey, metricName, kind, f.unit(), f.help());
        series.put(key, st);
      }
      st.generation = gen;
      b = new Building(st, attributes(labels));
      b.timeMs = scrapeMs;
      building.put(key, b);
    }
    if (job.config().honorTimestamps() && s.timestampMs() != Sample.NO_TIMESTAMP) {
      b.timeMs = s.timestampMs();
    }
    double v = s.value();
    if (s.createdMs() != Sample.NO_TIMESTAMP) {
      b.createdMs = s.createdMs();
    }
    if (suffix.equals("_created")) {
      b.createdMs = Math.round(v * 1000);
      return;
    }
    switch (kind) {
      case GAUGE -> b.value = v;
      case SUM -> {
        b.value = v;
        exemplar(b, s);
      }
      case HISTOGRAM -> {
        switch (suffix) {
          case "_bucket" -> {
            if (le != null) {
              try {
                b.buckets.put(parseBound(le), v);
              } catch (NumberFormatException e) {
                // A bucket without a readable bound is left out, as the Collector does.
              }
            }
            exemplar(b, s);
          }
          case "_sum" -> b.sum = v;
          case "_count" -> b.count = v;
          default -> { }
        }
      }
      case EXPONENTIAL -> {
        b.histogram = s.histogram().limited(job.nativeBucketLimit(), job.nativeMaxSchema());
        for (MetricFamily.Exemplar e : b.histogram.exemplars()) {
          exemplar(b, e);
        }
      }
      case SUMMARY -> {
        switch (suffix) {
          case "" -> {
            if (quantile != null) {
              try {
                b.quantiles.put(parseBound(quantile), v);
              } catch (NumberFormatException e) {
                // As above.
              }
            }
          }
          case "_sum" -> b.sum = v;
          case "_count" -> b.count = v;
          default -> { }
        }
      }
    }
  }

  private static double parseBound(String s) {
    return switch (s) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  private static void exemplar(Building b, Sample s) {
    if (s.exemplar() != null) {
      exemplar(b, s.exemplar());
    }
  }

  private static void exemplar(Building b, MetricFamily.Exemplar e) {
    Exemplar.Builder x = Exemplar.newBuilder().setAsDouble(e.value())
        .setTimeUnixNano((e.timestampMs() == Sample.NO_TIMESTAMP ? b.timeMs : e.timestampMs()) * 1_000_000L);
    String[] l = e.labels();
    for (int i = 0; i < l.length; i += 2) {
      ByteString id = null;
      if (l[i].equals("trace_id") && l[i + 1].length() == 32) {
        id = hex(l[i + 1]);
      } else if (l[i].equals("span_id") && l[i + 1].length() == 16) {
        id = hex(l[i + 1]);
      }
      if (id != null && l[i].equals("trace_id")) {
        x.setTraceId(id);
      } else if (id != null) {
        x.setSpanId(id);
      } else {
        x.addFilteredAttributes(kv(l[i], l[i + 1]));
      }
    }
    b.exemplars.add(x.build());
  }

  private static ByteString hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return ByteString.copyFrom(out);
  }

  /** The start of a cumulative series: {@code _created}, else first seen, reset when the value falls. */
  private long startNanos(Building b, double value) {
    SeriesState st = b.state;
    long t = b.timeMs * 1_000_000L;
    if (b.createdMs != Sample.NO_TIMESTAMP) {
      st.startNanos = b.createdMs * 1_000_000L;
    } else if (st.startNanos == 0 || (!Double.isNaN(st.last) && value < st.last)) {
      st.startNanos = t;
    }
    st.last = value;
    return st.startNanos;
  }

  private void emit(Map<String, Map<String, Metric.Builder>> out, Building b) {
    SeriesState st = b.state;
    Metric.Builder m = metric(out, st);
    long t = b.timeMs * 1_000_000L;
    switch (st.kind) {
      case GAUGE -> {
        NumberDataPoint p = NumberDataPoint.newBuilder().addAllAttributes(b.attributes).setTimeUnixNano(t)
            .setAsDouble(b.value).build();
        m.getGaugeBuilder().addDataPoints(p);
        st.lastPoint = p;
      }
      case SUM -> {
        NumberDataPoint p = NumberDataPoint.newBuilder().addAllAttributes(b.attributes).setTimeUnixNano(t)
            .setStartTimeUnixNano(startNanos(b, b.value)).setAsDouble(b.value).addAllExemplars(b.exemplars).build();
        m.getSumBuilder().addDataPoints(p);
        st.lastPoint = p;
      }
      case HISTOGRAM -> {
        HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder().addAllAttributes(b.attributes)
            .setTimeUnixNano(t).addAllExemplars(b.exemplars);
        double previous = 0;
        double inf = Double.NaN;
        for (Map.Entry<Double, Double> e : b.buckets.entrySet()) {
          if (e.getKey() == Double.POSITIVE_INFINITY) {
            inf = e.getValue();
            continue;
          }
          p.addExplicitBounds(e.getKey());
          p.addBucketCounts((long) Math.max(0, e.getValue() - previous));
          previous = e.getValue();
        }
        double count = !Double.isNaN(b.count) ? b.count : (Double.isNaN(inf) ? previous : inf);
        p.addBucketCounts((long) Math.max(0, count - previous));
        p.setCount((long) count);
        if (!Double.isNaN(b.sum)) {
          p.setSum(b.sum);
        }
        p.setStartTimeUnixNano(startNanos(b, count));
        HistogramDataPoint built = p.build();
        m.getHistogramBuilder().addDataPoints(built);
        st.lastPoint = built;
      }
      case EXPONENTIAL -> {
        ExponentialHistogramDataPoint.Builder p = b.histogram.toOtlp().addAllAttributes(b.attributes)
            .setTimeUnixNano(t).addAllExemplars(b.exemplars);
        p.setStartTimeUnixNano(startNanos(b, b.histogram.count()));
        ExponentialHistogramDataPoint built = p.build();
        m.getExponentialHistogramBuilder().addDataPoints(built);
        st.lastPoint = built;
      }
      case SUMMARY -> {
        SummaryDataPoint.Builder p = SummaryDataPoint.newBuilder().addAllAttributes(b.attributes).setTimeUnixNano(t);
        b.quantiles.forEach((q, v) -> p.addQuantileValues(
            SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(q).setValue(v)));
        double count = Double.isNaN(b.count) ? 0 : b.count;
        p.setCount((long) count);
        p.setSum(Double.isNaN(b.sum) ? 0 : b.sum);
        p.setStartTimeUnixNano(startNanos(b, count));
        SummaryDataPoint built = p.build();
        m.getSummaryBuilder().addDataPoints(built);
        st.lastPoint = built;
      }
    }
  }

  private Metric.Builder metric(Map<String, Map<String, Metric.Builder>> out, SeriesState st) {
    Map<String, Metric.Builder> metrics = out.computeIfAbsent(st.resourceKey, k -> new LinkedHashMap<>());
    return metrics.computeIfAbsent(st.metricName + '\u0000' + st.kind, k -> {
      Metric.Builder m = Metric.newBuilder().setName(st.metricName).setUnit(st.unit).setDescription(st.help);
      switch (st.kind) {
        case GAUGE -> m.setGauge(Gauge.newBuilder());
        case SUM -> m.setSum(Sum.newBuilder().setIsMonotonic(true)
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE));
        case HISTOGRAM -> m.setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE));
        case SUMMARY -> m.setSummary(Summary.newBuilder());
        case EXPONENTIAL -> m.setExponentialHistogram(ExponentialHistogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE));
      }
      return m;
    });
  }

  /** The per-target series Prometheus adds to every scrape: {@code up}, {@code scrape_duration_seconds}, ... */
  private void reportTo(Map<String, Map<String, Metric.Builder>> out, Map<String, Building> building, long scrapeMs,
      long gen, double up, double duration, int scraped, int kept, int added, long bodyBytes) {
    Map<String, String> labels = new TreeMap<>(target.labels());
    String resourceKey = orEmpty(labels.remove("job")) + '\u0000' + orEmpty(labels.remove("instance"));
    List<KeyValue> attributes = attributes(labels);
    report(out, resourceKey, attributes, "up", "The scraping was successful", up, scrapeMs, gen);
    report(out, resourceKey, attributes, "scrape_duration_seconds", "Duration of the scrape", duration, scrapeMs, gen);
    report(out, resourceKey, attributes, "scrape_samples_scraped",
        "The number of samples the target exposed", scraped, scrapeMs, gen);
    report(out, resourceKey, attributes, "scrape_samples_post_metric_relabeling",
        "The number of samples remaining after metric relabeling was applied", kept, scrapeMs, gen);
    report(out, resourceKey, attributes, "scrape_series_added",
        "The approximate number of new series in this scrape", added, scrapeMs, gen);
    if (extraMetrics) {
      report(out, resourceKey, attributes, "scrape_timeout_seconds", "The configured scrape timeout for a target",
          job.timeout().toMillis() / 1000.0, scrapeMs, gen);
      report(out, resourceKey, attributes, "scrape_sample_limit", "The configured sample limit for a target",
          job.sampleLimit(), scrapeMs, gen);
      report(out, resourceKey, attributes, "scrape_body_size_bytes",
          "The uncompressed size of the last scrape response, if successful", bodyBytes, scrapeMs, gen);
    }
  }

  private void report(Map<String, Map<String, Metric.Builder>> out, String resourceKey, List<KeyValue> attributes,
      String name, String help, double value, long scrapeMs, long gen) {
    String key = resourceKey + '\u0000' + name + "\u0000report";
    SeriesState st = series.computeIfAbsent(key, k -> new SeriesState(resourceKey, name, Kind.GAUGE, "", help));
    st.generation = gen;
    resources.putIfAbsent(resourceKey, null);
    NumberDataPoint p = NumberDataPoint.newBuilder().addAllAttributes(attributes)
        .setTimeUnixNano(scrapeMs * 1_000_000L).setAsDouble(value).build();
    metric(out, st).getGaugeBuilder().addDataPoints(p);
    st.lastPoint = p;
  }

  /** A stale marker for every series not written in generation {@code gen}; those are forgotten. */
  private void staleTo(Map<String, Map<String, Metric.Builder>> out, long nowMs, long gen) {
    long t = nowMs * 1_000_000L;
    for (Iterator<SeriesState> it = series.values().iterator(); it.hasNext(); ) {
      SeriesState st = it.next();
      if (st.generation == gen) {
        continue;
      }
      it.remove();
      if (st.lastPoint == null) {
        continue;
      }
      Metric.Builder m = metric(out, st);
      switch (st.kind) {
        case GAUGE -> m.getGaugeBuilder().addDataPoints(((NumberDataPoint) st.lastPoint).toBuilder()
            .setTimeUnixNano(t).setAsDouble(0).setFlags(STALE).clearExemplars());
        case SUM -> m.getSumBuilder().addDataPoints(((NumberDataPoint) st.lastPoint).toBuilder()
            .setTimeUnixNano(t).setAsDouble(0).setFlags(STALE).clearExemplars());
        case HISTOGRAM -> m.getHistogramBuilder().addDataPoints(((HistogramDataPoint) st.lastPoint).toBuilder()
            .setTimeUnixNano(t).setFlags(STALE).clearExemplars());
        case SUMMARY -> m.getSummaryBuilder().addDataPoints(((SummaryDataPoint) st.lastPoint).toBuilder()
            .setTimeUnixNano(t).setFlags(STALE));
        case EXPONENTIAL -> m.getExponentialHistogramBuilder().addDataPoints(
            ((ExponentialHistogramDataPoint) st.lastPoint).toBuilder().setTimeUnixNano(t).setFlags(STALE)
                .clearExemplars());
      }
    }
  }

  private ExportMetricsServiceRequest assemble(Map<String, Map<String, Metric.Builder>> out) {
    ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
    for (Map.Entry<String, Map<String, Metric.Builder>> r : out.entrySet()) {
      Resource resource = resources.get(r.getKey());
      if (resource == null) {
        String[] ji = r.getKey().split("\u0000", -1);
        resource = resource(ji[0], ji[1], Map.of());
        resources.put(r.getKey(), resource);
      }
      ScopeMetrics.Builder sm = ScopeMetrics.newBuilder().setScope(scope);
      r.getValue().values().forEach(sm::addMetrics);
      req.addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(sm));
    }
    return req.build();
  }

  /** The Collector's resource of a job and instance, then {@code target_info}'s labels. */
  private Resource resource(String jobName, String instance, Map<String, String> info) {
    Resource.Builder r = Resource.newBuilder();
    r.addAttributes(kv("service.name", jobName));
    r.addAttributes(kv("service.instance.id", instance));
    int colon = instance.lastIndexOf(':');
    if (colon > 0 && instance.indexOf(']', colon) < 0) {
      String host = instance.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      r.addAttributes(kv("server.address", host));
      r.addAttributes(kv("server.port", instance.substring(colon + 1)));
    } else {
      r.addAttributes(kv("server.address", instance));
    }
    r.addAttributes(kv("url.scheme", scheme));
    info.forEach((k, v) -> r.addAttributes(kv(k, v)));
    return r.build();
  }

  private static List<KeyValue> attributes(Map<String, String> labels) {
    List<KeyValue> out = new ArrayList<>(labels.size());
    labels.forEach((k, v) -> out.add(kv(k, v)));
    return out;
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
