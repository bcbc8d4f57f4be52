package io.telegate.exporter.loki;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.UnsupportedKeys;
import io.telegate.core.exporter.QueueConfig;
import io.telegate.core.exporter.QueuedExporterConfig;
import io.telegate.core.exporter.RetryConfig;
import io.telegate.transport.tls.ClientTlsConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Config of the {@code loki} exporter: the Collector's keys ({@code endpoint}, {@code headers},
 * {@code default_labels_enabled}, the exporter helper's) plus explicit label, format, structured
 * metadata, tenant and cardinality settings.
 *
 * @param endpoint the push URL, for example {@code http://loki:3100/loki/api/v1/push}
 * @param encoding the request body: snappy-compressed protobuf, or Loki's JSON push format
 * @param format the log line format, unless a record carries the {@code loki.format} hint
 * @param labels attributes promoted to labels by config, and static labels
 * @param defaultLabelsEnabled turns the default labels (exporter, job, instance, level) on or off
 * @param structuredMetadata attributes sent as structured metadata beside the line (Loki 3)
 * @param tenant where the {@code X-Scope-OrgID} of each record comes from
 * @param maxStreamsPerRequest streams in one push request; more go to the next request (0 = no cap)
 * @param labelValueMaxLength label values longer than this many UTF-8 bytes are cut (0 = no cap)
 * @param headers extra HTTP headers on every request
 * @param tls client TLS for an {@code https://} endpoint, the Collector's {@code configtls} keys,
 *     as every Telegate exporter reads them
 * @param timeout per attempt
 * @param readBufferSize accepted for compatibility; the JDK client sizes its own buffers
 * @param writeBufferSize accepted for compatibility; the JDK client sizes its own buffers
 * @param maxIdleConns accepted for compatibility; the JDK client pools connections itself
 * @param maxIdleConnsPerHost accepted for compatibility
 * @param maxConnsPerHost accepted for compatibility
 * @param idleConnTimeout accepted for compatibility
 * @param auth the client authenticator extension that gives each request its credentials
 * @param proxyUrl an HTTP proxy to send through, {@code http://host:port}
 */
@UnsupportedKeys({"compression", "cookies", "disable_keep_alives",
    "http2_read_idle_timeout", "http2_ping_timeout", "middlewares"})
public record LokiExporterConfig(
    String endpoint,
    Encoding encoding,
    LineFormat format,
    LabelsConfig labels,
    Map<String, Boolean> defaultLabelsEnabled,
    List<String> structuredMetadata,
    TenantConfig tenant,
    int maxStreamsPerRequest,
    int labelValueMaxLength,
    Map<String, String> headers,
    ClientTlsConfig tls,
    Duration timeout,
    QueueConfig sendingQueue,
    RetryConfig retryOnFailure,
    Object readBufferSize,
    Object writeBufferSize,
    Object maxIdleConns,
    Object maxIdleConnsPerHost,
    Object maxConnsPerHost,
    Object idleConnTimeout,
    io.telegate.core.auth.AuthConfig auth,
    String proxyUrl) implements QueuedExporterConfig {

  /** Loki's own default for {@code max_label_value_length}: longer values would be refused. */
  public static final int DEFAULT_LABEL_VALUE_MAX_LENGTH = 2048;

  public static final LokiExporterConfig DEFAULT = new LokiExporterConfig(null, Encoding.PROTOBUF, LineFormat.JSON,
      LabelsConfig.DEFAULT, Map.of(), List.of(), TenantConfig.DEFAULT, 1000, DEFAULT_LABEL_VALUE_MAX_LENGTH,
      Map.of(), ClientTlsConfig.DEFAULT, Duration.ofSeconds(5), QueueConfig.DEFAULT, RetryConfig.DEFAULT, null, null, null, null, null, null, null, null);

  /** The default labels that {@code default_labels_enabled} may switch off. */
  static final Set<String> DEFAULT_LABELS = Set.of("exporter", "job", "instance", "level");

  /** The push body's encoding. */
  public enum Encoding {
    /** {@code logproto.PushRequest}, snappy block-compressed, {@code application/x-protobuf}. */
    PROTOBUF,
    /** Loki's JSON push format, {@code application/json}. */
    JSON
  }

  /** How a log record becomes a Loki line. */
  public enum LineFormat {
    JSON,
    LOGFMT,
    RAW;

    /** The format named by a {@code loki.format} hint, or null if the name is unknown. */
    static LineFormat parse(String name) {
      for (LineFormat f : values()) {
        if (f.name().equalsIgnoreCase(name.strip())) {
          return f;
        }
      }
      return null;
    }
  }

  /** True unless {@code default_labels_enabled} turns {@code label} off. */
  boolean defaultLabelEnabled(String label) {
    Boolean on = defaultLabelsEnabled.get(label);
    return on == null || on;
  }

  @Override
  public QueueConfig exportQueue() {
    return sendingQueue;
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    io.telegate.transport.http.HttpClients.validateProxyUrl(proxyUrl, "proxy_url", errors);
    if (endpoint == null || endpoint.isBlank()) {
      errors.add("endpoint: must be set (expected: an http(s) URL such as http://loki:3100/loki/api/v1/push)");
    } else {
      try {
        URI uri = new URI(endpoint);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
          errors.add("endpoint: must be an http(s) URL, got '" + endpoint + "'");
        }
      } catch (URISyntaxException e) {
        errors.add("endpoint: must be an http(s) URL, got '" + endpoint + "'");
      }
    }
    for (String key : defaultLabelsEnabled.keySet()) {
      if (!DEFAULT_LABELS.contains(key)) {
        errors.add("default_labels_enabled::" + key + ": unknown default label (expected one of: exporter, instance, "
            + "job, level)");
      }
    }
    for (int i = 0; i < structuredMetadata.size(); i++) {
      if (structuredMetadata.get(i).isBlank()) {
        errors.add("structured_metadata[" + i + "]: must name an attribute");
      }
    }
    if (maxStreamsPerRequest < 0) {
      errors.add("max_streams_per_request: must not be negative (0 = no cap), got " + maxStreamsPerRequest);
    }
    if (labelValueMaxLength < 0) {
      errors.add("label_value_max_length: must not be negative (0 = no cap), got " + labelValueMaxLength);
    }
    if (timeout.isNegative()) {
      errors.add("timeout: must not be negative");
    }
    return errors;
  }
}
