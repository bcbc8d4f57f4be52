package io.telegate.receiver.prometheus;

import io.telegate.core.component.ConfigValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A scrape's {@code authorization}: the {@code Authorization} header, Prometheus's keys.
 *
 * @param type the scheme ({@code Bearer}); {@code Basic} is refused (use {@code basic_auth})
 * @param credentials the credentials
 * @param credentialsFile a file holding them, read at each scrape
 */
public record Authorization(String type, String credentials, String credentialsFile) implements ConfigValidator {

  public static final Authorization DEFAULT = new Authorization("Bearer", "", "");

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (type.equalsIgnoreCase("basic")) {
      errors.add("type: authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
    }
    if (!credentials.isEmpty() && !credentialsFile.isEmpty()) {
      errors.add("at most one of authorization credentials & credentials_file must be configured");
    }
    return errors;
  }

  String header() throws IOException {
    String c = credentialsFile.isEmpty() ? credentials : BasicAuth.read(credentialsFile);
    return type.strip() + " " + c;
  }
}
