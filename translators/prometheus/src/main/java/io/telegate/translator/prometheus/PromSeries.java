package io.telegate.translator.prometheus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One Prometheus time series built from OTLP: its labels and its samples, exemplars and native histograms. */
public final class PromSeries {

  /** The Prometheus metric type of the family a series belongs to. */
  public enum Type {
    COUNTER,
    GAUGE,
    HISTOGRAM,
    SUMMARY,
    INFO
  }

  /** One float sample. */
  public record Sample(long timestampMs, double value) {}

  /** An exemplar: its labels (trace_id, span_id, filtered attributes), value and time. */
  public record Exemplar(Labels labels, double value, long timestampMs) {}

  /**
   * A native histogram sample (integer counts); spans are (offset, length) pairs, deltas are
   * differences between consecutive bucket counts.
   */
  public record NativeHistogram(long count, double sum, int schema, double zeroThreshold, long zeroCount,
      int[] positiveSpans, long[] positiveDeltas, int[] negativeSpans, long[] negativeDeltas, long timestampMs) {}

  private final Labels labels;
  private final String family;
  private final Type type;
  private final List<Sample> samples = new ArrayList<>(1);
  private List<Exemplar> exemplars = List.of();
  private List<NativeHistogram> histograms = List.of();

  PromSeries(Labels labels, String family, Type type) {
    this.labels = labels;
    this.family = family;
    this.type = type;
  }

  public Labels labels() {
    return labels;
  }

  /** The metric family (the name without {@code _bucket}, {@code _sum}, {@code _count}). */
  public String family() {
    return family;
  }

  public Type type() {
    return type;
  }

  public List<Sample> samples() {
    return samples;
  }

  public List<Exemplar> exemplars() {
    return exemplars;
  }

  public List<NativeHistogram> histograms() {
    return histograms;
  }

  void addSample(long timestampMs, double value) {
    samples.add(new Sample(timestampMs, value));
  }

  void addExemplar(Exemplar e) {
    if (exemplars.isEmpty()) {
      exemplars = new ArrayList<>(2);
    }
    exemplars.add(e);
  }

  void addHistogram(NativeHistogram h) {
    if (histograms.isEmpty()) {
      histograms = new ArrayList<>(1);
    }
    histograms.add(h);
  }

  /** Prometheus rejects a series' samples that go back in time, so points are sent oldest first. */
  void sortByTime() {
    if (samples.size() > 1) {
      samples.sort(Comparator.comparingLong(Sample::timestampMs));
    }
    if (histograms.size() > 1) {
      histograms.sort(Comparator.comparingLong(NativeHistogram::timestampMs));
    }
  }
}
