package io.telegate.exporter.loki;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Logs;
import io.telegate.core.exporter.OrderedLanes;
import io.telegate.core.exporter.Sender;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.telemetry.MetricRegistry.Counter;
import io.telegate.transport.http.HttpClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt to push one batch of logs to Loki: translate it into streams, split the streams into
 * push requests by tenant and ordered lane, and POST each one through its lane.
 *
 * <p>Ordering and partial retries are core's {@link OrderedLanes}: a batch whose parts partly got
 * through is retried by the exporter helper with the same object, and the parts Loki already took
 * are not sent again; a part waiting for its retry holds its lane, so one stream's pushes stay in
 * order. The attempt fails retryably (throttled by the longest {@code Retry-After}) while any part
 * waits for a retry, permanently when Loki refused a part for good, and succeeds when every part was
 * delivered.
 */
final class LokiSender implements Sender<Logs> {

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  private final ComponentId id;
  private final LokiExporterConfig config;
  private final URI url;
  private final int laneCount;
  private volatile OrderedLanes<PushPart> lanes;
  private final AtomicBoolean truncationLogged = new AtomicBoolean();
  private final AtomicBoolean streamCapLogged = new AtomicBoolean();

  private volatile HttpClient client;
  private ExecutorService executor;
  private GatewayLogger log = GatewayLogger.root();
  private Clock clock = Clock.systemUTC();
  private LokiWireTranslator translator;
  private Counter missingLabels;
  private Counter truncatedValues;
  private Counter deferredStreams;
  private final Map<LokiFailures.Reason, Counter> rejectedRecords = new EnumMap<>(LokiFailures.Reason.class);
  private final Map<LokiFailures.Reason, Counter> rejectedRequests = new EnumMap<>(LokiFailures.Reason.class);

  LokiSender(ComponentId id, LokiExporterConfig config, int lanes) {
    this.id = id;
    this.config = config;
    this.url = URI.create(config.endpoint());
    this.laneCount = Math.max(1, lanes);
  }

  private volatile io.telegate.transport.auth.ClientCredentials credentials =
      io.telegate.transport.auth.ClientCredentials.none();

  @Override
  public void start(Host host) throws java.io.IOException {
    log = host.logger(ComponentKind.EXPORTER, id);
    clock = host.clock();
    credentials = io.telegate.transport.auth.ClientCredentials.resolve(config.auth(), "exporters::" + id + "::auth",
        host);
    translator = new LokiWireTranslator(config, clock);
    MetricRegistry m = host.metrics();
    String exporter = id.toString();
    missingLabels = m.counter("otelcol_lokiexporter_send_failed_due_to_missing_labels",
        "Log records dropped because they had no label.", "exporter", exporter);
    truncatedValues = m.counter("telegate_exporter_loki_label_values_truncated",
        "Label values cut to label_value_max_length.", "exporter", exporter);
    deferredStreams = m.counter("telegate_exporter_loki_streams_deferred",
        "Streams sent in a later request of their batch because of max_streams_per_request.", "exporter", exporter);
    for (LokiFailures.Reason r : LokiFailures.Reason.values()) {
      rejectedRecords.put(r, m.counter("telegate_exporter_loki_rejected_log_records",
          "Log records Loki refused for good (HTTP 4xx other than 429), by reason.", "exporter", exporter,
          "reason", r.label));
      rejectedRequests.put(r, m.counter("telegate_exporter_loki_rejected_requests",
          "Push requests Loki refused for good (HTTP 4xx other than 429), by reason.", "exporter", exporter,
          "reason", r.label));
    }
    executor = Executors.newCachedThreadPool(host.threads(ComponentKind.EXPORTER, id));
    client = HttpClients.proxy(HttpClients.builder(HttpClients.isHttps(url), config.tls(), config.timeout(), log),
        config.proxyUrl()).executor(executor)
        .build();
    lanes = new OrderedLanes<>(laneCount, this::post, host.scheduler(),
        OrderedLanes.resendWait(config.retryOnFailure(), config.timeout()), config.retryOnFailure().enabled(),
        (parts, cause) -> { });
  }

