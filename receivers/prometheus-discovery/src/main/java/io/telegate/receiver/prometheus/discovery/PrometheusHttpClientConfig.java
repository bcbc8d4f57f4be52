package io.telegate.receiver.prometheus.discovery;

import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.transport.http.HttpClients;
import io.telegate.transport.tls.ClientTlsConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prometheus's HTTP client keys ({@code common/config.HTTPClientConfig}) as a scrape config, {@code
 * http_sd_configs} and {@code kubernetes_sd_configs} write them: {@code basic_auth}, {@code
 * authorization}, {@code bearer_token}/{@code bearer_token_file}, {@code tls_config}, {@code
 * proxy_url}, {@code follow_redirects} (true), {@code enable_http2} (true). The client is built
 * through the transport module ({@link HttpClients}); credentials in files are read again for each
 * request, as Prometheus does, so rotated tokens are picked up. Shared with the receiver's scrapes.
 *
 * @param basicAuth {@code basic_auth}, or null
 * @param authorization {@code authorization} (or the older {@code bearer_token} keys), or null
 * @param tls {@code tls_config} in the transport's terms
 * @param proxyUrl {@code proxy_url}, or null
 * @param followRedirects {@code follow_redirects}
 * @param enableHttp2 {@code enable_http2}
 */
