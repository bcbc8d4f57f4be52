package io.telegate.extension.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.auth.Verdict;
import io.telegate.core.component.ComponentId;
import io.telegate.testing.TestHost;
import io.telegate.testing.TestIssuer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** JWT validation against an in-test issuer's discovery document and key set. */
class OidcExtensionTest {

  private final TestIssuer issuer = new TestIssuer("client", "secret", "telegate");

  OidcExtensionTest() throws IOException {}

  @AfterEach
  void stop() {
    issuer.close();
  }

  private static final Duration REFETCH = Duration.ofMillis(300);

  private OidcExtension started(String groupsClaim) throws IOException {
    OidcConfig config = new OidcConfig(issuer.url(), null, "telegate", null, groupsClaim, "authorization");
    assertEquals(List.of(), config.validate());
    OidcExtension ext = new OidcExtension(ComponentId.parse("oidc"), config, REFETCH);
    ext.start(new TestHost());
    return ext;
  }

  private static Verdict check(OidcExtension ext, String authorization) {
    return ext.authenticate(Map.of("authorization", authorization)::get);
  }

  @Test
  void acceptsAValidTokenAndNamesItsSubjectAndGroups() throws Exception {
    OidcExtension ext = started("groups");
    Verdict v = check(ext, "Bearer " + issuer.token("alice", List.of("ops", "dev")));
    assertTrue(v.passed(), v.refusal());
    assertEquals(Map.of("subject", "alice", "membership", "ops,dev"), v.attributes());
  }

  @Test
  void refusesAnExpiredTokenAWrongAudienceAndAWrongSignature() throws Exception {
    OidcExtension ext = started(null);
    Verdict expired = check(ext, "Bearer " + issuer.expiredToken("alice", Duration.ofMinutes(5)));
    assertFalse(expired.passed());
    assertTrue(expired.refusal().toLowerCase().contains("expired"), expired.refusal());
    Verdict audience = check(ext, "Bearer " + issuer.tokenFor("someone-else", "alice"));
    assertFalse(audience.passed());
    assertTrue(audience.refusal().toLowerCase().contains("aud"), audience.refusal());
    Verdict forged = check(ext, "Bearer " + issuer.forgedToken("alice"));
    assertFalse(forged.passed());
    assertTrue(forged.refusal().toLowerCase().contains("signature"), forged.refusal());
    assertFalse(check(ext, "Bearer not.a.jwt").passed());
    assertFalse(check(ext, "Basic YTpi").passed());
    assertFalse(ext.authenticate(Map.<String, String>of()::get).passed());
  }

  @Test
  void anExpiryWithinTheClockSkewIsStillAccepted() throws Exception {
    OidcExtension ext = started(null);
    assertTrue(check(ext, "Bearer " + issuer.expiredToken("alice", Duration.ofSeconds(20))).passed(),
        "Nimbus allows 60 s of skew between the issuer's clock and ours");
  }

  @Test
  void aRotatedKeyIsFetchedWhenATokenNamesIt() throws Exception {
    OidcExtension ext = started(null);
    issuer.rotate("key-2");
    String token = issuer.token("bob", List.of());
    // Once REFETCH has passed since the last fetch, a key the set lacks makes it fetch again.
    io.telegate.testing.Await.until("the rotated key is fetched", Duration.ofSeconds(10),
        () -> check(ext, "Bearer " + token).passed());
    assertTrue(check(ext, "Bearer " + issuer.token("carol", List.of())).passed());
  }

  @Test
  void startFailsWhenTheIssuerCannotBeReachedOrNamesAnotherIssuer() throws Exception {
    OidcExtension wrong = new OidcExtension(ComponentId.parse("oidc"),
        new OidcConfig(issuer.url() + "/", null, "telegate", null, null, "authorization"));
    IOException e = assertThrows(IOException.class, () -> wrong.start(new TestHost()));
    assertTrue(e.getMessage().contains("names the issuer"), e.getMessage());
    String gone = issuer.url();
    issuer.close();
    OidcExtension unreachable = new OidcExtension(ComponentId.parse("oidc"),
        new OidcConfig(gone, null, "telegate", null, null, "authorization"));
    assertThrows(IOException.class, () -> unreachable.start(new TestHost()));
  }
}
