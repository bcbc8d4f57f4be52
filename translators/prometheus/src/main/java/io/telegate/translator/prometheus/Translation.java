package io.telegate.translator.prometheus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Prometheus series and metric metadata translated from one OTLP metrics request. */
public final class Translation {

  /** Metadata of one metric family, sent with {@code send_metadata} and shown by the scrape endpoint. */
  public record Metadata(String family, PromSeries.Type type, String help, String unit) {}

  /** Why data points were not translated; the label value of the dropped-points counter. */
  public enum DropReason {
    DELTA_TEMPORALITY("delta_temporality"),
    EXPONENTIAL_HISTOGRAM_SCALE("exponential_histogram_scale"),
    NO_DATA("no_data"),
    NOT_EXPOSABLE("not_exposable");

    private final String label;

    DropReason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Points of one metric that were dropped, and why. */
  public record Drop(String metric, DropReason reason, int points) {}

  final Map<Labels, PromSeries> series = new LinkedHashMap<>();
  final Map<String, Metadata> metadata = new LinkedHashMap<>();
  final List<Drop> drops = new ArrayList<>(0);

  public Collection<PromSeries> series() {
    return series.values();
  }

  public Collection<Metadata> metadata() {
    return metadata.values();
  }

  public List<Drop> drops() {
    return drops;
  }

  /** The series with these labels, or null; for tests and the scrape endpoint. */
  public PromSeries get(Labels labels) {
    return series.get(labels);
  }
}
