package io.telegate.transport.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a peer that any of its trust managers trusts: a CA file and the JDK's roots together
 * ({@code include_system_ca_certs_pool}), or a JMX trust store added to the JDK's roots. The
 * failure reported is the first manager's.
 */
public final class TrustAny extends X509ExtendedTrustManager {

  private final List<X509ExtendedTrustManager> all;

  public TrustAny(List<X509ExtendedTrustManager> all) {
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no trust manager");
    }
    this.all = List.copyOf(all);
  }

  private interface Check {
    void run(X509ExtendedTrustManager tm) throws CertificateException;
  }

  private void any(Check check) throws CertificateException {
    CertificateException first = null;
    for (X509ExtendedTrustManager tm : all) {
      try {
        check.run(tm);
        return;
      } catch (CertificateException e) {
        first = first == null ? e : first;
      }
    }
    throw Objects.requireNonNull(first);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    any(tm -> tm.checkClientTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    any(tm -> tm.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    any(tm -> tm.checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    any(tm -> tm.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    any(tm -> tm.checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    any(tm -> tm.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    List<X509Certificate> out = new ArrayList<>();
    for (X509ExtendedTrustManager tm : all) {
      out.addAll(List.of(tm.getAcceptedIssuers()));
    }
    return out.toArray(X509Certificate[]::new);
  }
}
