package io.telegate.receiver.prometheus.discovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Prometheus's target-group format, shared by {@code static_configs}, file and HTTP
 * discovery: a list of {@code {targets: [host:port, ...], labels: {name: value}}}.
 */
final class GroupFormat {

  private GroupFormat() {}

  /**
   * The groups of {@code document} (JSON or YAML already parsed), each with source {@code
   * prefix:index} and {@code shared} added to its labels.
   *
   * @throws IllegalArgumentException saying where the document is not in the format
   */
  static List<TargetGroup> read(Object document, String prefix, Map<String, String> shared) {
    if (document == null) {
      return List.of();
    }
    if (!(document instanceof List<?> list)) {
      throw new IllegalArgumentException("expected a list of target groups ({targets: [...], labels: {...}})");
    }
    List<TargetGroup> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object e = list.get(i);
      if (!(e instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("[" + i + "]: expected a mapping with targets and labels");
      }
      List<String> errors = new ArrayList<>();
      @SuppressWarnings("unchecked")
      YamlNode n = new YamlNode((Map<String, ?>) m, "[" + i + "]", errors);
      n.allowOnly(java.util.Set.of("targets", "labels"), java.util.Set.of());
      TargetGroup g = group(n, prefix + ":" + i, shared);
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", errors));
      }
      out.add(g);
    }
    return out;
  }

  /** One group from a mapping with {@code targets} and {@code labels}; problems go to the node's errors. */
  static TargetGroup group(YamlNode n, String source, Map<String, String> shared) {
    List<Map<String, String>> targets = new ArrayList<>();
    for (String t : n.strings("targets")) {
      targets.add(Map.of(TargetGroup.ADDRESS, t));
    }
    Map<String, String> labels = new HashMap<>(n.stringMap("labels"));
    for (String name : labels.keySet()) {
      if (!LabelNames.isValid(name)) {
        n.error("labels::" + name, "invalid label name '" + name + "'");
      }
    }
    labels.putAll(shared);
    return new TargetGroup(source, targets, labels);
  }
}
