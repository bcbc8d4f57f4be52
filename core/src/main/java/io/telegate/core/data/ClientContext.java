package io.telegate.core.data;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who sent a request: the peer address; when the receiver has {@code include_metadata}, its
 * headers or gRPC metadata (names lower-cased); and what the receiver's authenticator learnt about
 * the sender ({@code auth}: {@code subject}, {@code membership}, ...). Processors read it for
 * {@code from_context} and {@code metadata_keys}; {@code headers_setter} for what it sends on.
 */
public record ClientContext(String address, Map<String, List<String>> metadata, Map<String, String> auth) {

  public static final ClientContext EMPTY = new ClientContext("", Map.of());

  public ClientContext {
    metadata = Map.copyOf(metadata);
    auth = Map.copyOf(auth);
  }

  public ClientContext(String address, Map<String, List<String>> metadata) {
    this(address, metadata, Map.of());
  }

  /** This context with the authenticator's {@code attributes} (none: this one). */
  public ClientContext withAuth(Map<String, String> attributes) {
    return attributes.isEmpty() ? this : new ClientContext(address, metadata, attributes);
  }

  /** The values of a metadata key, matched case-insensitively; empty if absent. */
  public List<String> get(String key) {
    List<String> v = metadata.get(key.toLowerCase(Locale.ROOT));
    return v == null ? List.of() : v;
  }
}
