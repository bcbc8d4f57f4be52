package io.telegate.core.component;

import java.util.Locale;

/** A telemetry signal, with the names the Collector uses for its items in self-metrics. */
public enum Signal {
  TRACES("traces", "spans"),
  METRICS("metrics", "metric_points"),
  LOGS("logs", "log_records");

  private final String id;
  private final String itemName;

  Signal(String id, String itemName) {
    this.id = id;
    this.itemName = itemName;
  }

  /** The pipeline type name: {@code traces}, {@code metrics} or {@code logs}. */
  public String id() {
    return id;
  }

  /** The item suffix of the Collector's metric names: {@code spans}, {@code metric_points}, {@code log_records}. */
  public String itemName() {
    return itemName;
  }

  /** Returns the signal named by a pipeline type, or null. */
  public static Signal fromId(String id) {
    for (Signal s : values()) {
      if (s.id.equals(id.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    return null;
  }
}
