package io.telegate.extension.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.telegate.core.auth.ServerAuthenticator;
import io.telegate.core.auth.Verdict;
import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.transport.http.HttpClients;
import io.telegate.transport.tls.ClientTlsConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code oidc}: a request passes when its {@code Authorization: Bearer} token is a JWT signed by a
 * key of the issuer's key set (fetched through the issuer's discovery document), with the
 * configured audience, the issuer as {@code iss}, and not expired (60 s of clock skew, on the
 * injected clock). The checks are Nimbus JOSE+JWT's; this class only finds the keys. The key set is
 * fetched at start (the gateway does not start without it, as the Collector's) and again when a
 * token names a key it does not hold, at most every {@link #REFETCH}, so that the issuer can
 * rotate its keys. The username claim becomes {@code auth.subject}, the groups claim
 * {@code auth.membership} (a list joined with commas).
 */
final class OidcExtension implements Component, ServerAuthenticator {

  /** The fewest time between two fetches of the key set on behalf of unknown keys. */
  static final Duration REFETCH = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
      JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

  private final ComponentId id;
  private final OidcConfig config;
  private final String header;
  private HttpClient http;
  private URI jwksUri;
  private Clock clock = Clock.systemUTC();
  private GatewayLogger log = GatewayLogger.root();
  private DefaultJWTProcessor<SecurityContext> processor;
  private volatile JWKSet keys = new JWKSet();
  private volatile long fetchedNanos;

  private final Duration refetch;

  OidcExtension(ComponentId id, OidcConfig config) {
    this(id, config, REFETCH);
  }

  /** @param refetch the fewest time between two fetches of the key set for unknown keys */
  OidcExtension(ComponentId id, OidcConfig config, Duration refetch) {
    this.id = id;
    this.config = config;
    this.refetch = refetch;
    this.header = config.attribute().toLowerCase(Locale.ROOT);
  }

  @Override
  public void start(Host host) throws IOException {
    log = host.logger(ComponentKind.EXTENSION, id);
    clock = host.clock();
    String issuer = config.issuerUrl();
    URI discovery = URI.create(issuer.endsWith("/") ? issuer + ".well-known/openid-configuration"
        : issuer + "/.well-known/openid-configuration");
    ClientTlsConfig tls = new ClientTlsConfig(false, false, config.issuerCaPath(), null, null, null, null, null, "1.2",
        null, null, Duration.ZERO, false);
    http = HttpClients.builder(HttpClients.isHttps(discovery), tls, Duration.ofSeconds(10), log).build();
    JsonNode doc = JSON.readTree(get(discovery, "the issuer's discovery document"));
    String named = doc.path("issuer").asText("");
    if (!named.equals(issuer)) {
      throw new IOException("extensions::" + id + "::issuer_url: the discovery document at " + discovery
          + " names the issuer '" + named + "', not '" + issuer + "'");
    }
    String jwks = doc.path("jwks_uri").asText("");
    if (jwks.isEmpty()) {
      throw new IOException("the discovery document at " + discovery + " has no jwks_uri");
    }
    jwksUri = URI.create(jwks);
    fetchKeys();
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new Keys()));
    Clock c = clock;
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(config.audience(),
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp")) {
      @Override
      protected Date currentTime() {
        return Date.from(c.instant());
      }
    });
    log.info("OIDC issuer ready", "issuer", issuer, "keys", keys.getKeys().size());
  }

  private String get(URI uri, String what) throws IOException {
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Accept", "application/json")
          .GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + what);
    }
    if (r.statusCode() != 200) {
      throw new IOException("cannot fetch " + what + " from " + uri + ": HTTP " + r.statusCode());
    }
    return r.body();
  }

  private void fetchKeys() throws IOException {
    try {
      keys = JWKSet.parse(get(jwksUri, "the issuer's key set"));
      fetchedNanos = System.nanoTime();
    } catch (ParseException e) {
      throw new IOException("the key set at " + jwksUri + " is not a JWK set: " + e.getMessage());
    }
  }

  /** The issuer's keys; a selection that finds none fetches them again, at most every {@code refetch}. */
  private final class Keys implements JWKSource<SecurityContext> {
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
      List<JWK> found = selector.select(keys);
      if (found.isEmpty() && System.nanoTime() - fetchedNanos >= refetch.toNanos()) {
        synchronized (this) {
          if (System.nanoTime() - fetchedNanos >= refetch.toNanos()) {
            try {
              fetchKeys();
              log.info("fetched the issuer's key set again for a key it did not hold", "keys",
                  keys.getKeys().size());
            } catch (IOException e) {
              fetchedNanos = System.nanoTime();
              log.rateLimited(GatewayLogger.Level.WARN, "oidc-jwks/" + id, Duration.ofSeconds(60),
                  "cannot fetch the issuer's key set again; the last one stays in use", null, "error", e.getMessage());
            }
          }
        }
        found = selector.select(keys);
      }
      return found;
    }
  }

  @Override
  public Verdict authenticate(Function<String, String> headers) {
    String value = headers.apply(header);
    if (value == null || value.isBlank()) {
      return Verdict.refuse("missing " + config.attribute() + " header");
    }
    value = value.strip();
    if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Verdict.refuse("the " + config.attribute() + " header does not hold a Bearer token");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(value.substring(7).strip(), null);
    } catch (ParseException e) {
      return Verdict.refuse("the bearer token is not a JWT");
    } catch (BadJOSEException | JOSEException e) {
      // Nimbus's messages name the failed check (expired, audience, signature) and no secret.
      return Verdict.refuse("the bearer token was refused: " + e.getMessage());
    }
    Map<String, String> attributes = new HashMap<>();
    String userClaim = Checks.blank(config.usernameClaim()) ? "sub" : config.usernameClaim();
    Object user = claims.getClaim(userClaim);
    if (user == null) {
      return Verdict.refuse("the bearer token has no '" + userClaim + "' claim");
    }
    attributes.put("subject", String.valueOf(user));
    if (!Checks.blank(config.groupsClaim())) {
      Object groups = claims.getClaim(config.groupsClaim());
      if (groups instanceof List<?> list) {
        List<String> names = new ArrayList<>();
        list.forEach(g -> names.add(String.valueOf(g)));
        attributes.put("membership", String.join(",", names));
      } else if (groups != null) {
        attributes.put("membership", String.valueOf(groups));
      }
    }
    return Verdict.pass(attributes);
  }

  @Override
  public void shutdown(Duration timeout) {
  }
}
