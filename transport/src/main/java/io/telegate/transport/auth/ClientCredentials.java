package io.telegate.transport.auth;

import io.telegate.core.auth.AuthConfig;
import io.telegate.core.auth.Authenticators;
import io.telegate.core.auth.ClientAuthenticator;
import io.telegate.core.component.Host;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.ClientContext;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An exporter's {@code auth}: the client authenticator it names, applied to each request it
 * sends, over HTTP or gRPC alike. Without {@code auth} a request has the exporter's own headers.
 */
public final class ClientCredentials {

  private static final ClientCredentials NONE = new ClientCredentials(null);

  private final ClientAuthenticator authenticator;

  private ClientCredentials(ClientAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  /**
   * The credentials {@code auth} names; call at start, when extensions are running.
   *
   * @param path the YAML path of the {@code auth} block, for the error
   * @throws IllegalStateException when it names no started client authenticator
   */
  public static ClientCredentials resolve(AuthConfig auth, String path, Host host) {
    ClientAuthenticator a = Authenticators.client(auth, path, host);
    return a == null ? NONE : new ClientCredentials(a);
  }

  /** True without an authenticator: {@link #headers} gives back the exporter's headers. */
  public boolean isEmpty() {
    return authenticator == null;
  }

  /** No authenticator: {@link #headers} gives back the exporter's headers. */
  public static ClientCredentials none() {
    return NONE;
  }

  /**
   * The headers of one request: the exporter's {@code configured} headers as the authenticator
   * edited them for data sent by {@code client} (the same map, untouched, without one).
   *
   * @throws ConsumerException retryable, when no credential can be had now (a token endpoint down)
   */
  public Map<String, String> headers(ClientContext client, Map<String, String> configured) {
    if (authenticator == null) {
      return configured;
    }
    Edit edit = new Edit(configured);
    try {
      authenticator.authenticate(client == null ? ClientContext.EMPTY : client, edit);
    } catch (IOException | RuntimeException e) {
      throw ConsumerException.retryable("cannot authenticate the request: " + e.getMessage(), e);
    }
    return Collections.unmodifiableMap(edit.byName);
  }

  /** Headers matched by name whatever the case, each keeping the spelling it was last set with. */
  private static final class Edit implements ClientAuthenticator.RequestHeaders {
    private final Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    Edit(Map<String, String> configured) {
      configured.forEach(this::set);
    }

    @Override
    public String get(String name) {
      return byName.get(name);
    }

    @Override
    public void set(String name, String value) {
      byName.remove(name); // so that the entry takes this spelling
      byName.put(name, value);
    }

    @Override
    public void remove(String name) {
      byName.remove(name);
    }
  }
}
