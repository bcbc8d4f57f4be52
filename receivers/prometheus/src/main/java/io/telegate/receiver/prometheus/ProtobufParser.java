package io.telegate.receiver.prometheus;

import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.wire.WireReader;
import io.telegate.receiver.prometheus.ExpositionParser.ExpositionException;
import io.telegate.receiver.prometheus.MetricFamily.Exemplar;
import io.telegate.receiver.prometheus.MetricFamily.Sample;
import io.telegate.receiver.prometheus.MetricFamily.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Prometheus's protobuf exposition format ({@code application/vnd.google.protobuf;
 * proto=io.prometheus.client.MetricFamily;encoding=delimited}): varint-length-prefixed
 * {@code io.prometheus.client.MetricFamily} messages, walked with the core's {@link WireReader}, into
 * the metric families the text parsers produce: counters, gauges, untyped, summaries
 * ({@code {quantile}}, {@code _sum}, {@code _count}) and classic histograms ({@code _bucket{le}} with
 * {@code +Inf} added when missing, {@code _sum}, {@code _count}) as samples named as Prometheus names
 * them, exemplars, created timestamps, and native histograms as one sample each.
 *
 * <p>A histogram message can hold a classic and a native histogram at once. As Prometheus's parser
 * does: with {@code nativeHistograms}, a histogram that is native (it has spans, a zero threshold or
 * a zero count) becomes a native sample, plus its classic series when {@code classicHistograms};
 * every other histogram becomes its classic series. Malformed input fails the whole exposition
 * with the byte offset and what is wrong.
 */
public final class ProtobufParser {

  // io.prometheus.client metrics.proto field numbers.
  private static final int FAMILY_NAME = 1;
  private static final int FAMILY_HELP = 2;
  private static final int FAMILY_TYPE = 3;
  private static final int FAMILY_METRIC = 4;
  private static final int FAMILY_UNIT = 5;
  private static final int METRIC_LABEL = 1;
  private static final int METRIC_GAUGE = 2;
  private static final int METRIC_COUNTER = 3;
  private static final int METRIC_SUMMARY = 4;
  private static final int METRIC_UNTYPED = 5;
  private static final int METRIC_TIMESTAMP_MS = 6;
  private static final int METRIC_HISTOGRAM = 7;

  /** Buckets a native histogram may span on one side, gaps included (schema 8 over 2^390 is 100k). */
  static final int MAX_BUCKET_RANGE = 100_000;

  private final WireReader r;
  private final int end;
  private final boolean nativeHistograms;
  private final boolean classicHistograms;
  private final Map<String, String> names = new HashMap<>();

  private ProtobufParser(byte[] body, boolean nativeHistograms, boolean classicHistograms) {
    this.r = new WireReader(body);
    this.end = body.length;
    this.nativeHistograms = nativeHistograms;
    this.classicHistograms = classicHistograms;
  }

  /**
   * Parses one delimited protobuf exposition.
   *
   * @param nativeHistograms make native histograms native samples ({@code scrape_native_histograms})
   * @param classicHistograms also give the classic series of a histogram that is native
   *     ({@code always_scrape_classic_histograms})
   * @throws ExpositionException naming the byte offset and what is wrong
   */
  public static List<MetricFamily> parse(byte[] body, boolean nativeHistograms, boolean classicHistograms) {
    ProtobufParser p = new ProtobufParser(body, nativeHistograms, classicHistograms);
    try {
      return p.run();
    } catch (MalformedDataException e) {
      throw new ExpositionException(e.getMessage());
    }
  }

  /** True for a {@code Content-Type} of the protobuf format ({@code application/vnd.google.protobuf}). */
  public static boolean isProtobuf(String contentType) {
    return contentType != null && contentType.strip().toLowerCase(Locale.ROOT)
        .startsWith("application/vnd.google.protobuf");
  }

  private List<MetricFamily> run() {
    List<MetricFamily> out = new ArrayList<>();
    while (r.pos() < end) {
      int start = r.pos();
      long length = r.readVarint64(end);
      if (length < 0 || length > end - r.pos()) {
        throw WireReader.malformed(start, "metric family of length " + length + " beyond the end of the body");
      }
      int familyEnd = r.pos() + (int) length;
      out.add(family(familyEnd));
      r.seek(familyEnd);
    }
    return out;
  }

