package io.telegate.exporter.loki;

import io.telegate.exporter.loki.LokiLabels.Label;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One Loki stream of one tenant, as the wire path builds it: its sorted labels and its entries,
 * whose lines are UTF-8 ranges of the batch's one line buffer (no object per entry).
 */
final class WireStream {

  private final String tenant;
  private final List<Label> labels;
  private final String labelsText;
  private final byte[] labelsUtf8;
  /** What identifies the stream in its batch: tenant and labels, length-prefixed. */
  private final byte[] key;
  private final int hash;
  private final ByteText lines;
  private long[] times = new long[8];
  private int[] starts = new int[8];
  private int[] lengths = new int[8];
  /** Structured metadata per entry; null while no entry has any. */
  private List<Label>[] metadata;
  private int size;

  WireStream(String tenant, List<Label> labels, byte[] key, int hash, ByteText lines) {
    this.tenant = tenant;
    this.labels = labels;
    this.labelsText = LokiLabels.text(labels);
    this.labelsUtf8 = labelsText.getBytes(StandardCharsets.UTF_8);
    this.key = key;
    this.hash = hash;
    this.lines = lines;
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

  byte[] labelsUtf8() {
    return labelsUtf8;
  }

  int hash() {
    return hash;
  }

  boolean hasKey(byte[] k, int len) {
    return key.length == len && Arrays.equals(key, 0, len, k, 0, len);
  }

  /** Entries in this stream. */
  int size() {
    return size;
  }

  long time(int i) {
    return times[i];
  }

  /** The array holding every line of the batch; entry {@code i}'s line is at {@link #lineStart}. */
  byte[] lineBytes() {
    return lines.array();
  }

  int lineStart(int i) {
    return starts[i];
  }

  int lineLength(int i) {
    return lengths[i];
  }

  /** Entry {@code i}'s structured metadata, empty for none. */
  List<Label> metadata(int i) {
    return metadata == null || metadata[i] == null ? List.of() : metadata[i];
  }

  @SuppressWarnings("unchecked")
  void add(long time, int lineStart, int lineLength, List<Label> md) {
    if (size == times.length) {
      int n = size * 2;
      times = Arrays.copyOf(times, n);
      starts = Arrays.copyOf(starts, n);
      lengths = Arrays.copyOf(lengths, n);
      if (metadata != null) {
        metadata = Arrays.copyOf(metadata, n);
      }
    }
    if (!md.isEmpty()) {
      if (metadata == null) {
        metadata = new List[times.length];
      }
      metadata[size] = md;
    }
    times[size] = time;
    starts[size] = lineStart;
    lengths[size] = lineLength;
    size++;
  }

  /** Orders entries by timestamp; stable, so lines with equal timestamps keep their order. */
  @SuppressWarnings("unchecked")
  void sortEntries() {
    boolean sorted = true;
    for (int i = 1; i < size && sorted; i++) {
      sorted = times[i - 1] <= times[i];
    }
    if (sorted) {
      return;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    long[] t = times;
    Arrays.sort(order, (a, b) -> Long.compare(t[a], t[b])); // a stable merge sort
    long[] nt = new long[times.length];
    int[] ns = new int[times.length];
    int[] nl = new int[times.length];
    List<Label>[] nm = metadata == null ? null : new List[times.length];
    for (int i = 0; i < size; i++) {
      int o = order[i];
      nt[i] = times[o];
      ns[i] = starts[o];
      nl[i] = lengths[o];
      if (nm != null) {
        nm[i] = metadata[o];
      }
    }
    times = nt;
    starts = ns;
    lengths = nl;
    metadata = nm;
  }

  /** One entry with its line as text: for tests and messages, not for the hot path. */
  record Entry(long timestampNanos, String line, List<Label> metadata) {}

  /** The entries with their lines as text: for tests and messages, not for the hot path. */
  List<Entry> entries() {
    List<Entry> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new Entry(times[i], new String(lines.array(), starts[i], lengths[i], StandardCharsets.UTF_8),
          metadata(i)));
    }
    return out;
  }
}
