package io.telegate.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth 2.0 authorization server and OpenID Connect issuer for tests, on 127.0.0.1 and a free
 * port: it serves a discovery document ({@code /.well-known/openid-configuration}), its public key
 * set ({@code /jwks}, RFC 7517) and a client credentials token endpoint ({@code /token}, RFC 6749
 * section 4.4) that issues RS256 JWTs signed with Nimbus JOSE+JWT, so that clients and verifiers
 * meet the real wire formats. Keys can be rotated; tokens can be made expired, for another
 * audience or signed by a key the issuer does not publish.
 */
public final class TestIssuer implements AutoCloseable {

  /** One token request as the endpoint saw it. */
  public record TokenRequest(Map<String, String> form, String authorization) {}

  private final HttpServer server;
  private final String clientId;
  private final String clientSecret;
  private final String audience;
  private volatile RSAKey key;
  private volatile Duration expiresIn = Duration.ofHours(1);
  private volatile boolean refuseBasic;
  private volatile boolean down;
  private final AtomicInteger tokens = new AtomicInteger();
  private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();

  /** An issuer that gives tokens for {@code audience} to the client {@code clientId} / {@code clientSecret}. */
  public TestIssuer(String clientId, String clientSecret, String audience) throws IOException {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.audience = audience;
    this.key = newKey("key-1");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/.well-known/openid-configuration", ex -> answer(ex, 200, "{\"issuer\":\"" + url()
        + "\",\"jwks_uri\":\"" + url() + "/jwks\",\"token_endpoint\":\"" + url() + "/token\"}"));
    server.createContext("/jwks", ex -> answer(ex, 200, new JWKSet(key.toPublicJWK()).toString()));
    server.createContext("/token", this::token);
    server.start();
  }

  public static RSAKey newKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String tokenUrl() {
    return url() + "/token";
  }

  /** Replaces the signing key by a new one with {@code kid}: the key set publishes only the new one. */
  public void rotate(String kid) {
    key = newKey(kid);
  }

  public void expiresIn(Duration d) {
    expiresIn = d;
  }

  /** Refuse client credentials sent with HTTP Basic (401), as some servers do: only form parameters work. */
  public void refuseBasic(boolean refuse) {
    refuseBasic = refuse;
  }

  /** Answer every token request 503. */
  public void down(boolean isDown) {
    down = isDown;
  }

  public int tokensIssued() {
    return tokens.get();
  }

  public List<TokenRequest> requests() {
    return List.copyOf(requests);
  }

  /** A token as the token endpoint would issue it now, for {@code subject}, with {@code groups}. */
  public String token(String subject, List<String> groups) {
    return sign(key, subject, audience, Instant.now().plus(expiresIn), groups);
  }

  /** A token that expired {@code ago}. */
  public String expiredToken(String subject, Duration ago) {
    return sign(key, subject, audience, Instant.now().minus(ago), List.of());
  }

  /** A token for another audience. */
  public String tokenFor(String otherAudience, String subject) {
    return sign(key, subject, otherAudience, Instant.now().plus(expiresIn), List.of());
  }

  /** A token under the issuer's current key id but signed by a key it does not publish. */
  public String forgedToken(String subject) {
    return sign(newKey(key.getKeyID()), subject, audience, Instant.now().plus(expiresIn), List.of());
  }

  private String sign(RSAKey with, String subject, String aud, Instant expiry, List<String> groups) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(url()).subject(subject).audience(aud)
        .issueTime(new Date()).expirationTime(Date.from(expiry)).jwtID(java.util.UUID.randomUUID().toString());
    if (!groups.isEmpty()) {
      claims.claim("groups", groups);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(),
        claims.build());
    try {
      jwt.sign(new RSASSASigner(with));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> form = new HashMap<>();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String authorization = ex.getRequestHeaders().getFirst("Authorization");
    requests.add(new TokenRequest(Map.copyOf(form), authorization));
    if (down) {
      answer(ex, 503, "{\"error\":\"temporarily_unavailable\"}");
      return;
    }
    if (!"client_credentials".equals(form.get("grant_type"))) {
      answer(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
      return;
    }
    String id;
    String secret;
    if (authorization != null && authorization.startsWith("Basic ")) {
      if (refuseBasic) {
        answer(ex, 401, "{\"error\":\"invalid_client\"}");
        return;
      }
      String[] parts = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8)
          .split(":", 2);
      id = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      secret = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
    } else {
      id = form.get("client_id");
      secret = form.get("client_secret");
    }
    if (!clientId.equals(id) || !clientSecret.equals(secret)) {
      answer(ex, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    tokens.incrementAndGet();
    String jwt = token(id, List.of());
    answer(ex, 200, "{\"access_token\":\"" + jwt + "\",\"token_type\":\"bearer\",\"expires_in\":"
        + expiresIn.toSeconds() + "}");
  }

  private static void answer(HttpExchange ex, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
