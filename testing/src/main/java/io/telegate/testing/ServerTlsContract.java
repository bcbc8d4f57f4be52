package io.telegate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.KeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS tests every server transport runs (issue 17): a client that trusts the CA is served, an
 * expired certificate and one from another CA are refused by that client, {@code client_ca_file}
 * makes a client certificate mandatory, and {@code reload_interval} serves a rotated certificate
 * to new connections without a restart. A transport's test extends this and says how to start its
 * server with a {@code tls:} block and how to make one request; the client side is the JDK's
 * ({@link TlsPeers}), never the code under test.
 */
public abstract class ServerTlsContract {

  @TempDir protected Path dir;
  protected TestCertificates certs;

  /** Starts the component's server with this {@code tls:} block (the YAML keys). */
  protected abstract void startServer(Map<String, Object> tls) throws Exception;

  protected abstract void stopServer() throws Exception;

  /**
   * One request on a new connection, from a client with these managers ({@code keys} null: no
   * client certificate): returns when the server took it; throws when the connection or the
   * handshake failed. {@link TlsPeers#context} makes a JDK context of them.
   */
  protected abstract void request(KeyManager keys, TlsPeers.Remembering trust) throws Exception;

  @BeforeEach
  void certificates() {
    certs = TestCertificates.shared();
  }

  @AfterEach
  void stop() throws Exception {
    stopServer();
  }

  private static Map<String, Object> tls(Path cert, Path key) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cert_file", cert.toString());
    m.put("key_file", key.toString());
    return m;
  }

  @Test
  void aClientThatTrustsTheCaIsServedTheConfiguredCertificate() throws Exception {
    startServer(tls(certs.serverCertPem(), certs.serverKeyPem()));
    TlsPeers.Remembering trust = new TlsPeers.Remembering(certs.caPem());
    request(null, trust);
    assertEquals(TestCertificates.leaf(certs.serverCertPem()), trust.last());
  }

  @Test
  void anExpiredCertificateIsRefusedByTheClient() throws Exception {
    TestCertificates.Issued expired = certs.expiredServer();
    startServer(tls(expired.certPem(), expired.keyPem()));
    TlsPeers.Remembering trust = new TlsPeers.Remembering(certs.caPem());
    assertThrows(Exception.class, () -> request(null, trust));
    assertEquals(TestCertificates.leaf(expired.certPem()), trust.last(), "the handshake reached the check");
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedByTheClient() throws Exception {
    TestCertificates.Issued foreign = certs.foreignServer();
    startServer(tls(foreign.certPem(), foreign.keyPem()));
    TlsPeers.Remembering trust = new TlsPeers.Remembering(certs.caPem());
    assertThrows(Exception.class, () -> request(null, trust));
    assertEquals(TestCertificates.leaf(foreign.certPem()), trust.last(), "the handshake reached the check");
  }

  @Test
  void clientCaFileMakesAClientCertificateMandatory() throws Exception {
    Map<String, Object> tls = tls(certs.serverCertPem(), certs.serverKeyPem());
    tls.put("client_ca_file", certs.caPem().toString());
    startServer(tls);
    TlsPeers.Remembering trust = new TlsPeers.Remembering(certs.caPem());
    assertThrows(Exception.class, () -> request(null, trust), "no client certificate");
    TestCertificates.Issued client = new TestCertificates.Issued(certs.clientCertPem(), certs.clientKeyPem());
    request(TlsPeers.keyManager(client), trust);
    TestCertificates.Issued foreign = certs.foreignServer(); // a certificate the client CA did not sign
    assertThrows(Exception.class, () -> request(TlsPeers.keyManager(foreign), trust),
        "a client certificate from another CA");
  }

  @Test
  void aRotatedCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
    Path cert = dir.resolve("live-cert.pem");
    Path key = dir.resolve("live-key.pem");
    Files.copy(certs.serverCertPem(), cert);
    Files.copy(certs.serverKeyPem(), key);
    Map<String, Object> tls = tls(cert, key);
    tls.put("reload_interval", "100ms");
    startServer(tls);
    TlsPeers.Remembering trust = new TlsPeers.Remembering(certs.caPem());
    request(null, trust);
    assertEquals(TestCertificates.leaf(certs.serverCertPem()), trust.last());

    TestCertificates.Issued renewed = certs.renewedServer();
    // The key first, then the chain: a server that reloaded between the two would find them
    // mismatched, and must keep serving the last good pair.
    Files.copy(renewed.keyPem(), key, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(renewed.certPem(), cert, StandardCopyOption.REPLACE_EXISTING);
    // A file's modification time may not change within the file system's resolution: make it.
    Files.setLastModifiedTime(cert, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
    Await.until("the renewed certificate is served", Duration.ofSeconds(20), () -> {
      try {
        request(null, trust);
      } catch (Exception e) {
        throw new AssertionError("a request failed during the rotation", e);
      }
      return TestCertificates.leaf(renewed.certPem()).equals(trust.last());
    });
  }
}