  private MetricFamily family(int limit) {
    String name = "";
    String help = "";
    String unit = "";
    int type = 0;
    int[] metrics = new int[16];
    int count = 0;
    while (r.pos() < limit) {
      int tag = r.readTag(limit);
      switch (WireReader.fieldNumber(tag)) {
        case FAMILY_NAME -> name = string(tag, limit);
        case FAMILY_HELP -> help = string(tag, limit);
        case FAMILY_UNIT -> unit = string(tag, limit);
        case FAMILY_TYPE -> {
          expect(tag, WireReader.VARINT);
          type = r.readVarint32(limit);
        }
        case FAMILY_METRIC -> {
          // The type may follow the metrics on the wire: note where each is, read them after.
          expect(tag, WireReader.LEN);
          int metricEnd = r.readEnd(limit);
          if (count + 2 > metrics.length) {
            metrics = java.util.Arrays.copyOf(metrics, metrics.length * 2);
          }
          metrics[count++] = r.pos();
          metrics[count++] = metricEnd;
          r.seek(metricEnd);
        }
        default -> r.skipField(tag, limit, 1);
      }
    }
    if (name.isEmpty()) {
      throw WireReader.malformed(r.pos(), "metric family without a name");
    }
    Type t = switch (type) {
      case 0 -> Type.COUNTER;
      case 1 -> Type.GAUGE;
      case 2 -> Type.SUMMARY;
      case 3 -> Type.UNKNOWN;
      case 4 -> Type.HISTOGRAM;
      case 5 -> Type.GAUGEHISTOGRAM;
      default -> throw WireReader.malformed(r.pos(), "metric family " + name + " has unknown type " + type);
    };
    MetricFamily f = new MetricFamily(intern(name), t);
    f.help(help);
    f.unit(unit);
    for (int i = 0; i < count; i += 2) {
      r.seek(metrics[i]);
      metric(f, metrics[i + 1]);
    }
    return f;
  }

  /** One {@code Metric}: its labels, timestamp and the value message of the family's type. */
  private void metric(MetricFamily f, int limit) {
    List<String> labels = new ArrayList<>(8);
    long ts = Sample.NO_TIMESTAMP;
    int valueStart = -1;
    int valueEnd = -1;
    int wanted = switch (f.type()) {
      case COUNTER -> METRIC_COUNTER;
      case GAUGE -> METRIC_GAUGE;
      case SUMMARY -> METRIC_SUMMARY;
      case HISTOGRAM, GAUGEHISTOGRAM -> METRIC_HISTOGRAM;
      default -> METRIC_UNTYPED;
    };
    while (r.pos() < limit) {
      int tag = r.readTag(limit);
      int field = WireReader.fieldNumber(tag);
      if (field == METRIC_LABEL) {
        expect(tag, WireReader.LEN);
        int e = r.readEnd(limit);
        labelPair(labels, e);
      } else if (field == METRIC_TIMESTAMP_MS) {
        expect(tag, WireReader.VARINT);
        ts = r.readVarint64(limit);
      } else if (field == wanted) {
        expect(tag, WireReader.LEN);
        valueEnd = r.readEnd(limit);
        valueStart = r.pos();
        r.seek(valueEnd);
      } else if (field >= METRIC_GAUGE && field <= METRIC_HISTOGRAM) {
        expect(tag, WireReader.LEN);
        r.seek(r.readEnd(limit));
      } else {
        r.skipField(tag, limit, 2);
      }
    }
    String[] l = labels.toArray(new String[0]);
    if (valueStart < 0) {
      // An absent value message reads as its defaults, as protobuf's getters give them.
      valueStart = limit;
      valueEnd = limit;
    }
    r.seek(valueStart);
    switch (f.type()) {
      case COUNTER -> counter(f, l, ts, valueEnd);
      case SUMMARY -> summary(f, l, ts, valueEnd);
      case HISTOGRAM, GAUGEHISTOGRAM -> histogram(f, l, ts, valueEnd);
      default -> f.samples().add(new Sample(f.name(), l, singleDouble(valueEnd), ts, null));
    }
    r.seek(limit);
  }

