package io.telegate.transport.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * TLS material for connections that only the JDK's default SSL context can reach, scoped to the
 * hosts they go to. RMI over TLS (JMX) opens its sockets through the JDK's
 * {@code SslRMIClientSocketFactory}, named in the stubs the target hands out, and that factory
 * always uses the process's default context; no other hook exists. So the default is replaced,
 * once, by one that behaves exactly as the JDK's own for every destination except the hosts given
 * to {@link #route}, which get their context: nothing else in the process sees another trust store
 * or client certificate. A host is matched by the name it is given, its addresses and its
 * canonical name, as the RMI stub may name it either way.
 */
public final class HostRoutedDefaultContext {

  private static final Map<String, SSLContext> ROUTES = new ConcurrentHashMap<>();
  private static SSLContext jdkDefault;

  private HostRoutedDefaultContext() {}

  /**
   * Connections to {@code host} made through the default context use {@code context}.
   *
   * @throws IllegalStateException when {@code host} is routed to another context already
   */
  public static synchronized void route(String host, SSLContext context) {
    install();
    for (String name : names(host)) {
      SSLContext existing = ROUTES.putIfAbsent(name, context);
      if (existing != null && existing != context) {
        throw new IllegalStateException("TLS to " + host + " through the JDK's default context is set up already, "
            + "with other material (two jmx receivers for one host must use the same stores)");
      }
    }
  }

  /** Ends a {@link #route}: {@code host} gets the JDK's default again. */
  public static synchronized void unroute(String host, SSLContext context) {
    for (String name : names(host)) {
      ROUTES.remove(name, context);
    }
  }

  private static java.util.Set<String> names(String host) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    out.add(host.toLowerCase(Locale.ROOT));
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        out.add(a.getHostAddress().toLowerCase(Locale.ROOT));
        out.add(a.getCanonicalHostName().toLowerCase(Locale.ROOT));
      }
    } catch (UnknownHostException e) {
      // Only the name as given, then.
    }
    return out;
  }

  private static void install() {
    if (jdkDefault != null) {
      return;
    }
    try {
      jdkDefault = SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default SSL context: " + e.getMessage(), e);
    }
    SSLContext.setDefault(new Routed(new Spi(jdkDefault), jdkDefault));
  }

  private static SSLContext forHost(String host) {
    if (host != null) {
      SSLContext c = ROUTES.get(host.toLowerCase(Locale.ROOT));
      if (c != null) {
        return c;
      }
    }
    return jdkDefault;
  }

  private static final class Routed extends SSLContext {
    Routed(SSLContextSpi spi, SSLContext jdk) {
      super(spi, jdk.getProvider(), jdk.getProtocol());
    }
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext jdk;
    private final SSLSocketFactory sockets;

    Spi(SSLContext jdk) {
      this.jdk = jdk;
      this.sockets = new Sockets(jdk.getSocketFactory());
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
      throw new KeyManagementException("the default SSL context is initialized already");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return sockets;
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return jdk.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return jdk.createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return forHost(host).createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return jdk.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return jdk.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return jdk.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return jdk.getSupportedSSLParameters();
    }
  }

  /** The JDK's socket factory, but a socket to a routed host comes from that host's context. */
  private static final class Sockets extends SSLSocketFactory {
    private final SSLSocketFactory jdk;

    Sockets(SSLSocketFactory jdk) {
      this.jdk = jdk;
    }

    private static SSLSocketFactory of(String host) {
      return forHost(host).getSocketFactory();
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return jdk.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return jdk.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return jdk.createSocket();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
      return of(host).createSocket(s, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return of(host).createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return of(host).createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return of(host.getHostAddress()).createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return of(address.getHostAddress()).createSocket(address, port, localAddress, localPort);
    }
  }
}
