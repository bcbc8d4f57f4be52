package io.telegate.exporter.prometheus;

import io.telegate.core.component.HostPort;
import io.telegate.core.component.UnsupportedKeys;
import io.telegate.core.exporter.QueueConfig;
import io.telegate.core.exporter.QueuedExporterConfig;
import io.telegate.translator.prometheus.ResourceToTelemetryConfig;
import io.telegate.translator.prometheus.TranslationStrategy;
import io.telegate.translator.prometheus.TranslatorSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Config of the {@code prometheus} (pull) exporter, with the Collector's keys and defaults.
 *
 * @param endpoint host:port of the scrape endpoint; the path is {@code /metrics}
 * @param constLabels labels added to every series
 * @param sendTimestamps write each sample's timestamp (off: Prometheus uses the scrape time)
 * @param metricExpiration series not updated for this long disappear
 * @param enableOpenMetrics accepted; the text format 0.0.4 is always served
 * @param sendingQueue the core helper's queue in front of the store; null (the key left out) is
 *     no queue. As in the Collector, where the key is optional: written, it is a queue with the
 *     usual defaults unless it says {@code enabled: false}. No retry and no timeout (the
 *     Collector's exporter has neither)
 */
@UnsupportedKeys({"tls"})
public record PrometheusExporterConfig(
    String endpoint,
    String namespace,
    Map<String, String> constLabels,
    boolean sendTimestamps,
    Duration metricExpiration,
    ResourceToTelemetryConfig resourceToTelemetryConversion,
    boolean enableOpenMetrics,
    Boolean addMetricSuffixes,
    String translationStrategy,
    QueueConfig sendingQueue) implements QueuedExporterConfig {

  public static final PrometheusExporterConfig DEFAULT = new PrometheusExporterConfig("localhost:8889", "", Map.of(),
      false, Duration.ofMinutes(5), ResourceToTelemetryConfig.DEFAULT, false, null, null, null);

  /** The queue, or null when {@code sending_queue} is left out. */
  @Override
  public QueueConfig exportQueue() {
    return sendingQueue;
  }

  public TranslatorSettings translatorSettings() {
    return new TranslatorSettings(namespace, TranslationStrategy.effective(translationStrategy, addMetricSuffixes),
        constLabels, resourceToTelemetryConversion.enabled(), true, true);
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    HostPort.validate(endpoint, "endpoint", errors);
    if (metricExpiration.isNegative() || metricExpiration.isZero()) {
      errors.add("metric_expiration: must be positive, got " + metricExpiration);
    }
    if (translationStrategy != null) {
      TranslationStrategy t = TranslationStrategy.parse(translationStrategy);
      if (t == null || !t.escapes()) {
        errors.add("translation_strategy: expected UnderscoreEscapingWithSuffixes or UnderscoreEscapingWithoutSuffixes"
            + " (the text format needs escaped names), got '" + translationStrategy + "'");
      }
    }
    constLabels.forEach((k, v) -> {
      if (k.isEmpty() || v == null || v.isEmpty()) {
        errors.add("const_labels: names and values must not be empty");
      }
    });
    return errors;
  }
}
