package io.telegate.extension.auth;

import io.telegate.core.auth.ClientAuthenticator;
import io.telegate.core.component.Component;
import io.telegate.core.component.Host;
import io.telegate.core.data.ClientContext;
import java.time.Duration;
import java.util.List;

/**
 * {@code headers_setter}: sets headers on each request an exporter sends. A {@code from_context}
 * header takes the first value of that key in the metadata of the request the data came in with
 * (the receiver's {@code include_metadata}), or an {@code auth.<name>} attribute of its sender;
 * so a tenant header can pass from client to backend. The context survives a batch processor only
 * for keys it partitions by ({@code metadata_keys}), as in the Collector.
 */
final class HeadersSetterExtension implements Component, ClientAuthenticator {

  private final List<HeadersSetterConfig.Header> headers;

  HeadersSetterExtension(HeadersSetterConfig config) {
    this.headers = List.copyOf(config.headers());
  }

  @Override
  public void start(Host host) {
  }

  @Override
  public void authenticate(ClientContext client, RequestHeaders out) {
    for (HeadersSetterConfig.Header h : headers) {
      HeadersSetterConfig.Action action = h.parsedAction();
      if (action == HeadersSetterConfig.Action.DELETE) {
        out.remove(h.key());
        continue;
      }
      String value = h.value() != null ? h.value() : fromContext(client, h.fromContext());
      if (value == null) {
        value = h.defaultValue();
      }
      if (value == null) {
        continue;
      }
      boolean present = out.get(h.key()) != null;
      if (action == HeadersSetterConfig.Action.UPSERT || (action == HeadersSetterConfig.Action.INSERT) != present) {
        out.set(h.key(), value);
      }
    }
  }

  private static String fromContext(ClientContext client, String key) {
    if (key.startsWith("auth.")) {
      return client.auth().get(key.substring("auth.".length()));
    }
    List<String> values = client.get(key);
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public void shutdown(Duration timeout) {
  }
}
