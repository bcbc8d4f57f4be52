package io.telegate.translator.prometheus;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.resource.v1.Resource;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.ValueText;
import io.telegate.core.data.wire.WireReader;
import io.telegate.core.data.wire.WireWriter;
import io.telegate.translator.prometheus.PrometheusNaming.Kind;
import io.telegate.translator.prometheus.PromSeries.Type;
import io.telegate.translator.prometheus.Translation.DropReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates an encoded OTLP metrics request straight into Prometheus remote write 1.0 {@code
 * WriteRequest} bytes, split over lanes and by a byte limit, with the semantics of {@link
 * PrometheusTranslator} and the bytes of its object path ({@code WriteRequestEncoder}), which the
 * tests use as the oracle. Data points, their attributes and the series are read from and written
 * as wire bytes: no protobuf-java message per point, no {@link Labels} or {@link PromSeries} per
 * series. What is per resource, scope or metric (resource and scope labels, names, target_info,
 * metadata) and exemplars, which are rare, go through {@link PrometheusTranslator}'s code.
 *
 * <p>Thread-safe: each thread has its own scratch space and cache of attribute keys, reused from
 * request to request.
 */
public final class RemoteWriteTranslator {

  /** The requests of one OTLP request: per lane its {@code WriteRequest}s, the drops, the series count. */
  public record Result(List<List<byte[]>> lanes, List<Translation.Drop> drops, int seriesCount) {}

  private static final byte[] NAME_BYTES = Labels.NAME.getBytes(StandardCharsets.US_ASCII);
  private static final int NAME_HASH = Labels.NAME.hashCode();
  private static final String LE = "le";
  private static final String QUANTILE = "quantile";
  private static final FloatLabel INF = new FloatLabel("+Inf");
  private static final double ZERO_THRESHOLD = 1e-128;
  private static final int MAX_SCALE = 8;
  private static final int MIN_SCALE = -4;
  private static final int CUMULATIVE = 2;
  private static final int MAX_CACHED_KEYS = 10_000;
  private static final Comparator<Exemplar> BY_VALUE = Comparator.comparingDouble(PrometheusTranslator::exemplarValue);

  // Tags (field number << 3 | wire type) of the OTLP fields read here.
  private static final int LEN = WireReader.LEN;
  private static final int I64 = WireReader.FIXED64;
  private static final int VARINT = WireReader.VARINT;

  private final PrometheusTranslator objects;
  private final TranslatorSettings settings;
  private final ThreadLocal<State> states = ThreadLocal.withInitial(State::new);

  public RemoteWriteTranslator(TranslatorSettings settings) {
    this.objects = new PrometheusTranslator(settings);
    this.settings = settings;
  }

  public TranslatorSettings settings() {
    return settings;
  }

  /**
   * Translates {@code metrics} (its encoded bytes) into the WriteRequests of {@code laneCount}
   * lanes (a series goes to lane {@code floorMod(labels hash, laneCount)}, as {@link Labels#hashCode}
   * would place it), each request at most {@code maxBytes} unless one series alone is larger; the
   * metadata, if {@code withMetadata}, after the series of lane 0.
   *
   * @throws MalformedDataException if the request is not valid protobuf or has invalid UTF-8
   */
  public Result translate(Metrics metrics, int laneCount, int maxBytes, boolean withMetadata) {
    return translate(metrics.encoded(), laneCount, maxBytes, withMetadata);
  }

  /** As {@link #translate(Metrics, int, int, boolean)}, from the bytes of an ExportMetricsServiceRequest. */
  public Result translate(byte[] request, int laneCount, int maxBytes, boolean withMetadata) {
    State st = states.get();
    st.reset(request);
    try {
      WireReader r = st.reader;
      int end = request.length;
      while (r.pos() < end) {
        int tag = r.readTag(end);
        if (tag == (1 << 3 | LEN)) {
          int e = r.readEnd(end);
          resourceMetrics(st, r.pos(), e);
          r.seek(e);
        } else {
          r.skipField(tag, end, 0);
        }
      }
      return st.finish(laneCount, maxBytes, withMetadata);
    } finally {
      st.release();
    }
  }

  // ---- the walk -------------------------------------------------------------------------------

  private void resourceMetrics(State st, int start, int end) {
    WireReader r = st.reader;
    byte[] buf = st.buf;
    int resStart = -1;
    int resEnd = -1;
    r.seek(start);
    while (r.pos() < end) {
      int tag = r.readTag(end);
      if (tag == (1 << 3 | LEN)) {
        int e = r.readEnd(end);
        resStart = r.pos();
        resEnd = e;
        r.seek(e);
      } else {
        r.skipField(tag, end, 1);
      }
    }
    int from = resStart;
    int to = resEnd;
    Resource resource = from < 0 ? Resource.getDefaultInstance()
        : parse(() -> Resource.parser().parseFrom(buf, from, to - from));
    PrometheusTranslator.ResourceLabels labels = objects.new ResourceLabels(resource.getAttributesList());
    long newest = 0;
    r.seek(start);
    while (r.pos() < end) {
      int tag = r.readTag(end);
      if (tag == (2 << 3 | LEN)) {
        int e = r.readEnd(end);
        newest = Math.max(newest, scopeMetrics(st, labels, r.pos(), e));
        r.seek(e);
      } else {
        r.skipField(tag, end, 1);
      }
    }
    if (settings.targetInfo()) {
      Labels l = objects.targetInfoLabels(resource.getAttributesList(), labels, newest);
      if (l != null) {
        st.metadata.putIfAbsent(objects.targetInfoName(), objects.targetInfoMetadata());
        int s = st.series(st.encodeLabels(l), l.hashCode());
        st.addSample(s, newest / 1_000_000, Double.doubleToRawLongBits(1));
      }
    }
  }

  /** Returns the newest timestamp of the points kept, in ns (0 if none). */
  private long scopeMetrics(State st, PrometheusTranslator.ResourceLabels resource, int start, int end) {
    WireReader r = st.reader;
    byte[] buf = st.buf;
    int scopeStart = -1;
    int scopeEnd = -1;
    String schemaUrl = "";
    r.seek(start);
    while (r.pos() < end) {
      int tag = r.readTag(end);
      if (tag == (1 << 3 | LEN)) {
        int e = r.readEnd(end);
        scopeStart = r.pos();
        scopeEnd = e;
        r.seek(e);
      } else if (tag == (3 << 3 | LEN)) {
        int e = r.readEnd(end);
        schemaUrl = Utf8.string(buf, r.pos(), e - r.pos());
        r.seek(e);
      } else {
        r.skipField(tag, end, 2);
      }
    }
    int from = scopeStart;
    int to = scopeEnd;
    InstrumentationScope scope = from < 0 ? InstrumentationScope.getDefaultInstance()
        : parse(() -> InstrumentationScope.parser().parseFrom(buf, from, to - from));
    BaseBytes base = new BaseBytes(objects.new BaseLabels(resource, objects.scopeLabels(scope, schemaUrl)));
    long newest = 0;
    r.seek(start);
    while (r.pos() < end) {
      int tag = r.readTag(end);
      if (tag == (2 << 3 | LEN)) {
        int e = r.readEnd(end);
        newest = Math.max(newest, metric(st, base, r.pos(), e));
        r.seek(e);
      } else {
        r.skipField(tag, end, 2);
      }
    }
    return newest;
  }

