package io.telegate.receiver.prometheus;

import java.util.ArrayList;
import java.util.List;

/**
 * One metric family of an exposition: its name as {@code # TYPE} gives it (or a sample's name when
 * no metadata names it), type, help, unit, and its samples in order.
 */
public final class MetricFamily {

  /** The metric types of the text format, OpenMetrics and the protobuf format. */
  public enum Type {
    COUNTER, GAUGE, HISTOGRAM, GAUGEHISTOGRAM, SUMMARY, INFO, STATESET, UNKNOWN;

    /** The type's name in {@code # TYPE}; text format's {@code untyped} is {@link #UNKNOWN}. */
    static Type parse(String s) {
      return switch (s) {
        case "counter" -> COUNTER;
        case "gauge" -> GAUGE;
        case "histogram" -> HISTOGRAM;
        case "gaugehistogram" -> GAUGEHISTOGRAM;
        case "summary" -> SUMMARY;
        case "info" -> INFO;
        case "stateset" -> STATESET;
        case "unknown", "untyped" -> UNKNOWN;
        default -> null;
      };
    }

    /** True when {@code suffix} (with its underscore) names a sample of a family of this type. */
    boolean hasSuffix(String suffix) {
      return switch (this) {
        case COUNTER -> suffix.equals("_total") || suffix.equals("_created");
        case HISTOGRAM -> suffix.equals("_bucket") || suffix.equals("_sum") || suffix.equals("_count")
            || suffix.equals("_created");
        case GAUGEHISTOGRAM -> suffix.equals("_bucket") || suffix.equals("_gsum") || suffix.equals("_gcount");
        case SUMMARY -> suffix.equals("_sum") || suffix.equals("_count") || suffix.equals("_created");
        case INFO -> suffix.equals("_info");
        default -> false;
      };
    }
  }

  private final String name;
  private Type type;
  private String help = "";
  private String unit = "";
  private final List<Sample> samples = new ArrayList<>();

  MetricFamily(String name, Type type) {
    this.name = name;
    this.type = type;
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  void type(Type t) {
    this.type = t;
  }

  public String help() {
    return help;
  }

  void help(String h) {
    this.help = h;
  }

  public String unit() {
    return unit;
  }

  void unit(String u) {
    this.unit = u;
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The part of a sample's name after the family's name: {@code _bucket}, {@code _total}, or empty. */
  public String suffixOf(Sample s) {
    return s.name().length() > name.length() ? s.name().substring(name.length()) : "";
  }

  @Override
  public String toString() {
    return name + "(" + type + ", " + samples.size() + " samples)";
  }

  /**
   * One sample: a line of the text formats, or one value of the protobuf format.
   *
   * @param name the sample's metric name
   * @param labels label names and values, alternating, in the order exposed
   * @param value the value (of a native histogram: its count)
   * @param timestampMs its timestamp in ms, or {@link #NO_TIMESTAMP}
   * @param exemplar the exemplar, or null
   * @param createdMs the protobuf format's created timestamp in ms, or {@link #NO_TIMESTAMP} (the text
   *     formats give it as a {@code _created} sample instead)
   * @param histogram the native histogram this sample is, or null for a float sample
   */
  public record Sample(String name, String[] labels, double value, long timestampMs, Exemplar exemplar,
      long createdMs, NativeHistogram histogram) {

    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    /** A float sample of the text formats. */
    public Sample(String name, String[] labels, double value, long timestampMs, Exemplar exemplar) {
      this(name, labels, value, timestampMs, exemplar, NO_TIMESTAMP, null);
    }

    /** The value of label {@code key}, or null. */
    public String label(String key) {
      for (int i = 0; i < labels.length; i += 2) {
        if (labels[i].equals(key)) {
          return labels[i + 1];
        }
      }
      return null;
    }
  }

  /**
   * An OpenMetrics exemplar.
   *
   * @param labels names and values, alternating
   * @param value its value
   * @param timestampMs its timestamp in ms, or {@link Sample#NO_TIMESTAMP}
   */
  public record Exemplar(String[] labels, double value, long timestampMs) {}
}
