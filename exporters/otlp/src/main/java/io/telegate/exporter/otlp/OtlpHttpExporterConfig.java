package io.telegate.exporter.otlp;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.Signal;
import io.telegate.core.component.UnsupportedKeys;
import io.telegate.core.component.ValidationContext;
import io.telegate.core.exporter.QueueConfig;
import io.telegate.core.exporter.QueuedExporterConfig;
import io.telegate.core.exporter.RetryConfig;
import io.telegate.transport.tls.ClientTlsConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Config of the {@code otlphttp} exporter, with the Collector's keys and defaults.
 *
 * @param endpoint base URL; {@code /v1/traces}, {@code /v1/metrics} or {@code /v1/logs} is
 *     appended per signal
 * @param tracesEndpoint full URL for traces, used as is instead of {@code endpoint}
 * @param metricsEndpoint full URL for metrics
 * @param logsEndpoint full URL for logs
 * @param encoding {@code proto} (default) or {@code json}
 * @param compression {@code gzip} (default), {@code zstd}, {@code snappy} or {@code none}
 * @param headers HTTP headers sent with every request
 * @param tls client TLS, used for {@code https://} URLs ({@code insecure} has no effect here)
 * @param sendingQueue the exporter helper's queue
 * @param retryOnFailure the exporter helper's retries
 * @param timeout per attempt (the Collector's HTTP client default, 30s)
 * @param auth the client authenticator extension that gives each request its credentials
 * @param proxyUrl an HTTP proxy to send through, {@code http://host:port}
 */
@UnsupportedKeys({"middlewares", "read_buffer_size", "write_buffer_size", "max_idle_conns",
    "max_idle_conns_per_host", "max_conns_per_host", "idle_conn_timeout", "disable_keep_alives", "http2_read_idle_timeout",
    "http2_ping_timeout", "cookies", "compression_params", "profiles_endpoint"})
public record OtlpHttpExporterConfig(
    String endpoint, String tracesEndpoint, String metricsEndpoint, String logsEndpoint, Encoding encoding,
    Compression compression, Map<String, String> headers, ClientTlsConfig tls, QueueConfig sendingQueue,
    RetryConfig retryOnFailure, Duration timeout, io.telegate.core.auth.AuthConfig auth, String proxyUrl)
    implements QueuedExporterConfig {

  public static final OtlpHttpExporterConfig DEFAULT = new OtlpHttpExporterConfig(null, null, null, null,
      Encoding.PROTO, Compression.GZIP, Map.of(), ClientTlsConfig.DEFAULT, QueueConfig.DEFAULT, RetryConfig.DEFAULT,
      Duration.ofSeconds(30), null, null);

  /** Headers the JDK's HTTP client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  /** The body format. */
  public enum Encoding {
    PROTO,
    JSON
  }

  public OtlpHttpExporterConfig {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** The default config with another base URL; for tests and examples. */
  public static OtlpHttpExporterConfig of(String endpoint) {
    return new OtlpHttpExporterConfig(endpoint, null, null, null, Encoding.PROTO, Compression.GZIP, Map.of(),
        ClientTlsConfig.DEFAULT, QueueConfig.DEFAULT, RetryConfig.DEFAULT, Duration.ofSeconds(30), null, null);
  }

  @Override
  public QueueConfig exportQueue() {
    return sendingQueue;
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    io.telegate.transport.http.HttpClients.validateProxyUrl(proxyUrl, "proxy_url", errors);
    if (endpoint == null && tracesEndpoint == null && metricsEndpoint == null && logsEndpoint == null) {
      // The Collector's rule: any one endpoint will do; the pipelines say which signals need theirs.
      errors.add("endpoint: must be set (expected: a base URL such as https://example.com:4318), or the "
          + "traces_endpoint, metrics_endpoint or logs_endpoint of each signal sent");
    }
    checkUrl("endpoint", endpoint, errors);
    checkUrl("traces_endpoint", tracesEndpoint, errors);
    checkUrl("metrics_endpoint", metricsEndpoint, errors);
    checkUrl("logs_endpoint", logsEndpoint, errors);
    if (tls.serverNameOverride() != null) {
      errors.add("tls::server_name_override: not supported by the otlphttp exporter yet");
    }
    for (String name : headers.keySet()) {
      if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        errors.add("headers::" + name + ": set by the HTTP client itself, cannot be overridden");
      } else if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
        errors.add("headers::" + name + ": not a valid HTTP header name");
      }
    }
    if (timeout == null || timeout.isNegative()) {
      errors.add("timeout: must not be negative");
    }
    return errors;
  }

  /** Without a base URL, every signal a pipeline sends here needs its own endpoint. */
  @Override
  public List<String> validate(ValidationContext context) {
    List<String> errors = new ArrayList<>();
    if (endpoint == null && (tracesEndpoint != null || metricsEndpoint != null || logsEndpoint != null)) {
      for (Signal signal : Signal.values()) {
        if (context.signals().contains(signal) && own(signal) == null) {
          errors.add(signal.id() + "_endpoint: must be set: a " + signal.id() + " pipeline uses this exporter and "
              + "there is no endpoint to send " + signal.id() + " to (set " + signal.id()
              + "_endpoint, or endpoint as the base URL)");
        }
      }
    }
    return errors;
  }

  private String own(Signal signal) {
    return switch (signal) {
      case TRACES -> tracesEndpoint;
      case METRICS -> metricsEndpoint;
      case LOGS -> logsEndpoint;
    };
  }

  private static void checkUrl(String key, String url, List<String> errors) {
    if (url == null) {
      return;
    }
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
        errors.add(key + ": '" + url + "' (expected: an http(s) URL such as https://example.com:4318)");
      }
    } catch (java.net.URISyntaxException e) {
      errors.add(key + ": '" + url + "' is not a URL: " + e.getReason());
    }
  }

  /** The URL a signal is sent to: its own endpoint as is, or the base URL plus {@code /v1/<signal>}. */
  URI url(Signal signal) {
    String own = own(signal);
    if (own != null) {
      return URI.create(own);
    }
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    return URI.create(base + "/v1/" + signal.id());
  }
}
