package io.telegate.extension.auth;

import io.telegate.core.auth.ClientAuthenticator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Request headers for client authenticator tests, by lower-cased name. */
final class Headers implements ClientAuthenticator.RequestHeaders {
  final Map<String, String> map = new LinkedHashMap<>();

  Headers with(String name, String value) {
    set(name, value);
    return this;
  }

  @Override
  public String get(String name) {
    return map.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public void set(String name, String value) {
    map.put(name.toLowerCase(Locale.ROOT), value);
  }

  @Override
  public void remove(String name) {
    map.remove(name.toLowerCase(Locale.ROOT));
  }
}
