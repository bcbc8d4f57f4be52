package io.telegate.benchmarks.load;

import io.telegate.core.data.wire.WireReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Reads the per-target series a scraper adds to every scrape out of the remote-write requests the
 * sink receives: {@code up} (how many 1s and 0s) and {@code scrape_duration_seconds} (their
 * distribution), as Telegate's prometheus receiver and a Prometheus server both write them. Only
 * while {@link #record} is on, so that a scenario counts its measured phase.
 */
public final class ScrapeReports implements Consumer<byte[]> {

  private static final byte[] NAME = "__name__".getBytes(StandardCharsets.UTF_8);
  private static final byte[] UP = "up".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DURATION = "scrape_duration_seconds".getBytes(StandardCharsets.UTF_8);
  private static final int LEN_1 = 1 << 3 | 2;
  private static final int LEN_2 = 2 << 3 | 2;
  private static final int FIXED64_1 = 1 << 3 | 1;

  private volatile boolean recording;
  // Guarded by this.
  private long upOne;
  private long upOther;
  private double[] durations = new double[1024];
  private int durationCount;

  /** Counts from now on (true) or stops counting (false). */
  public void record(boolean on) {
    recording = on;
  }

  /** One uncompressed {@code WriteRequest}. */
  @Override
  public void accept(byte[] b) {
    if (!recording) {
      return;
    }
    WireReader r = new WireReader(b);
    while (r.pos() < b.length) {
      int tag = r.readTag(b.length);
      if (tag != LEN_1) { // repeated TimeSeries timeseries = 1
        r.skipField(tag, b.length, 0);
        continue;
      }
      int end = r.readEnd(b.length);
      int kind = 0; // 1: up, 2: scrape_duration_seconds
      int seriesStart = r.pos();
      while (r.pos() < end && kind == 0) {
        int t = r.readTag(end);
        if (t == LEN_1) { // repeated Label labels = 1
          kind = nameKind(b, r, r.readEnd(end));
        } else {
          r.skipField(t, end, 1);
        }
      }
      if (kind != 0) {
        r.seek(seriesStart);
        while (r.pos() < end) {
          int t = r.readTag(end);
          if (t == LEN_2) { // repeated Sample samples = 2
            sample(kind, r, r.readEnd(end));
          } else {
            r.skipField(t, end, 1);
          }
        }
      }
      r.seek(end);
    }
  }

  /** 1 when the label at the reader is {@code __name__="up"}, 2 for scrape_duration_seconds, else 0. */
  private static int nameKind(byte[] b, WireReader r, int end) {
    boolean isName = false;
    int kind = 0;
    while (r.pos() < end) {
      int t = r.readTag(end);
      if ((t & 7) != WireReader.LEN) {
        r.skipField(t, end, 2);
        continue;
      }
      int len = r.readLength(end);
      int at = r.pos();
      if (t >>> 3 == 1) {
        isName = equal(b, at, len, NAME);
      } else if (t >>> 3 == 2) {
        kind = equal(b, at, len, UP) ? 1 : equal(b, at, len, DURATION) ? 2 : 0;
      }
      r.seek(at + len);
    }
    return isName ? kind : 0;
  }

  private void sample(int kind, WireReader r, int end) {
    double value = Double.NaN;
    while (r.pos() < end) {
      int t = r.readTag(end);
      if (t == FIXED64_1) {
        value = Double.longBitsToDouble(r.readFixed64(end));
      } else {
        r.skipField(t, end, 2);
      }
    }
    synchronized (this) {
      if (kind == 1) {
        if (value == 1.0) {
          upOne++;
        } else {
          upOther++;
        }
      } else if (!Double.isNaN(value)) {
        if (durationCount == durations.length) {
          durations = Arrays.copyOf(durations, durations.length * 2);
        }
        durations[durationCount++] = value;
      }
    }
  }

  private static boolean equal(byte[] b, int at, int len, byte[] want) {
    return len == want.length && Arrays.equals(b, at, at + len, want, 0, want.length);
  }

  /** {@code up} samples that were 1. */
  public synchronized long upOne() {
    return upOne;
  }

  /** {@code up} samples that were not 1 (0, or a stale marker). */
  public synchronized long upOther() {
    return upOther;
  }

  /** {@code scrape_duration_seconds} samples seen. */
  public synchronized int durations() {
    return durationCount;
  }

  /** The {@code q} quantile (0..1) of the durations seen, in seconds; NaN when none. */
  public synchronized double durationQuantile(double q) {
    if (durationCount == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(durations, durationCount);
    Arrays.sort(sorted);
    return sorted[Math.min(durationCount - 1, (int) Math.floor(q * durationCount))];
  }

  /** {@code up=1: N, up!=1: M, scrape_duration_seconds p50=... p99=... max=... (K samples)}. */
  public synchronized String summary() {
    return String.format(Locale.ROOT, "up=1: %d, up!=1: %d, scrape_duration_seconds p50=%.3fs p99=%.3fs max=%.3fs (%d)",
        upOne, upOther, durationQuantile(0.5), durationQuantile(0.99), durationQuantile(1.0), durationCount);
  }
}
