package io.telegate.core.auth;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Host;

/** Finds the authenticator extension an {@code auth} block names, for servers and for clients. */
public final class Authenticators {

  private Authenticators() {}

  /**
   * The server authenticator {@code auth} names, or null when it names none.
   *
   * @param path the YAML path of the block, for the error
   * @throws IllegalStateException when the extension is not started or cannot authenticate servers
   */
  public static ServerAuthenticator server(AuthConfig auth, String path, Host host) {
    return find(auth, path, host, ServerAuthenticator.class, "a server authenticator");
  }

  /** The client authenticator {@code auth} names, or null when it names none; see {@link #server}. */
  public static ClientAuthenticator client(AuthConfig auth, String path, Host host) {
    return find(auth, path, host, ClientAuthenticator.class, "a client authenticator");
  }

  private static <A> A find(AuthConfig auth, String path, Host host, Class<A> kind, String what) {
    if (auth == null || auth.authenticator() == null || auth.authenticator().isBlank()) {
      return null;
    }
    return host.requiredExtension(ComponentId.parse(auth.authenticator()), kind, what, path + "::authenticator");
  }
}
