package io.telegate.receiver.prometheus;

import io.telegate.core.component.ConfigValidator;
import io.telegate.transport.tls.ClientTlsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scrape's {@code tls_config}, Prometheus's keys, read through the project's client TLS
 * ({@link ClientTlsConfig}).
 *
 * @param ca PEM CA certificates inline
 * @param caFile PEM CA certificates file
 * @param cert PEM client certificate inline
 * @param certFile PEM client certificate file
 * @param key PEM client key inline
 * @param keyFile PEM client key file
 * @param serverName the name the server certificate must carry
 * @param insecureSkipVerify accept any server certificate
 * @param minVersion {@code TLS10} ... {@code TLS13} ({@code TLS12})
 * @param maxVersion {@code TLS10} ... {@code TLS13}; unset means the newest
 */
public record PrometheusTlsConfig(
    String ca, String caFile, String cert, String certFile, String key, String keyFile, String serverName,
    boolean insecureSkipVerify, String minVersion, String maxVersion) implements ConfigValidator {

  public static final PrometheusTlsConfig DEFAULT =
      new PrometheusTlsConfig(null, null, null, null, null, null, null, false, "TLS12", null);

  private static final Map<String, String> VERSIONS =
      Map.of("TLS10", "1.0", "TLS11", "1.1", "TLS12", "1.2", "TLS13", "1.3");

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (minVersion != null && !VERSIONS.containsKey(minVersion)) {
      errors.add("min_version: unknown TLS version '" + minVersion + "' (valid: TLS10, TLS11, TLS12, TLS13)");
    }
    if (maxVersion != null && !VERSIONS.containsKey(maxVersion)) {
      errors.add("max_version: unknown TLS version '" + maxVersion + "' (valid: TLS10, TLS11, TLS12, TLS13)");
    }
    if (errors.isEmpty()) {
      for (String e : toClientTls().validate()) {
        errors.add(e.replace("ca_pem", "ca").replace("cert_pem", "cert").replace("key_pem", "key"));
      }
    }
    return errors;
  }

  /** The same settings as the transport module's client TLS. */
  ClientTlsConfig toClientTls() {
    return new ClientTlsConfig(false, insecureSkipVerify, caFile, ca, certFile, cert, keyFile, key,
        minVersion == null ? "1.2" : VERSIONS.get(minVersion), maxVersion == null ? null : VERSIONS.get(maxVersion),
        serverName, Duration.ZERO, false);
  }
}
