package io.telegate.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.transport.tls.ClientTlsConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

  private static final ClientTlsConfig MISSING_CA = new ClientTlsConfig(false, false, "/no/such/ca.pem", null, null,
      null, null, null, "1.2", null, null, java.time.Duration.ZERO, false);

  @Test
  void tlsIsLoadedOnlyForHttpsAndAMissingFileIsNamed() throws Exception {
    HttpClient plain = HttpClients.builder(false, MISSING_CA, Duration.ZERO, GatewayLogger.root()).build();
    assertEquals(Optional.of(HttpClients.DEFAULT_CONNECT_TIMEOUT), plain.connectTimeout(), "0 s: the default");
    assertEquals(HttpClient.Redirect.NEVER, plain.followRedirects());
    IOException e = assertThrows(IOException.class,
        () -> HttpClients.builder(true, MISSING_CA, Duration.ofSeconds(5), GatewayLogger.root()));
    assertTrue(e.getMessage().contains("/no/such/ca.pem"), e.getMessage());
  }

  @Test
  void theSchemeDecides() {
    assertTrue(HttpClients.isHttps(URI.create("HTTPS://loki:3100/x")));
    assertFalse(HttpClients.isHttps(URI.create("http://loki:3100/x")));
    assertFalse(HttpClients.isHttps(null));
  }
}
