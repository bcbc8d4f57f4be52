package io.telegate.transport.tls;

import io.telegate.core.component.ConfigValidator;
import io.telegate.core.component.UnsupportedKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * Server TLS of a receiver's protocol, with the Collector's {@code configtls} server keys; mTLS is
 * on when {@code client_ca_file} is set.
 *
 * @param certFile PEM certificate chain of the server
 * @param keyFile PEM private key of the server, in PKCS#8 ({@code BEGIN PRIVATE KEY})
 * @param certPem the certificate chain inline, instead of {@code cert_file}
 * @param keyPem the private key inline, instead of {@code key_file}
 * @param caFile accepted as the Collector accepts it: on a server it sets root CAs that play no part
 *     in checking clients ({@code client_ca_file} does that), so it has no effect
 * @param caPem {@code ca_file} inline; no effect either
 * @param clientCaFile PEM CA certificates that client certificates must chain to; makes a client
 *     certificate mandatory
 * @param minVersion lowest TLS version accepted: {@code 1.0}, {@code 1.1}, {@code 1.2} (default) or
 *     {@code 1.3}
 * @param maxVersion highest TLS version accepted; unset means the newest the JDK offers
 * @param reloadInterval how often the certificate and key files are looked at again; changed
 *     files are read again for the next handshake (0: never)
 * @param clientCaFileReload look at {@code client_ca_file} again too: every {@code
 *     reload_interval}, or every {@value #CLIENT_CA_RECHECK_SECONDS} s when that is unset
 * @param includeSystemCaCertsPool accepted as the Collector accepts it: it adds the system roots
 *     to {@code ca_file}'s, which a server does not use
 */
@UnsupportedKeys({"cipher_suites", "curve_preferences", "tpm"})
public record ServerTlsConfig(
    String certFile, String keyFile, String certPem, String keyPem, String caFile, String caPem, String clientCaFile,
    String minVersion, String maxVersion, java.time.Duration reloadInterval, boolean clientCaFileReload,
    boolean includeSystemCaCertsPool) implements ConfigValidator {

  public static final ServerTlsConfig DEFAULT = new ServerTlsConfig(null, null, null, null, null, null, null, "1.2",
      null, java.time.Duration.ZERO, false, false);

  /** How often {@code client_ca_file_reload} looks at the file when {@code reload_interval} is unset. */
  public static final int CLIENT_CA_RECHECK_SECONDS = 10;

  /** Every problem, relative to the {@code tls} block ({@code key: message}, or a message about the block). */
  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    boolean cert = ClientTlsConfig.set(certFile) || ClientTlsConfig.set(certPem);
    boolean key = ClientTlsConfig.set(keyFile) || ClientTlsConfig.set(keyPem);
    if (!cert) {
      errors.add("cert_file: must be set when tls is configured");
    }
    if (!key) {
      errors.add("key_file: must be set when tls is configured");
    }
    if (ClientTlsConfig.set(certFile) && ClientTlsConfig.set(certPem)) {
      errors.add("set cert_file or cert_pem, not both");
    }
    if (ClientTlsConfig.set(keyFile) && ClientTlsConfig.set(keyPem)) {
      errors.add("set key_file or key_pem, not both");
    }
    if (ClientTlsConfig.set(caFile) && ClientTlsConfig.set(caPem)) {
      errors.add("set ca_file or ca_pem, not both");
    }
    TlsVersions.validate(minVersion, maxVersion, errors);
    if (reloadInterval != null && reloadInterval.isNegative()) {
      errors.add("reload_interval: must not be negative");
    }
    if (clientCaFileReload && !ClientTlsConfig.set(clientCaFile)) {
      errors.add("client_ca_file_reload: needs client_ca_file");
    }
    return errors;
  }

  /** The JDK protocol names from {@code min_version} to {@code max_version}, newest first. */
  public String[] protocols() {
    return TlsVersions.protocols(minVersion, maxVersion);
  }

  public boolean requiresClientCertificate() {
    return ClientTlsConfig.set(clientCaFile);
  }
}
