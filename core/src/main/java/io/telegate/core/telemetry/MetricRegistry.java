package io.telegate.core.telemetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The gateway's own metrics, in the Collector's names, exposed in Prometheus text format.
 *
 * <p>Components look up their instruments once, when they start, and keep them: recording is a
 * {@link LongAdder} add, with no lock and no map lookup per item. Asking twice for the same name
 * and labels returns the same instrument.
 *
 * <p>Instruments are registered under the Collector's instrument names ({@code
 * otelcol_exporter_sent_spans}); what a scrape shows depends on {@link Naming}: by default, as the
 * OpenTelemetry Prometheus exporter writes them, counters end in {@code _total} and names carry
 * their unit ({@code otelcol_process_uptime_seconds_total}).
 */
public final class MetricRegistry {

  /**
   * The Collector's units of the instruments whose names do not already end in them, as their
   * {@code metadata.yaml} (and the otelgrpc and otelhttp instrumentations) declare them. An
   * instrument not listed has a unit without a Prometheus suffix ({@code {span}}) or one its name
   * already carries.
   */
  private static final Map<String, String> UNITS = Map.ofEntries(
      Map.entry("otelcol_process_uptime", "s"),
      Map.entry("otelcol_process_cpu_seconds", "s"),
      Map.entry("otelcol_process_memory_rss", "By"),
      Map.entry("otelcol_processor_batch_batch_send_size_bytes", "By"),
      Map.entry("otelcol_exporter_prometheusremotewrite_translated_time_series", "1"),
      Map.entry("rpc_server_duration", "ms"),
      Map.entry("rpc_client_duration", "ms"),
      Map.entry("rpc_server_request_size", "By"),
      Map.entry("rpc_client_request_size", "By"),
      Map.entry("rpc_server_response_size", "By"),
      Map.entry("rpc_client_response_size", "By"),
      Map.entry("http_server_request_duration", "s"),
      Map.entry("http_client_request_duration", "s"),
      Map.entry("http_server_request_body_size", "By"),
      Map.entry("http_client_request_body_size", "By"),
      Map.entry("http_server_response_body_size", "By"),
      Map.entry("http_client_response_body_size", "By"));

  /** Labels added to every series, such as {@code service_name}. */
  private final Map<String, String> constantLabels;
  /** The labels of {@code target_info}: the gateway's resource; empty for no {@code target_info}. */
  private final Map<String, String> targetInfo;
  private final Map<String, Family> families = new LinkedHashMap<>();
  private volatile Level level = Level.NORMAL;
  private volatile Naming naming = Naming.SUFFIXED;

  /**
   * How instrument names become Prometheus names, as the Collector's Prometheus reader options
   * {@code without_units} and {@code without_type_suffix} say (each {@code false} by default).
   *
   * @param units append the unit ({@code _seconds}, {@code _bytes}) unless the name ends in it
   * @param typeSuffix append {@code _total} to counters
   */
  public record Naming(boolean units, boolean typeSuffix) {
    /** The OpenTelemetry Prometheus exporter's defaults, as current dashboards query them. */
    public static final Naming SUFFIXED = new Naming(true, true);
    /** The instrument names as they are, as Telegate wrote them before. */
    public static final Naming UNSUFFIXED = new Naming(false, false);
  }

  /** How much the gateway records about itself, as the Collector's {@code metrics.level}. */
  public enum Level {
    NONE,
    BASIC,
    NORMAL,
    DETAILED
  }

  public MetricRegistry(Map<String, String> constantLabels) {
    this(constantLabels, Map.of());
  }

  /**
   * A registry whose scrape starts with {@code target_info}, labelled with {@code resource} (the
   * gateway's {@code service.telemetry.resource}, names already in Prometheus form).
   */
  public MetricRegistry(Map<String, String> constantLabels, Map<String, String> resource) {
    this.constantLabels = Collections.unmodifiableMap(new LinkedHashMap<>(constantLabels));
    this.targetInfo = Collections.unmodifiableMap(new LinkedHashMap<>(resource));
  }

  public Naming naming() {
    return naming;
  }

  public void setNaming(Naming naming) {
    this.naming = naming;
  }

  public Level level() {
    return level;
  }

  public void setLevel(Level level) {
    this.level = level;
  }

