package io.telegate.core.auth;

import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.ConfigValidator;
import io.telegate.core.component.ValidationContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code auth} block of a server or client ({@code configauth}): which authenticator
 * extension to use. A receiver's names a server authenticator, an exporter's a client one; both
 * are checked with the rest of the config, so {@code telegate validate} refuses a wrong one.
 *
 * @param authenticator the extension's id, as listed under {@code extensions} and in
 *     {@code service::extensions}
 */
public record AuthConfig(String authenticator) implements ConfigValidator {

  public static final AuthConfig DEFAULT = new AuthConfig(null);

  @Override
  public List<String> validate() {
    return List.of();
  }

  @Override
  public List<String> validate(ValidationContext context) {
    List<String> errors = new ArrayList<>();
    if (authenticator == null || authenticator.isBlank()) {
      return errors;
    }
    String problem = context.kind() == ComponentKind.RECEIVER
        ? context.checkExtension("authenticator", authenticator, ServerAuthenticator.class, "a server authenticator")
        : context.checkExtension("authenticator", authenticator, ClientAuthenticator.class, "a client authenticator");
    if (problem != null) {
      errors.add(problem);
    }
    return errors;
  }
}
