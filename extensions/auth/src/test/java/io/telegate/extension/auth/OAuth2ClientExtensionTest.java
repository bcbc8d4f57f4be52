package io.telegate.extension.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import io.telegate.core.component.ComponentId;
import io.telegate.core.config.ConfigValidation;
import io.telegate.core.data.ClientContext;
import io.telegate.testing.SettableClock;
import io.telegate.testing.TestHost;
import io.telegate.testing.TestIssuer;
import io.telegate.transport.tls.ClientTlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client credentials grant against an in-test authorization server issuing signed JWTs. */
class OAuth2ClientExtensionTest {

  private final TestIssuer issuer = new TestIssuer("gateway", "s3cr:et&", "backend");
  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T00:00:00Z"));
  @TempDir Path dir;

  OAuth2ClientExtensionTest() throws IOException {}

  @AfterEach
  void stop() {
    issuer.close();
  }

  private OAuth2ClientExtension started(String clientId, String idFile, String secret, String secretFile)
      throws IOException {
    OAuth2ClientConfig config = new OAuth2ClientConfig(clientId, idFile, secret, secretFile, issuer.tokenUrl(),
        List.of("api.metrics", "api.logs"), Map.of("audience", "backend"), ClientTlsConfig.DEFAULT, Duration.ofSeconds(5),
        Duration.ofMinutes(5));
    assertEquals(List.of(), ConfigValidation.validate(config));
    OAuth2ClientExtension ext = new OAuth2ClientExtension(ComponentId.parse("oauth2client"), config);
    ext.start(new TestHost(clock));
    return ext;
  }

  private static String authorization(OAuth2ClientExtension ext) throws IOException {
    Headers h = new Headers();
    ext.authenticate(ClientContext.EMPTY, h);
    return h.get("Authorization");
  }

  @Test
  void fetchesATokenOnceCachesItAndFetchesAnotherBeforeItExpires() throws Exception {
    issuer.expiresIn(Duration.ofMinutes(30));
    OAuth2ClientExtension ext = started("gateway", null, "s3cr:et&", null);
    String first = authorization(ext);
    assertTrue(first.startsWith("Bearer "), first);
    SignedJWT jwt = SignedJWT.parse(first.substring(7));
    assertEquals(List.of("backend"), jwt.getJWTClaimsSet().getAudience());
    TestIssuer.TokenRequest asked = issuer.requests().get(0);
    assertEquals("client_credentials", asked.form().get("grant_type"));
    assertEquals("api.metrics api.logs", asked.form().get("scope"));
    assertEquals("backend", asked.form().get("audience"));
    // RFC 6749 2.3.1: form-encoded parts in Basic, so a ':' in the secret survives.
    assertEquals("Basic " + Base64.getEncoder().encodeToString("gateway:s3cr%3Aet%26".getBytes()), asked.authorization());

    clock.advance(Duration.ofMinutes(20));
    assertEquals(first, authorization(ext), "cached while more than expiry_buffer is left");
    assertEquals(1, issuer.tokensIssued());

    clock.advance(Duration.ofMinutes(6)); // 4 minutes left, within the 5-minute buffer
    String second = authorization(ext);
    assertEquals(2, issuer.tokensIssued(), "fetched again before it expired");
    assertNotEquals(first, second);
    assertEquals(second, authorization(ext));
    assertEquals(2, issuer.tokensIssued());
  }

  @Test
  void sendsTheCredentialsAsFormParametersWhenTheServerRefusesBasicAndKeepsToThat() throws Exception {
    issuer.refuseBasic(true);
    issuer.expiresIn(Duration.ofMinutes(1)); // shorter than the buffer: every request fetches
    OAuth2ClientExtension ext = started("gateway", null, "s3cr:et&", null);
    assertTrue(authorization(ext).startsWith("Bearer "));
    assertTrue(authorization(ext).startsWith("Bearer "));
    List<TestIssuer.TokenRequest> asked = issuer.requests();
    assertEquals(3, asked.size(), "Basic once, then the form twice: " + asked);
    assertTrue(asked.get(0).authorization().startsWith("Basic "));
    assertEquals("gateway", asked.get(1).form().get("client_id"));
    assertEquals("s3cr:et&", asked.get(1).form().get("client_secret"));
    assertEquals(null, asked.get(2).authorization());
  }

  @Test
  void readsTheClientCredentialsFromFilesAgainForEachNewToken() throws Exception {
    Path id = Files.writeString(dir.resolve("id"), "gateway\n");
    Path secret = Files.writeString(dir.resolve("secret"), "wrong\n");
    OAuth2ClientExtension ext = started("ignored", id.toString(), "ignored", secret.toString());
    IOException refused = assertThrows(IOException.class, () -> authorization(ext));
    assertTrue(refused.getMessage().contains("401") && refused.getMessage().contains("invalid_client"),
        refused.getMessage());
    assertTrue(!refused.getMessage().contains("wrong"), "the secret is not in the error");
    Files.writeString(secret, "s3cr:et&\n"); // rotated
    assertTrue(authorization(ext).startsWith("Bearer "), "the rotated secret is read for the next fetch");
  }

  @Test
  void aTokenEndpointThatIsDownFailsTheRequestUntilItIsBack() throws Exception {
    OAuth2ClientExtension ext = started("gateway", null, "s3cr:et&", null);
    issuer.down(true);
    IOException e = assertThrows(IOException.class, () -> authorization(ext));
    assertTrue(e.getMessage().contains("503"), e.getMessage());
    issuer.down(false);
    assertTrue(authorization(ext).startsWith("Bearer "));
  }

  @Test
  void configErrorsNameTheirKeys() {
    OAuth2ClientConfig bad = new OAuth2ClientConfig(null, null, null, null, "ftp://x", List.of(), Map.of(),
        ClientTlsConfig.DEFAULT, Duration.ofSeconds(-1), Duration.ZERO);
    List<String> errors = ConfigValidation.validate(bad);
    assertEquals(4, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("client_id:") && errors.get(1).startsWith("client_secret:")
        && errors.get(2).startsWith("token_url:") && errors.get(3).startsWith("timeout:"), errors.toString());
  }
}
