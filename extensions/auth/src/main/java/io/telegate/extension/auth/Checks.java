package io.telegate.extension.auth;

import java.util.List;

/** Config checks the extensions of this module share. */
final class Checks {

  private Checks() {}

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** Adds an error for {@code key} unless {@code value} is an {@code http://} or {@code https://} URL. */
  static void requireHttpUrl(String key, String value, List<String> errors) {
    if (blank(value)) {
      errors.add(key + ": must be set");
      return;
    }
    try {
      java.net.URI u = java.net.URI.create(value);
      if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme())) {
        errors.add(key + ": '" + value + "' is not an http:// or https:// URL");
      }
    } catch (IllegalArgumentException e) {
      errors.add(key + ": '" + value + "' is not a URL: " + e.getMessage());
    }
  }
}
