package io.telegate.transport.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The key and trust managers a {@link ClientTlsConfig} names, read from PEM files or inline PEM;
 * shared by every client: the OTLP gRPC exporter (Netty's SSL context) and the HTTP exporters
 * (OTLP/HTTP, remote write, Loki: the JDK's, through {@link #configure}).
 *
 * @param trustManager checks the server's certificate
 * @param keyManagers the client certificate for mutual TLS, or null
 */
public record ClientTlsMaterial(TrustManager trustManager, KeyManagerFactory keyManagers) {

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final char[] NO_PASSWORD = new char[0];

  /**
   * Loads what the config names.
   *
   * @throws IOException naming the file that could not be read or parsed
   */
  public static ClientTlsMaterial load(ClientTlsConfig tls) throws IOException {
    TrustManager trust = tls.insecureSkipVerify() ? TrustEveryServer.INSTANCE : trustManager(tls);
    KeyManagerFactory keys = tls.hasClientCertificate() ? keyManagers(tls) : null;
    return new ClientTlsMaterial(trust, keys);
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
    ctx.init(keyManagers == null ? null : keyManagers.getKeyManagers(), new TrustManager[] {trustManager}, null);
    return ctx;
  }

  private static TrustManager trustManager(ClientTlsConfig tls) throws IOException {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (!tls.hasCa()) {
        tmf.init((KeyStore) null);
      } else {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates(read(tls.caFile(), tls.caPem()), "ca_file")) {
          store.setCertificateEntry("ca-" + i++, c);
        }
        tmf.init(store);
      }
      return tmf.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IOException("tls: cannot build the trust store: " + e.getMessage(), e);
    }
  }

  private static KeyManagerFactory keyManagers(ClientTlsConfig tls) throws IOException {
    Certificate[] chain = certificates(read(tls.certFile(), tls.certPem()), "cert_file").toArray(Certificate[]::new);
    PrivateKey key = privateKey(read(tls.keyFile(), tls.keyPem()));
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("client", key, NO_PASSWORD, chain);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, NO_PASSWORD);
      return kmf;
    } catch (GeneralSecurityException e) {
      throw new IOException("tls: cannot use the client certificate: " + e.getMessage(), e);
    }
  }

  private static String read(String file, String pem) throws IOException {
    if (ClientTlsConfig.set(pem)) {
      return pem;
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IOException("tls: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> certificates(String pem, String key) throws IOException {
    try (InputStream in = new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IOException("tls::" + key + ": no PEM certificate found");
      }
      return certs;
    } catch (GeneralSecurityException e) {
      throw new IOException("tls::" + key + ": not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /** PKCS#8 ({@code PRIVATE KEY}) of any algorithm, or PKCS#1 ({@code RSA PRIVATE KEY}). */
  private static PrivateKey privateKey(String pem) throws IOException {
    Matcher m = PEM.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      if (type.equals("PRIVATE KEY")) {
        return pkcs8(der);
      }
      if (type.equals("RSA PRIVATE KEY")) {
        return pkcs8(wrapPkcs1(der));
      }
      if (type.equals("EC PRIVATE KEY") || type.equals("ENCRYPTED PRIVATE KEY")) {
        throw new IOException("tls::key_file: " + type + " is not supported (expected: an unencrypted PKCS#8 "
            + "'PRIVATE KEY'; convert with: openssl pkcs8 -topk8 -nocrypt)");
      }
    }
    throw new IOException("tls::key_file: no PEM private key found");
  }

  private static PrivateKey pkcs8(byte[] der) throws IOException {
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "EdDSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IOException("tls::key_file: unknown private key algorithm");
  }

  /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption, NULL, the key. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00};
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = derTag(0x04, pkcs1);
    byte[] body = new byte[version.length + algorithm.length + octets.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
    System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
    return derTag(0x30, body);
  }

  private static byte[] derTag(int tag, byte[] content) {
    int n = content.length;
    byte[] len = n < 0x80 ? new byte[] {(byte) n}
        : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
        : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
        : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    byte[] out = new byte[1 + len.length + n];
    out[0] = (byte) tag;
    System.arraycopy(len, 0, out, 1, len.length);
    System.arraycopy(content, 0, out, 1 + len.length, n);
    return out;
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
