package io.telegate.exporter.prometheusremotewrite;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Metrics;
import io.telegate.core.exporter.OrderedLanes;
import io.telegate.core.exporter.Sender;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry.Counter;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.time.Scheduler;
import io.telegate.translator.prometheus.RemoteWriteTranslator;
import io.telegate.translator.prometheus.Translation;
import io.telegate.transport.http.HttpClients;
import io.telegate.transport.http.HttpFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.xerial.snappy.Snappy;

/**
 * Sends metrics as Prometheus remote write 1.0: translates each encoded OTLP request straight into
 * {@code WriteRequest} bytes ({@link RemoteWriteTranslator}), its series sharded by label hash onto
 * ordered lanes ({@link OrderedLanes}) and split into requests of at most {@code
 * max_batch_size_bytes}, compresses them with snappy and POSTs them. 5xx and 429 are retryable (429 and 503 with their {@code Retry-After}), other 4xx
 * permanent with the server's message.
 */
public final class RemoteWriteSender implements Sender<Metrics> {

  static final String USER_AGENT = "Telegate/0.1.0";
  private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
  private static final int MAX_LOGGED_METRICS = 10_000;
  private static final int MAX_MESSAGE = 512;

  private final ComponentId id;
  private final RemoteWriteExporterConfig config;
  private final RemoteWriteTranslator translator;
  private final URI endpoint;
  private final Map<String, String> headers;
  private final int maxBytes;
  private final Duration resendWait;
  private volatile OrderedLanes<byte[]> lanes;
  private final Set<String> loggedDrops = ConcurrentHashMap.newKeySet();
  private volatile HttpClient client;
  private GatewayLogger log = GatewayLogger.root();
  private java.time.Clock clock = java.time.Clock.systemUTC();
  private Counter translatedSeries;
  private Counter sentBatches;
  private Counter rejectedRequests;
  private final Map<Translation.DropReason, Counter> dropped = new EnumMap<>(Translation.DropReason.class);

  /** @param scheduler the lanes' timer; null takes the host's at start */
  public RemoteWriteSender(ComponentId id, RemoteWriteExporterConfig config, Scheduler scheduler) {
    this.id = id;
    this.config = config;
    this.translator = new RemoteWriteTranslator(config.translatorSettings());
    this.endpoint = URI.create(config.effectiveEndpoint());
    this.headers = config.effectiveHeaders();
    this.maxBytes = config.effectiveMaxBatchSizeBytes();
    this.resendWait = OrderedLanes.resendWait(config.retryOnFailure(), config.timeout());
    this.lanes = scheduler == null ? null : lanes(scheduler);
  }

  private OrderedLanes<byte[]> lanes(Scheduler scheduler) {
    return new OrderedLanes<>(Math.max(1, config.effectiveQueue().numConsumers()), this::post, scheduler, resendWait,
        config.retryOnFailure().enabled(), this::droppedRequests);
  }

  private volatile io.telegate.transport.auth.ClientCredentials credentials =
      io.telegate.transport.auth.ClientCredentials.none();

