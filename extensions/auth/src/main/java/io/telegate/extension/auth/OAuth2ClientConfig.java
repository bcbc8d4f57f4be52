package io.telegate.extension.auth;

import io.telegate.core.component.ComponentConfig;
import io.telegate.transport.tls.ClientTlsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Config of the {@code oauth2client} extension, with the Collector's keys: the OAuth 2.0 client
 * credentials grant (RFC 6749, section 4.4) for exporters.
 *
 * @param clientId the client's identifier
 * @param clientIdFile a file holding it, read again whenever a new token is fetched (wins over
 *     {@code client_id})
 * @param clientSecret the client's secret
 * @param clientSecretFile a file holding it, read again whenever a new token is fetched (wins over
 *     {@code client_secret})
 * @param tokenUrl the token endpoint
 * @param scopes the scopes asked for
 * @param endpointParams more form parameters for the token request ({@code audience}, ...)
 * @param tls client TLS towards the token endpoint
 * @param timeout how long one token request may take; 0: no bound but the connect timeout
 * @param expiryBuffer how long before its expiry a token is replaced
 */
public record OAuth2ClientConfig(
    String clientId, String clientIdFile, String clientSecret, String clientSecretFile, String tokenUrl,
    List<String> scopes, Map<String, String> endpointParams, ClientTlsConfig tls, Duration timeout,
    Duration expiryBuffer) implements ComponentConfig {

  public static final Duration DEFAULT_EXPIRY_BUFFER = Duration.ofMinutes(5);

  public static final OAuth2ClientConfig DEFAULT = new OAuth2ClientConfig(null, null, null, null, null, List.of(),
      Map.of(), ClientTlsConfig.DEFAULT, Duration.ZERO, DEFAULT_EXPIRY_BUFFER);

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    if (Checks.blank(clientId) && Checks.blank(clientIdFile)) {
      errors.add("client_id: set client_id or client_id_file");
    }
    if (Checks.blank(clientSecret) && Checks.blank(clientSecretFile)) {
      errors.add("client_secret: set client_secret or client_secret_file");
    }
    Checks.requireHttpUrl("token_url", tokenUrl, errors);
    if (timeout != null && timeout.isNegative()) {
      errors.add("timeout: must not be negative");
    }
    if (expiryBuffer != null && expiryBuffer.isNegative()) {
      errors.add("expiry_buffer: must not be negative");
    }
    return errors;
  }
}
