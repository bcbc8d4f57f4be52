package io.telegate.receiver.jmx;

import io.telegate.transport.tls.HostRoutedDefaultContext;
import io.telegate.transport.tls.Pem;
import io.telegate.transport.tls.TrustAny;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS to one JMX target. RMI stubs open their sockets through the JDK's default SSL context
 * only, so the receiver's stores are given to it for the target's host alone
 * ({@link HostRoutedDefaultContext}): no other connection of the process sees them. The trust
 * store is added to the JDK's trusted roots rather than replacing them. Stores are read with the
 * shared TLS loader.
 */
final class JmxTls {

  private static final Pattern RMI_HOST = Pattern.compile("rmi://(\\[[^\\]]+\\]|[^:/]+)");

  private final String host;
  private final SSLContext context;

  private JmxTls(String host, SSLContext context) {
    this.host = host;
    this.context = context;
  }

  /**
   * Routes the target's host to the configured stores.
   *
   * @throws IllegalStateException if a store cannot be read, or another receiver routes the same
   *     host to other stores
   */
  static JmxTls install(JmxReceiverConfig c) {
    String host = host(c.serviceUrl());
    try {
      KeyManager[] keys = null;
      if (!c.keystorePath().isEmpty()) {
        keys = new KeyManager[] {Pem.keyManager(Pem.keyStore(c.keystorePath(), c.keystoreType(),
            c.keystorePassword()), c.keystorePassword().toCharArray())};
      }
      List<X509ExtendedTrustManager> trust = new ArrayList<>();
      if (!c.truststorePath().isEmpty()) {
        trust.add(Pem.trustManager(Pem.keyStore(c.truststorePath(), c.truststoreType(), c.truststorePassword())));
      }
      trust.add(Pem.trustManager((java.security.KeyStore) null));
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, new TrustManager[] {new TrustAny(trust)}, null);
      HostRoutedDefaultContext.route(host, ctx);
      return new JmxTls(host, ctx);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot load the JMX TLS stores: " + e.getMessage(), e);
    }
  }

  /** The host of the RMI registry (or of the connector) a JMX service URL names. */
  static String host(String serviceUrl) {
    Matcher m = RMI_HOST.matcher(serviceUrl);
    String host = null;
    while (m.find()) {
      host = m.group(1);
    }
    if (host == null) {
      try {
        host = new javax.management.remote.JMXServiceURL(serviceUrl).getHost();
      } catch (java.net.MalformedURLException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  String host() {
    return host;
  }

  /** Gives the host back to the JDK's default context. */
  void uninstall() {
    HostRoutedDefaultContext.unroute(host, context);
  }
}