  /** {@code Gauge} and {@code Untyped}: {@code double value = 1}. */
  private double singleDouble(int limit) {
    double v = 0;
    while (r.pos() < limit) {
      int tag = r.readTag(limit);
      if (WireReader.fieldNumber(tag) == 1) {
        v = fixedDouble(tag, limit);
      } else {
        r.skipField(tag, limit, 3);
      }
    }
    return v;
  }

  private void counter(MetricFamily f, String[] labels, long ts, int limit) {
    double v = 0;
    Exemplar exemplar = null;
    long created = Sample.NO_TIMESTAMP;
    while (r.pos() < limit) {
      int tag = r.readTag(limit);
      switch (WireReader.fieldNumber(tag)) {
        case 1 -> v = fixedDouble(tag, limit);
        case 2 -> exemplar = exemplar(nested(tag, limit));
        case 3 -> created = timestamp(tag, limit);
        default -> r.skipField(tag, limit, 3);
      }
    }
    f.samples().add(new Sample(f.name(), labels, v, ts, exemplar, created, null));
  }

  private void summary(MetricFamily f, String[] labels, long ts, int limit) {
    double count = 0;
    double sum = 0;
    long created = Sample.NO_TIMESTAMP;
    List<double[]> quantiles = new ArrayList<>();
    while (r.pos() < limit) {
      int tag = r.readTag(limit);
      switch (WireReader.fieldNumber(tag)) {
        case 1 -> count = uint64(tag, limit);
        case 2 -> sum = fixedDouble(tag, limit);
        case 3 -> {
          expect(tag, WireReader.LEN);
          int e = r.readEnd(limit);
          double q = 0;
          double v = 0;
          while (r.pos() < e) {
            int t = r.readTag(e);
            switch (WireReader.fieldNumber(t)) {
              case 1 -> q = fixedDouble(t, e);
              case 2 -> v = fixedDouble(t, e);
              default -> r.skipField(t, e, 4);
            }
          }
          quantiles.add(new double[] {q, v});
        }
        case 4 -> created = timestamp(tag, limit);
        default -> r.skipField(tag, limit, 3);
      }
    }
    String name = f.name();
    for (double[] q : quantiles) {
      f.samples().add(new Sample(name, with(labels, "quantile", formatFloat(q[0])), q[1], ts, null, created, null));
    }
    f.samples().add(new Sample(intern(name + "_sum"), labels, sum, ts, null, created, null));
    f.samples().add(new Sample(intern(name + "_count"), labels, count, ts, null, created, null));
  }

  /** What a {@code Histogram} message holds, classic and native parts. */
  private static final class HistogramFields {
    double count;
    double countFloat;
    double sum;
    final List<double[]> buckets = new ArrayList<>(); // upper bound, cumulative count
    final List<Exemplar> bucketExemplars = new ArrayList<>();
    final List<Exemplar> exemplars = new ArrayList<>();
    long created = Sample.NO_TIMESTAMP;
    int schema;
    double zeroThreshold;
    double zeroCount;
    double zeroCountFloat;
    final LongList negativeSpans = new LongList();
    final LongList negativeDeltas = new LongList();
    final LongList negativeCounts = new LongList();
    final LongList positiveSpans = new LongList();
    final LongList positiveDeltas = new LongList();
    final LongList positiveCounts = new LongList();

    boolean isNative() {
      return positiveSpans.size > 0 || negativeSpans.size > 0 || zeroThreshold > 0 || zeroCount > 0
          || zeroCountFloat > 0;
    }

    boolean isFloat() {
      return countFloat > 0 || zeroCountFloat > 0;
    }
  }

