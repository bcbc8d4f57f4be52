package io.telegate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI for TLS tests, made with the JDK's {@code keytool}: a CA, a server certificate
 * for {@code localhost} and {@code 127.0.0.1}, and a client certificate, all signed by the CA, as
 * PEM files (keys in PKCS#8) and PKCS#12 stores for JDK clients.
 */
public final class TestCertificates {

  /** The password of every PKCS#12 store made here. */
  public static final String PASSWORD = "changeit";

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  private static TestCertificates shared;

  /**
   * One PKI for the whole test JVM, with every extra made ({@link #expiredServer},
   * {@link #foreignServer}, {@link #renewedServer}, {@link #renewedClient}): keytool is slow, and
   * tests that only read the files can share them. Its directory is deleted when the JVM exits.
   */
  public static synchronized TestCertificates shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("telegate-test-pki");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
          } catch (IOException e) {
            // a temp directory left behind
          }
        }));
        TestCertificates c = create(dir);
        c.expiredServer();
        c.foreignServer();
        c.renewedServer();
        c.renewedClient();
        shared = c;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /**
   * Creates the CA, server and client material in {@code dir}.
   *
   * @throws UncheckedIOException if keytool fails
   */
  public static TestCertificates create(Path dir) {
    TestCertificates c = new TestCertificates(dir);
    c.keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Telegate Test CA",
        "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
    c.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    c.issue("server", "CN=localhost", "san=dns:localhost,ip:127.0.0.1");
    c.issue("client", "CN=telegate-test-client", null);
    c.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "truststore.p12");
    return c;
  }

  /** A key pair in {@code name.p12}, its certificate signed by the CA in {@code name.pem}, its key in {@code name-key.pem}. */
  private void issue(String name, String dname, String san) {
    issue(name, dname, san, "ca", null);
  }

  /**
   * {@link #issue(String, String, String)} by the CA in {@code ca.p12} (alias {@code ca}), valid
   * from {@code startdate} (keytool's form, {@code -10d}) when given.
   */
  private void issue(String name, String dname, String san, String ca, String startdate) {
    keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", dname, "-validity", "2",
        "-keystore", name + ".p12");
    keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-file", name + ".csr");
    List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", ca, "-keystore", ca + ".p12", "-rfc",
        "-validity", "2", "-infile", name + ".csr", "-outfile", name + ".pem"));
    if (san != null) {
      gencert.addAll(List.of("-ext", san));
    }
    if (startdate != null) {
      gencert.addAll(List.of("-startdate", startdate));
    }
    keytool(gencert.toArray(String[]::new));
    // Replace the self-signed entry with the CA-signed chain so the store works for JDK clients too.
    try {
      Files.writeString(dir.resolve(name + "-chain.pem"),
          Files.readString(dir.resolve(name + ".pem")) + Files.readString(dir.resolve(ca + ".pem")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    keytool("-importcert", "-noprompt", "-alias", name, "-file", name + "-chain.pem", "-keystore", name + ".p12");
    writeKeyPem(name);
  }

  /** A certificate chain and its key, as PEM files. */
  public record Issued(Path certPem, Path keyPem) {}

  private Issued issued(String name) {
    return new Issued(dir.resolve(name + "-chain.pem"), dir.resolve(name + "-key.pem"));
  }

  /** A server certificate for {@code localhost} and {@code 127.0.0.1} from the CA that expired 8 days ago. */
  public synchronized Issued expiredServer() {
    if (!Files.exists(dir.resolve("server-expired-key.pem"))) {
      issue("server-expired", "CN=localhost", "san=dns:localhost,ip:127.0.0.1", "ca", "-10d");
    }
    return issued("server-expired");
  }

  /** A server certificate for {@code localhost} and {@code 127.0.0.1} from another CA, which nobody trusts. */
  public synchronized Issued foreignServer() {
    if (!Files.exists(dir.resolve("server-foreign-key.pem"))) {
      keytool("-genkeypair", "-alias", "other-ca", "-keyalg", "RSA", "-keysize", "2048", "-dname",
          "CN=Another Test CA", "-ext", "bc:c", "-validity", "2", "-keystore", "other-ca.p12");
      keytool("-exportcert", "-rfc", "-alias", "other-ca", "-keystore", "other-ca.p12", "-file", "other-ca.pem");
      issue("server-foreign", "CN=localhost", "san=dns:localhost,ip:127.0.0.1", "other-ca", null);
    }
    return issued("server-foreign");
  }

  /** Another server certificate from the CA, as a rotation would install: its serial differs. */
  public synchronized Issued renewedServer() {
    if (!Files.exists(dir.resolve("server-renewed-key.pem"))) {
      issue("server-renewed", "CN=localhost", "san=dns:localhost,ip:127.0.0.1");
    }
    return issued("server-renewed");
  }

  /** Another client certificate from the CA, as a rotation would install. */
  public synchronized Issued renewedClient() {
    if (!Files.exists(dir.resolve("client-renewed-key.pem"))) {
      issue("client-renewed", "CN=telegate-test-client-renewed", null);
    }
    return issued("client-renewed");
  }

  /** The first (leaf) certificate of a PEM chain, for comparing what a peer presented. */
  public static java.security.cert.X509Certificate leaf(Path chainPem) {
    try (InputStream in = Files.newInputStream(chainPem)) {
      return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificates(in).iterator().next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void writeKeyPem(String name) {
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASSWORD.toCharArray());
      PrivateKey key = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
      String pem = "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
      Files.writeString(dir.resolve(name + "-key.pem"), pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private void keytool(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The CA certificate (PEM): what clients trust, and {@code client_ca_file} for mTLS. */
  public Path caPem() {
    return dir.resolve("ca.pem");
  }

  /** The server certificate chain (PEM), for {@code localhost} and {@code 127.0.0.1}. */
  public Path serverCertPem() {
    return dir.resolve("server-chain.pem");
  }

  /** The server private key (PEM, PKCS#8). */
  public Path serverKeyPem() {
    return dir.resolve("server-key.pem");
  }

  /** The client certificate chain (PEM). */
  public Path clientCertPem() {
    return dir.resolve("client-chain.pem");
  }

  /** The client private key (PEM, PKCS#8). */
  public Path clientKeyPem() {
    return dir.resolve("client-key.pem");
  }

  /** The client key and chain as PKCS#12, password {@link #PASSWORD}. */
  public Path clientKeyStore() {
    return dir.resolve("client.p12");
  }

  /** A PKCS#12 trust store holding the CA, password {@link #PASSWORD}. */
  public Path trustStore() {
    return dir.resolve("truststore.p12");
  }
}
