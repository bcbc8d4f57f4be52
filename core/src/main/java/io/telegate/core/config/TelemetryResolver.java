package io.telegate.core.config;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Components;
import io.telegate.core.component.Signal;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Resolves {@code service.telemetry}: where self-metrics are served, how they are named, the logs. */
final class TelemetryResolver {

  private static final Set<String> PROMETHEUS_KEYS =
      Set.of("host", "port", "without_units", "without_type_suffix", "without_scope_info");
  /** The OpenTelemetry configuration schema's OTLP exporter keys (v0.3.0, as the Collector reads it). */
  private static final Set<String> OTLP_KEYS = Set.of("protocol", "endpoint", "headers", "headers_list", "compression",
      "timeout", "insecure", "certificate", "client_certificate", "client_key");
  private static final Set<String> OTLP_METRIC_KEYS = Set.of("temporality_preference", "default_histogram_aggregation");
  private static final Set<String> PERIODIC_KEYS = Set.of("interval", "timeout", "exporter");
  private static final Set<String> PERIODIC_UNSUPPORTED = Set.of("producers", "cardinality_limits");
  private static final Set<String> BATCH_KEYS =
      Set.of("schedule_delay", "export_timeout", "max_queue_size", "max_export_batch_size", "exporter");

  private TelemetryResolver() {}

  /**
   * @param t the bound section
   * @param rawService the {@code service} section as written, for what binding drops: a resource
   *     attribute set to {@code null} (which removes it, as in the Collector)
   */
  static GatewayConfig.Telemetry resolve(TelemetryConfig t, Object rawService, Components components,
      ConfigErrors errors) {
    List<GatewayConfig.SelfExport> exports = new ArrayList<>();
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
      if (reader instanceof Map<?, ?> rm && rm.containsKey("periodic")) {
        GatewayConfig.SelfExport e = periodic(rm.get("periodic"), path + "::periodic", i, components, errors);
        if (e != null) {
          exports.add(e);
        }
        continue;
      }
      Object prom = dig(reader, "pull", "exporter", "prometheus");
      if (!(prom instanceof Map<?, ?> pm)) {
        errors.add(path, "expected a pull reader with a prometheus exporter or a periodic reader with an otlp exporter");
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
    GatewayConfig.LogOutput logs = logOutput(t.logs(), errors);
    for (int i = 0; i < t.logs().processors().size(); i++) {
      GatewayConfig.SelfExport e = logProcessor(t.logs().processors().get(i),
          "service::telemetry::logs::processors[" + i + "]", i, components, errors);
      if (e != null) {
        exports.add(e);
      }
    }
    return new GatewayConfig.Telemetry(t.metrics().level(), host, port, logLevel,
        new MetricRegistry.Naming(!withoutUnits, !withoutTypeSuffix), resource(rawService, errors), logs,
        List.copyOf(exports));
  }

  private static GatewayConfig.LogOutput logOutput(TelemetryConfig.Logs l, ConfigErrors errors) {
    String p = "service::telemetry::logs";
    GatewayLogger.Encoding encoding = GatewayLogger.Encoding.JSON;
    if (l.encoding() != null) {
      switch (l.encoding().strip().toLowerCase(Locale.ROOT)) {
        case "json" -> encoding = GatewayLogger.Encoding.JSON;
        case "console" -> encoding = GatewayLogger.Encoding.CONSOLE;
        default -> errors.add(p + "::encoding", "invalid encoding '" + l.encoding() + "' (expected json or console)");
      }
    }
    TelemetryConfig.Sampling s = l.sampling();
    GatewayLogger.Sampling sampling = null;
    if (s != null && s.enabled()) {
      if (s.tick() == null || s.tick().isNegative() || s.tick().isZero()) {
        errors.add(p + "::sampling::tick", "must be positive, got " + s.tick());
      }
      if (s.initial() < 0) {
        errors.add(p + "::sampling::initial", "must not be negative, got " + s.initial());
      }
      if (s.thereafter() < 0) {
        errors.add(p + "::sampling::thereafter", "must not be negative, got " + s.thereafter());
      }
      sampling = new GatewayLogger.Sampling(s.tick(), s.initial(), s.thereafter());
    }
    List<String> outputs = paths(l.outputPaths(), p + "::output_paths", errors);
    List<String> errorOutputs = paths(l.errorOutputPaths(), p + "::error_output_paths", errors);
    Map<String, Object> initial = l.initialFields() == null ? Map.of() : l.initialFields();
    return new GatewayConfig.LogOutput(encoding, outputs, errorOutputs, initial, sampling, l.development(),
        l.disableStacktrace());
  }

  /**
   * Checks output paths as zap opens them: {@code stdout}, {@code stderr}, a file path, or a
   * {@code file://} URL with an absolute path; the file's directory must exist.
   */
  private static List<String> paths(List<String> raw, String path, ConfigErrors errors) {
    if (raw == null) {
      return List.of();
    }
    for (int i = 0; i < raw.size(); i++) {
      String p = raw.get(i);
      String at = path + "[" + i + "]";
      if (p == null || p.isBlank()) {
        errors.add(at, "must not be empty (expected stdout, stderr or a file path)");
        continue;
      }
      if (p.equals("stdout") || p.equals("stderr")) {
        continue;
      }
      Path file;
      try {
        file = GatewayConfig.LogOutput.file(p);
      } catch (IllegalArgumentException e) {
        errors.add(at, e.getMessage());
        continue;
      }
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null && !Files.isDirectory(dir)) {
        errors.add(at, "the directory " + dir + " does not exist");
      } else if (Files.isDirectory(file)) {
        errors.add(at, file + " is a directory (expected a file)");
      }
    }
    return List.copyOf(raw);
  }

