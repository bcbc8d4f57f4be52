package io.telegate.exporter.otlp;

import io.telegate.transport.tls.ClientTlsMaterial;
import io.telegate.core.telemetry.GatewayLogger;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;

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
      HttpClient.Builder b = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_2)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(config.timeout().isZero() ? Duration.ofSeconds(30) : config.timeout());
      ClientTlsMaterial.configure(b, config.tls());
      if (config.tls().insecureSkipVerify()) {
        log.warn("tls.insecure_skip_verify is set: the server's certificate is not checked");
      }
      client = b.build();
    }
    return client;
  }
}
