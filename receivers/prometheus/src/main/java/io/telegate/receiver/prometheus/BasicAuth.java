package io.telegate.receiver.prometheus;

import io.telegate.core.component.ConfigValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A scrape's {@code basic_auth}: Prometheus's keys. Files are read at each scrape, so rotated
 * secrets are picked up.
 *
 * @param username the user
 * @param usernameFile a file holding the user, instead of {@code username}
 * @param password the password
 * @param passwordFile a file holding the password, instead of {@code password}
 */
public record BasicAuth(String username, String usernameFile, String password, String passwordFile)
    implements ConfigValidator {

  public static final BasicAuth DEFAULT = new BasicAuth("", "", "", "");

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (!username.isEmpty() && !usernameFile.isEmpty()) {
      errors.add("at most one of basic_auth username & username_file must be configured");
    }
    if (!password.isEmpty() && !passwordFile.isEmpty()) {
      errors.add("at most one of basic_auth password & password_file must be configured");
    }
    return errors;
  }

  /** The {@code Authorization} header's value. */
  String header() throws IOException {
    String user = usernameFile.isEmpty() ? username : read(usernameFile);
    String pass = passwordFile.isEmpty() ? password : read(passwordFile);
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
  }

  static String read(String file) throws IOException {
    return Files.readString(Path.of(file)).strip();
  }
}
