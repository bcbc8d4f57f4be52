package io.telegate.extension.auth;

import io.telegate.core.auth.ClientAuthenticator;
import io.telegate.core.auth.ServerAuthenticator;
import io.telegate.core.auth.Verdict;
import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Host;
import io.telegate.core.data.ClientContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code basicauth}: HTTP Basic authentication (RFC 7617). As a server authenticator a request
 * passes when its {@code Authorization: Basic} credentials match a user of the htpasswd lines; the
 * user name becomes {@code auth.username}. As a client authenticator every request carries
 * {@code client_auth}'s credentials. Passwords are never logged.
 */
final class BasicAuthExtension implements Component, ServerAuthenticator, ClientAuthenticator {

  private final ComponentId id;
  private final BasicAuthConfig config;
  private volatile Htpasswd users;
  /**
   * Credentials checked once, by the SHA-256 of their header value (never the value itself): bcrypt
   * costs milliseconds by design, and a client sends the same header with every request. Only
   * successes are kept; the users do not change after start. Emptied when it reaches
   * {@link #VERIFIED_MAX} entries.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, String> verified =
      new java.util.concurrent.ConcurrentHashMap<>();
  static final int VERIFIED_MAX = 1024;
  private final String clientHeader;

  BasicAuthExtension(ComponentId id, BasicAuthConfig config) {
    this.id = id;
    this.config = config;
    BasicAuthConfig.ClientAuth c = config.clientAuth();
    this.clientHeader = c == null ? null : "Basic " + Base64.getEncoder().encodeToString(
        (c.username() + ":" + (c.password() == null ? "" : c.password())).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void start(Host host) throws IOException {
    BasicAuthConfig.Htpasswd h = config.htpasswd();
    if (h == null) {
      return;
    }
    String path = "extensions::" + id + "::htpasswd";
    Htpasswd all = Htpasswd.parse(java.util.List.of(), path);
    if (!Checks.blank(h.file())) {
      all = all.and(Htpasswd.parse(Files.readAllLines(Path.of(h.file()), StandardCharsets.UTF_8),
          path + "::file " + h.file()));
    }
    if (!Checks.blank(h.inline())) {
      all = all.and(Htpasswd.parse(h.inline().lines().toList(), path + "::inline"));
    }
    if (all.users() == 0) {
      throw new IOException(path + ": no users");
    }
    users = all;
  }

  @Override
  public Verdict authenticate(Function<String, String> header) {
    Htpasswd u = users;
    if (u == null) {
      return Verdict.refuse("basicauth " + id + " has no htpasswd: it only sends credentials");
    }
    String value = header.apply("authorization");
    if (value == null || value.isBlank()) {
      return Verdict.refuse("missing Authorization header");
    }
    value = value.strip();
    if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Verdict.refuse("the Authorization header is not Basic credentials");
    }
    String raw = value.substring(6).strip();
    String digest = sha256(raw);
    String known = verified.get(digest);
    if (known != null) {
      return Verdict.pass(Map.of("username", known, "raw", raw));
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Verdict.refuse("the Basic credentials are not valid base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Verdict.refuse("the Basic credentials have no ':' between user and password");
    }
    String user = decoded.substring(0, colon);
    if (!u.matches(user, decoded.substring(colon + 1))) {
      return Verdict.refuse("wrong user name or password");
    }
    if (verified.size() >= VERIFIED_MAX) {
      verified.clear();
    }
    verified.put(digest, user);
    return Verdict.pass(Map.of("username", user, "raw", raw));
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void authenticate(ClientContext client, RequestHeaders headers) throws IOException {
    if (clientHeader == null) {
      throw new IOException("basicauth " + id + " has no client_auth: it only checks credentials");
    }
    headers.set("Authorization", clientHeader);
  }

  @Override
  public void shutdown(Duration timeout) {
  }
}
