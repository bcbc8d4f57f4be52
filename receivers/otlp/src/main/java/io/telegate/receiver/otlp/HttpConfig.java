package io.telegate.receiver.otlp;

import io.telegate.core.component.ConfigValidator;
import io.telegate.core.component.HostPort;
import io.telegate.core.component.UnsupportedKeys;
import io.telegate.transport.tls.ServerTlsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP protocol of the OTLP receiver, with the Collector's {@code confighttp} server keys and
 * the OTLP paths.
 *
 * @param endpoint {@code host:port} to listen on
 * @param tls server TLS; null means plaintext
 * @param cors cross-origin settings; null means CORS is off
 * @param maxRequestBodySize largest body accepted in bytes, both as sent and after decompression;
 *     0 means 20 MiB
 * @param includeMetadata whether request headers go into the client context
 * @param responseHeaders headers added to every response
 * @param compressionAlgorithms {@code Content-Encoding}s accepted ({@code ""} is no encoding)
 * @param tracesUrlPath path of trace exports; a leading {@code /} is added if missing
 * @param metricsUrlPath path of metric exports
 * @param logsUrlPath path of log exports
 * @param readTimeout the longest a request may take to arrive, headers and body; 0 = no limit
 * @param readHeaderTimeout the longest a request's headers may take; unset = 1m, 0 = no limit
 * @param writeTimeout the longest from a request's headers to its written response; unset = 30s
 * @param idleTimeout the longest a connection may wait for its next request; unset = 1m
 * @param maxConnections Telegate's: the most connections open at once; more are closed at
 *     accept (logged, rate-limited); 0 = 10,000
 * @param auth the authenticator extension every request must pass ({@code auth: {authenticator: id}})
 */
@UnsupportedKeys({"middlewares", "keepalives_enabled"})
public record HttpConfig(
    String endpoint, ServerTlsConfig tls, CorsConfig cors, long maxRequestBodySize, boolean includeMetadata,
    Map<String, String> responseHeaders, List<String> compressionAlgorithms, String tracesUrlPath,
    String metricsUrlPath, String logsUrlPath, Duration readTimeout, Duration readHeaderTimeout,
    Duration writeTimeout, Duration idleTimeout, int maxConnections, io.telegate.core.auth.AuthConfig auth) implements ConfigValidator {

  /** confighttp's server defaults (the Collector's OTLP receiver turns them off; Telegate does not). */
  static final Duration DEFAULT_READ_HEADER_TIMEOUT = Duration.ofMinutes(1);
  static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);
  static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  public static final String DEFAULT_ENDPOINT = "localhost:4318";
  public static final long DEFAULT_MAX_REQUEST_BODY_SIZE = 20L << 20;
  /** Encodings Telegate can decode; the Collector's list without {@code lz4}. */
  public static final List<String> KNOWN_COMPRESSION =
      List.of("", "gzip", "zstd", "zlib", "snappy", "deflate", "x-snappy-framed");

  public static final HttpConfig DEFAULT = new HttpConfig(DEFAULT_ENDPOINT, null, null, 0,
      false, Map.of(), KNOWN_COMPRESSION, "/v1/traces", "/v1/metrics", "/v1/logs", Duration.ZERO, null, null, null,
      0, null);

  Duration effectiveReadHeaderTimeout() {
    return readHeaderTimeout == null ? DEFAULT_READ_HEADER_TIMEOUT : readHeaderTimeout;
  }

  Duration effectiveWriteTimeout() {
    return writeTimeout == null ? DEFAULT_WRITE_TIMEOUT : writeTimeout;
  }

  Duration effectiveIdleTimeout() {
    return idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
  }

  int effectiveMaxConnections() {
    return maxConnections == 0 ? DEFAULT_MAX_CONNECTIONS : maxConnections;
  }

  public HttpConfig {
    tracesUrlPath = withLeadingSlash(tracesUrlPath);
    metricsUrlPath = withLeadingSlash(metricsUrlPath);
    logsUrlPath = withLeadingSlash(logsUrlPath);
    responseHeaders = responseHeaders == null ? Map.of() : Map.copyOf(responseHeaders);
    compressionAlgorithms = compressionAlgorithms == null ? List.of() : List.copyOf(compressionAlgorithms);
  }

  private static String withLeadingSlash(String path) {
    return path == null || path.startsWith("/") ? path : "/" + path;
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    HostPort.validate(endpoint, "endpoint", errors);
    if (maxRequestBodySize < 0 || maxRequestBodySize > Integer.MAX_VALUE - 8) {
      errors.add("max_request_body_size: " + maxRequestBodySize + " (expected: 0-" + (Integer.MAX_VALUE - 8) + ")");
    }
    for (int i = 0; i < compressionAlgorithms.size(); i++) {
      String c = compressionAlgorithms.get(i).toLowerCase(Locale.ROOT);
      if (c.equals("lz4")) {
        errors.add("compression_algorithms[" + i + "]: lz4 is not supported by Telegate yet");
      } else if (!KNOWN_COMPRESSION.contains(c)) {
        errors.add("compression_algorithms[" + i + "]: unknown '" + c + "' (expected one of: "
            + String.join(", ", KNOWN_COMPRESSION.stream().map(k -> k.isEmpty() ? "\"\"" : k).toList()) + ")");
      }
    }
    String[][] paths = {{"traces_url_path", tracesUrlPath}, {"metrics_url_path", metricsUrlPath},
        {"logs_url_path", logsUrlPath}};
    Set<String> seen = new java.util.HashSet<>();
    for (String[] p : paths) {
      if (p[1] == null || p[1].equals("/") || p[1].contains("?") || p[1].contains("#")) {
        errors.add(p[0] + ": '" + p[1] + "' (expected: a path such as /v1/traces)");
      } else if (!seen.add(p[1])) {
        errors.add(p[0] + ": '" + p[1] + "' is used for another signal too");
      }
    }
    Object[][] timeouts = {{"read_timeout", readTimeout}, {"read_header_timeout", readHeaderTimeout},
        {"write_timeout", writeTimeout}, {"idle_timeout", idleTimeout}};
    for (Object[] t : timeouts) {
      if (t[1] != null && ((Duration) t[1]).isNegative()) {
        errors.add(t[0] + ": must not be negative, got " + t[1]);
      }
    }
    if (maxConnections < 0) {
      errors.add("max_connections: must not be negative, got " + maxConnections);
    }
    return errors;
  }

  /**
   * The body size limit in bytes: as set, or by default the Collector's 20 MiB, lowered to an
   * eighth of the maximum heap under a smaller heap (a 40 MiB sidecar takes 5 MiB bodies).
   */
  int maxBodyBytes() {
    return maxRequestBodySize == 0 ? (int) Math.min(DEFAULT_MAX_REQUEST_BODY_SIZE, heapShare())
        : (int) maxRequestBodySize;
  }

  /** An eighth of the maximum heap, at least 1 MiB. */
  static long heapShare() {
    return Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 8);
  }
}
