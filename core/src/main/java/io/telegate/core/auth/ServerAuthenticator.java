package io.telegate.core.auth;

import java.util.function.Function;

/**
 * An extension that decides whether a request a receiver got may pass, from its headers (HTTP) or
 * metadata (gRPC): the Collector's {@code extensionauth.Server}. A receiver names it with
 * {@code auth: {authenticator: <extension id>}}, answers a refused request with 401 /
 * {@code UNAUTHENTICATED}, and puts the attributes of a passed one into the request's client
 * context, where processors read them as {@code auth.<name>}.
 */
public interface ServerAuthenticator {

  /**
   * @param header the first value of a header by its lower-case name, or null
   * @return whether the request may pass and, if so, what the authenticator learnt about its
   *     sender; a refusal's reason is said to the client and never holds a secret
   */
  Verdict authenticate(Function<String, String> header);
}
