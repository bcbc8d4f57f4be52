package io.telegate.benchmarks.load;

import io.telegate.core.data.wire.WireReader;

/**
 * Counts items in the protobuf requests the sink receives, by walking the wire format without
 * parsing: spans, log records and metric points of an OTLP request, samples and histograms of a
 * Prometheus remote-write {@code WriteRequest} (v1), entries of a Loki {@code PushRequest}. It
 * reads with the gateway's {@link WireReader}: broken input throws its
 * {@link io.telegate.core.data.MalformedDataException}.
 */
public final class WireCount {

  // Tags of length-delimited fields 1 to 4 (wire type 2).
  private static final int LEN_1 = 1 << 3 | 2;
  private static final int LEN_2 = 2 << 3 | 2;
  private static final int LEN_4 = 4 << 3 | 2;

  private WireCount() {}

  /** Samples and native histograms of a remote-write request: {@code [samples, histograms, series]}. */
  public static long[] remoteWrite(byte[] b) {
    // repeated TimeSeries timeseries = 1, in each: repeated Sample samples = 2, repeated Histogram histograms = 4
    return countInEach(b, LEN_2, LEN_4);
  }

  /** Entries of a Loki push request: {@code [entries, streams]}. */
  public static long[] loki(byte[] b) {
    // repeated StreamAdapter streams = 1, in each: repeated EntryAdapter entries = 2
    return countInEach(b, LEN_2);
  }

  /**
   * Counts the fields tagged {@code tags[i]} in every message of field 1 of the request into
   * element i, and those messages into the last element.
   */
  private static long[] countInEach(byte[] b, int... tags) {
    long[] counts = new long[tags.length + 1];
    WireReader r = new WireReader(b);
    while (r.pos() < b.length) {
      int tag = r.readTag(b.length);
      if (tag != LEN_1) {
        r.skipField(tag, b.length, 0);
        continue;
      }
      counts[tags.length]++;
      int end = r.readEnd(b.length);
      while (r.pos() < end) {
        int t = r.readTag(end);
        for (int i = 0; i < tags.length; i++) {
          if (t == tags[i]) {
            counts[i]++;
          }
        }
        r.skipField(t, end, 1);
      }
    }
    return counts;
  }

  /**
   * Items of an OTLP export request: spans, log records, or metric data points. Only the nesting
   * down to the items is walked (no UTF-8 or field checks, unlike the gateway's {@code OtlpWire}),
   * so counting costs the sink little of the CPU it shares with the gateway; a truncated or
   * overlong field still throws.
   */
  public static long otlp(Shapes.Signal signal, byte[] b) {
    long items = 0;
    WireReader r = new WireReader(b);
    while (r.pos() < b.length) {
      int tag = r.readTag(b.length);
      if (tag != LEN_1) { // repeated ResourceSpans/ResourceMetrics/ResourceLogs = 1
        r.skipField(tag, b.length, 0);
        continue;
      }
      int resourceEnd = r.readEnd(b.length);
      while (r.pos() < resourceEnd) {
        int t = r.readTag(resourceEnd);
        if (t != LEN_2) { // repeated ScopeSpans/ScopeMetrics/ScopeLogs = 2
          r.skipField(t, resourceEnd, 1);
          continue;
        }
        int scopeEnd = r.readEnd(resourceEnd);
        while (r.pos() < scopeEnd) {
          int st = r.readTag(scopeEnd);
          if (st != LEN_2) { // repeated Span/Metric/LogRecord = 2
            r.skipField(st, scopeEnd, 2);
          } else if (signal == Shapes.Signal.METRICS) {
            items += points(r, r.readEnd(scopeEnd));
          } else {
            items++;
            r.skipField(st, scopeEnd, 2);
          }
        }
      }
    }
    return items;
  }

  /**
   * Data points of the Metric at the reader, up to {@code end}: field 1 of its gauge (5), sum (7),
   * histogram (9), exponential histogram (10) or summary (11).
   */
  private static long points(WireReader r, int end) {
    long points = 0;
    while (r.pos() < end) {
      int t = r.readTag(end);
      int field = t >>> 3;
      if ((t & 7) == WireReader.LEN && (field == 5 || field == 7 || field == 9 || field == 10 || field == 11)) {
        int dataEnd = r.readEnd(end);
        while (r.pos() < dataEnd) {
          int dt = r.readTag(dataEnd);
          if (dt == LEN_1) {
            points++;
          }
          r.skipField(dt, dataEnd, 4);
        }
      } else {
        r.skipField(t, end, 3);
      }
    }
    return points;
  }
}
