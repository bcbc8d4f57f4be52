package io.telegate.receiver.prometheus;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import java.util.List;

/**
 * A Prometheus native histogram as the protobuf format exposes it, its buckets made absolute: bucket
 * {@code i} of schema {@code s} counts the observations in {@code (2^((i-1)/2^s), 2^(i/2^s)]} (negated
 * for the negative side), the zero bucket those within {@code [-zeroThreshold, zeroThreshold]}.
 *
 * <p>Integer histograms (deltas on the wire) and float histograms (absolute counts) both land here
 * as absolute counts; {@link #floatCounts} says which it was.
 *
 * @param schema the resolution, -4 to 8 once {@link #limited} (the format allows larger ones)
 * @param zeroThreshold the zero bucket's half-width
 * @param zeroCount observations in the zero bucket
 * @param count all observations
 * @param sum their sum
 * @param positiveIndex the index of each positive bucket, ascending
 * @param positiveCount the count of each positive bucket
 * @param negativeIndex the index of each negative bucket, ascending
 * @param negativeCount the count of each negative bucket
 * @param floatCounts exposed as a float histogram
 * @param gauge exposed as a gauge histogram
 * @param exemplars its exemplars (each with a timestamp), possibly none
 */
public record NativeHistogram(int schema, double zeroThreshold, double zeroCount, double count, double sum,
    int[] positiveIndex, double[] positiveCount, int[] negativeIndex, double[] negativeCount, boolean floatCounts,
    boolean gauge, List<MetricFamily.Exemplar> exemplars) {

  /** The lowest and highest exponential schemas Prometheus stores. */
  static final int MIN_SCHEMA = -4;
  static final int MAX_SCHEMA = 8;

  /** Buckets on both sides (the zero bucket not counted), as {@code native_histogram_bucket_limit} counts them. */
  public int bucketCount() {
    return positiveIndex.length + negativeIndex.length;
  }

  /**
   * This histogram as Prometheus ingests it: at most schema 8, at most {@code maxSchema}, then
   * halved in resolution until it has at most {@code bucketLimit} buckets (0: no limit).
   *
   * @throws ScrapeTranslator.LimitException when it still has too many buckets at schema -4
   */
  NativeHistogram limited(int bucketLimit, int maxSchema) {
    NativeHistogram h = this;
    int top = Math.min(MAX_SCHEMA, maxSchema);
    if (h.schema > top) {
      h = h.reduceTo(top);
    }
    if (bucketLimit > 0 && h.bucketCount() > bucketLimit) {
      while (h.bucketCount() > bucketLimit) {
        if (h.schema <= MIN_SCHEMA) {
          throw new ScrapeTranslator.LimitException("histogram bucket limit exceeded (limit: " + bucketLimit + ")");
        }
        h = h.reduceTo(h.schema - 1);
      }
    }
    return h;
  }

  /** The same observations at a lower schema: neighbouring buckets merged. */
  NativeHistogram reduceTo(int target) {
    if (target >= schema) {
      return this;
    }
    int shift = schema - target;
    int[] pi = merge(positiveIndex, positiveCount, shift);
    double[] pc = merged(positiveIndex, positiveCount, shift, pi.length);
    int[] ni = merge(negativeIndex, negativeCount, shift);
    double[] nc = merged(negativeIndex, negativeCount, shift, ni.length);
    return new NativeHistogram(target, zeroThreshold, zeroCount, count, sum, pi, pc, ni, nc, floatCounts, gauge,
        exemplars);
  }

  // Bucket i covers (b^(i-1), b^i]: its upper bound decides where it lands (the arithmetic shift floors).
  private static int target(int index, int shift) {
    return ((index - 1) >> shift) + 1;
  }

  /** The indices after a reduction by {@code shift}: ascending, each once. */
  private static int[] merge(int[] index, double[] counts, int shift) {
    int[] out = new int[index.length];
    int n = 0;
    for (int i : index) {
      int t = target(i, shift);
      if (n == 0 || out[n - 1] != t) {
        out[n++] = t;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** The counts after a reduction by {@code shift}, summed per new index. */
  private static double[] merged(int[] index, double[] counts, int shift, int n) {
    double[] out = new double[n];
    int k = -1;
    int last = 0;
    for (int i = 0; i < index.length; i++) {
      int t = target(index[i], shift);
      if (k < 0 || t != last) {
        k++;
        last = t;
      }
      out[k] += counts[i];
    }
    return out;
  }

  /**
   * The highest schema whose bucket growth factor ({@code 2^(2^-schema)}) is at least {@code factor}:
   * what {@code native_histogram_min_bucket_factor} allows (8 for a factor of 1 or less).
   */
  static int maxSchemaFor(double factor) {
    int s = MAX_SCHEMA;
    if (factor <= 1) {
      return s;
    }
    while (s > MIN_SCHEMA && Math.pow(2, Math.pow(2, -s)) < factor) {
      s--;
    }
    return s;
  }

  /**
   * The OTLP exponential histogram point, as the Collector converts it: scale is the schema, and an
   * OTLP bucket index is one less than Prometheus's (OTLP's index names the lower bound); the buckets
   * between the first and the last are written out, gaps as zeros.
   */
  ExponentialHistogramDataPoint.Builder toOtlp() {
    ExponentialHistogramDataPoint.Builder p = ExponentialHistogramDataPoint.newBuilder()
        .setScale(schema).setCount((long) count).setSum(sum).setZeroThreshold(zeroThreshold)
        .setZeroCount((long) zeroCount);
    if (positiveIndex.length > 0) {
      p.setPositive(buckets(positiveIndex, positiveCount));
    }
    if (negativeIndex.length > 0) {
      p.setNegative(buckets(negativeIndex, negativeCount));
    }
    return p;
  }

  private static ExponentialHistogramDataPoint.Buckets buckets(int[] index, double[] counts) {
    ExponentialHistogramDataPoint.Buckets.Builder b = ExponentialHistogramDataPoint.Buckets.newBuilder()
        .setOffset(index[0] - 1);
    int next = index[0];
    for (int i = 0; i < index.length; i++) {
      for (; next < index[i]; next++) {
        b.addBucketCounts(0);
      }
      b.addBucketCounts((long) counts[i]);
      next = index[i] + 1;
    }
    return b.build();
  }
}
