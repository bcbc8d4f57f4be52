package io.telegate.core.component;

import java.util.List;

/** A {@code host:port} endpoint as the Collector writes them; an empty host means all interfaces. */
public record HostPort(String host, int port) {

  /**
   * Parses {@code host:port} ({@code [::1]:4317} for IPv6).
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static HostPort parse(String endpoint) {
    if (endpoint == null) {
      throw new IllegalArgumentException("endpoint must be set (expected: host:port)");
    }
    int colon = endpoint.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' (expected: host:port)");
    }
    String host = endpoint.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(endpoint.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "': port (expected: 0-65535)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "': port " + port + " (expected: 0-65535)");
    }
    return new HostPort(host.isEmpty() ? "0.0.0.0" : host, port);
  }

  /** Adds {@code key: message} to {@code errors} if {@code endpoint} does not parse. */
  public static void validate(String endpoint, String key, List<String> errors) {
    try {
      parse(endpoint);
    } catch (IllegalArgumentException e) {
      errors.add(key + ": " + e.getMessage());
    }
  }
}
