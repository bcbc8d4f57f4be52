package io.telegate.extension.auth;

import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.ExtensionFactory;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/** Factories of the authenticator extensions of this module: basicauth, headers_setter, oauth2client, oidc. */
public final class AuthExtensionFactories {

  private AuthExtensionFactories() {}

  public static List<ComponentFactory<?>> all() {
    return List.of(
        factory("basicauth", Set.of(), BasicAuthConfig.class, BasicAuthConfig.DEFAULT,
            (s, c) -> new BasicAuthExtension(s.id(), c)),
        factory("headers_setter", Set.of("headerssetter"), HeadersSetterConfig.class, HeadersSetterConfig.DEFAULT,
            (s, c) -> new HeadersSetterExtension(c)),
        factory("oauth2client", Set.of(), OAuth2ClientConfig.class, OAuth2ClientConfig.DEFAULT,
            (s, c) -> new OAuth2ClientExtension(s.id(), c)),
        factory("oidc", Set.of(), OidcConfig.class, OidcConfig.DEFAULT, (s, c) -> new OidcExtension(s.id(), c)));
  }

  private static <C extends ComponentConfig> ExtensionFactory<C> factory(String type, Set<String> aliases,
      Class<C> configType, C defaults, BiFunction<CreateSettings, C, Component> create) {
    return new ExtensionFactory<>() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public Set<String> aliases() {
        return aliases;
      }

      @Override
      public Class<C> configType() {
        return configType;
      }

      @Override
      public C defaultConfig() {
        return defaults;
      }

      @Override
      public Component create(CreateSettings settings, C config) {
        return create.apply(settings, config);
      }
    };
  }
}
