package io.telegate.core.auth;

import io.telegate.core.data.ClientContext;
import java.io.IOException;

/**
 * An extension that gives an exporter's requests their credentials, as headers (HTTP) or metadata
 * (gRPC): the Collector's {@code extensionauth.HTTPClient} / {@code GRPCClient}. An exporter names
 * it with {@code auth: {authenticator: <extension id>}} and calls it once per request it sends.
 */
public interface ClientAuthenticator {

  /**
   * Edits the headers of one request, which hold the exporter's own {@code headers} when called.
   * Called on the sending thread: it may block only as long as fetching a credential takes (a
   * token endpoint), and should answer from a cache.
   *
   * @param client who sent the data being exported (its metadata, for {@code headers_setter});
   *     empty when the request mixes the data of many senders
   * @throws IOException when no credential can be had now; the send fails and is retried
   */
  void authenticate(ClientContext client, RequestHeaders headers) throws IOException;

  /** The headers of a request being built, by case-insensitive name. */
  interface RequestHeaders {
    /** The value of a header, or null. */
    String get(String name);

    void set(String name, String value);

    void remove(String name);
  }
}
