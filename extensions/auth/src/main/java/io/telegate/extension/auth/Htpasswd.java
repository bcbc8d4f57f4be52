package io.telegate.extension.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The users of an htpasswd file and how each one's password is checked: the hashes Apache's
 * {@code htpasswd} writes, by their prefix, and plain text for the rest (the Collector accepts
 * {@code user:password} inline). The hashing is the libraries' (Bouncy Castle's bcrypt, Commons
 * Codec's crypt variants); every comparison of a result is constant-time.
 */
final class Htpasswd {

  private final Map<String, String> hashes;

  private Htpasswd(Map<String, String> hashes) {
    this.hashes = hashes;
  }

  /**
   * Reads {@code user:hash} lines; blank lines and {@code #} comments are skipped.
   *
   * @param where what the lines came from, for errors ({@code htpasswd::file /etc/x})
   * @throws IOException naming the line, for a line without a colon or a hash of an unknown kind
   */
  static Htpasswd parse(List<String> lines, String where) throws IOException {
    Map<String, String> out = new HashMap<>();
    int n = 0;
    for (String raw : lines) {
      n++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException(where + ", line " + n + ": expected user:password");
      }
      String hash = line.substring(colon + 1);
      if (hash.startsWith("$") && !knownHash(hash)) {
        int end = hash.indexOf('$', 1);
        throw new IOException(where + ", line " + n + ": unknown password hash '"
            + (end > 0 ? hash.substring(0, end + 1) : "$") + "' (supported: bcrypt $2a$/$2b$/$2y$, $apr1$, $5$, $6$, "
            + "{SHA}, plain)");
      }
      out.put(line.substring(0, colon), hash);
    }
    return new Htpasswd(out);
  }

  private static boolean knownHash(String h) {
    return h.startsWith("$2a$") || h.startsWith("$2b$") || h.startsWith("$2y$") || h.startsWith("$apr1$")
        || h.startsWith("$5$") || h.startsWith("$6$");
  }

  /** Adds {@code other}'s users; where both have one, {@code other}'s wins. */
  Htpasswd and(Htpasswd other) {
    Map<String, String> all = new HashMap<>(hashes);
    all.putAll(other.hashes);
    return new Htpasswd(all);
  }

  boolean matches(String user, String password) {
    String hash = hashes.get(user);
    if (hash == null) {
      return false;
    }
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    if (hash.startsWith("$2")) {
      // Bouncy Castle reads $2a$/$2b$/$2y$ alike and compares in constant time.
      return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    }
    String computed;
    if (hash.startsWith("$apr1$")) {
      computed = Md5Crypt.apr1Crypt(pw, hash);
    } else if (hash.startsWith("$5$") || hash.startsWith("$6$")) {
      computed = hash.startsWith("$5$") ? Sha2Crypt.sha256Crypt(pw, hash) : Sha2Crypt.sha512Crypt(pw, hash);
    } else if (hash.startsWith("{SHA}")) {
      computed = "{SHA}" + Base64.getEncoder().encodeToString(sha1(pw));
    } else {
      computed = password;
    }
    return MessageDigest.isEqual(computed.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha1(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  int users() {
    return hashes.size();
  }
}