  /** Translates one Metric message; returns its newest timestamp in ns (0 if none was kept). */
  private long metric(State st, BaseBytes base, int start, int end) {
    WireReader r = st.reader;
    byte[] buf = st.buf;
    int nameStart = start;
    int nameLen = 0;
    int descStart = start;
    int descLen = 0;
    int unitStart = start;
    int unitLen = 0;
    int dataField = 0;
    int dataStart = 0;
    int dataEnd = 0;
    r.seek(start);
    while (r.pos() < end) {
      int tag = r.readTag(end);
      int field = tag >>> 3;
      if ((tag & 7) == LEN && (field <= 3 || field == 5 || field == 7 || field == 9 || field == 10 || field == 11)) {
        int e = r.readEnd(end);
        switch (field) {
          case 1 -> { nameStart = r.pos(); nameLen = e - nameStart; }
          case 2 -> { descStart = r.pos(); descLen = e - descStart; }
          case 3 -> { unitStart = r.pos(); unitLen = e - unitStart; }
          default -> { dataField = field; dataStart = r.pos(); dataEnd = e; }
        }
        r.seek(e);
      } else {
        r.skipField(tag, end, 3);
      }
    }
    String name = Utf8.string(buf, nameStart, nameLen);
    if (dataField == 0) {
      st.drops.add(new Translation.Drop(name, DropReason.NO_DATA, 0));
      return 0;
    }
    // The data message: count its points and read temporality and monotonicity first, as they
    // decide what happens to the points (they may come after them on the wire).
    int points = 0;
    int temporality = 0;
    boolean monotonic = false;
    r.seek(dataStart);
    while (r.pos() < dataEnd) {
      int tag = r.readTag(dataEnd);
      if (tag == (1 << 3 | LEN)) {
        points++;
      } else if (tag == (2 << 3 | VARINT) && dataField != 5 && dataField != 11) {
        temporality = r.readVarint32(dataEnd);
        continue;
      } else if (tag == (3 << 3 | VARINT) && dataField == 7) {
        monotonic = r.readVarint64(dataEnd) != 0;
        continue;
      }
      r.skipField(tag, dataEnd, 4);
    }
    String unit = Utf8.string(buf, unitStart, unitLen);
    if (dataField != 5 && dataField != 11 && temporality != CUMULATIVE) {
      st.drops.add(new Translation.Drop(name, DropReason.DELTA_TEMPORALITY, points));
      return 0;
    }
    Kind kind;
    Type type;
    switch (dataField) {
      case 5 -> { kind = Kind.GAUGE; type = Type.GAUGE; }
      case 7 -> {
        kind = monotonic ? Kind.MONOTONIC_SUM : Kind.NON_MONOTONIC_SUM;
        type = monotonic ? Type.COUNTER : Type.GAUGE;
      }
      case 9 -> { kind = Kind.HISTOGRAM; type = Type.HISTOGRAM; }
      case 10 -> { kind = Kind.EXPONENTIAL_HISTOGRAM; type = Type.HISTOGRAM; }
      default -> { kind = Kind.SUMMARY; type = Type.SUMMARY; }
    }
    Family family = st.family(objects.name(name, unit, kind), dataField);
    if (!st.metadata.containsKey(family.name)) {
      st.metadata.put(family.name, new Translation.Metadata(family.name, type,
          Utf8.string(buf, descStart, descLen), unit));
    }
    long newest = 0;
    int refused = 0;
    r.seek(dataStart);
    while (r.pos() < dataEnd) {
      int tag = r.readTag(dataEnd);
      if (tag == (1 << 3 | LEN)) {
        int e = r.readEnd(dataEnd);
        int p = r.pos();
        long t = switch (dataField) {
          case 5, 7 -> numberPoint(st, base, family, p, e);
          case 9 -> histogramPoint(st, base, family, p, e);
          case 10 -> nativeHistogramPoint(st, base, family, p, e);
          default -> summaryPoint(st, base, family, p, e);
        };
        if (t == Long.MIN_VALUE) {
          refused++;
        } else {
          newest = Math.max(newest, t);
        }
        r.seek(e);
      } else {
        r.skipField(tag, dataEnd, 4);
      }
    }
    if (refused > 0) {
      st.drops.add(new Translation.Drop(name, DropReason.EXPONENTIAL_HISTOGRAM_SCALE, refused));
    }
    return newest;
  }

  private long numberPoint(State st, BaseBytes base, Family family, int start, int end) {
    WireReader r = st.reader;
    st.beginPoint();
    long time = 0;
    long valueBits = 0;
    boolean isInt = false;
    int flags = 0;
    r.seek(start);
    while (r.pos() < end) {
      int tag = r.readTag(end);
      switch (tag) {
        case 7 << 3 | LEN -> st.addAttribute(end);
        case 3 << 3 | I64 -> time = r.readFixed64(end);
        case 4 << 3 | I64 -> {
          valueBits = r.readFixed64(end);
          isInt = false;
        }
        case 6 << 3 | I64 -> {
          valueBits = r.readFixed64(end);
          isInt = true;
        }
        case 5 << 3 | LEN -> st.addExemplar(end);
        case 8 << 3 | VARINT -> flags = r.readVarint32(end);
        default -> r.skipField(tag, end, 5);
      }
    }
    double value = isInt ? (double) valueBits : Double.longBitsToDouble(valueBits);
    if (PrometheusTranslator.stale(flags)) {
      value = PrometheusTranslator.STALE_NAN;
    }
    st.pointLabels(base);
    int s = st.pointSeries(family.name(0), null, null);
    st.addSample(s, time / 1_000_000, Double.doubleToRawLongBits(value));
    for (int i = 0; i < st.exemplarCount; i++) {
      st.addExemplar(s, objects.exemplar(st.exemplar(i)));
    }
    return time;
  }

  private long histogramPoint(State st, BaseBytes base, Family family, int start, int end) {
    WireReader r = st.reader;
    st.beginPoint();
    long time = 0;
    long count = 0;
    boolean hasSum = false;
    double sum = 0;
    int flags = 0;
    int counts = 0;
    int bounds = 0;
    r.seek(start);
    while (r.pos() < end) {
      int tag = r.readTag(end);
      switch (tag) {
        case 9 << 3 | LEN -> st.addAttribute(end);
        case 3 << 3 | I64 -> time = r.readFixed64(end);
        case 4 << 3 | I64 -> count = r.readFixed64(end);
        case 5 << 3 | I64 -> {
          sum = Double.longBitsToDouble(r.readFixed64(end));
          hasSum = true;
        }
        case 6 << 3 | LEN -> {
          int e = r.readEnd(end);
          while (r.pos() < e) {
            st.longs = grow(st.longs, counts);
            st.longs[counts++] = r.readFixed64(e);
          }
        }
        case 6 << 3 | I64 -> {
          st.longs = grow(st.longs, counts);
          st.longs[counts++] = r.readFixed64(end);
        }
        case 7 << 3 | LEN -> {
          int e = r.readEnd(end);
          while (r.pos() < e) {
            st.doubles = grow(st.doubles, bounds);
            st.doubles[bounds++] = Double.longBitsToDouble(r.readFixed64(e));
          }
        }
        case 7 << 3 | I64 -> {
          st.doubles = grow(st.doubles, bounds);
          st.doubles[bounds++] = Double.longBitsToDouble(r.readFixed64(end));
        }
        case 8 << 3 | LEN -> st.addExemplar(end);
        case 10 << 3 | VARINT -> flags = r.readVarint32(end);
        default -> r.skipField(tag, end, 5);
      }
    }
    long ts = time / 1_000_000;
    boolean stale = PrometheusTranslator.stale(flags);
    long staleBits = PrometheusTranslator.STALE_NAN_BITS;
    st.pointLabels(base);
    if (hasSum) {
      st.addSample(st.pointSeries(family.name(1), null, null), ts, stale ? staleBits : Double.doubleToRawLongBits(sum));
    }
    st.addSample(st.pointSeries(family.name(2), null, null), ts,
        stale ? staleBits : Double.doubleToRawLongBits((double) count));
    List<Exemplar> exemplars = List.of();
    if (st.exemplarCount > 0) {
      exemplars = new ArrayList<>(st.exemplarCount);
      for (int i = 0; i < st.exemplarCount; i++) {
        exemplars.add(st.exemplar(i));
      }
      exemplars.sort(BY_VALUE);
    }
    int next = 0;
    long cumulative = 0;
    Family.Name bucket = family.name(3);
    for (int i = 0; i < bounds; i++) {
      double bound = st.doubles[i];
      cumulative += i < counts ? st.longs[i] : 0;
      int b = st.pointSeries(bucket, LE, st.floatLabel(bound));
      st.addSample(b, ts, stale ? staleBits : Double.doubleToRawLongBits((double) cumulative));
      while (next < exemplars.size() && PrometheusTranslator.exemplarValue(exemplars.get(next)) <= bound) {
        st.addExemplar(b, objects.exemplar(exemplars.get(next++)));
      }
    }
    int inf = st.pointSeries(bucket, LE, INF);
    st.addSample(inf, ts, stale ? staleBits : Double.doubleToRawLongBits((double) count));
    while (next < exemplars.size()) {
      st.addExemplar(inf, objects.exemplar(exemplars.get(next++)));
    }
    return time;
  }

