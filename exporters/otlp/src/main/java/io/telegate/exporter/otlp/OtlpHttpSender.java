package io.telegate.exporter.otlp;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.OtlpJsonWriter;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.exporter.Sender;
import io.telegate.core.telemetry.HttpMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One OTLP/HTTP export request: the request's wire bytes as they are (or OTLP/JSON), compressed,
 * POSTed to the signal's URL; the response status mapped with {@link HttpFailures}.
 */
final class OtlpHttpSender<T extends TelemetryData<?>> implements Sender<T> {

  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  private final ComponentId id;
  private final Signal signal;
  private final OtlpHttpExporterConfig config;
  private final SharedHttpClient shared;
  private final URI url;
  private volatile HttpClient client;
  private PartialSuccessRecorder partial;
  private Clock clock = Clock.systemUTC();
  /** The {@code http_client_*} histograms, or null below level {@code detailed}. */
  private volatile HttpMetrics metrics;
  private volatile io.telegate.transport.auth.ClientCredentials credentials =
      io.telegate.transport.auth.ClientCredentials.none();

  OtlpHttpSender(ComponentId id, Signal signal, OtlpHttpExporterConfig config, SharedHttpClient shared) {
    this.id = id;
    this.signal = signal;
    this.config = config;
    this.shared = shared;
    this.url = config.url(signal);
  }

  @Override
  public void start(Host host) throws Exception {
    partial = new PartialSuccessRecorder(host, id, signal);
    clock = host.clock();
    metrics = HttpMetrics.client(host.metrics());
    credentials = io.telegate.transport.auth.ClientCredentials.resolve(config.auth(), "exporters::" + id + "::auth",
        host);
    client = shared.acquire(host.logger(ComponentKind.EXPORTER, id));
  }

  @Override
  public CompletableFuture<Void> send(T data) {
    HttpClient c = client;
    if (c == null) {
      return CompletableFuture.failedFuture(ConsumerException.retryable("exporter " + id + " is not started"));
    }
    boolean json = config.encoding() == OtlpHttpExporterConfig.Encoding.JSON;
    byte[] body = config.compression().compress(json ? OtlpJsonWriter.write(data.request()) : data.encoded());
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .header("Content-Type", json ? JSON : PROTOBUF)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if ("http".equalsIgnoreCase(url.getScheme())) {
      // Plaintext HTTP/2 would mean an h2c upgrade attempt that OTLP servers rarely offer.
      request.version(HttpClient.Version.HTTP_1_1);
    }
    if (config.compression().encoding() != null) {
      request.header("Content-Encoding", config.compression().encoding());
    }
    try {
      for (Map.Entry<String, String> h : credentials.headers(data.client(), config.headers()).entrySet()) {
        request.setHeader(h.getKey(), h.getValue());
      }
    } catch (ConsumerException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<HttpResponse<byte[]>> call;
    try {
      call = c.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(ConsumerException.retryable("cannot send: " + e.getMessage(), e));
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    long start = System.nanoTime();
    HttpMetrics histograms = metrics;
    call.whenComplete((response, error) -> {
      if (histograms != null && response != null) {
        histograms.record("POST", response.statusCode(), url.getScheme(), System.nanoTime() - start, body.length,
            response.body() == null ? 0 : response.body().length);
      }
      if (error != null) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause() : error;
        // Connection refused, reset, TLS handshake failures: the backend may come back.
        result.completeExceptionally(ConsumerException.retryable(
            "cannot reach " + url + ": " + describe(cause), cause));
      } else if (response.statusCode() / 100 == 2) {
        recordPartialSuccess(response);
        result.complete(null);
      } else {
        result.completeExceptionally(
            HttpFailures.from(response.statusCode(), response.headers(), response.body(), clock.instant()));
      }
    });
    result.whenComplete((v, t) -> {
      if (t != null && !call.isDone()) {
        // The helper gave up on this attempt (timeout, shutdown): abort the exchange.
        call.cancel(true);
      }
    });
    return result;
  }

  private void recordPartialSuccess(HttpResponse<byte[]> response) {
    byte[] body = response.body();
    if (body == null || body.length == 0) {
      return;
    }
    String type = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
    if (type.startsWith(JSON)) {
      partial.recordJson(new String(body, StandardCharsets.UTF_8));
    } else {
      partial.recordProto(body);
    }
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
