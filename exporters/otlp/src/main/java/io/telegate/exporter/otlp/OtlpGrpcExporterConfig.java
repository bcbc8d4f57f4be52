package io.telegate.exporter.otlp;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.UnsupportedKeys;
import io.telegate.core.exporter.QueueConfig;
import io.telegate.core.exporter.QueuedExporterConfig;
import io.telegate.core.exporter.RetryConfig;
import io.telegate.transport.tls.ClientTlsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Config of the {@code otlp} (gRPC) exporter, with the Collector's keys and defaults.
 *
 * @param endpoint {@code host:port}, {@code dns:///host:port}, or with an {@code http://} or
 *     {@code https://} prefix; required
 * @param tls client TLS; on by default ({@code tls.insecure: false})
 * @param headers gRPC metadata sent with every call
 * @param compression {@code gzip} (default), {@code zstd}, {@code snappy} or {@code none}
 * @param balancerName {@code round_robin} (default) or {@code pick_first}
 * @param keepalive pings on idle connections; absent means off
 * @param waitForReady wait for the connection instead of failing fast while it is down
 * @param authority the {@code :authority} sent, instead of the endpoint's host
 * @param userAgent the {@code User-Agent} prefix, instead of Telegate's
 * @param sendingQueue the exporter helper's queue
 * @param retryOnFailure the exporter helper's retries
 * @param timeout per attempt
 * @param auth the client authenticator extension that gives each request its credentials
 */
@UnsupportedKeys({"middlewares", "read_buffer_size", "write_buffer_size", "balancer_config"})
public record OtlpGrpcExporterConfig(
    String endpoint, ClientTlsConfig tls, Map<String, String> headers, Compression compression, String balancerName,
    GrpcKeepaliveConfig keepalive, boolean waitForReady, String authority, String userAgent, QueueConfig sendingQueue,
    RetryConfig retryOnFailure, Duration timeout, io.telegate.core.auth.AuthConfig auth) implements QueuedExporterConfig {

  public static final OtlpGrpcExporterConfig DEFAULT = new OtlpGrpcExporterConfig(null, ClientTlsConfig.DEFAULT,
      Map.of(), Compression.GZIP, "round_robin", null, false, null, null, QueueConfig.DEFAULT, RetryConfig.DEFAULT,
      Duration.ofSeconds(5), null);

  private static final Set<String> BALANCERS = Set.of("round_robin", "pick_first");

  public OtlpGrpcExporterConfig {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** The default config with another endpoint and TLS; for tests and examples. */
  public static OtlpGrpcExporterConfig of(String endpoint, ClientTlsConfig tls) {
    return new OtlpGrpcExporterConfig(endpoint, tls, Map.of(), Compression.GZIP, "round_robin", null, false, null,
        null, QueueConfig.DEFAULT, RetryConfig.DEFAULT, Duration.ofSeconds(5), null);
  }

  @Override
  public QueueConfig exportQueue() {
    return sendingQueue;
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    try {
      GrpcTarget.parse(endpoint);
    } catch (IllegalArgumentException e) {
      errors.add("endpoint: " + e.getMessage());
    }
    if (balancerName == null || !BALANCERS.contains(balancerName)) {
      errors.add("balancer_name: '" + balancerName + "' (expected one of: pick_first, round_robin)");
    }
    for (String name : headers.keySet()) {
      if (!name.toLowerCase(Locale.ROOT).matches("[a-z0-9_.-]+")) {
        errors.add("headers::" + name + ": not a valid gRPC metadata key (expected: letters, digits, '-', '_', '.')");
      } else if (name.toLowerCase(Locale.ROOT).endsWith("-bin")) {
        errors.add("headers::" + name + ": binary metadata (-bin) is not supported");
      }
    }
    if (timeout == null || timeout.isNegative()) {
      errors.add("timeout: must not be negative");
    }
    return errors;
  }

  /** TLS is used unless {@code tls.insecure} is set with no CA and the endpoint is not {@code https://}. */
  boolean usesTls() {
    return GrpcTarget.parse(endpoint).forceTls() || !tls.insecure() || tls.hasCa();
  }
}
