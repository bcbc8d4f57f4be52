package io.telegate.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test helpers: a job bound from a map as YAML would give it, its targets, and reading OTLP back. */
final class Jobs {

  private Jobs() {}

  static ScrapeConfig.Resolved job(Map<String, Object> raw) {
    Map<String, Object> withName = new LinkedHashMap<>(raw);
    withName.putIfAbsent("job_name", "test");
    ConfigErrors errors = new ConfigErrors();
    PrometheusConfig c = ConfigBinder.bind(Map.of("scrape_configs", List.of(withName)), PrometheusConfig.DEFAULT,
        "config", errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(List.of(), ConfigValidation.validate(c));
    return c.resolved().get(0);
  }

  /** A receiver built as the gateway builds it: the YAML values bound over the defaults, then validated. */
  static PrometheusReceiver receiver(String id, Map<String, ?> raw,
      io.telegate.core.consumer.Consumer<io.telegate.core.data.Metrics> next) {
    ConfigErrors errors = new ConfigErrors();
    PrometheusReceiverConfig c = ConfigBinder.bind(raw, PrometheusReceiverConfig.DEFAULT, "receivers::prometheus",
        errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(List.of(), ConfigValidation.validate(c));
    return (PrometheusReceiver) new PrometheusReceiverFactory().createMetrics(
        io.telegate.core.component.CreateSettings.of(io.telegate.core.component.ComponentKind.RECEIVER,
            io.telegate.core.component.ComponentId.parse(id)), c, next);
  }

  /** A receiver config with one job scraping {@code targets} every {@code interval}. */
  static Map<String, Object> oneJob(String interval, Map<String, Object> jobKeys, String... targets) {
    Map<String, Object> job = new LinkedHashMap<>(jobKeys);
    job.putIfAbsent("job_name", "test");
    job.put("scrape_interval", interval);
    job.putIfAbsent("scrape_timeout", interval);
    job.putIfAbsent("static_configs", List.of(Map.of("targets", List.of(targets))));
    return Map.of("config", Map.of("scrape_configs", List.of(job)));
  }

  static ScrapeTarget target(ScrapeConfig.Resolved job, String address, Map<String, String> labels) {
    List<ScrapeTarget> t = ScrapeTarget.fromGroup(job, Relabeling.of(job.config().relabelConfigs()),
        List.of(Map.of("__address__", address)), labels);
    assertEquals(1, t.size(), "targets");
    return t.get(0);
  }

  static Map<String, String> attributes(List<KeyValue> kvs) {
    Map<String, String> m = new TreeMap<>();
    kvs.forEach(kv -> m.put(kv.getKey(), kv.getValue().getStringValue()));
    return m;
  }

  /** Every metric of the request by name (the first of each name). */
  static Map<String, Metric> metrics(ExportMetricsServiceRequest r) {
    Map<String, Metric> out = new LinkedHashMap<>();
    for (ResourceMetrics rm : r.getResourceMetricsList()) {
      rm.getScopeMetricsList().forEach(sm -> sm.getMetricsList().forEach(m -> out.putIfAbsent(m.getName(), m)));
    }
    return out;
  }

  static List<Metric> allMetrics(ExportMetricsServiceRequest r) {
    List<Metric> out = new ArrayList<>();
    for (ResourceMetrics rm : r.getResourceMetricsList()) {
      rm.getScopeMetricsList().forEach(sm -> out.addAll(sm.getMetricsList()));
    }
    return out;
  }
}
