package io.telegate.receiver.prometheus.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** {@code http_sd_configs}: {@code url}, {@code refresh_interval} (60s) and Prometheus's HTTP client keys. */
record HttpSdConfig(URI url, Duration refreshInterval, PrometheusHttpClientConfig http) implements SdConfig {

  static final Duration DEFAULT_REFRESH = PrometheusUnits.duration(DiscoveryKeys.HTTP_SD.get("refresh_interval"));

  static SdConfig parse(YamlNode n) {
    Set<String> known = new HashSet<>(DiscoveryKeys.children(DiscoveryKeys.HTTP_SD, ""));
    known.addAll(PrometheusHttpClientConfig.UNSUPPORTED_KEYS);
    n.allowOnly(known, Set.of());
    URI url = null;
    String text = n.string("url", null);
    if (text == null || text.isBlank()) {
      n.error("url", "URL is missing");
    } else {
      try {
        url = URI.create(text.strip());
        if (!("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
          n.error("url", "URL scheme must be 'http' or 'https'");
        } else if (url.getHost() == null || url.getHost().isEmpty()) {
          n.error("url", "host is missing in URL");
        }
      } catch (IllegalArgumentException e) {
        n.error("url", "not a URL: " + io.telegate.core.telemetry.Secrets.redactText(e.getMessage()));
      }
    }
    Duration refresh = n.duration("refresh_interval", DEFAULT_REFRESH);
    if (refresh.isZero() || refresh.isNegative()) {
      n.error("refresh_interval", "must be greater than 0");
    }
    return new HttpSdConfig(url, refresh, PrometheusHttpClientConfig.parse(n));
  }

  @Override
  public Discoverer create(String name, DiscoveryContext ctx) {
    return new HttpDiscoverer(name, ctx, this);
  }
}
