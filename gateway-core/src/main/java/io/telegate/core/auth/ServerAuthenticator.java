package io.telegate.core.auth;

import java.util.function.Function;

/**
 * An extension that decides whether a request a receiver got may pass, from its headers (HTTP) or
 * metadata (gRPC): the Collector's {@code extensionauth.Server}. A receiver names it with
 * {@code auth: {authenticator: <extension id>}} and answers a refused request with 401 /
 * {@code UNAUTHENTICATED}.
 */
public interface ServerAuthenticator {

  /**
   * @param header the first value of a header by its lower-case name, or null
   * @return null when the request may pass, else why not (said to the client; never a secret)
   */
  String authenticate(Function<String, String> header);
}
