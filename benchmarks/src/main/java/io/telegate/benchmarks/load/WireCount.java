package io.telegate.benchmarks.load;

/**
 * Counts items in the protobuf requests the sink receives, by walking the wire format without
 * parsing: spans, log records and metric points of an OTLP request, samples and histograms of a
 * Prometheus remote-write {@code WriteRequest} (v1), entries of a Loki {@code PushRequest}.
 */
public final class WireCount {

  // Tags of length-delimited fields 1 to 4 (wire type 2).
  private static final int LEN_1 = 1 << 3 | 2;
  private static final int LEN_2 = 2 << 3 | 2;
  private static final int LEN_4 = 4 << 3 | 2;

  private WireCount() {}

  /** Samples and native histograms of a remote-write request: {@code [samples, histograms, series]}. */
  public static long[] remoteWrite(byte[] b) {
    long samples = 0;
    long histograms = 0;
    long series = 0;
    Reader top = new Reader(b, 0, b.length);
    while (top.more()) {
      int tag = top.tag();
      if (tag == LEN_1) { // repeated TimeSeries timeseries = 1
        series++;
        Reader ts = top.sub();
        while (ts.more()) {
          int t = ts.tag();
          if (t == LEN_2) { // repeated Sample samples = 2
            samples++;
          } else if (t == LEN_4) { // repeated Histogram histograms = 4
            histograms++;
          }
          ts.skip(t);
        }
      } else {
        top.skip(tag);
      }
    }
    return new long[] {samples, histograms, series};
  }

  /** Entries of a Loki push request: {@code [entries, streams]}. */
  public static long[] loki(byte[] b) {
    long entries = 0;
    long streams = 0;
    Reader top = new Reader(b, 0, b.length);
    while (top.more()) {
      int tag = top.tag();
      if (tag == LEN_1) { // repeated StreamAdapter streams = 1
        streams++;
        Reader s = top.sub();
        while (s.more()) {
          int t = s.tag();
          if (t == LEN_2) { // repeated EntryAdapter entries = 2
            entries++;
          }
          s.skip(t);
        }
      } else {
        top.skip(tag);
      }
    }
    return new long[] {entries, streams};
  }

  /**
   * Items of an OTLP export request: spans, log records, or metric data points. Only the nesting
   * down to the items is walked (no UTF-8 or field checks, unlike the gateway's {@code OtlpWire}),
   * so counting costs the sink little of the CPU it shares with the gateway; a truncated or
   * overlong field still throws.
   */
  public static long otlp(Shapes.Signal signal, byte[] b) {
    long items = 0;
    Reader top = new Reader(b, 0, b.length);
    while (top.more()) {
      int tag = top.tag();
      if (tag != LEN_1) { // repeated ResourceSpans/ResourceMetrics/ResourceLogs = 1
        top.skip(tag);
        continue;
      }
      Reader resource = top.sub();
      while (resource.more()) {
        int t = resource.tag();
        if (t != LEN_2) { // repeated ScopeSpans/ScopeMetrics/ScopeLogs = 2
          resource.skip(t);
          continue;
        }
        Reader scope = resource.sub();
        while (scope.more()) {
          int st = scope.tag();
          if (st != LEN_2) { // repeated Span/Metric/LogRecord = 2
            scope.skip(st);
          } else if (signal == Shapes.Signal.METRICS) {
            items += points(scope.sub());
          } else {
            items++;
            scope.skip(st);
          }
        }
      }
    }
    return items;
  }

  /** Data points of one Metric: field 1 of its gauge (5), sum (7), histogram (9), exponential histogram (10) or summary (11). */
  private static long points(Reader metric) {
    long points = 0;
    while (metric.more()) {
      int t = metric.tag();
      int field = t >>> 3;
      if ((t & 7) == 2 && (field == 5 || field == 7 || field == 9 || field == 10 || field == 11)) {
        Reader data = metric.sub();
        while (data.more()) {
          int dt = data.tag();
          if (dt == LEN_1) {
            points++;
          }
          data.skip(dt);
        }
      } else {
        metric.skip(t);
      }
    }
    return points;
  }

  /** A cursor over one message's fields. */
  static final class Reader {
    private final byte[] b;
    private int pos;
    private final int limit;

    Reader(byte[] b, int pos, int limit) {
      this.b = b;
      this.pos = pos;
      this.limit = limit;
    }

    boolean more() {
      return pos < limit;
    }

    int tag() {
      return (int) varint();
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= limit) {
          throw new IllegalArgumentException("truncated varint at " + pos);
        }
        byte x = b[pos++];
        v |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint too long at " + pos);
    }

    /** The length-delimited field just tagged, as a reader; moves past it. */
    Reader sub() {
      int len = length();
      Reader r = new Reader(b, pos, pos + len);
      pos += len;
      return r;
    }

    private int length() {
      long len = varint();
      if (len < 0 || len > limit - pos) {
        throw new IllegalArgumentException("length " + len + " past the end at " + pos);
      }
      return (int) len;
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> advance(8);
        case 2 -> advance(length());
        case 5 -> advance(4);
        default -> throw new IllegalArgumentException("wire type " + (tag & 7) + " at " + pos);
      }
    }

    private void advance(int n) {
      if (n > limit - pos) {
        throw new IllegalArgumentException("field past the end at " + pos);
      }
      pos += n;
    }
  }
}
