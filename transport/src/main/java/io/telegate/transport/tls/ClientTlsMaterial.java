package io.telegate.transport.tls;

import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The key and trust managers a {@link ClientTlsConfig} names, read from PEM files or inline PEM
 * ({@link Pem}); shared by every client: the OTLP gRPC exporter (Netty's SSL context), the HTTP
 * exporters and extensions (the JDK's, through {@link #configure}). With {@code reload_interval}
 * the files are read again when they change ({@link Reloading}).
 *
 * @param trustManager checks the server's certificate
 * @param keyManager the client certificate for mutual TLS, or null
 * @param reloadInterval {@code reload_interval} (zero: none); TLS sessions then live no longer, so
 *     that a connection resuming one cannot keep presenting a certificate that was rotated
 */
public record ClientTlsMaterial(X509ExtendedTrustManager trustManager, X509ExtendedKeyManager keyManager,
    Duration reloadInterval) {

  /**
   * Loads what the config names.
   *
   * @throws IOException naming the file that could not be read or parsed
   */
  public static ClientTlsMaterial load(ClientTlsConfig tls) throws IOException {
    return load(tls, GatewayLogger.root());
  }

  /** {@link #load(ClientTlsConfig)}, logging reloads to {@code log}. */
  public static ClientTlsMaterial load(ClientTlsConfig tls, GatewayLogger log) throws IOException {
    Duration every = tls.reloadInterval() == null ? Duration.ZERO : tls.reloadInterval();
    boolean reload = !every.isZero();
    X509ExtendedTrustManager trust;
    if (tls.insecureSkipVerify()) {
      trust = TrustEveryServer.INSTANCE;
    } else if (reload && ClientTlsConfig.set(tls.caFile()) && !ClientTlsConfig.set(tls.caPem())) {
      trust = Reloading.trustManager(() -> trustManager(tls), List.of(Path.of(tls.caFile())), every, log,
          "tls::ca_file");
    } else {
      trust = trustManager(tls);
    }
    X509ExtendedKeyManager keys = null;
    if (tls.hasClientCertificate()) {
      List<Path> files = new ArrayList<>();
      if (!ClientTlsConfig.set(tls.certPem())) {
        files.add(Path.of(tls.certFile()));
      }
      if (!ClientTlsConfig.set(tls.keyPem())) {
        files.add(Path.of(tls.keyFile()));
      }
      Reloading.Loader<X509ExtendedKeyManager> load = () -> Pem.keyManager(
          Pem.read(tls.certFile(), tls.certPem(), "cert_file"), Pem.read(tls.keyFile(), tls.keyPem(), "key_file"),
          "cert_file", "key_file");
      keys = reload && !files.isEmpty() ? Reloading.keyManager(load, files, every, log, "tls::cert_file")
          : load.load();
    }
    return new ClientTlsMaterial(trust, keys, every);
  }

  /**
   * Sets a JDK HTTP client's TLS from {@code tls}: the SSL context of its material and the
   * protocols from {@code min_version} to {@code max_version}.
   *
   * @throws IOException naming what could not be read or used
   */
  public static void configure(java.net.http.HttpClient.Builder client, ClientTlsConfig tls) throws IOException {
    try {
      SSLContext ctx = load(tls).sslContext();
      client.sslContext(ctx);
      javax.net.ssl.SSLParameters params = ctx.getDefaultSSLParameters();
      params.setProtocols(tls.protocols());
      client.sslParameters(params);
    } catch (GeneralSecurityException e) {
      throw new IOException("tls: " + e.getMessage(), e);
    }
  }

  /** A JDK SSL context with this material, for the HTTP client. */
  public SSLContext sslContext() throws GeneralSecurityException {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keyManager == null ? null : new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
    if (sessionTimeoutSeconds() > 0) {
      ctx.getClientSessionContext().setSessionTimeout(sessionTimeoutSeconds());
    }
    return ctx;
  }

  /** How long a TLS session may be resumed, in seconds: {@code reload_interval}'s, at least 1; 0 for the default. */
  public int sessionTimeoutSeconds() {
    return reloadInterval == null || reloadInterval.isZero() ? 0
        : (int) Math.max(1, Math.min(Integer.MAX_VALUE, reloadInterval.toSeconds()));
  }

  /** The CA's trust manager (with the JDK's roots too under {@code include_system_ca_certs_pool}), or the JDK's. */
  private static X509ExtendedTrustManager trustManager(ClientTlsConfig tls) throws IOException {
    if (!tls.hasCa()) {
      return Pem.trustManager(null, "ca_file");
    }
    X509ExtendedTrustManager ca = Pem.trustManager(Pem.read(tls.caFile(), tls.caPem(), "ca_file"), "ca_file");
    return tls.includeSystemCaCertsPool() ? new TrustAny(List.of(ca, Pem.trustManager(null, "ca_file"))) : ca;
  }

  /**
   * {@code insecure_skip_verify}: accepts any certificate. An extended trust manager, so the JDK
   * does not add its own host name check around it.
   */
  public static final class TrustEveryServer extends X509ExtendedTrustManager {
    public static final TrustEveryServer INSTANCE = new TrustEveryServer();

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
