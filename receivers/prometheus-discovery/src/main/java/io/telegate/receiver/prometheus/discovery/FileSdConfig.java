package io.telegate.receiver.prometheus.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code file_sd_configs}: {@code files} (paths whose last element may be a glob, ending in {@code
 * .json}, {@code .yml} or {@code .yaml}) and {@code refresh_interval} (5m).
 */
record FileSdConfig(List<String> files, Duration refreshInterval) implements SdConfig {

  static final Duration DEFAULT_REFRESH = PrometheusUnits.duration(DiscoveryKeys.FILE_SD.get("refresh_interval"));
  /** Prometheus's own rule for a file name pattern. */
  private static final Pattern NAME = Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");

  static SdConfig parse(YamlNode n) {
    n.allowOnly(DiscoveryKeys.children(DiscoveryKeys.FILE_SD, ""), Set.of());
    List<String> files = n.strings("files");
    if (files.isEmpty()) {
      n.error("files", "file service discovery needs at least one path");
    }
    for (int i = 0; i < files.size(); i++) {
      if (!NAME.matcher(files.get(i)).matches()) {
        n.error("files[" + i + "]", "'" + files.get(i) + "' (expected: a path ending in .json, .yml or .yaml,"
            + " with a glob only in its last element, such as targets/*.json)");
      }
    }
    Duration refresh = n.duration("refresh_interval", DEFAULT_REFRESH);
    if (refresh.isZero() || refresh.isNegative()) {
      n.error("refresh_interval", "must be greater than 0");
    }
    return new FileSdConfig(files, refresh);
  }

  @Override
  public Discoverer create(String name, DiscoveryContext ctx) {
    return new FileDiscoverer(name, ctx, this);
  }
}
