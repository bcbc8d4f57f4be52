package io.telegate.receiver.prometheus.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code dns_sd_configs}: {@code names}, {@code type} ({@code SRV}, {@code A}, {@code AAAA}, {@code
 * MX}, {@code NS}; SRV by default), {@code port} (required for every type but SRV) and {@code
 * refresh_interval} (30s).
 */
record DnsSdConfig(List<String> names, String type, int port, Duration refreshInterval) implements SdConfig {

  static final Duration DEFAULT_REFRESH = PrometheusUnits.duration(DiscoveryKeys.DNS_SD.get("refresh_interval"));
  private static final Set<String> TYPES = Set.of("SRV", "A", "AAAA", "MX", "NS");

  static SdConfig parse(YamlNode n) {
    n.allowOnly(DiscoveryKeys.children(DiscoveryKeys.DNS_SD, ""), Set.of());
    List<String> names = n.strings("names");
    if (names.isEmpty()) {
      n.error("names", "DNS-SD config must contain at least one SRV record name");
    }
    String type = n.string("type", DiscoveryKeys.DNS_SD.get("type")).toUpperCase(Locale.ROOT);
    if (!TYPES.contains(type)) {
      n.error("type", "invalid DNS-SD records type '" + n.string("type", "") + "' (expected: SRV, A, AAAA, MX or NS)");
    }
    int port = n.integer("port", 0, 0, 65535);
    if (!type.equals("SRV") && port == 0 && TYPES.contains(type)) {
      n.error("port", "a port is required in DNS-SD configs for all record types except SRV");
    }
    Duration refresh = n.duration("refresh_interval", DEFAULT_REFRESH);
    if (refresh.isZero() || refresh.isNegative()) {
      n.error("refresh_interval", "must be greater than 0");
    }
    return new DnsSdConfig(names, type, port, refresh);
  }

  @Override
  public Discoverer create(String name, DiscoveryContext ctx) {
    return new DnsDiscoverer(name, ctx, this, null);
  }
}