  private void histogram(MetricFamily f, String[] labels, long ts, int limit) {
    HistogramFields h = new HistogramFields();
    int start = r.pos();
    while (r.pos() < limit) {
      int tag = r.readTag(limit);
      switch (WireReader.fieldNumber(tag)) {
        case 1 -> h.count = uint64(tag, limit);
        case 2 -> h.sum = fixedDouble(tag, limit);
        case 3 -> bucket(h, nested(tag, limit));
        case 4 -> h.countFloat = fixedDouble(tag, limit);
        case 5 -> {
          expect(tag, WireReader.VARINT);
          h.schema = (int) zigzag(r.readVarint64(limit));
        }
        case 6 -> h.zeroThreshold = fixedDouble(tag, limit);
        case 7 -> h.zeroCount = uint64(tag, limit);
        case 8 -> h.zeroCountFloat = fixedDouble(tag, limit);
        case 9 -> span(h.negativeSpans, tag, limit);
        case 10 -> sint64s(h.negativeDeltas, tag, limit);
        case 11 -> doubles(h.negativeCounts, tag, limit);
        case 12 -> span(h.positiveSpans, tag, limit);
        case 13 -> sint64s(h.positiveDeltas, tag, limit);
        case 14 -> doubles(h.positiveCounts, tag, limit);
        case 15 -> h.created = timestamp(tag, limit);
        case 16 -> h.exemplars.add(exemplar(nested(tag, limit)));
        default -> r.skipField(tag, limit, 3);
      }
    }
    boolean isNative = nativeHistograms && h.isNative();
    if (isNative) {
      f.samples().add(nativeSample(f.name(), labels, ts, h, f.type() == Type.GAUGEHISTOGRAM, start));
    }
    if (!isNative || classicHistograms) {
      classic(f, labels, ts, h);
    }
  }

  private void bucket(HistogramFields h, int limit) {
    double count = 0;
    double countFloat = 0;
    double upper = 0;
    Exemplar exemplar = null;
    while (r.pos() < limit) {
      int tag = r.readTag(limit);
      switch (WireReader.fieldNumber(tag)) {
        case 1 -> count = uint64(tag, limit);
        case 2 -> upper = fixedDouble(tag, limit);
        case 3 -> exemplar = exemplar(nested(tag, limit));
        case 4 -> countFloat = fixedDouble(tag, limit);
        default -> r.skipField(tag, limit, 4);
      }
    }
    h.buckets.add(new double[] {upper, countFloat > 0 ? countFloat : count});
    h.bucketExemplars.add(exemplar);
  }

  /** Prometheus's classic series of a histogram message: buckets (with +Inf), {@code _sum}, {@code _count}. */
  private void classic(MetricFamily f, String[] labels, long ts, HistogramFields h) {
    String name = f.name();
    double count = h.countFloat > 0 ? h.countFloat : h.count;
    String bucketName = intern(name + "_bucket");
    boolean inf = false;
    for (int i = 0; i < h.buckets.size(); i++) {
      double[] b = h.buckets.get(i);
      inf |= b[0] == Double.POSITIVE_INFINITY;
      f.samples().add(new Sample(bucketName, with(labels, "le", formatFloat(b[0])), b[1], ts,
          h.bucketExemplars.get(i), h.created, null));
    }
    if (!inf) {
      f.samples().add(new Sample(bucketName, with(labels, "le", "+Inf"), count, ts, null, h.created, null));
    }
    f.samples().add(new Sample(intern(name + "_sum"), labels, h.sum, ts, null, h.created, null));
    f.samples().add(new Sample(intern(name + "_count"), labels, count, ts, null, h.created, null));
  }

  private Sample nativeSample(String name, String[] labels, long ts, HistogramFields h, boolean gauge, int at) {
    boolean isFloat = h.isFloat();
    int[] pos = indices(h.positiveSpans, at);
    int[] neg = indices(h.negativeSpans, at);
    double[] pc = isFloat ? counts(h.positiveCounts, pos.length, "positive", at)
        : deltas(h.positiveDeltas, pos.length, "positive", at);
    double[] nc = isFloat ? counts(h.negativeCounts, neg.length, "negative", at)
        : deltas(h.negativeDeltas, neg.length, "negative", at);
    List<Exemplar> exemplars = h.exemplars;
    if (exemplars.isEmpty()) {
      // As Prometheus: without exemplars of its own, a native histogram takes the classic buckets'
      // exemplars that carry a timestamp.
      exemplars = new ArrayList<>();
      for (Exemplar e : h.bucketExemplars) {
        if (e != null && e.timestampMs() != Sample.NO_TIMESTAMP) {
          exemplars.add(e);
        }
      }
    }
    double count = isFloat ? h.countFloat : h.count;
    NativeHistogram nh = new NativeHistogram(h.schema, h.zeroThreshold, isFloat ? h.zeroCountFloat : h.zeroCount,
        count, h.sum, pos, pc, neg, nc, isFloat, gauge, List.copyOf(exemplars));
    return new Sample(name, labels, count, ts, null, h.created, nh);
  }

