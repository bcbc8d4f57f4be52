package io.telegate.extension.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telegate.core.auth.ClientAuthenticator;
import io.telegate.core.component.Component;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.data.ClientContext;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.transport.http.HttpClients;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code oauth2client}: exporters' requests carry an access token got with the client
 * credentials grant. The token is fetched on the first request, kept, and fetched again once it
 * is within {@code expiry_buffer} of its {@code expires_in} (on the injected clock); requests wait
 * for one fetch at a time, never one each. The client authenticates to the token endpoint with
 * HTTP Basic first and, if the endpoint refuses that with 400 or 401, with form parameters, and
 * keeps to whichever worked, as Go's {@code x/oauth2} does. A failed fetch fails the request
 * retryably (the exporter's retry tries again); secrets and tokens are never logged.
 */
final class OAuth2ClientExtension implements Component, ClientAuthenticator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ComponentId id;
  private final OAuth2ClientConfig config;
  private final URI tokenUrl;
  private HttpClient http;
  private Clock clock = Clock.systemUTC();
  private GatewayLogger log = GatewayLogger.root();
  private MetricRegistry.Counter fetched;
  private MetricRegistry.Counter failed;
  /** The {@code Authorization} value and when to fetch another, published together. */
  private record Token(String header, Instant renewAt) {}

  private volatile Token token;
  // Guarded by this.
  private Boolean credentialsInBody;

  OAuth2ClientExtension(ComponentId id, OAuth2ClientConfig config) {
    this.id = id;
    this.config = config;
    this.tokenUrl = URI.create(config.tokenUrl());
  }

  @Override
  public void start(Host host) throws IOException {
    log = host.logger(ComponentKind.EXTENSION, id);
    clock = host.clock();
    http = HttpClients.builder(HttpClients.isHttps(tokenUrl), config.tls(), config.timeout(), log).build();
    fetched = host.metrics().counter("telegate_extension_oauth2client_tokens_fetched",
        "Access tokens fetched from the token endpoint.", "extension", id.toString());
    failed = host.metrics().counter("telegate_extension_oauth2client_token_failures",
        "Token requests that failed (the exporter's request is retried).", "extension", id.toString());
  }

  @Override
  public void authenticate(ClientContext client, RequestHeaders headers) throws IOException {
    headers.set("Authorization", currentHeader());
  }

  /**
   * The {@code Authorization} value, fetching a token first when there is none or it is due.
   * A cached token is read without a lock; requests that find it due wait for one fetch.
   */
  String currentHeader() throws IOException {
    Token t = token;
    if (t != null && clock.instant().isBefore(t.renewAt())) {
      return t.header();
    }
    synchronized (this) {
      t = token;
      if (t != null && clock.instant().isBefore(t.renewAt())) {
        return t.header();
      }
      try {
        t = fetch();
        fetched.inc();
      } catch (IOException e) {
        failed.inc();
        log.rateLimited(GatewayLogger.Level.WARN, "oauth2client-fetch/" + id, Duration.ofSeconds(30),
            "cannot get an access token; requests fail until one is had", null, "token_url", tokenUrl.toString(),
            "error", e.getMessage());
        throw e;
      }
      token = t;
      return t.header();
    }
  }

  private Token fetch() throws IOException {
    String clientId = fromFileOr(config.clientIdFile(), config.clientId(), "client_id_file");
    String secret = fromFileOr(config.clientSecretFile(), config.clientSecret(), "client_secret_file");
    Instant asked = clock.instant();
    HttpResponse<String> r;
    if (credentialsInBody == null) {
      r = post(clientId, secret, false);
      if (r.statusCode() == 400 || r.statusCode() == 401) {
        HttpResponse<String> again = post(clientId, secret, true);
        if (again.statusCode() / 100 == 2) {
          credentialsInBody = true;
        }
        r = again;
      } else if (r.statusCode() / 100 == 2) {
        credentialsInBody = false;
      }
    } else {
      r = post(clientId, secret, credentialsInBody);
    }
    if (r.statusCode() / 100 != 2) {
      throw new IOException("the token endpoint answered " + r.statusCode() + errorOf(r.body()));
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IOException("the token endpoint's answer is not JSON");
    }
    String accessToken = body.path("access_token").asText("");
    if (accessToken.isEmpty()) {
      throw new IOException("the token endpoint's answer has no access_token");
    }
    String type = body.path("token_type").asText("");
    // RFC 6750 writes the scheme "Bearer"; servers often answer "bearer".
    type = type.isEmpty() || type.equalsIgnoreCase("bearer") ? "Bearer" : type;
    long expiresIn = body.path("expires_in").asLong(0);
    Duration buffer = config.expiryBuffer() == null ? OAuth2ClientConfig.DEFAULT_EXPIRY_BUFFER : config.expiryBuffer();
    return new Token(type + " " + accessToken, expiresIn <= 0 ? Instant.MAX : asked.plusSeconds(expiresIn).minus(buffer));
  }

  private HttpResponse<String> post(String clientId, String secret, boolean inBody) throws IOException {
    StringJoiner form = new StringJoiner("&");
    form.add("grant_type=client_credentials");
    if (config.scopes() != null && !config.scopes().isEmpty()) {
      form.add("scope=" + enc(String.join(" ", config.scopes())));
    }
    if (config.endpointParams() != null) {
      for (Map.Entry<String, String> p : config.endpointParams().entrySet()) {
        form.add(enc(p.getKey()) + "=" + enc(p.getValue()));
      }
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(tokenUrl).header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json");
    if (inBody) {
      form.add("client_id=" + enc(clientId)).add("client_secret=" + enc(secret));
    } else {
      // RFC 6749 2.3.1: each part form-encoded, then joined and base64-encoded.
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (enc(clientId) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8)));
    }
    if (config.timeout() != null && !config.timeout().isZero()) {
      b.timeout(config.timeout());
    }
    try {
      return http.send(b.POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking for a token");
    }
  }

  /** The endpoint's {@code error} (RFC 6749 5.2), without its description, which may echo input. */
  private static String errorOf(String body) {
    try {
      String e = JSON.readTree(body).path("error").asText("");
      return e.isEmpty() ? "" : " (" + e + ")";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String fromFileOr(String file, String value, String key) throws IOException {
    if (file == null || file.isBlank()) {
      return value;
    }
    String s = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    if (s.isEmpty()) {
      throw new IOException(key + " " + file + " is empty");
    }
    return s;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void shutdown(Duration timeout) {
  }
}
