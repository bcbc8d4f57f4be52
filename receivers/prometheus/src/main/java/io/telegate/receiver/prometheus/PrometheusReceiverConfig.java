package io.telegate.receiver.prometheus;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.UnsupportedKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * Config of the {@code prometheus} receiver, the Collector's keys: {@code config} holds a Prometheus
 * config ({@code global} and {@code scrape_configs}, Prometheus's own format and defaults).
 *
 * @param config the embedded Prometheus config
 * @param targetAllocator the Collector's target allocator client; not supported (fails validation)
 * @param reportExtraScrapeMetrics also report {@code scrape_body_size_bytes}, {@code scrape_sample_limit}
 *     and {@code scrape_timeout_seconds} per target
 */
@UnsupportedKeys({"trim_metric_suffixes", "use_start_time_metric", "start_time_metric_regex", "api_server"})
public record PrometheusReceiverConfig(
    PrometheusConfig config, Object targetAllocator, boolean reportExtraScrapeMetrics) implements ComponentConfig {

  public static final PrometheusReceiverConfig DEFAULT =
      new PrometheusReceiverConfig(PrometheusConfig.DEFAULT, null, false);

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (targetAllocator != null) {
      errors.add("target_allocator: not supported by Telegate (it has no target allocator client; list the jobs "
          + "under config::scrape_configs, see docs/compatibility.md)");
    }
    if (config.scrapeConfigs().isEmpty()) {
      errors.add("config::scrape_configs: at least one scrape config must be set");
    }
    return errors;
  }
}