  @Override
  public void start(Host host) throws Exception {
    log = host.logger(ComponentKind.EXPORTER, id);
    clock = host.clock();
    credentials = io.telegate.transport.auth.ClientCredentials.resolve(config.auth(), "exporters::" + id + "::auth",
        host);
    if (lanes == null) {
      lanes = lanes(host.scheduler());
    }
    MetricRegistry m = host.metrics();
    String e = id.toString();
    translatedSeries = m.counter("otelcol_exporter_prometheusremotewrite_translated_time_series",
        "Time series translated from OTLP.", "exporter", e);
    sentBatches = m.counter("otelcol_exporter_prometheusremotewrite_sent_batches",
        "Remote write requests accepted by the backend.", "exporter", e);
    rejectedRequests = m.counter("otelcol_exporter_prometheusremotewrite_dropped_requests",
        "Remote write requests given up: refused by the backend (4xx) or not retried.", "exporter", e);
    for (Translation.DropReason r : Translation.DropReason.values()) {
      dropped.put(r, m.counter("otelcol_exporter_prometheusremotewrite_dropped_data_points",
          "OTLP data points that cannot be written as Prometheus series (delta temporality, "
              + "exponential histogram scale below -4).", "exporter", e, "reason", r.label()));
    }
    client = HttpClients.proxy(HttpClients.builder(HttpClients.isHttps(endpoint), config.effectiveTls(),
        config.timeout(), log), config.proxyUrl())
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public CompletableFuture<Void> send(Metrics data) {
    if (client == null) {
      return CompletableFuture.failedFuture(ConsumerException.retryable("remote write sender not started"));
    }
    return lanes.submit(data, () -> {
      try {
        return encode(data);
      } catch (RuntimeException e) {
        throw ConsumerException.permanent("cannot translate metrics: " + e, e);
      } finally {
        // The lanes hold the encoded WriteRequests for retries; the parsed request is not needed again.
        data.dropParsed();
      }
    });
  }

  /** Translates and splits one OTLP request into each lane's WriteRequests, from its encoded bytes. */
  List<List<byte[]>> encode(Metrics data) {
    RemoteWriteTranslator.Result t = translator.translate(data, lanes.laneCount(), maxBytes, config.sendMetadata());
    for (Translation.Drop d : t.drops()) {
      dropped.get(d.reason()).add(d.points());
      if (loggedDrops.size() < MAX_LOGGED_METRICS && loggedDrops.add(d.reason() + "/" + d.metric())) {
        log.warn(dropMessage(d.reason()), "metric", d.metric(), "data_points", d.points());
      }
    }
    translatedSeries.add(t.seriesCount());
    return t.lanes();
  }

  private static String dropMessage(Translation.DropReason r) {
    return switch (r) {
      case DELTA_TEMPORALITY -> "dropping a metric with delta temporality: Prometheus takes only cumulative sums "
          + "and histograms (set the SDK's temporality preference to cumulative, or add a deltatocumulative step); "
          + "logged once per metric";
      case EXPONENTIAL_HISTOGRAM_SCALE -> "dropping exponential histogram points with a scale below -4, which "
          + "native histograms cannot represent; logged once per metric";
      default -> "dropping a metric that has no data points of a known type; logged once per metric";
    };
  }

  private void droppedRequests(List<byte[]> requests, ConsumerException cause) {
    if (rejectedRequests != null) {
      rejectedRequests.add(requests.size());
    }
    log.rateLimited(GatewayLogger.Level.ERROR, "prw-drop/" + id, LOG_INTERVAL,
        "remote write requests dropped", null, "error", cause.getMessage(), "requests", requests.size());
  }

  /** One POST of one encoded WriteRequest. */
  private CompletableFuture<Void> post(byte[] writeRequest) {
    byte[] body;
    try {
      body = Snappy.compress(writeRequest);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(ConsumerException.permanent("snappy failed: " + e.getMessage(), e));
    }
    HttpRequest.Builder r = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!config.timeout().isZero()) {
      r.timeout(config.timeout());
    }
    try {
      // A write request mixes the series of many senders: no one client's context applies.
      credentials.headers(io.telegate.core.data.ClientContext.EMPTY, headers).forEach((k, v) -> {
        if (!isReserved(k)) {
          r.header(k, v);
        }
      });
    } catch (ConsumerException e) {
      return CompletableFuture.failedFuture(e);
    }
    r.header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0").header("User-Agent", USER_AGENT);
    return client.sendAsync(r.build(), HttpResponse.BodyHandlers.ofString()).handle((resp, err) -> {
      if (err != null) {
        throw ConsumerException.retryable("remote write to " + endpoint + " failed: " + err, err);
      }
      int status = resp.statusCode();
      if (status / 100 == 2) {
        sentBatches.inc();
        return null;
      }
      String excerpt = HttpFailure.excerpt(resp.body(), MAX_MESSAGE);
      String message = "remote write to " + endpoint + " answered " + status + ": " + excerpt;
      boolean retryable = HttpFailure.pushRetryable(status);
      if (!retryable) {
        log.rateLimited(GatewayLogger.Level.ERROR, "prw-4xx/" + id, LOG_INTERVAL,
            "remote write refused the request; it will not be retried", null, "status", status, "message", excerpt);
      }
      throw HttpFailure.of(message, retryable, resp.headers().firstValue("Retry-After").orElse(null), clock.instant());
    });
  }

  private static boolean isReserved(String header) {
    return header.equalsIgnoreCase("Content-Encoding") || header.equalsIgnoreCase("Content-Type")
        || header.equalsIgnoreCase("X-Prometheus-Remote-Write-Version") || header.equalsIgnoreCase("User-Agent")
        || header.equalsIgnoreCase("Content-Length") || header.equalsIgnoreCase("Host");
  }


  @Override
  public void shutdown() {
    OrderedLanes<byte[]> l = lanes;
    if (l != null) {
      l.close();
    }
  }
}
