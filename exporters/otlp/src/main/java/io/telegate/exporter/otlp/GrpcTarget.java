package io.telegate.exporter.otlp;

import io.telegate.core.component.HostPort;
import java.util.Locale;

/**
 * The gRPC exporter's {@code endpoint} as grpc-java needs it: {@code host:port} or {@code
 * dns:///host:port}, with the Collector's {@code http://} and {@code https://} prefixes stripped
 * ({@code https://} turns TLS on whatever {@code tls.insecure} says).
 *
 * @param target the grpc-java target; both forms resolve through DNS, and the balancer spreads
 *     calls over every address the name resolves to
 * @param forceTls the endpoint was written as {@code https://}
 */
record GrpcTarget(String target, boolean forceTls) {

  private static final String DNS = "dns:///";

  /**
   * Parses an endpoint.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  static GrpcTarget parse(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("must be set (expected: host:port, dns:///host:port or https://host:port)");
    }
    String e = endpoint.strip();
    String lower = e.toLowerCase(Locale.ROOT);
    boolean tls = false;
    if (lower.startsWith("https://")) {
      e = e.substring("https://".length());
      tls = true;
    } else if (lower.startsWith("http://")) {
      e = e.substring("http://".length());
    } else if (lower.startsWith("unix:")) {
      throw new IllegalArgumentException("'" + endpoint + "': unix sockets are not supported by Telegate yet");
    }
    if (e.endsWith("/")) {
      e = e.substring(0, e.length() - 1);
    }
    String hostPort = e.toLowerCase(Locale.ROOT).startsWith(DNS) ? e.substring(DNS.length()) : e;
    if (hostPort.contains("/")) {
      throw new IllegalArgumentException("'" + endpoint + "' (expected: host:port, dns:///host:port or https://host:port;"
          + " a path is not allowed)");
    }
    HostPort hp;
    try {
      hp = HostPort.parse(hostPort);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("'" + endpoint + "' (expected: host:port, dns:///host:port or https://host:port)");
    }
    if (hp.port() == 0 || hostPort.startsWith(":")) {
      throw new IllegalArgumentException("'" + endpoint + "' (expected: a host and a port 1-65535)");
    }
    return new GrpcTarget(e, tls);
  }
}