  private long summaryPoint(State st, BaseBytes base, Family family, int start, int end) {
    WireReader r = st.reader;
    st.beginPoint();
    long time = 0;
    long count = 0;
    double sum = 0;
    int flags = 0;
    int quantiles = 0;
    r.seek(start);
    while (r.pos() < end) {
      int tag = r.readTag(end);
      switch (tag) {
        case 7 << 3 | LEN -> st.addAttribute(end);
        case 3 << 3 | I64 -> time = r.readFixed64(end);
        case 4 << 3 | I64 -> count = r.readFixed64(end);
        case 5 << 3 | I64 -> sum = Double.longBitsToDouble(r.readFixed64(end));
        case 6 << 3 | LEN -> {
          int e = r.readEnd(end);
          double q = 0;
          double v = 0;
          while (r.pos() < e) {
            int t = r.readTag(e);
            if (t == (1 << 3 | I64)) {
              q = Double.longBitsToDouble(r.readFixed64(e));
            } else if (t == (2 << 3 | I64)) {
              v = Double.longBitsToDouble(r.readFixed64(e));
            } else {
              r.skipField(t, e, 6);
            }
          }
          st.doubles = grow(st.doubles, 2 * quantiles + 1);
          st.doubles[2 * quantiles] = q;
          st.doubles[2 * quantiles + 1] = v;
          quantiles++;
        }
        case 8 << 3 | VARINT -> flags = r.readVarint32(end);
        default -> r.skipField(tag, end, 5);
      }
    }
    long ts = time / 1_000_000;
    boolean stale = PrometheusTranslator.stale(flags);
    long staleBits = PrometheusTranslator.STALE_NAN_BITS;
    st.pointLabels(base);
    st.addSample(st.pointSeries(family.name(1), null, null), ts, stale ? staleBits : Double.doubleToRawLongBits(sum));
    st.addSample(st.pointSeries(family.name(2), null, null), ts,
        stale ? staleBits : Double.doubleToRawLongBits((double) count));
    for (int i = 0; i < quantiles; i++) {
      int s = st.pointSeries(family.name(0), QUANTILE, st.floatLabel(st.doubles[2 * i]));
      st.addSample(s, ts, stale ? staleBits : Double.doubleToRawLongBits(st.doubles[2 * i + 1]));
    }
    return time;
  }

  /** Returns the point's time, or {@link Long#MIN_VALUE} if its scale is refused. */
  private long nativeHistogramPoint(State st, BaseBytes base, Family family, int start, int end) {
    WireReader r = st.reader;
    st.beginPoint();
    long time = 0;
    long count = 0;
    double sum = 0;
    int scale = 0;
    long zeroCount = 0;
    int flags = 0;
    int posOffset = 0;
    int negOffset = 0;
    int posCount = 0;
    int negCount = 0;
    r.seek(start);
    while (r.pos() < end) {
      int tag = r.readTag(end);
      switch (tag) {
        case 1 << 3 | LEN -> st.addAttribute(end);
        case 3 << 3 | I64 -> time = r.readFixed64(end);
        case 4 << 3 | I64 -> count = r.readFixed64(end);
        case 5 << 3 | I64 -> sum = Double.longBitsToDouble(r.readFixed64(end));
        case 6 << 3 | VARINT -> {
          int z = r.readVarint32(end);
          scale = (z >>> 1) ^ -(z & 1);
        }
        case 7 << 3 | I64 -> zeroCount = r.readFixed64(end);
        case 8 << 3 | LEN -> {
          int e = r.readEnd(end);
          posOffset = buckets(st, e, true);
          posCount = st.bucketCount;
        }
        case 9 << 3 | LEN -> {
          int e = r.readEnd(end);
          negOffset = buckets(st, e, false);
          negCount = st.bucketCount;
        }
        case 10 << 3 | VARINT -> flags = r.readVarint32(end);
        case 11 << 3 | LEN -> st.addExemplar(end);
        default -> r.skipField(tag, end, 5);
      }
    }
    if (scale < MIN_SCALE) {
      return Long.MIN_VALUE;
    }
    int scaleDown = 0;
    if (scale > MAX_SCALE) {
      scaleDown = scale - MAX_SCALE;
      scale = MAX_SCALE;
    }
    NativeBuckets pos = NativeBuckets.of(posOffset, st.longs, posCount, scaleDown);
    NativeBuckets neg = NativeBuckets.of(negOffset, st.negatives, negCount, scaleDown);
    boolean stale = PrometheusTranslator.stale(flags);
    double s = stale ? PrometheusTranslator.STALE_NAN : sum;
    long c = stale ? PrometheusTranslator.STALE_NAN_BITS : count;
    st.pointLabels(base);
    int series = st.pointSeries(family.name(0), null, null);
    st.addHistogram(series, c, s, scale, zeroCount, pos, neg, time / 1_000_000);
    for (int i = 0; i < st.exemplarCount; i++) {
      st.addExemplar(series, objects.exemplar(st.exemplar(i)));
    }
    return time;
  }

  /** Reads a Buckets message into {@code st.longs} (positive) or {@code st.negatives}; returns its offset. */
  private static int buckets(State st, int end, boolean positive) {
    WireReader r = st.reader;
    int offset = 0;
    int n = 0;
    long[] into = positive ? st.longs : st.negatives;
    while (r.pos() < end) {
      int tag = r.readTag(end);
      if (tag == (1 << 3 | VARINT)) {
        int z = r.readVarint32(end);
        offset = (z >>> 1) ^ -(z & 1);
      } else if (tag == (2 << 3 | LEN)) {
        int e = r.readEnd(end);
        while (r.pos() < e) {
          into = grow(into, n);
          into[n++] = r.readVarint64(e);
        }
      } else if (tag == (2 << 3 | VARINT)) {
        into = grow(into, n);
        into[n++] = r.readVarint64(end);
      } else {
        r.skipField(tag, end, 6);
      }
    }
    if (positive) {
      st.longs = into;
    } else {
      st.negatives = into;
    }
    st.bucketCount = n;
    return offset;
  }

