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
      n.allowOnly(DiscoveryKeys.children(DiscoveryKeys.STATIC, ""), Set.of());
      TargetGroup g = GroupFormat.group(n, Integer.toString(i), Map.of());
      List<Map<String, String>> targets = g.targets();
      for (int t = 0; t < targets.size(); t++) {
        String address = targets.get(t).get(TargetGroup.ADDRESS);
        // As Prometheus's CheckTargetAddress: a scheme or path belongs in scheme and metrics_path.
        if (address.isBlank() || address.contains("/")) {
          n.error("targets[" + t + "]", "'" + address
              + "' is not a valid target (expected: host:port, without scheme or path)");
        }
      }
      groups.add(g);
    }
    return new StaticSdConfig(groups);
  }

  @Override
  public Discoverer create(String name, DiscoveryContext ctx) {
    return new StaticDiscoverer(name, groups);
  }
}