public record PrometheusHttpClientConfig(BasicAuth basicAuth, Authorization authorization, ClientTlsConfig tls,
    String proxyUrl, boolean followRedirects, boolean enableHttp2) {

  /** The keys this record reads from the mapping that holds them. */
  public static final Set<String> KEYS = DiscoveryKeys.children(DiscoveryKeys.HTTP_CLIENT, "");
  /** Prometheus's keys Telegate refuses as not supported yet. */
  public static final Set<String> UNSUPPORTED_KEYS =
      Set.of("oauth2", "no_proxy", "proxy_from_environment", "proxy_connect_header", "http_headers");


  /** No credentials, the JDK's trusted roots, redirects followed, HTTP/2 allowed. */
  public static final PrometheusHttpClientConfig DEFAULT =
      new PrometheusHttpClientConfig(null, null, tlsDefault(), null, true, true);

  /** {@code basic_auth}: a password or a file holding it, and the user name the same way. */
  public record BasicAuth(String username, String usernameFile, String password, String passwordFile) {}

  /** {@code authorization}: {@code type} (Bearer) and its credentials or a file holding them. */
  public record Authorization(String type, String credentials, String credentialsFile) {}

  private static ClientTlsConfig tlsDefault() {
    return new ClientTlsConfig(false, false, null, null, null, null, null, null, "1.2", null, null,
        Duration.ZERO, false);
  }

  /**
   * Reads the keys of {@link #KEYS} from {@code mapping} (a scrape config or an SD entry), adding
   * every problem under {@code path} to {@code errors}. Other keys are left to the caller.
   */
  public static PrometheusHttpClientConfig parse(java.util.Map<String, ?> mapping, String path, List<String> errors) {
    return parse(new YamlNode(mapping, path, errors));
  }

  static PrometheusHttpClientConfig parse(YamlNode n) {
    for (String key : UNSUPPORTED_KEYS) {
      if (n.has(key)) {
        n.error(key, "not supported by Telegate yet");
      }
    }
    BasicAuth basic = null;
    YamlNode b = n.node("basic_auth");
    if (b != null) {
      b.allowOnly(DiscoveryKeys.children(DiscoveryKeys.HTTP_CLIENT, "basic_auth"), Set.of());
      basic = new BasicAuth(b.string("username", null), b.string("username_file", null),
          b.string("password", null), b.string("password_file", null));
      if (basic.username() != null && basic.usernameFile() != null) {
        b.error(null, "at most one of username and username_file must be configured");
      }
      if (basic.password() != null && basic.passwordFile() != null) {
        b.error(null, "at most one of password and password_file must be configured");
      }
    }
    Authorization auth = null;
    YamlNode a = n.node("authorization");
    if (a != null) {
      a.allowOnly(DiscoveryKeys.children(DiscoveryKeys.HTTP_CLIENT, "authorization"), Set.of());
      auth = new Authorization(a.string("type", "Bearer"), a.string("credentials", null),
          a.string("credentials_file", null));
      if (auth.credentials() != null && auth.credentialsFile() != null) {
        a.error(null, "at most one of credentials and credentials_file must be configured");
      }
      if (auth.type().strip().equalsIgnoreCase("basic")) {
        a.error("type", "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
      }
    }
    String bearer = n.string("bearer_token", null);
    String bearerFile = n.string("bearer_token_file", null);
    if (bearer != null && bearerFile != null) {
      n.error(null, "at most one of bearer_token and bearer_token_file must be configured");
    }
    if (bearer != null || bearerFile != null) {
      if (auth != null) {
        n.error(null, "at most one of bearer_token, bearer_token_file and authorization must be configured");
      }
      auth = new Authorization("Bearer", bearer, bearerFile);
    }
    if (basic != null && auth != null) {
      n.error(null, "at most one of basic_auth, bearer_token, bearer_token_file and authorization must be configured");
    }
    ClientTlsConfig tls = tlsDefault();
    YamlNode t = n.node("tls_config");
    if (t != null) {
      t.allowOnly(DiscoveryKeys.children(DiscoveryKeys.HTTP_CLIENT, "tls_config"), Set.of());
      tls = new ClientTlsConfig(false, t.bool("insecure_skip_verify", false), t.string("ca_file", null),
          t.string("ca", null), t.string("cert_file", null), t.string("cert", null), t.string("key_file", null),
          t.string("key", null), tlsVersion(t, "min_version", "1.2"), tlsVersion(t, "max_version", null),
          t.string("server_name", null), Duration.ZERO, false);
      for (String e : tls.validate()) {
        t.error(null, e);
      }
    }
    String proxy = n.string("proxy_url", null);
    List<String> proxyErrors = new ArrayList<>();
    HttpClients.validateProxyUrl(proxy, n.path("proxy_url"), proxyErrors);
    proxyErrors.forEach(n::addError);
    return new PrometheusHttpClientConfig(basic, auth, tls, proxy, n.bool("follow_redirects", true),
        n.bool("enable_http2", true));
  }

  /** Prometheus writes {@code TLS12}; the transport wants {@code 1.2}. */
  private static String tlsVersion(YamlNode t, String key, String def) {
    String v = t.string(key, null);
    if (v == null) {
      return def;
    }
    return switch (v.toUpperCase(Locale.ROOT)) {
      case "TLS10" -> "1.0";
      case "TLS11" -> "1.1";
      case "TLS12" -> "1.2";
      case "TLS13" -> "1.3";
      default -> {
        t.error(key, "'" + v + "' (expected: TLS10, TLS11, TLS12 or TLS13)");
        yield def;
      }
    };
  }

  /**
   * A JDK client for URLs like {@code example}: TLS set up when it is {@code https://}, the proxy,
   * redirects and HTTP version as configured.
   *
   * @throws IOException when the TLS material cannot be read
   */
  public HttpClient.Builder clientBuilder(boolean https, Duration connectTimeout, GatewayLogger log)
      throws IOException {
    HttpClient.Builder b = HttpClients.builder(https, tls, connectTimeout, log);
    HttpClients.proxy(b, proxyUrl);
    b.followRedirects(followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
    b.version(enableHttp2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
    return b;
  }

  /**
   * The {@code Authorization} header's value for the next request, reading credential files
   * again; null when none is configured.
   *
   * @throws IOException when a credentials file cannot be read
   */
  public String authorizationHeader() throws IOException {
    if (basicAuth != null) {
      String user = basicAuth.usernameFile() != null ? read(basicAuth.usernameFile()) : orEmpty(basicAuth.username());
      String pass = basicAuth.passwordFile() != null ? read(basicAuth.passwordFile()) : orEmpty(basicAuth.password());
      return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }
    if (authorization != null) {
      String credentials = authorization.credentialsFile() != null ? read(authorization.credentialsFile())
          : orEmpty(authorization.credentials());
      return authorization.type().strip() + " " + credentials;
    }
    return null;
  }

  /** Adds the {@code Authorization} header, if any, to {@code request}. */
  public HttpRequest.Builder authorize(HttpRequest.Builder request) throws IOException {
    String value = authorizationHeader();
    return value == null ? request : request.header("Authorization", value);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String read(String file) throws IOException {
    return Files.readString(Path.of(file)).strip();
  }

  @Override
  public String toString() {
    // Credentials stay out of log lines and error messages.
    return "PrometheusHttpClientConfig[basic_auth=" + (basicAuth != null) + ", authorization="
        + (authorization != null) + ", tls_config=..., proxy_url=" + (proxyUrl != null) + ", follow_redirects="
        + followRedirects + ", enable_http2=" + enableHttp2 + "]";
  }
}
