package io.telegate.transport.http;

import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.transport.tls.ClientTlsConfig;
import io.telegate.transport.tls.ClientTlsMaterial;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The JDK HTTP client every HTTP exporter starts from, built one way: no redirects followed (a
 * backend that redirects a push is misconfigured, and following would resend the body), the
 * connect timeout from the exporter's {@code timeout} (30 s when it is 0), and for an {@code
 * https://} endpoint the shared {@code tls:} block, with a warning when certificates go unchecked.
 * Callers add what is theirs (HTTP version, executor) and build.
 */
public final class HttpClients {

  /** The connect timeout when the exporter's {@code timeout} is 0 (no per-attempt bound). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private HttpClients() {}

  /**
   * @param https whether any endpoint of this client is {@code https://} (TLS is set up only then)
   * @throws IOException when the TLS material cannot be read
   */
  public static HttpClient.Builder builder(boolean https, ClientTlsConfig tls, Duration timeout, GatewayLogger log)
      throws IOException {
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout == null || timeout.isZero() ? DEFAULT_CONNECT_TIMEOUT : timeout);
    if (https) {
      ClientTlsMaterial.configure(b, tls);
      if (tls.insecureSkipVerify()) {
        log.warn("tls.insecure_skip_verify is set: the server's certificate is not checked");
      }
    }
    return b;
  }

  /** Whether {@code endpoint} is an {@code https://} URL. */
  public static boolean isHttps(URI endpoint) {
    return endpoint != null && "https".equalsIgnoreCase(endpoint.getScheme());
  }
}