  /** {@code readers[i].periodic}: {@code interval}, {@code timeout} (milliseconds) and an {@code otlp} exporter. */
  private static GatewayConfig.SelfExport periodic(Object raw, String path, int index, Components components,
      ConfigErrors errors) {
    if (!(raw instanceof Map<?, ?> m)) {
      errors.add(path, "expected a map with an exporter");
      return null;
    }
    for (Object k : m.keySet()) {
      String key = String.valueOf(k);
      if (PERIODIC_UNSUPPORTED.contains(key)) {
        errors.add(path + "::" + key, "not supported by Telegate yet");
      } else if (!PERIODIC_KEYS.contains(key)) {
        errors.add(path + "::" + key, "unknown key (valid: exporter, interval, timeout)");
      }
    }
    Duration interval = millis(m.get("interval"), 60_000, path + "::interval", errors);
    Duration timeout = millis(m.get("timeout"), 30_000, path + "::timeout", errors);
    GatewayConfig.Configured exporter =
        otlpExporter(m.get("exporter"), path + "::exporter", Signal.METRICS, "telemetry_metrics_" + index, components,
            errors);
    return exporter == null ? null : new GatewayConfig.SelfExport(Signal.METRICS, path, exporter, interval, timeout, 0, 0);
  }

  /** {@code logs.processors[i]}: a {@code batch} or {@code simple} log record processor with an {@code otlp} exporter. */
  private static GatewayConfig.SelfExport logProcessor(Object raw, String path, int index, Components components,
      ConfigErrors errors) {
    if (!(raw instanceof Map<?, ?> m) || m.size() != 1
        || !(m.containsKey("batch") || m.containsKey("simple"))) {
      errors.add(path, "expected one of: batch, simple (a log record processor with an otlp exporter)");
      return null;
    }
    boolean batch = m.containsKey("batch");
    String at = path + (batch ? "::batch" : "::simple");
    if (!(m.get(batch ? "batch" : "simple") instanceof Map<?, ?> p)) {
      errors.add(at, "expected a map with an exporter");
      return null;
    }
    for (Object k : p.keySet()) {
      String key = String.valueOf(k);
      if (batch ? !BATCH_KEYS.contains(key) : !key.equals("exporter")) {
        errors.add(at + "::" + key, "unknown key (valid: " + (batch ? String.join(", ", new java.util.TreeSet<>(BATCH_KEYS))
            : "exporter") + ")");
      }
    }
    Duration delay = batch ? millis(p.get("schedule_delay"), 1_000, at + "::schedule_delay", errors) : Duration.ZERO;
    Duration timeout = batch ? millis(p.get("export_timeout"), 30_000, at + "::export_timeout", errors)
        : Duration.ofSeconds(30);
    int queue = batch ? count(p.get("max_queue_size"), 2048, at + "::max_queue_size", errors) : 2048;
    int size = batch ? count(p.get("max_export_batch_size"), 512, at + "::max_export_batch_size", errors) : 1;
    if (size > queue) {
      errors.add(at + "::max_export_batch_size", "must not exceed max_queue_size (" + queue + "), got " + size);
    }
    GatewayConfig.Configured exporter =
        otlpExporter(p.get("exporter"), at + "::exporter", Signal.LOGS, "telemetry_logs_" + index, components, errors);
    return exporter == null ? null : new GatewayConfig.SelfExport(Signal.LOGS, path, exporter, delay, timeout, queue, size);
  }

