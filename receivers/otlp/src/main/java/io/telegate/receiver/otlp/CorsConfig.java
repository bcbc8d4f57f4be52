package io.telegate.receiver.otlp;

import io.telegate.core.component.ConfigValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * Cross-origin requests to the HTTP endpoint, with the Collector's {@code cors} keys. No allowed
 * origin means CORS is off.
 *
 * @param allowedOrigins origins allowed to send, each possibly with one {@code *} wildcard ({@code
 *     https://*.example.com}); {@code *} alone allows every origin
 * @param allowedHeaders request headers allowed besides the CORS-safelisted ones and {@code
 *     X-Requested-With}; {@code *} allows any
 * @param exposedHeaders response headers a browser script may read
 * @param maxAge seconds a browser may cache a preflight answer; 0 leaves it out
 */
public record CorsConfig(
    List<String> allowedOrigins, List<String> allowedHeaders, List<String> exposedHeaders, int maxAge) implements ConfigValidator {

  public static final CorsConfig DEFAULT = new CorsConfig(List.of(), List.of(), List.of(), 0);

  public CorsConfig {
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    allowedHeaders = allowedHeaders == null ? List.of() : List.copyOf(allowedHeaders);
    exposedHeaders = exposedHeaders == null ? List.of() : List.copyOf(exposedHeaders);
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < allowedOrigins.size(); i++) {
      String o = allowedOrigins.get(i);
      if (o.indexOf('*') != o.lastIndexOf('*')) {
        errors.add("allowed_origins[" + i + "]: '" + o + "' has more than one '*' (expected at most one)");
      }
    }
    if (maxAge < 0) {
      errors.add("max_age: must not be negative, got " + maxAge);
    }
    return errors;
  }

  boolean enabled() {
    return !allowedOrigins.isEmpty();
  }
}