  private interface Parse<T> {
    T parse() throws InvalidProtocolBufferException;
  }

  private static <T> T parse(Parse<T> p) {
    try {
      return p.parse();
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedDataException("malformed metrics request: " + e.getMessage());
    }
  }

  static long[] grow(long[] a, int index) {
    return index < a.length ? a : Arrays.copyOf(a, Math.max(16, a.length * 2));
  }

  static double[] grow(double[] a, int index) {
    return index < a.length ? a : Arrays.copyOf(a, Math.max(16, a.length * 2));
  }

  static int[] grow(int[] a, int index) {
    return index < a.length ? a : Arrays.copyOf(a, Math.max(16, a.length * 2));
  }

  static byte[] grow(byte[] a, int used, int more) {
    long need = (long) used + more;
    if (need <= a.length) {
      return a;
    }
    if (need > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("translation larger than 2 GiB");
    }
    return Arrays.copyOf(a, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, 2L * a.length)));
  }

  // ---- names and labels -----------------------------------------------------------------------

  /** A label value as the bytes of a Label's value and the Java hash of its text. */
  static final class FloatLabel {
    final byte[] bytes;
    final int hash;

    FloatLabel(String text) {
      this.bytes = text.getBytes(StandardCharsets.UTF_8);
      this.hash = text.hashCode();
    }
  }

  /** A metric family's series names: the family, {@code _sum}, {@code _count}, {@code _bucket}. */
  static final class Family {
    final String name;
    private final Name[] names = new Name[4];

    Family(String name, int dataField) {
      this.name = name;
      names[0] = new Name(name);
      if (dataField == 9 || dataField == 11) {
        names[1] = new Name(name + "_sum");
        names[2] = new Name(name + "_count");
        names[3] = new Name(name + "_bucket");
      }
    }

    Name name(int i) {
      return names[i];
    }

    /** The value of a series' {@code __name__}. */
    static final class Name {
      final byte[] bytes;
      final int hash;

      Name(String s) {
        this.bytes = s.getBytes(StandardCharsets.UTF_8);
        this.hash = s.hashCode();
      }
    }
  }

  /** An attribute key: as sent (text for the sort, and bytes), as a label name, the name's bytes and hash. */
  static final class Key {
    final String original;
    final byte[] bytes;
    final String name;
    /** The name is the key as sent: sorting by one is sorting by the other. */
    final boolean plain;
    final byte[] nameBytes;
    final int nameHash;

    Key(String original, byte[] bytes, String name) {
      this.original = original;
      this.bytes = bytes;
      this.name = name;
      this.plain = name.equals(original);
      this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
      this.nameHash = name.hashCode();
    }
  }

  /** The labels of one resource and scope (see {@code PrometheusTranslator.BaseLabels}) as bytes. */
  static final class BaseBytes {
    final String[] names;
    final boolean[] wins;
    final byte[][] nameBytes;
    final byte[][] valueBytes;
    final int[] nameHashes;
    final int[] valueHashes;

    BaseBytes(PrometheusTranslator.BaseLabels b) {
      int n = b.names.length;
      names = b.names;
      wins = b.wins;
      nameBytes = new byte[n][];
      valueBytes = new byte[n][];
      nameHashes = new int[n];
      valueHashes = new int[n];
      for (int i = 0; i < n; i++) {
        nameBytes[i] = b.names[i].getBytes(StandardCharsets.UTF_8);
        valueBytes[i] = b.values[i].getBytes(StandardCharsets.UTF_8);
        nameHashes[i] = b.names[i].hashCode();
        valueHashes[i] = b.values[i].hashCode();
      }
    }
  }

  /** A byte range as a map key; the probe is reused, stored keys own their bytes. */
  static final class ByteKey {
    byte[] buf;
    int off;
    int len;
    int hash;

    ByteKey set(byte[] buf, int off, int len) {
      this.buf = buf;
      this.off = off;
      this.len = len;
      int h = 1;
      for (int i = off; i < off + len; i++) {
        h = 31 * h + buf[i];
      }
      this.hash = h;
      return this;
    }

    ByteKey copy() {
      ByteKey k = new ByteKey();
      k.buf = Arrays.copyOfRange(buf, off, off + len);
      k.off = 0;
      k.len = len;
      k.hash = hash;
      return k;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByteKey k && k.len == len && k.hash == hash
          && Arrays.equals(k.buf, k.off, k.off + k.len, buf, off, off + len);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  // ---- per-thread state: the point being read and the series written ---------------------------

  private final class State {
    byte[] buf;
    WireReader reader;

    // The current point: its attributes (KeyValue ranges) and exemplars (Exemplar ranges).
    int[] attrStart = new int[32];
    int[] attrEnd = new int[32];
    int attrCount;
    int[] exStart = new int[4];
    int[] exEnd = new int[4];
    int exemplarCount;
    long[] longs = new long[32];
    long[] negatives = new long[32];
    double[] doubles = new double[32];
    int bucketCount;

    // The point's attributes as labels, then merged with the base labels.
    Key[] aKey = new Key[32];
    byte[][] aBuf = new byte[32][];
    int[] aOff = new int[32];
    int[] aLen = new int[32];
    int[] aHash = new int[32];
    byte[] scratch = new byte[256];
    int scratchLen;
    String[] mName = new String[32];
    int[] mNameHash = new int[32];
    int[] mValueHash = new int[32];
    /** The point's labels, each encoded as a TimeSeries.labels field; label i is block[mStart[i], mStart[i+1]). */
    byte[] block = new byte[1024];
    int[] mStart = new int[33];
    int mCount;

    final Map<ByteKey, Key> keys = new HashMap<>();
    final Key[] slots = new Key[64];
    final ByteKey probe = new ByteKey();
    final Map<String, Family> families = new HashMap<>();
    long[] floatKeys = new long[256];
    FloatLabel[] floatValues = new FloatLabel[256];
    int floatCount;

    // The series: labels (encoded TimeSeries.labels fields) in `arena`, then their samples,
    // exemplars and histograms in linked lists.
    byte[] arena = new byte[64 * 1024];
    int arenaLen;
    int seriesCount;
    int[] sOff = new int[1024];
    int[] sLen = new int[1024];
    int[] sHash = new int[1024];
    int[] sSize = new int[1024];
    int[] sFirst = new int[1024];
    int[] sLast = new int[1024];
    int[] sSamples = new int[1024];
    int[] sFirstExtra = new int[1024];
    int[] sLastExtra = new int[1024];
    int[] table = new int[2048];
    long[] smTs = new long[1024];
    long[] smValue = new long[1024];
    int[] smNext = new int[1024];
    int sampleCount;
    // Exemplars and native histograms, encoded, in `extra`; a histogram has a timestamp, an exemplar Long.MIN_VALUE.
    byte[] extra = new byte[1024];
    int extraLen;
    int[] xOff = new int[64];
    int[] xLen = new int[64];
    int[] xNext = new int[64];
    long[] xTs = new long[64];
    int extraCount;

    final Map<String, Translation.Metadata> metadata = new LinkedHashMap<>();
    final List<Translation.Drop> drops = new ArrayList<>(0);

    void reset(byte[] request) {
      buf = request;
      reader = new WireReader(request);
      arenaLen = 0;
      seriesCount = 0;
      sampleCount = 0;
      extraLen = 0;
      extraCount = 0;
      Arrays.fill(table, 0);
      metadata.clear();
      drops.clear();
      if (keys.size() > MAX_CACHED_KEYS) {
        keys.clear();
        Arrays.fill(slots, null);
      }
      if (families.size() > MAX_CACHED_KEYS) {
        families.clear();
      }
    }

    /** Lets go of what belongs to this request; keeps the grown arrays for the next. */
    void release() {
      buf = null;
      reader = null;
      probe.buf = null;
    }

    Family family(String name, int dataField) {
      String key = dataField + name;
      Family f = families.get(key);
      if (f == null) {
        f = new Family(name, dataField);
        families.put(key, f);
      }
      return f;
    }

    void beginPoint() {
      attrCount = 0;
      exemplarCount = 0;
      scratchLen = 0;
    }

    /** Notes the attribute (KeyValue) whose tag was just read, and moves past it. */
    void addAttribute(int limit) {
      int end = reader.readEnd(limit);
      int start = reader.pos();
      reader.seek(end);
      attrStart = grow(attrStart, attrCount);
      attrEnd = grow(attrEnd, attrCount);
      attrStart[attrCount] = start;
      attrEnd[attrCount++] = end;
    }

    /** Notes the exemplar whose tag was just read, and moves past it. */
    void addExemplar(int limit) {
      int end = reader.readEnd(limit);
      int start = reader.pos();
      reader.seek(end);
      exStart = grow(exStart, exemplarCount);
      exEnd = grow(exEnd, exemplarCount);
      exStart[exemplarCount] = start;
      exEnd[exemplarCount++] = end;
    }

    Exemplar exemplar(int i) {
      int from = exStart[i];
      int to = exEnd[i];
      return parse(() -> Exemplar.parser().parseFrom(buf, from, to - from));
    }

    FloatLabel floatLabel(double d) {
      long bits = Double.doubleToRawLongBits(d);
      int mask = floatKeys.length - 1;
      int i = (int) (bits ^ (bits >>> 29) ^ (bits >>> 43)) & mask;
      while (floatValues[i] != null) {
        if (floatKeys[i] == bits) {
          return floatValues[i];
        }
        i = (i + 1) & mask;
      }
      FloatLabel f = new FloatLabel(LabelText.formatFloat(d));
      if (floatCount < floatKeys.length / 2) {
        floatKeys[i] = bits;
        floatValues[i] = f;
        floatCount++;
      }
      return f;
    }

    /**
     * The key of attribute {@code slot} of a point: points of a metric mostly send the same keys in
     * the same order, so the key of the same slot of the previous point is tried first (a byte
     * compare, no hash), then the cache.
     */
    Key key(int slot, int off, int len) {
      if (slot < slots.length) {
        Key last = slots[slot];
        if (last != null && Arrays.equals(last.bytes, 0, last.bytes.length, buf, off, off + len)) {
          return last;
        }
      }
      Key k = keys.get(probe.set(buf, off, len));
      if (k == null) {
        String original = Utf8.string(buf, off, len);
        k = new Key(original, Arrays.copyOfRange(buf, off, off + len), objects.labelName(original));
        if (keys.size() < MAX_CACHED_KEYS) {
          keys.put(probe.copy(), k);
        }
      }
      if (slot < slots.length) {
        slots[slot] = k;
      }
      return k;
    }

    /** Appends {@code s}'s UTF-8 bytes to the scratch space; returns where they start. */
    int scratch(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      scratch = grow(scratch, scratchLen, b.length);
      System.arraycopy(b, 0, scratch, scratchLen, b.length);
      int at = scratchLen;
      scratchLen += b.length;
      return at;
    }

    /**
     * The current point's labels: its attributes as sanitized names (sorted by key, colliding
     * names joined with {@code ;}), merged with the base labels as {@code
     * PrometheusTranslator.pointLabels} does, encoded into {@link #block}.
     */
    void pointLabels(BaseBytes base) {
      int n = attrCount;
      if (aKey.length < n) {
        int c = Math.max(n, 2 * aKey.length);
        aKey = Arrays.copyOf(aKey, c);
        aBuf = Arrays.copyOf(aBuf, c);
        aOff = Arrays.copyOf(aOff, c);
        aLen = Arrays.copyOf(aLen, c);
        aHash = Arrays.copyOf(aHash, c);
      }
      for (int i = 0; i < n; i++) {
        keyValue(i, attrStart[i], attrEnd[i]);
      }
      // Sort by original key (stable, as Arrays.sort of the KeyValues is).
      sort(n, false);
      // Join values of names that collide once sanitized, in that order.
      int count = 0;
      boolean plain = true;
      for (int i = 0; i < n; i++) {
        Key k = aKey[i];
        plain &= k.plain;
        int at = -1;
        // Keys that are all their own names collide only when equal, and equal keys are neighbours.
        for (int j = plain ? Math.max(0, count - 1) : 0; j < count; j++) {
          if (aKey[j] == k || aKey[j].name.equals(k.name)) {
            at = j;
            break;
          }
        }
        if (at < 0) {
          if (count != i) {
            move(i, count);
          }
          count++;
        } else {
          join(at, i);
        }
      }
      // Sanitizing can change the order: sort by label name (unless no key changed).
      if (!plain) {
        sort(count, true);
      }
      // Merge with the base labels; drop empty names and values.
      int nb = base.names.length;
      int most = count + nb;
      if (mName.length < most) {
        mName = new String[most];
        mNameHash = new int[most];
        mValueHash = new int[most];
        mStart = new int[most + 1];
      }
      int blockLen = 0;
      int m = 0;
      int a = 0;
      int b = 0;
      while (a < count || b < nb) {
        int c = a == count ? 1 : b == nb ? -1 : aKey[a].name.compareTo(base.names[b]);
        String name;
        byte[] nameBytes;
        int nameHash;
        byte[] vb;
        int vOff;
        int vLen;
        int vHash;
        if (c < 0 || (c == 0 && !base.wins[b])) {
          Key k = aKey[a];
          name = k.name;
          nameBytes = k.nameBytes;
          nameHash = k.nameHash;
          vb = aBuf[a];
          vOff = aOff[a];
          vLen = aLen[a];
          vHash = aHash[a];
          a++;
          if (c == 0) {
            b++;
          }
        } else {
          name = base.names[b];
          nameBytes = base.nameBytes[b];
          nameHash = base.nameHashes[b];
          vb = base.valueBytes[b];
          vOff = 0;
          vLen = vb.length;
          vHash = base.valueHashes[b];
          b++;
          if (c == 0) {
            a++;
          }
        }
        if (nameBytes.length == 0 || vLen == 0) {
          continue;
        }
        mName[m] = name;
        mNameHash[m] = nameHash;
        mValueHash[m] = vHash;
        mStart[m] = blockLen;
        block = grow(block, blockLen, 30 + nameBytes.length + vLen);
        blockLen = writeLabel(block, blockLen, nameBytes, 0, nameBytes.length, vb, vOff, vLen);
        m++;
      }
      mStart[m] = blockLen;
      mCount = m;
    }

    /** Stable insertion sort of the first n attributes by key as sent or by label name: they are few. */
    private void sort(int n, boolean byName) {
      for (int i = 1; i < n; i++) {
        Key k = aKey[i];
        String kText = byName ? k.name : k.original;
        int j = i - 1;
        if ((byName ? aKey[j].name : aKey[j].original).compareTo(kText) <= 0) {
          continue;
        }
        byte[] b = aBuf[i];
        int off = aOff[i];
        int len = aLen[i];
        int h = aHash[i];
        while (j >= 0 && (byName ? aKey[j].name : aKey[j].original).compareTo(kText) > 0) {
          move(j, j + 1);
          j--;
        }
        aKey[j + 1] = k;
        aBuf[j + 1] = b;
        aOff[j + 1] = off;
        aLen[j + 1] = len;
        aHash[j + 1] = h;
      }
    }

    private void move(int from, int to) {
      aKey[to] = aKey[from];
      aBuf[to] = aBuf[from];
      aOff[to] = aOff[from];
      aLen[to] = aLen[from];
      aHash[to] = aHash[from];
    }

    /** Appends {@code ";" + value i} to value {@code at}, in the scratch space. */
    private void join(int at, int i) {
      int len = aLen[at] + 1 + aLen[i];
      scratch = grow(scratch, scratchLen, len);
      int p = scratchLen;
      System.arraycopy(aBuf[at], aOff[at], scratch, p, aLen[at]);
      scratch[p + aLen[at]] = ';';
      System.arraycopy(aBuf[i], aOff[i], scratch, p + aLen[at] + 1, aLen[i]);
      scratchLen += len;
      aBuf[at] = scratch;
      aOff[at] = p;
      aLen[at] = len;
      aHash[at] = Utf8.javaHash(scratch, p, len);
    }

    /** Reads attribute {@code i}'s KeyValue: its key and its value as label text. */
    private void keyValue(int i, int start, int end) {
      WireReader r = reader;
      int keyOff = start;
      int keyLen = 0;
      int valueStart = -1;
      int valueEnd = -1;
      r.seek(start);
      while (r.pos() < end) {
        int tag = r.readTag(end);
        if (tag == (1 << 3 | LEN)) {
          int e = r.readEnd(end);
          keyOff = r.pos();
          keyLen = e - keyOff;
          r.seek(e);
        } else if (tag == (2 << 3 | LEN)) {
          int e = r.readEnd(end);
          valueStart = r.pos();
          valueEnd = e;
          r.seek(e);
        } else {
          r.skipField(tag, end, 7);
        }
      }
      aKey[i] = key(i, keyOff, keyLen);
      // AnyValue: the last of its oneof fields wins.
      int kind = 0;
      int vOff = 0;
      int vLen = 0;
      long bits = 0;
      if (valueStart >= 0) {
        r.seek(valueStart);
        while (r.pos() < valueEnd) {
          int tag = r.readTag(valueEnd);
          int field = tag >>> 3;
          switch (tag) {
            case 1 << 3 | LEN, 5 << 3 | LEN, 6 << 3 | LEN, 7 << 3 | LEN -> {
              int e = r.readEnd(valueEnd);
              kind = field;
              vOff = r.pos();
              vLen = e - vOff;
              r.seek(e);
            }
            case 2 << 3 | VARINT, 3 << 3 | VARINT -> {
              kind = field;
              bits = r.readVarint64(valueEnd);
            }
            case 4 << 3 | I64 -> {
              kind = field;
              bits = r.readFixed64(valueEnd);
            }
            default -> r.skipField(tag, valueEnd, 8);
          }
        }
      }
      switch (kind) {
        case 1 -> {
          aBuf[i] = buf;
          aOff[i] = vOff;
          aLen[i] = vLen;
          aHash[i] = Utf8.javaHash(buf, vOff, vLen);
        }
        case 0 -> {
          aBuf[i] = buf;
          aOff[i] = 0;
          aLen[i] = 0;
          aHash[i] = 0;
        }
        default -> {
          String text = switch (kind) {
            case 2 -> bits != 0 ? "true" : "false";
            case 3 -> Long.toString(bits);
            case 4 -> ValueText.formatDouble(Double.longBitsToDouble(bits));
            default -> {
              int from = valueStart;
              int to = valueEnd;
              yield ValueText.asString(parse(() -> AnyValue.parser().parseFrom(buf, from, to - from)));
            }
          };
          int at = scratch(text);
          aBuf[i] = scratch;
          aOff[i] = at;
          aLen[i] = scratchLen - at;
          aHash[i] = text.hashCode();
        }
      }
    }

    /**
     * The series of the current point named {@code name}, with an optional extra label that
     * replaces a point label of its name; added if new. Returns its index.
     */
    int pointSeries(Family.Name name, String extraName, FloatLabel extraValue) {
      int m = mCount;
      boolean extraFirst = extraName != null && extraName.compareTo(Labels.NAME) < 0;
      int specials = extraName == null ? 1 : 2;
      arena = grow(arena, arenaLen, mStart[m] + 60 + name.bytes.length + (extraValue == null ? 0 : extraValue.bytes.length
          + extraName.length()));
      int p = arenaLen;
      int h = 1;
      int a = 0;
      int b = 0;
      while (a < m || b < specials) {
        String special = b == specials ? null
            : (b == 0) == !extraFirst ? Labels.NAME : extraName;
        if (a < m && (mName[a].equals(Labels.NAME) || mName[a].equals(extraName))) {
          a++;
        } else if (special == null || (a < m && mName[a].compareTo(special) < 0)) {
          int len = mStart[a + 1] - mStart[a];
          System.arraycopy(block, mStart[a], arena, p, len);
          p += len;
          h = 31 * (31 * h + mNameHash[a]) + mValueHash[a];
          a++;
        } else if (special == Labels.NAME) {
          p = writeLabel(arena, p, NAME_BYTES, 0, NAME_BYTES.length, name.bytes, 0, name.bytes.length);
          h = 31 * (31 * h + NAME_HASH) + name.hash;
          b++;
        } else {
          byte[] en = extraName == LE ? LE_BYTES : QUANTILE_BYTES;
          p = writeLabel(arena, p, en, 0, en.length, extraValue.bytes, 0, extraValue.bytes.length);
          h = 31 * (31 * h + extraName.hashCode()) + extraValue.hash;
          b++;
        }
      }
      return series(p - arenaLen, h);
    }

    /** Encodes labels after the end of the arena, for {@link #series}; returns their length. */
    int encodeLabels(Labels l) {
      int p = arenaLen;
      for (int i = 0; i < l.size(); i++) {
        byte[] n = l.name(i).getBytes(StandardCharsets.UTF_8);
        byte[] v = l.value(i).getBytes(StandardCharsets.UTF_8);
        arena = grow(arena, p, 30 + n.length + v.length);
        p = writeLabel(arena, p, n, 0, n.length, v, 0, v.length);
      }
      return p - arenaLen;
    }

    /**
     * The series whose labels were just written at {@code arena[arenaLen, arenaLen + len)} with
     * this hash: an existing one (the bytes are dropped) or a new one.
     */
    int series(int len, int hash) {
      int mask = table.length - 1;
      int i = mix(hash) & mask;
      while (table[i] != 0) {
        int s = table[i] - 1;
        if (sHash[s] == hash && sLen[s] == len
            && Arrays.equals(arena, sOff[s], sOff[s] + len, arena, arenaLen, arenaLen + len)) {
          return s;
        }
        i = (i + 1) & mask;
      }
      int s = seriesCount++;
      if (s == sOff.length) {
        int c = 2 * s;
        sOff = Arrays.copyOf(sOff, c);
        sLen = Arrays.copyOf(sLen, c);
        sHash = Arrays.copyOf(sHash, c);
        sSize = Arrays.copyOf(sSize, c);
        sFirst = Arrays.copyOf(sFirst, c);
        sLast = Arrays.copyOf(sLast, c);
        sSamples = Arrays.copyOf(sSamples, c);
        sFirstExtra = Arrays.copyOf(sFirstExtra, c);
        sLastExtra = Arrays.copyOf(sLastExtra, c);
      }
      sOff[s] = arenaLen;
      sLen[s] = len;
      sHash[s] = hash;
      sSize[s] = len;
      sFirst[s] = -1;
      sLast[s] = -1;
      sSamples[s] = 0;
      sFirstExtra[s] = -1;
      sLastExtra[s] = -1;
      arenaLen += len;
      table[i] = s + 1;
      if (seriesCount * 2 > table.length) {
        rehash();
      }
      return s;
    }

    private void rehash() {
      int[] t = new int[table.length * 2];
      int mask = t.length - 1;
      for (int s = 0; s < seriesCount; s++) {
        int i = mix(sHash[s]) & mask;
        while (t[i] != 0) {
          i = (i + 1) & mask;
        }
        t[i] = s + 1;
      }
      table = t;
    }

    void addSample(int s, long timestampMs, long valueBits) {
      int i = sampleCount++;
      if (i == smTs.length) {
        smTs = Arrays.copyOf(smTs, 2 * i);
        smValue = Arrays.copyOf(smValue, 2 * i);
        smNext = Arrays.copyOf(smNext, 2 * i);
      }
      smTs[i] = timestampMs;
      smValue[i] = valueBits;
      smNext[i] = -1;
      if (sLast[s] < 0) {
        sFirst[s] = i;
      } else {
        smNext[sLast[s]] = i;
      }
      sLast[s] = i;
      sSamples[s]++;
      sSize[s] += nested(sampleSize(timestampMs));
    }

    void addExemplar(int s, PromSeries.Exemplar e) {
      int start = extraLen;
      for (int i = 0; i < e.labels().size(); i++) {
        byte[] n = e.labels().name(i).getBytes(StandardCharsets.UTF_8);
        byte[] v = e.labels().value(i).getBytes(StandardCharsets.UTF_8);
        extra = grow(extra, extraLen, 30 + n.length + v.length);
        extraLen = writeLabel(extra, extraLen, n, 0, n.length, v, 0, v.length);
      }
      extra = grow(extra, extraLen, 20);
      extraLen = WireWriter.writeTag(extra, extraLen, 2, WireReader.FIXED64);
      extraLen = WireWriter.writeFixed64(extra, extraLen, Double.doubleToRawLongBits(e.value()));
      extraLen = WireWriter.writeTag(extra, extraLen, 3, VARINT);
      extraLen = WireWriter.writeVarint(extra, extraLen, e.timestampMs());
      addExtra(s, start, Long.MIN_VALUE);
    }

    void addHistogram(int s, long count, double sum, int schema, long zeroCount, NativeBuckets pos,
        NativeBuckets neg, long timestampMs) {
      int start = extraLen;
      extra = grow(extra, extraLen, 80 + 12 * (pos.spans().length + neg.spans().length)
          + 10 * (pos.deltas().length + neg.deltas().length));
      byte[] x = extra;
      int p = extraLen;
      p = WireWriter.writeTag(x, p, 1, VARINT);
      p = WireWriter.writeVarint(x, p, count);
      p = WireWriter.writeTag(x, p, 3, WireReader.FIXED64);
      p = WireWriter.writeFixed64(x, p, Double.doubleToRawLongBits(sum));
      p = WireWriter.writeTag(x, p, 4, VARINT);
      p = WireWriter.writeVarint(x, p, zigzag(schema) & 0xFFFFFFFFL);
      p = WireWriter.writeTag(x, p, 5, WireReader.FIXED64);
      p = WireWriter.writeFixed64(x, p, Double.doubleToRawLongBits(ZERO_THRESHOLD));
      p = WireWriter.writeTag(x, p, 6, VARINT);
      p = WireWriter.writeVarint(x, p, zeroCount);
      p = writeSpans(x, p, 8, neg.spans());
      p = writeDeltas(x, p, 9, neg.deltas());
      p = writeSpans(x, p, 11, pos.spans());
      p = writeDeltas(x, p, 12, pos.deltas());
      p = WireWriter.writeTag(x, p, 15, VARINT);
      p = WireWriter.writeVarint(x, p, timestampMs);
      extraLen = p;
      addExtra(s, start, timestampMs);
    }

    private void addExtra(int s, int start, long ts) {
      int i = extraCount++;
      if (i == xOff.length) {
        xOff = Arrays.copyOf(xOff, 2 * i);
        xLen = Arrays.copyOf(xLen, 2 * i);
        xNext = Arrays.copyOf(xNext, 2 * i);
        xTs = Arrays.copyOf(xTs, 2 * i);
      }
      xOff[i] = start;
      xLen[i] = extraLen - start;
      xTs[i] = ts;
      xNext[i] = -1;
      if (sLastExtra[s] < 0) {
        sFirstExtra[s] = i;
      } else {
        xNext[sLastExtra[s]] = i;
      }
      sLastExtra[s] = i;
      sSize[s] += nested(xLen[i]);
    }

    // ---- the requests ---------------------------------------------------------------------------

    Result finish(int laneCount, int maxBytes, boolean withMetadata) {
      List<byte[]> meta = new ArrayList<>(withMetadata ? metadata.size() : 0);
      if (withMetadata) {
        for (Translation.Metadata m : metadata.values()) {
          meta.add(metadataBytes(m));
        }
      }
      // Series of each lane in the order they were first seen.
      int[] laneOf = new int[seriesCount];
      int[] perLane = new int[laneCount + 1];
      for (int s = 0; s < seriesCount; s++) {
        laneOf[s] = Math.floorMod(sHash[s], laneCount);
        perLane[laneOf[s] + 1]++;
      }
      for (int l = 0; l < laneCount; l++) {
        perLane[l + 1] += perLane[l];
      }
      int[] order = new int[seriesCount];
      int[] fill = Arrays.copyOf(perLane, laneCount);
      for (int s = 0; s < seriesCount; s++) {
        order[fill[laneOf[s]]++] = s;
      }
      List<List<byte[]>> lanes = new ArrayList<>(laneCount);
      for (int l = 0; l < laneCount; l++) {
        lanes.add(requests(order, perLane[l], perLane[l + 1], l == 0 ? meta : List.of(), maxBytes));
      }
      return new Result(lanes, List.copyOf(drops), seriesCount);
    }

    /** The WriteRequests of series order[from, to) and then the metadata, split by maxBytes. */
    private List<byte[]> requests(int[] order, int from, int to, List<byte[]> meta, int maxBytes) {
      List<byte[]> out = new ArrayList<>();
      int n = to - from + meta.size();
      int start = 0;
      while (start < n) {
        int total = 0;
        int end = start;
        while (end < n) {
          int size = end < to - from ? sSize[order[from + end]] : meta.get(end - (to - from)).length;
          int field = 1 + WireWriter.varintSize(size) + size;
          if (end > start && total + field > maxBytes) {
            break;
          }
          total += field;
          end++;
        }
        byte[] b = new byte[total];
        int p = 0;
        for (int i = start; i < end; i++) {
          if (i < to - from) {
            p = writeSeries(b, p, order[from + i]);
          } else {
            byte[] m = meta.get(i - (to - from));
            b[p++] = (byte) (3 << 3 | LEN);
            p = WireWriter.writeVarint(b, p, m.length);
            System.arraycopy(m, 0, b, p, m.length);
            p += m.length;
          }
        }
        if (p != total) {
          throw new IllegalStateException("wrote " + p + " of " + total + " bytes");
        }
        out.add(b);
        start = end;
      }
      return out;
    }

    private int[] sortScratch = new int[16];

    private int writeSeries(byte[] b, int p, int s) {
      b[p++] = (byte) (1 << 3 | LEN);
      p = WireWriter.writeVarint(b, p, sSize[s]);
      System.arraycopy(arena, sOff[s], b, p, sLen[s]);
      p += sLen[s];
      // Samples oldest first (stable), as Prometheus refuses a series going back in time.
      int n = sSamples[s];
      if (n > 0) {
        sortScratch = grow(sortScratch, n - 1);
        int k = 0;
        boolean sorted = true;
        for (int i = sFirst[s]; i >= 0; i = smNext[i]) {
          if (k > 0 && smTs[i] < smTs[sortScratch[k - 1]]) {
            sorted = false;
          }
          sortScratch = grow(sortScratch, k);
          sortScratch[k++] = i;
        }
        if (!sorted) {
          stableSortByTime(sortScratch, k, smTs);
        }
        for (int j = 0; j < k; j++) {
          int i = sortScratch[j];
          long ts = smTs[i];
          b[p++] = (byte) (2 << 3 | LEN);
          p = WireWriter.writeVarint(b, p, sampleSize(ts));
          b[p++] = (byte) (1 << 3 | WireReader.FIXED64);
          p = WireWriter.writeFixed64(b, p, smValue[i]);
          b[p++] = (byte) (2 << 3 | VARINT);
          p = WireWriter.writeVarint(b, p, ts);
        }
      }
      if (sFirstExtra[s] >= 0) {
        // Exemplars in the order they came, then histograms oldest first (stable).
        for (int i = sFirstExtra[s]; i >= 0; i = xNext[i]) {
          if (xTs[i] == Long.MIN_VALUE) {
            p = writeExtra(b, p, 3, i);
          }
        }
        int k = 0;
        boolean sorted = true;
        for (int i = sFirstExtra[s]; i >= 0; i = xNext[i]) {
          if (xTs[i] != Long.MIN_VALUE) {
            if (k > 0 && xTs[i] < xTs[sortScratch[k - 1]]) {
              sorted = false;
            }
            sortScratch = grow(sortScratch, k);
            sortScratch[k++] = i;
          }
        }
        if (!sorted) {
          stableSortByTime(sortScratch, k, xTs);
        }
        for (int j = 0; j < k; j++) {
          p = writeExtra(b, p, 4, sortScratch[j]);
        }
      }
      return p;
    }

    private int writeExtra(byte[] b, int p, int field, int i) {
      b[p++] = (byte) (field << 3 | LEN);
      p = WireWriter.writeVarint(b, p, xLen[i]);
      System.arraycopy(extra, xOff[i], b, p, xLen[i]);
      return p + xLen[i];
    }
  }

  private static final byte[] LE_BYTES = LE.getBytes(StandardCharsets.US_ASCII);
  private static final byte[] QUANTILE_BYTES = QUANTILE.getBytes(StandardCharsets.US_ASCII);

  /** Stable: insertion sort for short runs, a merge sort otherwise. */
  static void stableSortByTime(int[] idx, int n, long[] ts) {
    if (n <= 32) {
      for (int i = 1; i < n; i++) {
        int v = idx[i];
        int j = i - 1;
        while (j >= 0 && ts[idx[j]] > ts[v]) {
          idx[j + 1] = idx[j];
          j--;
        }
        idx[j + 1] = v;
      }
      return;
    }
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = idx[i];
    }
    Arrays.sort(boxed, Comparator.comparingLong(i -> ts[i]));
    for (int i = 0; i < n; i++) {
      idx[i] = boxed[i];
    }
  }

  private static int mix(int h) {
    return h ^ (h >>> 16) ^ (h >>> 7);
  }

  private static int zigzag(int v) {
    return (v << 1) ^ (v >> 31);
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static int sampleSize(long ts) {
    return 1 + 8 + 1 + WireWriter.varintSize(ts);
  }

  private static int nested(int size) {
    return 1 + WireWriter.varintSize(size) + size;
  }

  /** Writes one TimeSeries.labels (or Exemplar.labels) field: a Label{name, value}. */
  static int writeLabel(byte[] b, int p, byte[] name, int nOff, int nLen, byte[] value, int vOff, int vLen) {
    int size = 1 + WireWriter.varintSize(nLen) + nLen + 1 + WireWriter.varintSize(vLen) + vLen;
    b[p++] = (byte) (1 << 3 | LEN);
    p = WireWriter.writeVarint(b, p, size);
    b[p++] = (byte) (1 << 3 | LEN);
    p = WireWriter.writeVarint(b, p, nLen);
    System.arraycopy(name, nOff, b, p, nLen);
    p += nLen;
    b[p++] = (byte) (2 << 3 | LEN);
    p = WireWriter.writeVarint(b, p, vLen);
    System.arraycopy(value, vOff, b, p, vLen);
    return p + vLen;
  }

  private static int writeSpans(byte[] b, int p, int field, int[] spans) {
    for (int i = 0; i < spans.length; i += 2) {
      int offset = zigzag(spans[i]);
      int size = 1 + WireWriter.varintSize(offset & 0xFFFFFFFFL) + 1 + WireWriter.varintSize(spans[i + 1] & 0xFFFFFFFFL);
      b[p++] = (byte) (field << 3 | LEN);
      p = WireWriter.writeVarint(b, p, size);
      b[p++] = (byte) (1 << 3 | VARINT);
      p = WireWriter.writeVarint(b, p, offset & 0xFFFFFFFFL);
      b[p++] = (byte) (2 << 3 | VARINT);
      p = WireWriter.writeVarint(b, p, spans[i + 1] & 0xFFFFFFFFL);
    }
    return p;
  }

  private static int writeDeltas(byte[] b, int p, int field, long[] deltas) {
    if (deltas.length == 0) {
      return p;
    }
    int size = 0;
    for (long d : deltas) {
      size += WireWriter.varintSize(zigzag(d));
    }
    b[p++] = (byte) (field << 3 | LEN);
    p = WireWriter.writeVarint(b, p, size);
    for (long d : deltas) {
      p = WireWriter.writeVarint(b, p, zigzag(d));
    }
    return p;
  }

  /** MetricMetadata{type=1, metric_family_name=2, help=4, unit=5}. */
  private static byte[] metadataBytes(Translation.Metadata m) {
    byte[] family = m.family().getBytes(StandardCharsets.UTF_8);
    byte[] help = m.help().getBytes(StandardCharsets.UTF_8);
    byte[] unit = m.unit().getBytes(StandardCharsets.UTF_8);
    int type = switch (m.type()) {
      case COUNTER -> 1;
      case GAUGE -> 2;
      case HISTOGRAM -> 3;
      case SUMMARY -> 5;
      case INFO -> 6;
    };
    byte[] b = new byte[2 + 3 * 6 + family.length + help.length + unit.length];
    int p = 0;
    b[p++] = (byte) (1 << 3 | VARINT);
    p = WireWriter.writeVarint(b, p, type);
    p = writeBytes(b, p, 2, family);
    p = writeBytes(b, p, 4, help);
    p = writeBytes(b, p, 5, unit);
    return Arrays.copyOf(b, p);
  }

  private static int writeBytes(byte[] b, int p, int field, byte[] v) {
    b[p++] = (byte) (field << 3 | LEN);
    p = WireWriter.writeVarint(b, p, v.length);
    System.arraycopy(v, 0, b, p, v.length);
    return p + v.length;
  }
}
