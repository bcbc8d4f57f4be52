package io.telegate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.telegate.core.component.Exporter;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.data.TelemetryData;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport tests every client runs (issue 17). TLS, against a server made with the JDK: with
 * {@code ca_file} it sends to a server the CA signed; it refuses a server with an expired
 * certificate or one from another CA; it presents its {@code cert_file} to a server that asks for
 * one (and a server that asks gets nothing without it); with {@code reload_interval} a rotated
 * client certificate is presented on new connections without a restart. An exporter's test
 * extends this and says how its factory makes it with a {@code tls:} block; HTTP exporters talk
 * to {@link #startHttpsServer}, which answers every POST 200 and closes the connection, and also
 * run {@link HttpProxyContract}.
 */
public abstract class ClientTransportContract<T extends TelemetryData<?>> {

  @TempDir protected Path dir;
  protected TestCertificates certs;
  private HttpsServer https;
  private TlsPeers.Remembering clientCertificates;
  private Exporter<T> exporter;
  private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * The exporter as its factory makes it, sending to {@code base} ({@code https://127.0.0.1:port},
   * or {@code 127.0.0.1:port} for gRPC) with these extra keys ({@code tls}, {@code proxy_url}),
   * its queue and retries off, so that a refused handshake fails the call. The contract starts,
   * uses and stops it.
   */
  protected abstract Exporter<T> exporter(String base, Map<String, Object> keys) throws Exception;

  /** The endpoint base of a server on 127.0.0.1:{@code port}; gRPC exporters drop the scheme. */
  protected String base(int port) {
    return "https://127.0.0.1:" + port;
  }


  /** One item the exporter sends as a request (a labelled log record, a series, a span). */
  protected abstract T data();

  /** A config record bound from raw YAML keys, as the gateway binds it. */
  protected static <C extends Record> C bind(Map<String, Object> raw, C defaults) {
    ConfigErrors errors = new ConfigErrors();
    C c = ConfigBinder.bind(raw, defaults, "", errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(errors.toString());
    }
    return c;
  }

  /** Sends one request through a new exporter with this {@code tls:} block: returns when the server took it. */
  private void send(Map<String, Object> tls, int port) throws Exception {
    sendOnce(base(port), Map.of("tls", tls));
  }

  /** Sends one request through a new exporter to {@code base} with these extra keys. */
  public void sendOnce(String base, Map<String, Object> keys) throws Exception {
    stopExporter();
    exporter = exporter(base, keys);
    exporter.start(new TestHost());
    sendAgain();
  }

  /** Sends one more request through the exporter made by the last {@link #send}. */
  private void sendAgain() throws Exception {
    exporter.consume(data()).get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopExporter() {
    if (exporter != null) {
      exporter.shutdown(Duration.ofSeconds(2));
      exporter = null;
    }
  }

  /**
   * Starts the server the component talks to with this key (the server's certificate) and, when
   * {@code clientTrust} is not null, requiring a client certificate that it trusts; on
   * {@code port}, or a free one when 0. Returns its port. The default is an HTTPS server.
   */
  protected int startServer(KeyManager key, TlsPeers.Remembering clientTrust, int port) throws Exception {
    return startHttpsServer(key, clientTrust, port);
  }

  protected void stopServer() {
    if (https != null) {
      https.stop(0);
      https = null;
    }
  }

  @BeforeEach
  void certificates() {
    certs = TestCertificates.shared();
  }

  @AfterEach
  void stop() {
    stopServer();
  }

  /** An HTTPS server on 127.0.0.1 that reads every request, answers 200 and closes the connection. */
  protected final int startHttpsServer(KeyManager key, TlsPeers.Remembering clientTrust, int port) throws Exception {
    SSLContext ctx = TlsPeers.context(key, clientTrust != null ? clientTrust : TlsPeers.trustManager(certs.caPem()));
    https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(ctx) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setNeedClientAuth(clientTrust != null);
        params.setSSLParameters(p);
      }
    });
    https.createContext("/", ex -> {
      requests.incrementAndGet();
      try (InputStream in = ex.getRequestBody()) {
        in.readAllBytes();
      }
      ex.getResponseHeaders().set("Connection", "close");
      ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    https.start();
    return https.getAddress().getPort();
  }

  private static KeyManager key(TestCertificates.Issued issued) {
    return TlsPeers.keyManager(issued);
  }

  private TestCertificates.Issued server() {
    return new TestCertificates.Issued(certs.serverCertPem(), certs.serverKeyPem());
  }

  private Map<String, Object> trustingTheCa() {
    Map<String, Object> tls = new LinkedHashMap<>();
    tls.put("ca_file", certs.caPem().toString());
    return tls;
  }

  @Test
  void sendsToAServerTheCaSigned() throws Exception {
    int port = startServer(key(server()), null, 0);
    send(trustingTheCa(), port);
  }

  @Test
  void refusesAServerWithAnExpiredCertificate() throws Exception {
    int port = startServer(key(certs.expiredServer()), null, 0);
    assertThrows(Exception.class, () -> send(trustingTheCa(), port));
  }

  @Test
  void refusesAServerWhoseCertificateAnotherCaSigned() throws Exception {
    int port = startServer(key(certs.foreignServer()), null, 0);
    assertThrows(Exception.class, () -> send(trustingTheCa(), port));
  }

  @Test
  void presentsItsCertificateToAServerThatAsksForOne() throws Exception {
    clientCertificates = new TlsPeers.Remembering(certs.caPem());
    int port = startServer(key(server()), clientCertificates, 0);
    assertThrows(Exception.class, () -> send(trustingTheCa(), port), "without a client certificate");
    Map<String, Object> tls = trustingTheCa();
    tls.put("cert_file", certs.clientCertPem().toString());
    tls.put("key_file", certs.clientKeyPem().toString());
    send(tls, port);
    assertEquals(TestCertificates.leaf(certs.clientCertPem()), clientCertificates.last());
  }

  @Test
  void presentsARotatedClientCertificateOnNewConnectionsWithoutARestart() throws Exception {
    Path cert = dir.resolve("live-client.pem");
    Path key = dir.resolve("live-client-key.pem");
    Files.copy(certs.clientCertPem(), cert);
    Files.copy(certs.clientKeyPem(), key);
    clientCertificates = new TlsPeers.Remembering(certs.caPem());
    int port = startServer(key(server()), clientCertificates, 0);
    Map<String, Object> tls = trustingTheCa();
    tls.put("cert_file", cert.toString());
    tls.put("key_file", key.toString());
    // Short enough that restarting the server takes longer: the handshake after the restart is
    // past the interval, so it looks at the files again.
    tls.put("reload_interval", "1ms");
    send(tls, port);
    assertEquals(TestCertificates.leaf(certs.clientCertPem()), clientCertificates.last());

    TestCertificates.Issued renewed = certs.renewedClient();
    Files.copy(renewed.keyPem(), key, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(renewed.certPem(), cert, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(cert, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
    // The server is started again on its port, so that no connection, and no TLS session a
    // connection could resume without presenting a certificate, survives.
    stopServer();
    startServer(key(server()), clientCertificates, port);
    java.util.concurrent.atomic.AtomicReference<Exception> lastFailure = new java.util.concurrent.atomic.AtomicReference<>();
    Await.until("the renewed client certificate is presented", Duration.ofSeconds(20), () -> {
      try {
        sendAgain();
      } catch (Exception e) {
        lastFailure.set(e);
        return false;
      }
      return TestCertificates.leaf(renewed.certPem()).equals(clientCertificates.last());
    }, () -> "requests at the server: " + requests.get() + "; last failure: " + lastFailure.get() + "; presented: "
        + (clientCertificates.last() == null ? null : clientCertificates.last().getSubjectX500Principal()));
  }
}