  /** Absolute bucket indices from spans: the first offset is where it starts, later ones are gaps. */
  private static int[] indices(LongList spans, int at) {
    long total = 0;
    for (int i = 1; i < spans.size; i += 2) {
      total += spans.values[i];
      if (total < 0 || total > MAX_BUCKET_RANGE) {
        throw WireReader.malformed(at, "native histogram with more than " + MAX_BUCKET_RANGE + " buckets");
      }
    }
    int[] out = new int[(int) total];
    long idx = 0;
    int n = 0;
    long first = Long.MIN_VALUE;
    for (int i = 0; i < spans.size; i += 2) {
      idx += spans.values[i];
      if (i > 0 && spans.values[i] < 0) {
        throw WireReader.malformed(at, "native histogram span with a negative gap " + spans.values[i]);
      }
      for (int k = 0; k < spans.values[i + 1]; k++) {
        if (first == Long.MIN_VALUE) {
          first = idx;
        }
        if (idx - first > MAX_BUCKET_RANGE || idx > Integer.MAX_VALUE - 1 || idx < Integer.MIN_VALUE + 1) {
          throw WireReader.malformed(at, "native histogram spanning more than " + MAX_BUCKET_RANGE + " buckets");
        }
        out[n++] = (int) idx++;
      }
    }
    return out;
  }

  private static double[] deltas(LongList deltas, int expected, String side, int at) {
    if (deltas.size != expected) {
      throw WireReader.malformed(at, "native histogram " + side + " spans need " + expected + " buckets, have "
          + deltas.size);
    }
    double[] out = new double[expected];
    long c = 0;
    for (int i = 0; i < expected; i++) {
      c += deltas.values[i];
      if (c < 0) {
        throw WireReader.malformed(at, "native histogram " + side + " bucket " + i + " has a negative count " + c);
      }
      out[i] = c;
    }
    return out;
  }

  private static double[] counts(LongList counts, int expected, String side, int at) {
    if (counts.size != expected) {
      throw WireReader.malformed(at, "native histogram " + side + " spans need " + expected + " buckets, have "
          + counts.size);
    }
    double[] out = new double[expected];
    for (int i = 0; i < expected; i++) {
      out[i] = counts.doubleAt(i);
    }
    return out;
  }

  private void span(LongList spans, int tag, int limit) {
    expect(tag, WireReader.LEN);
    int e = r.readEnd(limit);
    int offset = 0;
    int length = 0;
    while (r.pos() < e) {
      int t = r.readTag(e);
      switch (WireReader.fieldNumber(t)) {
        case 1 -> {
          expect(t, WireReader.VARINT);
          offset = (int) zigzag(r.readVarint64(e));
        }
        case 2 -> {
          expect(t, WireReader.VARINT);
          length = r.readVarint32(e);
        }
        default -> r.skipField(t, e, 4);
      }
    }
    spans.add(offset);
    spans.add(length & 0xFFFFFFFFL);
  }

  /** A repeated {@code sint64}, packed or not. */
  private void sint64s(LongList out, int tag, int limit) {
    if (WireReader.wireType(tag) == WireReader.LEN) {
      int e = r.readEnd(limit);
      while (r.pos() < e) {
        out.add(zigzag(r.readVarint64(e)));
      }
    } else {
      expect(tag, WireReader.VARINT);
      out.add(zigzag(r.readVarint64(limit)));
    }
  }

  /** A repeated {@code double}, packed or not. */
  private void doubles(LongList out, int tag, int limit) {
    if (WireReader.wireType(tag) == WireReader.LEN) {
      int e = r.readEnd(limit);
      if ((e - r.pos()) % 8 != 0) {
        throw WireReader.malformed(r.pos(), "packed doubles of " + (e - r.pos()) + " bytes");
      }
      while (r.pos() < e) {
        out.add(r.readFixed64(e));
      }
    } else {
      out.addDouble(fixedDouble(tag, limit));
    }
  }

