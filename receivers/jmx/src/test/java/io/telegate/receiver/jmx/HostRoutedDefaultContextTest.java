package io.telegate.receiver.jmx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.testing.TestCertificates;
import io.telegate.testing.TlsPeers;
import io.telegate.transport.tls.HostRoutedDefaultContext;
import java.io.IOException;
import java.net.InetAddress;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What JMX TLS does to the JDK's default SSL context, the only one RMI's SSL sockets use: a
 * routed host gets the receiver's trust, and every other host keeps the JDK's own.
 */
class HostRoutedDefaultContextTest {

  private final TestCertificates certs = TestCertificates.shared();
  private SSLServerSocket server;
  private Thread acceptor;

  @BeforeEach
  void startServer() throws IOException {
    SSLContext ctx = TlsPeers.context(TlsPeers.keyManager(new TestCertificates.Issued(certs.serverCertPem(),
        certs.serverKeyPem())), TlsPeers.trustManager(certs.caPem()));
    server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
          s.startHandshake();
        } catch (IOException e) {
          // a refused handshake, or the server closing
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
  }

  private void handshake() throws IOException {
    try (SSLSocket s = (SSLSocket) SSLSocketFactory.getDefault().createSocket("127.0.0.1", server.getLocalPort())) {
      s.setSoTimeout(10_000);
      s.startHandshake();
    }
  }

  @Test
  void onlyTheRoutedHostSeesTheExtraTrust() throws Exception {
    SSLContext trustsTestCa = TlsPeers.context(null, TlsPeers.trustManager(certs.caPem()));
    assertThrows(IOException.class, this::handshake, "the JDK's own default does not trust the test CA");
    HostRoutedDefaultContext.route("127.0.0.2", trustsTestCa);
    try {
      assertThrows(IOException.class, this::handshake, "another host's route changes nothing for 127.0.0.1");
    } finally {
      HostRoutedDefaultContext.unroute("127.0.0.2", trustsTestCa);
    }
    HostRoutedDefaultContext.route("127.0.0.1", trustsTestCa);
    try {
      handshake();
      assertThrows(IllegalStateException.class, () -> HostRoutedDefaultContext.route("127.0.0.1",
          TlsPeers.context(null, TlsPeers.trustManager(certs.caPem()))), "one host, two contexts");
    } finally {
      HostRoutedDefaultContext.unroute("127.0.0.1", trustsTestCa);
    }
    assertThrows(IOException.class, this::handshake, "unrouted: the JDK's default again");
    assertTrue(SSLContext.getDefault().getSocketFactory() != null);
  }
}
