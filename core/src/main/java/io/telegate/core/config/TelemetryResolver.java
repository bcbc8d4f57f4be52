package io.telegate.core.config;

import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Resolves {@code service.telemetry}: where self-metrics are served, how they are named, the logs. */
final class TelemetryResolver {

  private static final Set<String> PROMETHEUS_KEYS =
      Set.of("host", "port", "without_units", "without_type_suffix", "without_scope_info");

  private TelemetryResolver() {}

  /**
   * @param t the bound section
   * @param rawService the {@code service} section as written, for what binding drops: a resource
   *     attribute set to {@code null} (which removes it, as in the Collector)
   */
  static GatewayConfig.Telemetry resolve(TelemetryConfig t, Object rawService, ConfigErrors errors) {
    String host = ConfigResolver.DEFAULT_METRICS_HOST;
    int port = ConfigResolver.DEFAULT_METRICS_PORT;
    boolean withoutUnits = false;
    boolean withoutTypeSuffix = false;
    String address = t.metrics().address();
    if (address != null && !address.isBlank()) {
      int colon = address.lastIndexOf(':');
      if (colon < 0) {
        errors.add("service::telemetry::metrics::address", "expected host:port, got '" + address + "'");
      } else {
        host = address.substring(0, colon);
        port = parsePort(address.substring(colon + 1), "service::telemetry::metrics::address", errors);
      }
    }
    for (int i = 0; i < t.metrics().readers().size(); i++) {
      String path = "service::telemetry::metrics::readers[" + i + "]";
      Object reader = t.metrics().readers().get(i);
      Object prom = dig(reader, "pull", "exporter", "prometheus");
      if (!(prom instanceof Map<?, ?> pm)) {
        errors.add(path, "only a pull reader with a prometheus exporter is supported");
        continue;
      }
      String promPath = path + "::pull::exporter::prometheus";
      for (Object k : pm.keySet()) {
        if (!PROMETHEUS_KEYS.contains(String.valueOf(k))) {
          errors.add(promPath + "::" + k, "not supported by Telegate yet");
        }
      }
      if (pm.get("host") != null) {
        host = String.valueOf(pm.get("host"));
      }
      if (pm.get("port") != null) {
        port = parsePort(String.valueOf(pm.get("port")), promPath + "::port", errors);
      }
      withoutUnits = flag(pm, "without_units", promPath, errors);
      withoutTypeSuffix = flag(pm, "without_type_suffix", promPath, errors);
    }
    String logLevel = t.logs().level();
    if (logLevel != null && GatewayLogger.Level.parse(logLevel) == null) {
      errors.add("service::telemetry::logs::level", "invalid level '" + logLevel
          + "' (expected one of: debug, info, warn, error)");
    }
    String encoding = t.logs().encoding();
    if (encoding != null && !encoding.equals("json") && !encoding.equals("console")) {
      errors.add("service::telemetry::logs::encoding", "invalid encoding '" + encoding + "' (expected json)");
    }
    return new GatewayConfig.Telemetry(t.metrics().level(), host, port, logLevel,
        new MetricRegistry.Naming(!withoutUnits, !withoutTypeSuffix), resource(rawService, errors));
  }

  private static boolean flag(Map<?, ?> prometheus, String key, String path, ConfigErrors errors) {
    Object v = prometheus.get(key);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.parseBoolean(s);
    }
    errors.add(path + "::" + key, "expected true or false, got '" + v + "'");
    return false;
  }

  /** {@code service.telemetry.resource} as written, {@code null} values kept (they remove). */
  private static Map<String, Object> resource(Object rawService, ConfigErrors errors) {
    Object raw = dig(rawService, "telemetry", "resource");
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof Map<?, ?> m)) {
      errors.add("service::telemetry::resource", "expected a map of attribute names to values");
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map || v instanceof java.util.List) {
        errors.add("service::telemetry::resource::" + e.getKey(), "expected a string, a number, a boolean or null");
        continue;
      }
      out.put(String.valueOf(e.getKey()), v == null ? null : String.valueOf(v));
    }
    return Collections.unmodifiableMap(out);
  }

  static Object dig(Object node, String... keys) {
    Object cur = node;
    for (String k : keys) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(k);
    }
    return cur;
  }

  private static int parsePort(String s, String path, ConfigErrors errors) {
    try {
      int p = Integer.parseInt(s.strip());
      if (p < 0 || p > 65535) {
        errors.add(path, "port: " + p + " (expected: 0-65535)");
      }
      return p;
    } catch (NumberFormatException e) {
      errors.add(path, "port: '" + s + "' (expected: 0-65535)");
      return 0;
    }
  }
}
