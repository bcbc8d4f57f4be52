package io.telegate.extension.auth;

import io.telegate.core.component.ComponentConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Config of the {@code oidc} extension, with the Collector's keys: receivers accept a request
 * whose bearer token is a JWT the issuer signed, for the audience, not expired.
 *
 * @param issuerUrl the issuer; its {@code /.well-known/openid-configuration} names the key set
 * @param issuerCaPath PEM CA certificates the issuer's certificate must chain to (else the JDK's)
 * @param audience the {@code aud} a token must have (the client id the issuer gave this gateway)
 * @param usernameClaim the claim that becomes {@code auth.subject} ({@code sub} when unset)
 * @param groupsClaim the claim (a string or a list) that becomes {@code auth.membership}
 * @param attribute the header holding {@code Bearer <token>} ({@code authorization})
 */
public record OidcConfig(String issuerUrl, String issuerCaPath, String audience, String usernameClaim,
    String groupsClaim, String attribute) implements ComponentConfig {

  public static final OidcConfig DEFAULT = new OidcConfig(null, null, null, null, null, "authorization");

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    Checks.requireHttpUrl("issuer_url", issuerUrl, errors);
    if (Checks.blank(audience)) {
      errors.add("audience: must be set (the client id tokens are issued for)");
    }
    if (Checks.blank(attribute)) {
      errors.add("attribute: must not be empty");
    }
    return errors;
  }
}
