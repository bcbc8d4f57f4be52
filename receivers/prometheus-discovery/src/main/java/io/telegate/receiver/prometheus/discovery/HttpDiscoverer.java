package io.telegate.receiver.prometheus.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.telegate.core.telemetry.Secrets;
import io.telegate.transport.http.HttpClients;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Polls an {@code http_sd_configs} URL every {@code refresh_interval} for Prometheus's HTTP SD
 * format (a JSON list of {@code {targets, labels}}, {@code application/json}, status 200). Each
 * group has source {@code url:index} and the label {@code __meta_url}; a failed request, another
 * status or a body not in the format keeps the last good groups.
 */
final class HttpDiscoverer extends RefreshingDiscoverer {

  static final String META_URL = "__meta_url";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JSON_TYPE =
      Pattern.compile("(?i)^application/json(;\\s*charset=(\"utf-8\"|utf-8))?$");

  private final HttpSdConfig config;
  private HttpClient client;

  HttpDiscoverer(String name, DiscoveryContext ctx, HttpSdConfig config) {
    super(name, ctx, config.refreshInterval());
    this.config = config;
  }

  @Override
  protected Collection<TargetGroup> refresh() throws IOException, InterruptedException {
    if (client == null) {
      client = config.http().clientBuilder(HttpClients.isHttps(config.url()), config.refreshInterval(), log).build();
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(config.url()).GET()
        .timeout(config.refreshInterval())
        .header("Accept", "application/json")
        .header("User-Agent", "Telegate")
        .header("X-Prometheus-Refresh-Interval-Seconds", Long.toString(config.refreshInterval().toSeconds()));
    config.http().authorize(request);
    HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    String url = config.url().toString();
    if (response.statusCode() != 200) {
      throw new IOException("server returned HTTP status " + response.statusCode() + " for " + Secrets.redactText(url));
    }
    String type = response.headers().firstValue("Content-Type").orElse("").strip();
    if (!JSON_TYPE.matcher(type).matches()) {
      throw new IOException("unsupported content type '" + type + "' (expected: application/json)");
    }
    Object doc = JSON.readValue(response.body(), Object.class);
    return GroupFormat.read(doc, url, Map.of(META_URL, url));
  }

  @Override
  protected void onClose() {
    HttpClient c = client;
    if (c instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // Only releases the client's selector thread.
      }
    }
  }
}
