package io.telegate.exporter.otlp;

import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.transport.http.HttpClients;
import java.io.IOException;
import java.net.http.HttpClient;

/**
 * The one HTTP client of an {@code otlphttp} exporter id, shared by its signals (one connection
 * pool). Built when the first sender starts.
 */
final class SharedHttpClient {

  private final OtlpHttpExporterConfig config;
  // Guarded by this.
  private HttpClient client;

  SharedHttpClient(OtlpHttpExporterConfig config) {
    this.config = config;
  }

  synchronized HttpClient acquire(GatewayLogger log) throws IOException {
    if (client == null) {
      // Any signal's URL may be https://, so TLS is always set up; HTTP/2 where the server offers it.
      client = HttpClients.proxy(HttpClients.builder(true, config.tls(), config.timeout(), log), config.proxyUrl())
          .version(HttpClient.Version.HTTP_2).build();
    }
    return client;
  }
}
