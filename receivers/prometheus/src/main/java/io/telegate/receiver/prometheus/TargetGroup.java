package io.telegate.receiver.prometheus;

import java.util.List;
import java.util.Map;

/**
 * A group of targets as service discovery gives them: each target's own labels ({@code __address__}
 * and any {@code __meta_*}) and the labels the group adds to all of them.
 *
 * @param targets each target's labels
 * @param labels the group's labels
 */
public record TargetGroup(List<Map<String, String>> targets, Map<String, String> labels) {

  /** A {@code static_configs} entry: addresses and labels. */
  public static TargetGroup ofAddresses(List<String> addresses, Map<String, String> labels) {
    return new TargetGroup(addresses.stream().map(a -> Map.of("__address__", a)).toList(), labels);
  }
}
