package io.telegate.receiver.prometheus.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code static_configs}: a list of {@code {targets, labels}}; group {@code i} has source {@code "i"}. */
record StaticSdConfig(List<TargetGroup> groups) implements SdConfig {

  static StaticSdConfig parse(List<YamlNode> nodes) {
    List<TargetGroup> groups = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      YamlNode n = nodes.get(i);
      n.allowOnly(Set.of("targets", "labels"), Set.of());
      TargetGroup g = GroupFormat.group(n, Integer.toString(i), Map.of());
      groups.add(g);
    }
    return new StaticSdConfig(groups);
  }

  @Override
  public Discoverer create(String name, DiscoveryContext ctx) {
    return new StaticDiscoverer(name, groups);
  }
}
