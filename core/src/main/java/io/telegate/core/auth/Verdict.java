package io.telegate.core.auth;

import java.util.Map;

/**
 * What a {@link ServerAuthenticator} decided about one request.
 *
 * @param refusal why the request is refused, or null when it passes
 * @param attributes what is known about the sender of a passed request ({@code subject},
 *     {@code membership}, {@code username}, ...), read by processors as {@code auth.<name>}
 */
public record Verdict(String refusal, Map<String, String> attributes) {

  private static final Verdict PASSED = new Verdict(null, Map.of());

  public Verdict {
    attributes = Map.copyOf(attributes);
  }

  public static Verdict pass() {
    return PASSED;
  }

  public static Verdict pass(Map<String, String> attributes) {
    return attributes.isEmpty() ? PASSED : new Verdict(null, attributes);
  }

  public static Verdict refuse(String reason) {
    return new Verdict(reason, Map.of());
  }

  public boolean passed() {
    return refusal == null;
  }
}
