package io.telegate.receiver.prometheus.discovery;

import java.util.List;
import java.util.Map;

/**
 * One group of scrape targets as Prometheus's discovery hands it over ({@code targetgroup.Group}):
 * the targets' own labels and the labels they share.
 *
 * <p>Each target is a label set holding at least {@code __address__} ({@code host:port}, or a
 * host alone for a pod container without ports), and the discoverer's {@code __meta_*} labels of
 * that target. {@code labels} holds what every target of the group shares (a file's or an HTTP
 * entry's {@code labels}, {@code __meta_filepath}, {@code __meta_url}, a pod's labels, ...); a
 * target's own label wins over the group's of the same name. Relabeling starts from their union.
 *
 * @param source identifies the group within its discoverer ({@code file.json:0}, {@code
 *     http://sd/targets:1}, {@code pod/ns/name}, ...): an update with a known source replaces that
 *     group wholly
 * @param targets the targets, each an unmodifiable label set; empty means the group has no targets
 *     (any before it are gone)
 * @param labels labels shared by every target of the group
 */
public record TargetGroup(String source, List<Map<String, String>> targets, Map<String, String> labels) {

  /** The {@code __address__} label every target has. */
  public static final String ADDRESS = "__address__";

  public TargetGroup {
    targets = targets.stream().map(Map::copyOf).toList();
    labels = Map.copyOf(labels);
  }

  /** An empty group: its source's targets are gone. */
  public static TargetGroup empty(String source) {
    return new TargetGroup(source, List.of(), Map.of());
  }

  public boolean isEmpty() {
    return targets.isEmpty();
  }
}
