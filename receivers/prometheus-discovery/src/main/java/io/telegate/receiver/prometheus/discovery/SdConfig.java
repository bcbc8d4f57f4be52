package io.telegate.receiver.prometheus.discovery;

/** One parsed {@code *_sd_configs} entry, which makes its discoverer. */
interface SdConfig {

  Discoverer create(String name, DiscoveryContext ctx);
}