  @Override
  public void shutdown() {
    client = null;
    OrderedLanes<PushPart> l = lanes;
    if (l != null) {
      l.close();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  @Override
  public CompletableFuture<Void> send(Logs data) {
    OrderedLanes<PushPart> l = lanes;
    if (client == null || l == null) {
      return CompletableFuture.failedFuture(ConsumerException.retryable("exporter " + id + " is not started"));
    }
    return l.submit(data, () -> {
      List<PushPart> parts;
      try {
        parts = plan(data);
      } catch (RuntimeException e) {
        throw ConsumerException.permanent("cannot translate logs for Loki: " + e, e);
      }
      // The parts hold their own streams (and later their encoding) for retries; a parsed form that an
      // earlier component made is not needed again.
      if (data.hasParsed()) {
        data.dropParsed();
      }
      if (parts.isEmpty() && data.itemCount() > 0) {
        throw ConsumerException.permanent("no log record had a label; dropped");
      }
      List<List<PushPart>> perLane = new ArrayList<>(l.laneCount());
      for (int i = 0; i < l.laneCount(); i++) {
        perLane.add(new ArrayList<>());
      }
      for (PushPart p : parts) {
        perLane.get(p.lane()).add(p);
      }
      return perLane;
    });
  }

  /** Translates a batch and splits it into push requests; counts what the guards did. */
  private List<PushPart> plan(Logs data) {
    LokiWireTranslator.Result result = translator.translate(data);
    if (result.droppedWithoutLabels() > 0) {
      missingLabels.add(result.droppedWithoutLabels());
      log.rateLimited(GatewayLogger.Level.WARN, "loki-no-labels/" + id, LOG_INTERVAL,
          "log records without any label were dropped; enable a default label or configure labels", null,
          "dropped_items", result.droppedWithoutLabels());
    }
    if (result.truncatedLabelValues() > 0) {
      truncatedValues.add(result.truncatedLabelValues());
      if (truncationLogged.compareAndSet(false, true)) {
        log.warn("label values longer than label_value_max_length were cut (logged once; see "
            + "telegate_exporter_loki_label_values_truncated)", "label_value_max_length", config.labelValueMaxLength());
      }
    }
    List<PushPart> parts = PushPart.plan(result.streams(), lanes, config.maxStreamsPerRequest());
    Set<String> seen = new HashSet<>();
    long deferred = 0;
    for (PushPart p : parts) {
      if (!seen.add(p.tenant() + '\u0000' + p.lane())) {
        deferred += p.streams().size();
      }
    }
    if (deferred > 0) {
      deferredStreams.add(deferred);
      if (streamCapLogged.compareAndSet(false, true)) {
        log.warn("a batch had more streams than max_streams_per_request; the rest go in further requests "
            + "(logged once; see telegate_exporter_loki_streams_deferred). Many streams usually mean a "
            + "high-cardinality label", "max_streams_per_request", config.maxStreamsPerRequest(),
            "streams", result.streams().size());
      }
    }
    return parts;
  }

  /**
   * One POST of one part: completes when Loki took it, fails permanently when Loki refused it for
   * good (counted and logged here, with the reason), retryably otherwise.
   */
  private CompletableFuture<Void> post(PushPart part) {
    HttpClient c = client;
    if (c == null) {
      return CompletableFuture.failedFuture(ConsumerException.retryable("exporter " + id + " is shut down"));
    }
    boolean json = config.encoding() == LokiExporterConfig.Encoding.JSON;
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .POST(HttpRequest.BodyPublishers.ofByteArray(part.body(config.encoding())));
    if ("http".equalsIgnoreCase(url.getScheme())) {
      // Plain HTTP/2 would mean an h2c upgrade that Loki does not need.
      request.version(HttpClient.Version.HTTP_1_1);
    }
    if (!config.timeout().isZero()) {
      request.timeout(config.timeout());
    }
    try {
      // A push part mixes the records of many senders: no one client's context applies.
      for (Map.Entry<String, String> h : credentials.headers(io.telegate.core.data.ClientContext.EMPTY,
          config.headers()).entrySet()) {
        request.setHeader(h.getKey(), h.getValue());
      }
    } catch (ConsumerException e) {
      return CompletableFuture.failedFuture(e);
    }
    request.setHeader("Content-Type", json ? JSON : PROTOBUF);
    if (!part.tenant().isEmpty()) {
      request.setHeader("X-Scope-OrgID", part.tenant());
    }

    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      c.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
        ConsumerException failure;
        try {
          failure = outcome(part, response, error);
        } catch (RuntimeException e) {
          failure = ConsumerException.retryable("cannot read Loki's answer: " + e, e);
        }
        if (failure == null) {
          done.complete(null);
        } else {
          done.completeExceptionally(failure);
        }
      });
    } catch (RuntimeException e) {
      done.completeExceptionally(ConsumerException.retryable("cannot send to Loki: " + e.getMessage(), e));
    }
    return done;
  }

  /** Null when Loki took the part; else the failure, permanent refusals counted and logged. */
  private ConsumerException outcome(PushPart part, HttpResponse<String> response, Throwable error) {
    if (error != null) {
      Throwable cause = error.getCause() != null && error instanceof java.util.concurrent.CompletionException
          ? error.getCause() : error;
      return ConsumerException.retryable("cannot reach Loki at " + url + ": "
          + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return null;
    }
    LokiFailures.Failure f = LokiFailures.from(status, response.headers(), response.body(), clock.instant());
    if (!f.error().isPermanent()) {
      return f.error();
    }
    rejectedRecords.get(f.reason()).add(part.records());
    rejectedRequests.get(f.reason()).inc();
    log.rateLimited(GatewayLogger.Level.ERROR, "loki-rejected/" + id + "/" + f.reason().label, LOG_INTERVAL,
        "Loki refused a push request; its log records are dropped", null, "status", status,
        "reason", f.reason().label, "loki_message", f.message(), "tenant", part.tenant(),
        "log_records", part.records(), "streams", part.streams().size());
    return ConsumerException.permanent(f.error().getMessage() + " (" + part.records()
        + " log records of this batch refused)", f.error());
  }
}
