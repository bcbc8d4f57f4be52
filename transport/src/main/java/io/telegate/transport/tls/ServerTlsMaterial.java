package io.telegate.transport.tls;

import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The key manager (the server's certificate) and, for mutual TLS, the trust manager (the client
 * CA) a {@link ServerTlsConfig} names, read from PEM ({@link Pem}); a server builds its own
 * engine's context from them (Netty's, or the copy shaded into grpc-netty). With
 * {@code reload_interval} the certificate and key are read again when their files change, and with
 * {@code client_ca_file_reload} the client CA too.
 *
 * @param keyManager the server's certificate chain and key
 * @param clientTrust checks client certificates, or null when none is asked for
 */
public record ServerTlsMaterial(X509ExtendedKeyManager keyManager, X509ExtendedTrustManager clientTrust) {

  /** @throws IOException naming the file or key that could not be read or used */
  public static ServerTlsMaterial load(ServerTlsConfig tls, GatewayLogger log) throws IOException {
    Duration every = tls.reloadInterval() == null ? Duration.ZERO : tls.reloadInterval();
    Reloading.Loader<X509ExtendedKeyManager> keys = () -> Pem.keyManager(
        Pem.read(tls.certFile(), tls.certPem(), "cert_file"), Pem.read(tls.keyFile(), tls.keyPem(), "key_file"),
        "cert_file", "key_file");
    List<Path> files = new ArrayList<>();
    if (!ClientTlsConfig.set(tls.certPem())) {
      files.add(Path.of(tls.certFile()));
    }
    if (!ClientTlsConfig.set(tls.keyPem())) {
      files.add(Path.of(tls.keyFile()));
    }
    X509ExtendedKeyManager km = every.isZero() || files.isEmpty() ? keys.load()
        : Reloading.keyManager(keys, files, every, log, "tls::cert_file");
    X509ExtendedTrustManager trust = null;
    if (tls.requiresClientCertificate()) {
      Reloading.Loader<X509ExtendedTrustManager> ca = () -> Pem.trustManager(
          Pem.read(tls.clientCaFile(), null, "client_ca_file"), "client_ca_file");
      trust = tls.clientCaFileReload() ? Reloading.trustManager(ca, List.of(Path.of(tls.clientCaFile())),
          every.isZero() ? Duration.ofSeconds(ServerTlsConfig.CLIENT_CA_RECHECK_SECONDS) : every, log,
          "tls::client_ca_file") : ca.load();
    }
    return new ServerTlsMaterial(km, trust);
  }
}
