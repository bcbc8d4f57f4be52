package io.telegate.extension.auth;

import io.telegate.core.component.ComponentConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Config of the {@code basicauth} extension, with the Collector's keys. As a server authenticator
 * it checks HTTP Basic credentials against an htpasswd file or inline lines; as a client
 * authenticator it sends {@code client_auth}'s.
 *
 * @param htpasswd the accepted users (server side)
 * @param clientAuth the credentials to send (client side)
 */
public record BasicAuthConfig(Htpasswd htpasswd, ClientAuth clientAuth) implements ComponentConfig {

  public static final BasicAuthConfig DEFAULT = new BasicAuthConfig(null, null);

  /**
   * @param file an htpasswd file: {@code user:hash} lines, bcrypt ({@code htpasswd -B}), Apache
   *     MD5 ({@code $apr1$}), SHA-256/512 crypt ({@code $5$}, {@code $6$}), {@code {SHA}} or plain
   * @param inline the same lines inline; both may be given
   */
  public record Htpasswd(String file, String inline) {}

  /** @param username who to send; @param password their password */
  public record ClientAuth(String username, String password) {}

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (htpasswd == null && clientAuth == null) {
      errors.add("set htpasswd (to check clients) or client_auth (to send credentials), or both");
    }
    if (htpasswd != null && Checks.blank(htpasswd.file()) && Checks.blank(htpasswd.inline())) {
      errors.add("htpasswd: set file or inline");
    }
    if (clientAuth != null && Checks.blank(clientAuth.username())) {
      errors.add("client_auth::username: must not be empty");
    }
    if (clientAuth != null && clientAuth.username() != null && clientAuth.username().contains(":")) {
      errors.add("client_auth::username: must not contain ':' (RFC 7617)");
    }
    return errors;
  }
}