  /** A monotonic counter. */
  public Counter counter(String name, String help, String... labels) {
    return (Counter) series(name, help, "counter", labels, () -> new Counter());
  }

  /** A monotonic counter kept elsewhere and read from {@code value} at each scrape. */
  public void counterFunction(String name, String help, DoubleSupplier value, String... labels) {
    series(name, help, "counter", labels, () -> new Gauge(value));
  }

  /** A gauge read from {@code value} at each scrape. */
  public void gauge(String name, String help, DoubleSupplier value, String... labels) {
    series(name, help, "gauge", labels, () -> new Gauge(value));
  }

  /** A histogram with the given upper bounds (the {@code +Inf} bucket is added). */
  public Histogram histogram(String name, String help, double[] bounds, String... labels) {
    return (Histogram) series(name, help, "histogram", labels, () -> new Histogram(bounds));
  }

  private synchronized Object series(
      String name, String help, String type, String[] labels, java.util.function.Supplier<Object> create) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels must be name/value pairs: " + Arrays.toString(labels));
    }
    Family family = families.computeIfAbsent(name, n -> new Family(n, help, type));
    if (!family.type.equals(type)) {
      throw new IllegalArgumentException(name + " is a " + family.type + ", not a " + type);
    }
    return family.series.computeIfAbsent(List.of(labels), k -> create.get());
  }

  /** Writes every series in the Prometheus text exposition format, version 0.0.4. */
  public synchronized void writePrometheus(StringBuilder out) {
    Naming naming = this.naming;
    if (!targetInfo.isEmpty()) {
      out.append("# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info{");
      boolean first = true;
      for (Map.Entry<String, String> a : targetInfo.entrySet()) {
        first = label(out, first, a.getKey(), a.getValue());
      }
      out.append("} 1\n");
    }
    for (Family f : families.values()) {
      if (f.series.isEmpty()) {
        continue;
      }
      String name = exposedName(f.name, f.type, naming);
      out.append("# HELP ").append(name).append(' ').append(escapeHelp(f.help)).append('\n');
      out.append("# TYPE ").append(name).append(' ').append(f.type).append('\n');
      for (Map.Entry<List<String>, Object> e : f.series.entrySet()) {
        List<String> labels = e.getKey();
        Object s = e.getValue();
        if (s instanceof Counter c) {
          sample(out, name, labels, null, null, c.get());
        } else if (s instanceof Gauge g) {
          sample(out, name, labels, null, null, g.value.getAsDouble());
        } else if (s instanceof Histogram h) {
          long cumulative = 0;
          for (int i = 0; i < h.bounds.length; i++) {
            cumulative += h.buckets[i].sum();
            sample(out, name + "_bucket", labels, "le", formatDouble(h.bounds[i]), cumulative);
          }
          cumulative += h.buckets[h.bounds.length].sum();
          sample(out, name + "_bucket", labels, "le", "+Inf", cumulative);
          sample(out, name + "_sum", labels, null, null, h.sum.sum());
          sample(out, name + "_count", labels, null, null, cumulative);
        }
      }
    }
  }

  /**
   * The Prometheus name of an instrument: its unit's suffix unless the name already ends in it,
   * then {@code _total} for a counter, each as {@code naming} says.
   */
  static String exposedName(String instrument, String type, Naming naming) {
    String name = instrument;
    String suffix = naming.units() ? unitSuffix(UNITS.get(instrument)) : null;
    if (suffix != null && !name.endsWith("_" + suffix)) {
      name = name + "_" + suffix;
    }
    if (naming.typeSuffix() && type.equals("counter") && !name.endsWith("_total")) {
      name = name + "_total";
    }
    return name;
  }

  private static String unitSuffix(String unit) {
    if (unit == null) {
      return null;
    }
    return switch (unit) {
      case "s" -> "seconds";
      case "ms" -> "milliseconds";
      case "By" -> "bytes";
      case "1" -> "ratio";
      default -> null;
    };
  }

  private void sample(StringBuilder out, String name, List<String> labels, String extraName, String extraValue,
      double value) {
    out.append(name);
    if (labels.isEmpty() && constantLabels.isEmpty() && extraName == null) {
      out.append(' ').append(formatDouble(value)).append('\n');
      return;
    }
    out.append('{');
    boolean first = true;
    for (int i = 0; i < labels.size(); i += 2) {
      first = label(out, first, labels.get(i), labels.get(i + 1));
    }
    for (Map.Entry<String, String> c : constantLabels.entrySet()) {
      first = label(out, first, c.getKey(), c.getValue());
    }
    if (extraName != null) {
      label(out, first, extraName, extraValue);
    }
    out.append("} ").append(formatDouble(value)).append('\n');
  }

  private static boolean label(StringBuilder out, boolean first, String name, String value) {
    if (!first) {
      out.append(',');
    }
    out.append(name).append("=\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    out.append('"');
    return false;
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  static String formatDouble(double v) {
    if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }

  private static final class Family {
    final String name;
    final String help;
    final String type;
    final Map<List<String>, Object> series = new LinkedHashMap<>();

    Family(String name, String help, String type) {
      this.name = name;
      this.help = help;
      this.type = type;
    }
  }

  /** A monotonic count; {@link #add} costs a {@link LongAdder} add. */
  public static final class Counter {
    private final LongAdder adder = new LongAdder();

    public void add(long n) {
      adder.add(n);
    }

    public void inc() {
      adder.increment();
    }

    public long get() {
      return adder.sum();
    }
  }

  private record Gauge(DoubleSupplier value) {}

  /** Fixed-bucket histogram; recording finds the bucket by binary search and adds. */
  public static final class Histogram {
    private final double[] bounds;
    private final LongAdder[] buckets;
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(double[] bounds) {
      this.bounds = bounds.clone();
      this.buckets = new LongAdder[bounds.length + 1];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    public void record(double value) {
      int i = Arrays.binarySearch(bounds, value);
      int bucket = i >= 0 ? i : -i - 1;
      buckets[bucket].increment();
      sum.add(value);
    }

    /** Count of recorded values. */
    public long count() {
      long n = 0;
      for (LongAdder b : buckets) {
        n += b.sum();
      }
      return n;
    }
  }

  /**
   * One series' value at a {@link #snapshot}.
   *
   * @param labels name/value pairs, without the constant labels
   * @param integer the value is a count kept here ({@link Counter}), not read from a function
   * @param bucketCounts a histogram's count per bucket (not cumulative), the {@code +Inf} bucket last
   */
  public record Point(List<String> labels, double value, boolean integer, long[] bucketCounts, double sum, long count) {}

  /**
   * One instrument at a {@link #snapshot}: its instrument name (not the Prometheus name), type
   * ({@code counter}, {@code gauge}, {@code histogram}), unit (UCUM, empty when unknown) and bounds.
   */
  public record FamilySnapshot(String name, String help, String type, String unit, double[] bounds,
      List<Point> points) {}

  /** Every series' current value, for pushing them elsewhere (a periodic OTLP reader). */
  public synchronized List<FamilySnapshot> snapshot() {
    List<FamilySnapshot> out = new ArrayList<>(families.size());
    for (Family f : families.values()) {
      if (f.series.isEmpty()) {
        continue;
      }
      List<Point> points = new ArrayList<>(f.series.size());
      double[] bounds = null;
      for (Map.Entry<List<String>, Object> e : f.series.entrySet()) {
        Object s = e.getValue();
        if (s instanceof Counter c) {
          points.add(new Point(e.getKey(), c.get(), true, null, 0, 0));
        } else if (s instanceof Gauge g) {
          points.add(new Point(e.getKey(), g.value.getAsDouble(), false, null, 0, 0));
        } else if (s instanceof Histogram h) {
          bounds = h.bounds.clone();
          long[] counts = new long[h.buckets.length];
          long total = 0;
          for (int i = 0; i < counts.length; i++) {
            counts[i] = h.buckets[i].sum();
            total += counts[i];
          }
          points.add(new Point(e.getKey(), 0, false, counts, h.sum.sum(), total));
        }
      }
      out.add(new FamilySnapshot(f.name, f.help, f.type, UNITS.getOrDefault(f.name, ""), bounds, points));
    }
    return out;
  }

  /** Names of every family, for tests and zpages. */
  public synchronized List<String> names() {
    return new ArrayList<>(families.keySet());
  }
}
