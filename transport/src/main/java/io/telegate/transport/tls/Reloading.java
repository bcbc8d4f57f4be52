package io.telegate.transport.tls;

import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS material read again from its files when they change ({@code reload_interval}), so that a
 * rotated certificate is used without a restart. There is no thread: a handshake that finds the
 * interval passed looks at the files' modification times and, if one changed, reads them all
 * again. Material that fails to load keeps the last good one in use (logged). Connections already
 * open keep the certificate they were made with.
 *
 * @param <T> the key or trust manager
 */
final class Reloading<T> {

  /** Reads the material. */
  interface Loader<T> {
    T load() throws IOException;
  }

  private final Loader<T> loader;
  private final List<Path> files;
  private final long intervalNanos;
  private final GatewayLogger log;
  private final String what;
  /** One load of the material; {@code n} counts the loads. */
  private record Gen<T>(long n, T material) {}

  private volatile Gen<T> current;
  private volatile Gen<T> previous;
  private volatile long checkedNanos;
  private volatile List<FileTime> times;

  private Reloading(Loader<T> loader, List<Path> files, Duration interval, GatewayLogger log, String what)
      throws IOException {
    this.loader = loader;
    this.files = List.copyOf(files);
    this.intervalNanos = interval.toNanos();
    this.log = log;
    this.what = what;
    this.times = times();
    this.current = new Gen<>(0, loader.load());
    this.checkedNanos = System.nanoTime();
  }

  private List<FileTime> times() {
    List<FileTime> out = new ArrayList<>();
    for (Path p : files) {
      try {
        out.add(Files.getLastModifiedTime(p));
      } catch (IOException e) {
        out.add(null);
      }
    }
    return out;
  }

  /** The material, read again first when the interval has passed and a file changed. */
  T current() {
    return currentGen().material();
  }

  private Gen<T> currentGen() {
    long now = System.nanoTime();
    if (now - checkedNanos >= intervalNanos) {
      synchronized (this) {
        if (now - checkedNanos >= intervalNanos) {
          checkedNanos = now;
          List<FileTime> t = times();
          if (!t.equals(times)) {
            try {
              Gen<T> next = new Gen<>(current.n() + 1, loader.load());
              previous = current;
              current = next;
              times = t;
              log.info("TLS material changed on disk and was read again", "what", what, "files", files.toString());
            } catch (IOException | RuntimeException e) {
              log.rateLimited(GatewayLogger.Level.WARN, "tls-reload/" + files, Duration.ofMinutes(1),
                  "cannot read the changed TLS material; the last one stays in use", null, "what", what,
                  "error", e.getMessage());
            }
          }
        }
      }
    }
    return current;
  }

  /**
   * A key manager over files. A handshake asks for an alias first, then for its chain and key:
   * the alias names the generation it came from, so a reload between the calls cannot pair one
   * certificate with another's key.
   */
  static X509ExtendedKeyManager keyManager(Loader<X509ExtendedKeyManager> loader, List<Path> files, Duration interval,
      GatewayLogger log, String what) throws IOException {
    Reloading<X509ExtendedKeyManager> r = new Reloading<>(loader, files, interval, log, what);
    return new X509ExtendedKeyManager() {
      private static String tag(Gen<X509ExtendedKeyManager> g, String alias) {
        return alias == null ? null : g.n() + ":" + alias;
      }

      private X509ExtendedKeyManager of(String tagged) {
        long n = Long.parseLong(tagged.substring(0, tagged.indexOf(':')));
        Gen<X509ExtendedKeyManager> prev = r.previous;
        return prev != null && prev.n() == n ? prev.material() : r.current.material();
      }

      private static String alias(String tagged) {
        return tagged.substring(tagged.indexOf(':') + 1);
      }

      @Override
      public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Gen<X509ExtendedKeyManager> g = r.currentGen();
        return tag(g, g.material().chooseServerAlias(keyType, issuers, socket));
      }

      @Override
      public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        Gen<X509ExtendedKeyManager> g = r.currentGen();
        return tag(g, g.material().chooseEngineServerAlias(keyType, issuers, engine));
      }

      @Override
      public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        Gen<X509ExtendedKeyManager> g = r.currentGen();
        return tag(g, g.material().chooseClientAlias(keyType, issuers, socket));
      }

      @Override
      public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        Gen<X509ExtendedKeyManager> g = r.currentGen();
        return tag(g, g.material().chooseEngineClientAlias(keyType, issuers, engine));
      }

      @Override
      public X509Certificate[] getCertificateChain(String tagged) {
        return tagged == null || tagged.indexOf(':') < 0 ? null : of(tagged).getCertificateChain(alias(tagged));
      }

      @Override
      public PrivateKey getPrivateKey(String tagged) {
        return tagged == null || tagged.indexOf(':') < 0 ? null : of(tagged).getPrivateKey(alias(tagged));
      }

      @Override
      public String[] getClientAliases(String keyType, Principal[] issuers) {
        Gen<X509ExtendedKeyManager> g = r.currentGen();
        return tagAll(g, g.material().getClientAliases(keyType, issuers));
      }

      @Override
      public String[] getServerAliases(String keyType, Principal[] issuers) {
        Gen<X509ExtendedKeyManager> g = r.currentGen();
        return tagAll(g, g.material().getServerAliases(keyType, issuers));
      }

      private static String[] tagAll(Gen<X509ExtendedKeyManager> g, String[] aliases) {
        if (aliases == null) {
          return null;
        }
        String[] out = new String[aliases.length];
        for (int i = 0; i < aliases.length; i++) {
          out[i] = tag(g, aliases[i]);
        }
        return out;
      }
    };
  }

  /** A trust manager over files. */
  static X509ExtendedTrustManager trustManager(Loader<X509ExtendedTrustManager> loader, List<Path> files,
      Duration interval, GatewayLogger log, String what) throws IOException {
    Reloading<X509ExtendedTrustManager> r = new Reloading<>(loader, files, interval, log, what);
    return new X509ExtendedTrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
          throws CertificateException {
        r.current().checkClientTrusted(chain, authType, socket);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
          throws CertificateException {
        r.current().checkServerTrusted(chain, authType, socket);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
          throws CertificateException {
        r.current().checkClientTrusted(chain, authType, engine);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
          throws CertificateException {
        r.current().checkServerTrusted(chain, authType, engine);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        r.current().checkClientTrusted(chain, authType);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        r.current().checkServerTrusted(chain, authType);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return r.current().getAcceptedIssuers();
      }
    };
  }
}
