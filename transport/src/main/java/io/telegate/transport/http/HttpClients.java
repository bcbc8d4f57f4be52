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

  /**
   * Sends through the HTTP proxy {@code proxyUrl} ({@code http://host:port}, confighttp's
   * {@code proxy_url}); null or empty: no proxy. An {@code https://} endpoint is reached through
   * a {@code CONNECT} tunnel. Credentials in the URL ({@code http://user:pass@proxy:3128}) answer
   * the proxy's {@code 407} challenge; the JDK refuses Basic for tunnels unless
   * {@code jdk.http.auth.tunneling.disabledSchemes} allows it.
   */
  public static HttpClient.Builder proxy(HttpClient.Builder b, String proxyUrl) {
    if (proxyUrl == null || proxyUrl.isBlank()) {
      return b;
    }
    URI u = URI.create(proxyUrl.strip());
    int port = u.getPort() > 0 ? u.getPort() : 80;
    b.proxy(java.net.ProxySelector.of(java.net.InetSocketAddress.createUnresolved(u.getHost(), port)));
    String userInfo = u.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      String user = java.net.URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon),
          java.nio.charset.StandardCharsets.UTF_8);
      char[] password = colon < 0 ? new char[0] : java.net.URLDecoder.decode(userInfo.substring(colon + 1),
          java.nio.charset.StandardCharsets.UTF_8).toCharArray();
      b.authenticator(new java.net.Authenticator() {
        @Override
        protected java.net.PasswordAuthentication getPasswordAuthentication() {
          return getRequestorType() == RequestorType.PROXY ? new java.net.PasswordAuthentication(user, password) : null;
        }
      });
    }
    return b;
  }

  /** Adds an error under {@code path} unless {@code proxyUrl} is unset or an {@code http://host[:port]} URL. */
  public static void validateProxyUrl(String proxyUrl, String path, java.util.List<String> errors) {
    if (proxyUrl == null || proxyUrl.isBlank()) {
      return;
    }
    try {
      URI u = URI.create(proxyUrl.strip());
      if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
        errors.add(path + ": '" + io.telegate.core.telemetry.Secrets.redactText(proxyUrl) + "' (expected: "
            + "http://host:port, an HTTP proxy)");
      }
    } catch (IllegalArgumentException e) {
      errors.add(path + ": not a URL: " + io.telegate.core.telemetry.Secrets.redactText(e.getMessage()));
    }
  }

  /** Whether {@code endpoint} is an {@code https://} URL. */
  public static boolean isHttps(URI endpoint) {
    return endpoint != null && "https".equalsIgnoreCase(endpoint.getScheme());
  }
}
