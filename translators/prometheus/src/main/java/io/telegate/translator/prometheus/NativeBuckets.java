package io.telegate.translator.prometheus;

import java.util.ArrayList;
import java.util.List;

/**
 * One side of an OTLP exponential histogram in Prometheus' native layout: spans of (offset,
 * length) and count deltas. OTLP bucket {@code i} covers (base^i, base^(i+1)], Prometheus bucket
 * {@code i} covers (base^(i-1), base^i], hence the +1; a scale above 8 is reduced by merging
 * {@code 2^scaleDown} neighbours.
 */
record NativeBuckets(int[] spans, long[] deltas) {

  private static final NativeBuckets EMPTY = new NativeBuckets(new int[0], new long[0]);
  /** Runs of empty buckets up to this long are written as zeros rather than starting a new span. */
  private static final int MAX_INLINE_GAP = 2;

  static NativeBuckets of(int offset, List<Long> counts, int scaleDown) {
    long[] c = new long[counts.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = counts.get(i);
    }
    return of(offset, c, c.length, scaleDown);
  }

  /** As {@link #of(int, List, int)}, from the first {@code n} of {@code counts}. */
  static NativeBuckets of(int offset, long[] counts, int n, int scaleDown) {
    if (n == 0) {
      return EMPTY;
    }
    // Merge into Prometheus indices; OTLP buckets are contiguous so the merged ones are too.
    int first = (offset >> scaleDown) + 1;
    int last = ((offset + n - 1) >> scaleDown) + 1;
    long[] merged = new long[last - first + 1];
    for (int i = 0; i < n; i++) {
      merged[((offset + i) >> scaleDown) + 1 - first] += counts[i];
    }
    int lo = 0;
    int hi = merged.length - 1;
    while (lo <= hi && merged[lo] == 0) {
      lo++;
    }
    while (hi >= lo && merged[hi] == 0) {
      hi--;
    }
    if (lo > hi) {
      return EMPTY;
    }
    List<Integer> spans = new ArrayList<>();
    List<Long> deltas = new ArrayList<>();
    long prev = 0;
    int spanStart = first + lo;
    int spanLength = 0;
    int i = lo;
    while (i <= hi) {
      if (merged[i] == 0) {
        int j = i;
        while (merged[j] == 0) {
          j++;
        }
        if (j - i > MAX_INLINE_GAP) {
          spans.add(spanStart);
          spans.add(spanLength);
          spanStart = j - i;
          spanLength = 0;
          i = j;
          continue;
        }
      }
      deltas.add(merged[i] - prev);
      prev = merged[i];
      spanLength++;
      i++;
    }
    spans.add(spanStart);
    spans.add(spanLength);
    int[] s = spans.stream().mapToInt(Integer::intValue).toArray();
    long[] d = deltas.stream().mapToLong(Long::longValue).toArray();
    return new NativeBuckets(s, d);
  }
}
