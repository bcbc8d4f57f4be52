package io.telegate.extension.auth;

import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.ExtensionFactory;
import java.util.List;

/** Factories of the authenticator extensions of this module: basicauth, headers_setter, oauth2client, oidc. */
public final class AuthExtensionFactories {

  private AuthExtensionFactories() {}

  public static List<ComponentFactory<?>> all() {
    return List.of(
        ExtensionFactory.define("basicauth", BasicAuthConfig.DEFAULT)
            .create((s, c) -> new BasicAuthExtension(s.id(), c)).build(),
        ExtensionFactory.define("headers_setter", HeadersSetterConfig.DEFAULT).alias("headerssetter")
            .create((s, c) -> new HeadersSetterExtension(c)).build(),
        ExtensionFactory.define("oauth2client", OAuth2ClientConfig.DEFAULT)
            .create((s, c) -> new OAuth2ClientExtension(s.id(), c)).build(),
        ExtensionFactory.define("oidc", OidcConfig.DEFAULT).create((s, c) -> new OidcExtension(s.id(), c)).build());
  }
}
