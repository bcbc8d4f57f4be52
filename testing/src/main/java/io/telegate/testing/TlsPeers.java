package io.telegate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The other end of a TLS test, made with the JDK alone (not with the code under test): key and
 * trust managers from {@link TestCertificates}' PEM files, and a trust manager that remembers the
 * certificate the peer presented, so a test can tell which one was served after a rotation.
 */
public final class TlsPeers {

  private TlsPeers() {}

  /** Trusts the CA in {@code caPem} and remembers the leaf of each chain it checked. */
  public static final class Remembering extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager trust;
    private final AtomicReference<X509Certificate> last = new AtomicReference<>();

    public Remembering(Path caPem) {
      this.trust = trustManager(caPem);
    }

    /** The leaf certificate of the last chain checked (trusted or not), or null. */
    public X509Certificate last() {
      return last.get();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      last.set(chain[0]);
      trust.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      last.set(chain[0]);
      trust.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      last.set(chain[0]);
      trust.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      last.set(chain[0]);
      trust.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      last.set(chain[0]);
      trust.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      last.set(chain[0]);
      trust.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return trust.getAcceptedIssuers();
    }
  }

  /** A JDK trust manager for the CA certificates in {@code caPem}. */
  public static X509ExtendedTrustManager trustManager(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      return (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JDK key manager for a PEM chain and its PKCS#8 RSA key, as {@link TestCertificates} writes them. */
  public static KeyManager keyManager(TestCertificates.Issued issued) {
    try (InputStream in = Files.newInputStream(issued.certPem())) {
      Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(in)
          .toArray(Certificate[]::new);
      String pem = Files.readString(issued.keyPem(), StandardCharsets.US_ASCII)
          .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
          Base64.getDecoder().decode(pem)));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("key", key, new char[0], chain);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, new char[0]);
      return kmf.getKeyManagers()[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JDK SSL context from these managers ({@code keys} null: no certificate of its own). */
  public static SSLContext context(KeyManager keys, TrustManager trust) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys == null ? null : new KeyManager[] {keys}, new TrustManager[] {trust}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
