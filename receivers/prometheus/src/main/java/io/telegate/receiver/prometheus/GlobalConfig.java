package io.telegate.receiver.prometheus;

import io.telegate.core.component.ConfigValidator;
import io.telegate.receiver.prometheus.discovery.PrometheusUnits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prometheus's {@code global} block: the defaults of every scrape config.
 *
 * @param scrapeInterval how often to scrape ({@code 1m})
 * @param scrapeTimeout how long a scrape may take ({@code 10s}; never more than the interval)
 * @param evaluationInterval Prometheus's rule evaluation; accepted and unused
 * @param externalLabels added to every series whose labels lack them
 * @param scrapeProtocols the formats asked for, best first; unset, a job asks for Prometheus's default
 *     ({@code PrometheusProto} first when it scrapes native histograms)
 * @param bodySizeLimit largest uncompressed body; 0 means none
 * @param sampleLimit most samples per scrape after metric relabeling; 0 means none
 * @param labelLimit most labels per sample; 0 means none
 * @param labelNameLengthLimit longest label name; 0 means none
 * @param labelValueLengthLimit longest label value; 0 means none
 * @param scrapeNativeHistograms the jobs' {@code scrape_native_histograms} (false)
 * @param alwaysScrapeClassicHistograms the jobs' {@code always_scrape_classic_histograms} (false)
 */
public record GlobalConfig(
    String scrapeInterval, String scrapeTimeout, String evaluationInterval, Map<String, String> externalLabels,
    List<String> scrapeProtocols, String bodySizeLimit, long sampleLimit, long labelLimit, long labelNameLengthLimit,
    long labelValueLengthLimit, boolean scrapeNativeHistograms, boolean alwaysScrapeClassicHistograms)
    implements ConfigValidator {

  public static final GlobalConfig DEFAULT = new GlobalConfig("1m", null, "1m", Map.of(),
      null, "", 0, 0, 0, 0, false, false);

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    ScrapeConfig.duration(errors, "scrape_interval", scrapeInterval);
    ScrapeConfig.duration(errors, "scrape_timeout", scrapeTimeout);
    ScrapeConfig.duration(errors, "evaluation_interval", evaluationInterval);
    try {
      if (PrometheusUnits.duration(scrapeInterval).isZero()) {
        errors.add("scrape_interval: must be positive");
      }
      if (scrapeTimeout != null
          && PrometheusUnits.duration(scrapeTimeout).compareTo(PrometheusUnits.duration(scrapeInterval)) > 0) {
        errors.add("scrape_timeout: global scrape timeout greater than scrape interval");
      }
    } catch (IllegalArgumentException e) {
      // Reported above.
    }
    ScrapeProtocols.validate(errors, scrapeProtocols);
    ScrapeConfig.size(errors, "body_size_limit", bodySizeLimit);
    ScrapeConfig.nonNegative(errors, "sample_limit", sampleLimit);
    ScrapeConfig.nonNegative(errors, "label_limit", labelLimit);
    ScrapeConfig.nonNegative(errors, "label_name_length_limit", labelNameLengthLimit);
    ScrapeConfig.nonNegative(errors, "label_value_length_limit", labelValueLengthLimit);
    externalLabels.keySet().forEach(k -> {
      if (!RelabelConfig.validLabelName(k)) {
        errors.add("external_labels::" + k + ": not a valid label name");
      }
    });
    return errors;
  }

  /** The global scrape timeout: as set, else 10s, never more than the global interval. */
  java.time.Duration timeout() {
    java.time.Duration interval = PrometheusUnits.duration(scrapeInterval);
    if (scrapeTimeout != null) {
      return PrometheusUnits.duration(scrapeTimeout);
    }
    java.time.Duration ten = java.time.Duration.ofSeconds(10);
    return interval.compareTo(ten) < 0 ? interval : ten;
  }
}
