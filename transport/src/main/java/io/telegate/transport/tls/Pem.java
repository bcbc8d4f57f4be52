package io.telegate.transport.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Reading TLS material, once for every client and server: PEM certificates and private keys
 * (files or inline), key and trust managers made of them, and key stores (JKS, PKCS#12) for the
 * components that take stores. Errors name the config key.
 */
public final class Pem {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final char[] NO_PASSWORD = new char[0];

  private Pem() {}

  /** The inline {@code pem} when set, else the text of {@code file}. */
  static String read(String file, String pem, String key) throws IOException {
    if (ClientTlsConfig.set(pem)) {
      return pem;
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IOException("tls::" + key + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static Collection<? extends Certificate> certificates(String pem, String key) throws IOException {
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

  /** A key manager holding one certificate chain and its key, from PEM. */
  static X509ExtendedKeyManager keyManager(String chainPem, String keyPem, String certKey, String keyKey)
      throws IOException {
    Certificate[] chain = certificates(chainPem, certKey).toArray(Certificate[]::new);
    PrivateKey key = privateKey(keyPem, keyKey);
    requireMatch(key, chain[0], certKey, keyKey);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("key", key, NO_PASSWORD, chain);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, NO_PASSWORD);
      return x509(kmf.getKeyManagers());
    } catch (GeneralSecurityException e) {
      throw new IOException("tls::" + certKey + ": cannot use the certificate and key: " + e.getMessage(), e);
    }
  }

  /**
   * Signs a probe with the key and checks it with the certificate's public key: a certificate
   * and a key that do not belong together (one file rotated, not the other) fail here, with the
   * keys' names, instead of in every handshake.
   */
  private static void requireMatch(PrivateKey key, Certificate cert, String certKey, String keyKey)
      throws IOException {
    String alg = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (alg == null) {
      return;
    }
    try {
      byte[] probe = "telegate".getBytes(StandardCharsets.US_ASCII);
      java.security.Signature sign = java.security.Signature.getInstance(alg);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      java.security.Signature verify = java.security.Signature.getInstance(alg);
      verify.initVerify(cert.getPublicKey());
      verify.update(probe);
      if (!verify.verify(signature)) {
        throw new IOException("tls::" + keyKey + ": the key does not belong to the certificate of " + certKey);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("tls::" + keyKey + ": the key does not belong to the certificate of " + certKey + " ("
          + e.getMessage() + ")", e);
    }
  }

  /** A trust manager for the PEM CA certificates, or the JDK's trusted roots when {@code caPem} is null. */
  static X509ExtendedTrustManager trustManager(String caPem, String key) throws IOException {
    try {
      if (caPem == null) {
        return trustManager((KeyStore) null);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate c : certificates(caPem, key)) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      return trustManager(store);
    } catch (GeneralSecurityException e) {
      throw new IOException("tls::" + key + ": cannot build the trust store: " + e.getMessage(), e);
    }
  }

  /** The JDK's trust manager for {@code store} (null: its trusted roots). */
  public static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  /** The JDK's key manager for the keys of {@code store}. */
  public static X509ExtendedKeyManager keyManager(KeyStore store, char[] password) throws GeneralSecurityException {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, password);
    return x509(kmf.getKeyManagers());
  }

  private static X509ExtendedKeyManager x509(KeyManager[] managers) throws GeneralSecurityException {
    for (KeyManager km : managers) {
      if (km instanceof X509ExtendedKeyManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X.509 key manager");
  }

  /**
   * A key store file ({@code type} JKS or PKCS12; empty: the JDK's default type).
   *
   * @param password empty for none
   */
  public static KeyStore keyStore(String path, String type, String password) throws GeneralSecurityException,
      IOException {
    KeyStore ks = KeyStore.getInstance(type == null || type.isEmpty() ? KeyStore.getDefaultType() : type);
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      ks.load(in, password == null || password.isEmpty() ? null : password.toCharArray());
    }
    return ks;
  }

  /** PKCS#8 ({@code PRIVATE KEY}) of any algorithm, or PKCS#1 ({@code RSA PRIVATE KEY}). */
  static PrivateKey privateKey(String pem, String key) throws IOException {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      if (type.equals("PRIVATE KEY")) {
        return pkcs8(der, key);
      }
      if (type.equals("RSA PRIVATE KEY")) {
        return pkcs8(wrapPkcs1(der), key);
      }
      if (type.equals("EC PRIVATE KEY") || type.equals("ENCRYPTED PRIVATE KEY")) {
        throw new IOException("tls::" + key + ": " + type + " is not supported (expected: an unencrypted PKCS#8 "
            + "'PRIVATE KEY'; convert with: openssl pkcs8 -topk8 -nocrypt)");
      }
    }
    throw new IOException("tls::" + key + ": no PEM private key found");
  }

  private static PrivateKey pkcs8(byte[] der, String key) throws IOException {
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "EdDSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IOException("tls::" + key + ": unknown private key algorithm");
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
}
