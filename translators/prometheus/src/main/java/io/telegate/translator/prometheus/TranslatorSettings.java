package io.telegate.translator.prometheus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What shapes the OTLP → Prometheus translation.
 *
 * @param namespace prefix of every metric name ("" for none)
 * @param externalLabels added to every series unless an attribute already has the label
 * @param resourceToTelemetry copy every resource attribute onto every series
 * @param targetInfo emit {@code target_info} per resource
 * @param scopeLabels add {@code otel_scope_*} labels
 */
public record TranslatorSettings(String namespace, TranslationStrategy strategy, Map<String, String> externalLabels,
    boolean resourceToTelemetry, boolean targetInfo, boolean scopeLabels) {

  public static final TranslatorSettings DEFAULT = new TranslatorSettings("",
      TranslationStrategy.UNDERSCORE_ESCAPING_WITH_SUFFIXES, Map.of(), false, true, true);

  /** External label names are sanitized once here, not per series. */
  public TranslatorSettings {
    Map<String, String> sanitized = new LinkedHashMap<>();
    externalLabels.forEach((k, v) -> sanitized.put(PrometheusNaming.labelName(k, strategy.escapes()), v));
    externalLabels = Map.copyOf(sanitized);
    namespace = namespace == null ? "" : namespace;
  }
}
