package io.telegate.core.extension;

import io.telegate.core.component.ComponentConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Config of the {@code bearertokenauth} extension, with the Collector's keys.
 *
 * @param scheme what precedes the token in the header ({@code Bearer}); empty sends the bare token
 * @param token the token, inline
 * @param tokens several accepted tokens (a server accepts any of them; rotation)
 * @param filename a file holding the token, read at start and again whenever it changes
 * @param header the header that carries it ({@code Authorization})
 */
public record BearerTokenAuthConfig(String scheme, String token, List<String> tokens, String filename, String header)
    implements ComponentConfig {

  public static final BearerTokenAuthConfig DEFAULT =
      new BearerTokenAuthConfig("Bearer", null, List.of(), null, "Authorization");

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    int given = (set(token) ? 1 : 0) + (tokens != null && !tokens.isEmpty() ? 1 : 0) + (set(filename) ? 1 : 0);
    if (given != 1) {
      errors.add("set exactly one of token, tokens and filename" + (given == 0 ? " (none is set)" : ""));
    }
    if (tokens != null && tokens.stream().anyMatch(t -> !set(t))) {
      errors.add("tokens: must not hold an empty token");
    }
    if (!set(header)) {
      errors.add("header: must not be empty");
    }
    return errors;
  }

  static boolean set(String s) {
    return s != null && !s.isBlank();
  }
}
