package io.telegate.core.auth;

/**
 * The {@code auth} block of a server or client ({@code configauth}): which authenticator
 * extension to use.
 *
 * @param authenticator the extension's id, as listed under {@code extensions} and in
 *     {@code service::extensions}
 */
public record AuthConfig(String authenticator) {

  public static final AuthConfig DEFAULT = new AuthConfig(null);
}
