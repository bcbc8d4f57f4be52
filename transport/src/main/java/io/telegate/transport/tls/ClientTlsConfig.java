package io.telegate.transport.tls;

import io.telegate.core.component.ConfigValidator;
import io.telegate.core.component.UnsupportedKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * Client TLS with the Collector's {@code configtls} client keys, the same {@code tls:} block for
 * every exporter (OTLP gRPC and HTTP, remote write, Loki). TLS is on unless {@code insecure} is
 * true (gRPC) or the endpoint is {@code http://} (HTTP).
 *
 * @param insecure gRPC only: true sends in plaintext (unless a CA is given or the endpoint is
 *     {@code https://}); the HTTP exporter decides by the URL's scheme instead
 * @param insecureSkipVerify encrypt but accept any server certificate and host name
 * @param caFile PEM CA certificates the server certificate must chain to; unset means the JDK's
 *     trusted roots
 * @param caPem the CA certificates inline, instead of {@code ca_file}
 * @param certFile PEM client certificate chain, for mutual TLS
 * @param certPem the client certificate chain inline
 * @param keyFile PEM private key of the client certificate (PKCS#8 or PKCS#1 RSA)
 * @param keyPem the private key inline
 * @param minVersion lowest TLS version: {@code 1.0}, {@code 1.1}, {@code 1.2} (default), {@code 1.3}
 * @param maxVersion highest TLS version; unset means the newest the JDK offers
 * @param serverNameOverride the host name the server certificate must name (and SNI, gRPC only)
 * @param reloadInterval how often the CA and client certificate files are looked at again; a
 *     changed file is read again for the next connection (0: never)
 * @param includeSystemCaCertsPool trust the JDK's roots as well as {@code ca_file}
 */
@UnsupportedKeys({"cipher_suites", "curve_preferences", "tpm"})
public record ClientTlsConfig(
    boolean insecure, boolean insecureSkipVerify, String caFile, String caPem, String certFile, String certPem,
    String keyFile, String keyPem, String minVersion, String maxVersion, String serverNameOverride,
    java.time.Duration reloadInterval, boolean includeSystemCaCertsPool) implements ConfigValidator {

  public static final ClientTlsConfig DEFAULT =
      new ClientTlsConfig(false, false, null, null, null, null, null, null, "1.2", null, null,
          java.time.Duration.ZERO, false);

  /** A plaintext config, for tests and examples. */
  public static ClientTlsConfig plaintext() {
    return new ClientTlsConfig(true, false, null, null, null, null, null, null, "1.2", null, null,
        java.time.Duration.ZERO, false);
  }

  /** Every problem, relative to the {@code tls} block ({@code key: message}, or a message about the block). */
  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (set(caFile) && set(caPem)) {
      errors.add("set ca_file or ca_pem, not both");
    }
    if (set(certFile) && set(certPem)) {
      errors.add("set cert_file or cert_pem, not both");
    }
    if (set(keyFile) && set(keyPem)) {
      errors.add("set key_file or key_pem, not both");
    }
    if (hasClientCertificate() != hasClientKey()) {
      errors.add("a client certificate needs both cert_file and key_file (or their _pem forms)");
    }
    TlsVersions.validate(minVersion, maxVersion, errors);
    if (reloadInterval != null && reloadInterval.isNegative()) {
      errors.add("reload_interval: must not be negative");
    }
    return errors;
  }

  /** The JDK protocol names from {@code min_version} to {@code max_version}, newest first. */
  public String[] protocols() {
    return TlsVersions.protocols(minVersion, maxVersion);
  }

  public boolean hasCa() {
    return set(caFile) || set(caPem);
  }

  public boolean hasClientCertificate() {
    return set(certFile) || set(certPem);
  }

  private boolean hasClientKey() {
    return set(keyFile) || set(keyPem);
  }

  public static boolean set(String s) {
    return s != null && !s.isBlank();
  }
}