  /**
   * Builds the exporter an {@code exporter: {otlp: ...}} stands for: Telegate's {@code otlp}
   * exporter for {@code protocol: grpc}, {@code otlphttp} for {@code http/protobuf}, with the
   * settings mapped onto their keys, no sending queue and no retries (the next export carries
   * the metrics' current values; an export that fails is logged).
   */
  private static GatewayConfig.Configured otlpExporter(Object raw, String path, Signal signal, String name,
      Components components, ConfigErrors errors) {
    if (!(raw instanceof Map<?, ?> e) || !(e.get("otlp") instanceof Map<?, ?> o) || e.size() != 1) {
      errors.add(path, "expected otlp (Telegate pushes its own telemetry over OTLP only)");
      return null;
    }
    String at = path + "::otlp";
    boolean metrics = signal == Signal.METRICS;
    for (Object k : o.keySet()) {
      String key = String.valueOf(k);
      if (!OTLP_KEYS.contains(key) && !(metrics && OTLP_METRIC_KEYS.contains(key))) {
        errors.add(at + "::" + key, "unknown key");
      }
    }
    if (metrics) {
      Object temporality = o.get("temporality_preference");
      if (temporality != null && !String.valueOf(temporality).equalsIgnoreCase("cumulative")) {
        errors.add(at + "::temporality_preference", "'" + temporality
            + "' is not supported by Telegate yet (self-metrics are cumulative)");
      }
      Object histogram = o.get("default_histogram_aggregation");
      if (histogram != null && !String.valueOf(histogram).equals("explicit_bucket_histogram")) {
        errors.add(at + "::default_histogram_aggregation", "'" + histogram
            + "' is not supported by Telegate yet (self-metric histograms have explicit buckets)");
      }
    }
    Object protocol = o.get("protocol");
    String type;
    if (protocol == null) {
      errors.add(at + "::protocol", "must be set (expected grpc or http/protobuf)");
      return null;
    } else if (protocol.equals("grpc")) {
      type = "otlp";
    } else if (protocol.equals("http/protobuf")) {
      type = "otlphttp";
    } else {
      errors.add(at + "::protocol", "unsupported protocol '" + protocol + "' (expected grpc or http/protobuf)");
      return null;
    }
    Object endpointRaw = o.get("endpoint");
    if (endpointRaw == null || String.valueOf(endpointRaw).isBlank()) {
      errors.add(at + "::endpoint", "must be set (e.g. " + (type.equals("otlp") ? "http://localhost:4317"
          : "http://localhost:4318") + ")");
      return null;
    }
    boolean insecure = o.get("insecure") != null && flag(o, "insecure", at, errors);
    String endpoint = String.valueOf(endpointRaw).strip();
    if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      // The Collector's normalisation: no scheme means https unless insecure.
      endpoint = (insecure ? "http://" : "https://") + endpoint;
    }
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException ex) {
      errors.add(at + "::endpoint", "not a URL: '" + endpointRaw + "'");
      return null;
    }
    if (uri.getHost() == null) {
      errors.add(at + "::endpoint", "no host in '" + endpointRaw + "'");
      return null;
    }
    boolean plain = uri.getScheme().equals("http");
    Map<String, Object> cfg = new LinkedHashMap<>();
    Map<String, Object> tls = new LinkedHashMap<>();
    if (type.equals("otlp")) {
      int port = uri.getPort() < 0 ? 4317 : uri.getPort();
      cfg.put("endpoint", uri.getHost() + ":" + port);
      if (plain) {
        tls.put("insecure", true);
      }
    } else {
      String rawPath = uri.getRawPath();
      String signalPath = metrics ? "/v1/metrics" : "/v1/logs";
      String url = rawPath == null || rawPath.isEmpty() ? endpoint + signalPath : endpoint;
      cfg.put(metrics ? "metrics_endpoint" : "logs_endpoint", url);
    }
    putIf(tls, "ca_file", o.get("certificate"));
    putIf(tls, "cert_file", o.get("client_certificate"));
    putIf(tls, "key_file", o.get("client_key"));
    if (!tls.isEmpty()) {
      cfg.put("tls", tls);
    }
    Map<String, Object> headers = headers(o, at, errors);
    if (!headers.isEmpty()) {
      cfg.put("headers", headers);
    }
    Object compression = o.get("compression");
    String comp = compression == null || String.valueOf(compression).isEmpty() ? "none" : String.valueOf(compression);
    if (!comp.equals("gzip") && !comp.equals("none")) {
      errors.add(at + "::compression", "unsupported compression '" + compression + "' (expected gzip or none)");
      comp = "none";
    }
    cfg.put("compression", comp);
    cfg.put("timeout", millis(o.get("timeout"), 10_000, at + "::timeout", errors).toMillis() + "ms");
    cfg.put("sending_queue", Map.of("enabled", false));
    cfg.put("retry_on_failure", Map.of("enabled", false));
    ComponentFactory<?> factory = components.find(ComponentKind.EXPORTER, type).orElse(null);
    if (factory == null) {
      errors.add(at + "::protocol", "needs the " + type + " exporter, which is not built in");
      return null;
    }
    ComponentConfig bound = ConfigResolver.bindComponent(factory, cfg, at, errors);
    return new GatewayConfig.Configured(ComponentKind.EXPORTER, new ComponentId(type, name), factory, bound);
  }

  private static void putIf(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, String.valueOf(value));
    }
  }

  /** {@code headers} ({@code [{name, value}]}) over {@code headers_list} ({@code "a=b,c=d"}), as the schema says. */
  private static Map<String, Object> headers(Map<?, ?> o, String at, ConfigErrors errors) {
    Map<String, Object> out = new LinkedHashMap<>();
    Object list = o.get("headers_list");
    if (list != null) {
      for (String pair : String.valueOf(list).split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          // The text is not echoed: it may be a secret written without its name.
          errors.add(at + "::headers_list", "expected name=value pairs separated by commas");
          continue;
        }
        out.put(pair.substring(0, eq).strip(), java.net.URLDecoder.decode(pair.substring(eq + 1).strip(),
            java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    Object headers = o.get("headers");
    if (headers == null) {
      return out;
    }
    if (!(headers instanceof List<?> l)) {
      errors.add(at + "::headers", "expected a list of {name, value}");
      return out;
    }
    for (int i = 0; i < l.size(); i++) {
      if (!(l.get(i) instanceof Map<?, ?> h) || h.get("name") == null || !h.keySet().stream()
          .allMatch(k -> k.equals("name") || k.equals("value"))) {
        errors.add(at + "::headers[" + i + "]", "expected {name, value}");
        continue;
      }
      out.put(String.valueOf(h.get("name")), h.get("value") == null ? "" : String.valueOf(h.get("value")));
    }
    return out;
  }

  /** A duration in milliseconds, as the OpenTelemetry configuration schema writes them. */
  private static Duration millis(Object v, long defaultMillis, String path, ConfigErrors errors) {
    if (v == null) {
      return Duration.ofMillis(defaultMillis);
    }
    Long n = integer(v);
    if (n == null || n < 0) {
      errors.add(path, "expected milliseconds (a whole number, 0 or more), got '" + v + "'");
      return Duration.ofMillis(defaultMillis);
    }
    return Duration.ofMillis(n == 0 ? defaultMillis : n);
  }

  private static int count(Object v, int defaultValue, String path, ConfigErrors errors) {
    if (v == null) {
      return defaultValue;
    }
    Long n = integer(v);
    if (n == null || n <= 0 || n > Integer.MAX_VALUE) {
      errors.add(path, "expected a positive whole number, got '" + v + "'");
      return defaultValue;
    }
    return n.intValue();
  }

  private static Long integer(Object v) {
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    try {
      return Long.parseLong(String.valueOf(v).strip());
    } catch (NumberFormatException e) {
      return null;
    }
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