  private Exemplar exemplar(int limit) {
    List<String> labels = new ArrayList<>(4);
    double v = 0;
    long ts = Sample.NO_TIMESTAMP;
    while (r.pos() < limit) {
      int tag = r.readTag(limit);
      switch (WireReader.fieldNumber(tag)) {
        case 1 -> labelPair(labels, nested(tag, limit));
        case 2 -> v = fixedDouble(tag, limit);
        case 3 -> ts = timestamp(tag, limit);
        default -> r.skipField(tag, limit, 5);
      }
    }
    return new Exemplar(labels.toArray(new String[0]), v, ts);
  }

  private void labelPair(List<String> out, int limit) {
    String name = "";
    String value = "";
    while (r.pos() < limit) {
      int tag = r.readTag(limit);
      switch (WireReader.fieldNumber(tag)) {
        case 1 -> name = intern(string(tag, limit));
        case 2 -> value = string(tag, limit);
        default -> r.skipField(tag, limit, 4);
      }
    }
    if (name.isEmpty()) {
      throw WireReader.malformed(limit, "label without a name");
    }
    out.add(name);
    out.add(value);
  }

  /** A {@code google.protobuf.Timestamp}, in ms. */
  private long timestamp(int tag, int limit) {
    expect(tag, WireReader.LEN);
    int e = r.readEnd(limit);
    long seconds = 0;
    long nanos = 0;
    while (r.pos() < e) {
      int t = r.readTag(e);
      switch (WireReader.fieldNumber(t)) {
        case 1 -> {
          expect(t, WireReader.VARINT);
          seconds = r.readVarint64(e);
        }
        case 2 -> {
          expect(t, WireReader.VARINT);
          nanos = r.readVarint32(e);
        }
        default -> r.skipField(t, e, 5);
      }
    }
    return seconds * 1000 + nanos / 1_000_000;
  }

  private String string(int tag, int limit) {
    expect(tag, WireReader.LEN);
    int length = r.readLength(limit);
    int p = r.pos();
    r.seek(p + length);
    return new String(r.buffer(), p, length, StandardCharsets.UTF_8);
  }

  private double uint64(int tag, int limit) {
    expect(tag, WireReader.VARINT);
    return unsigned(r.readVarint64(limit));
  }

  /** The end of the nested message whose tag was just read; the cursor is at its first byte. */
  private int nested(int tag, int limit) {
    expect(tag, WireReader.LEN);
    return r.readEnd(limit);
  }

  private double fixedDouble(int tag, int limit) {
    expect(tag, WireReader.FIXED64);
    return Double.longBitsToDouble(r.readFixed64(limit));
  }

  private void expect(int tag, int wireType) {
    if (WireReader.wireType(tag) != wireType) {
      throw WireReader.malformed(r.pos(), "field " + WireReader.fieldNumber(tag) + " has wire type "
          + WireReader.wireType(tag) + " (expected: " + wireType + ")");
    }
  }

  private static long zigzag(long n) {
    return (n >>> 1) ^ -(n & 1);
  }

  private static double unsigned(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
  }

  private String intern(String s) {
    String known = names.putIfAbsent(s, s);
    return known == null ? s : known;
  }

  private static String[] with(String[] labels, String name, String value) {
    String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
    out[labels.length] = name;
    out[labels.length + 1] = value;
    return out;
  }

  /** A bound as Prometheus 3 writes {@code le} and {@code quantile}: {@code 0.25}, {@code 1.0}, {@code +Inf}. */
  static String formatFloat(double d) {
    if (d == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (d == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    if (Double.isNaN(d)) {
      return "NaN";
    }
    return Double.toString(d);
  }

  /** A growing list of longs; doubles are kept as their bits, so one class serves spans, deltas and counts. */
  private static final class LongList {
    long[] values = new long[16];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    void addDouble(double d) {
      add(Double.doubleToRawLongBits(d));
    }

    double doubleAt(int i) {
      return Double.longBitsToDouble(values[i]);
    }
  }
}
