package io.telegate.exporter.loki;

import io.telegate.exporter.loki.LokiLabels.Label;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Part of the test oracle (the object path the exporter used before the wire path), kept as it
 * was.
 *
 * <p>One Loki stream of one tenant in a push: its sorted labels and its entries. */
final class LokiStream {

  /** One line: nanoseconds since the epoch, the text, and its structured metadata. */
  record Entry(long timestampNanos, String line, List<Label> metadata) {}

  private static final Comparator<Entry> BY_TIME = Comparator.comparingLong(Entry::timestampNanos);

  private final String tenant;
  private final List<Label> labels;
  private final String labelsText;
  private final List<Entry> entries = new ArrayList<>();

  LokiStream(String tenant, List<Label> labels, String labelsText) {
    this.tenant = tenant;
    this.labels = labels;
    this.labelsText = labelsText;
  }

  String tenant() {
    return tenant;
  }

  List<Label> labels() {
    return labels;
  }

  String labelsText() {
    return labelsText;
  }

  List<Entry> entries() {
    return entries;
  }

  void add(Entry e) {
    entries.add(e);
  }

  /** Orders entries by timestamp; stable, so lines with equal timestamps keep their order. */
  void sortEntries() {
    entries.sort(BY_TIME);
  }
}
