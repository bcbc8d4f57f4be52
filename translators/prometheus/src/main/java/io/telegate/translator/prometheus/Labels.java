package io.telegate.translator.prometheus;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** A series' label set, sorted by name, {@code __name__} included; usable as a map key. */
public final class Labels {

  public static final String NAME = "__name__";

  private final String[] pairs;
  private final int hash;

  private Labels(String[] pairs) {
    this.pairs = pairs;
    this.hash = Arrays.hashCode(pairs);
  }

  /** Labels from a map; labels with an empty value are left out, as Prometheus treats them as absent. */
  public static Labels of(Map<String, String> labels) {
    TreeMap<String, String> sorted = new TreeMap<>();
    labels.forEach((k, v) -> {
      if (v != null && !v.isEmpty() && !k.isEmpty()) {
        sorted.put(k, v);
      }
    });
    String[] pairs = new String[sorted.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      pairs[i++] = e.getKey();
      pairs[i++] = e.getValue();
    }
    return new Labels(pairs);
  }

  /**
   * Labels from a point's labels (sorted by name, unique, none empty; see {@code
   * PrometheusTranslator.PointLabels}) plus a series' name and one optional extra label
   * ({@code le}, {@code quantile}), which replace labels of the same name; one merge, no sort.
   */
  static Labels of(String[] names, String[] values, int count, String name, String extraName, String extraValue) {
    String[] specialNames;
    String[] specialValues;
    if (extraName == null) {
      specialNames = new String[] {NAME};
      specialValues = new String[] {name};
    } else if (extraName.compareTo(NAME) < 0) {
      specialNames = new String[] {extraName, NAME};
      specialValues = new String[] {extraValue, name};
    } else {
      specialNames = new String[] {NAME, extraName};
      specialValues = new String[] {name, extraValue};
    }
    String[] pairs = new String[(count + specialNames.length) * 2];
    int n = 0;
    int a = 0;
    int b = 0;
    while (a < count || b < specialNames.length) {
      if (a < count && (names[a].equals(NAME) || names[a].equals(extraName))) {
        a++;
      } else if (b == specialNames.length || (a < count && names[a].compareTo(specialNames[b]) < 0)) {
        pairs[n++] = names[a];
        pairs[n++] = values[a++];
      } else {
        pairs[n++] = specialNames[b];
        pairs[n++] = specialValues[b++];
      }
    }
    return new Labels(n == pairs.length ? pairs : Arrays.copyOf(pairs, n));
  }

  public int size() {
    return pairs.length / 2;
  }

  public String name(int i) {
    return pairs[2 * i];
  }

  public String value(int i) {
    return pairs[2 * i + 1];
  }

  /** The value of a label, or null. */
  public String get(String name) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equals(name)) {
        return pairs[i + 1];
      }
    }
    return null;
  }

  public String metricName() {
    String n = get(NAME);
    return n == null ? "" : n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels l && l.hash == hash && Arrays.equals(l.pairs, pairs);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** PromQL-like form, {@code name{a="b"}}; for logs and tests. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(metricName()).append('{');
    boolean first = true;
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i].equals(NAME)) {
        continue;
      }
      if (!first) {
        b.append(',');
      }
      first = false;
      b.append(pairs[i]).append("=\"").append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")
          .replace("\n", "\\n")).append('"');
    }
    return b.append('}').toString();
  }
}
