package io.telegate.exporter.prometheusremotewrite;

import io.telegate.core.component.ComponentConfig;
import io.telegate.core.component.UnsupportedKeys;
import io.telegate.core.exporter.QueueConfig;
import io.telegate.core.exporter.QueuedExporterConfig;
import io.telegate.core.exporter.RetryConfig;
import io.telegate.translator.prometheus.ResourceToTelemetryConfig;
import io.telegate.translator.prometheus.TranslationStrategy;
import io.telegate.translator.prometheus.TranslatorSettings;
import io.telegate.transport.tls.ClientTlsConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Config of the {@code prometheusremotewrite} exporter, with the Collector's keys and defaults.
 *
 * @param endpoint the remote write URL (or under {@code http:})
 * @param compression only {@code snappy}, which remote write 1.0 requires
 * @param protobufMessage only {@code prometheus.WriteRequest} (remote write 1.0)
 * @param maxBatchSizeBytes upper bound of one request's uncompressed size; 0 means 3,000,000
 * @param maxBatchRequestParallelism accepted; parallelism comes from the ordered lanes
 * @param auth the client authenticator extension that gives each request its credentials
 * @param proxyUrl an HTTP proxy to send through, {@code http://host:port}
 */
@UnsupportedKeys({"wal", "include_metadata_keys", "resource_constant_labels",
    "convert_explicit_histograms_to_nhcb", "keep_classic_histograms"})
public record RemoteWriteExporterConfig(
    String endpoint,
    Map<String, String> headers,
    ClientTlsConfig tls,
    HttpClientConfig http,
    String compression,
    String protobufMessage,
    String namespace,
    Map<String, String> externalLabels,
    ResourceToTelemetryConfig resourceToTelemetryConversion,
    TargetInfoConfig targetInfo,
    CreatedMetricConfig exportCreatedMetric,
    boolean disableScopeInfo,
    Boolean addMetricSuffixes,
    String translationStrategy,
    boolean sendMetadata,
    int maxBatchSizeBytes,
    Integer maxBatchRequestParallelism,
    RemoteWriteQueueConfig remoteWriteQueue,
    QueueConfig sendingQueue,
    RetryConfig retryOnFailure,
    Duration timeout, io.telegate.core.auth.AuthConfig auth, String proxyUrl) implements QueuedExporterConfig {

  public static final int DEFAULT_MAX_BATCH_SIZE_BYTES = 3_000_000;
  public static final String WRITE_REQUEST_V1 = "prometheus.WriteRequest";

  /** The Collector's remote_write_queue defaults: 10000 requests, 5 consumers. */
  static final QueueConfig DEFAULT_QUEUE = new QueueConfig(true, 5, 10_000, QueueConfig.Sizer.REQUESTS, false, null,
      QueueConfig.Fsync.BATCH);
  /** The Collector's retry defaults for this exporter: 50ms first, 30s at most, 5m in all. */
  static final RetryConfig DEFAULT_RETRY = new RetryConfig(true, Duration.ofMillis(50), Duration.ofSeconds(30),
      Duration.ofMinutes(5), 1.5, 0.5);

  public static final RemoteWriteExporterConfig DEFAULT = new RemoteWriteExporterConfig(null, Map.of(),
      ClientTlsConfig.DEFAULT, HttpClientConfig.DEFAULT, null, WRITE_REQUEST_V1, "", Map.of(),
      ResourceToTelemetryConfig.DEFAULT, TargetInfoConfig.DEFAULT, CreatedMetricConfig.DEFAULT, false, null, null,
      false, DEFAULT_MAX_BATCH_SIZE_BYTES, null, RemoteWriteQueueConfig.DEFAULT, DEFAULT_QUEUE, DEFAULT_RETRY,
      Duration.ofSeconds(5), null, null);

  /** The endpoint in effect: {@code http.endpoint}, else the top-level one. */
  public String effectiveEndpoint() {
    return http.endpoint() != null ? http.endpoint() : endpoint;
  }

  /** Top-level headers, then those of {@code http:}. */
  public Map<String, String> effectiveHeaders() {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.putAll(http.headers());
    return h;
  }

  public ClientTlsConfig effectiveTls() {
    return http.tls().equals(ClientTlsConfig.DEFAULT) ? tls : http.tls();
  }

  public TranslationStrategy strategy() {
    return TranslationStrategy.effective(translationStrategy, addMetricSuffixes);
  }

  public int effectiveMaxBatchSizeBytes() {
    return maxBatchSizeBytes <= 0 ? DEFAULT_MAX_BATCH_SIZE_BYTES : maxBatchSizeBytes;
  }

  /** sending_queue with the remote_write_queue keys that are set applied over it. */
  public QueueConfig effectiveQueue() {
    QueueConfig q = sendingQueue;
    RemoteWriteQueueConfig r = remoteWriteQueue;
    return new QueueConfig(q.enabled() && (r.enabled() == null || r.enabled()),
        r.numConsumers() != null ? r.numConsumers() : q.numConsumers(),
        r.queueSize() != null ? r.queueSize() : q.queueSize(), q.sizer(), q.blockOnOverflow(), q.storage(), q.fsync());
  }

  public TranslatorSettings translatorSettings() {
    return new TranslatorSettings(namespace, strategy(), externalLabels, resourceToTelemetryConversion.enabled(),
        targetInfo.enabled(), !disableScopeInfo);
  }

  @Override
  public QueueConfig exportQueue() {
    return effectiveQueue();
  }

  @Override
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    io.telegate.transport.http.HttpClients.validateProxyUrl(proxyUrl, "proxy_url", errors);
    String url = effectiveEndpoint();
    if (url == null || url.isBlank()) {
      errors.add("endpoint: required (the remote write URL, for example http://victoriametrics:8428/api/v1/write)");
    } else {
      try {
        URI u = URI.create(url);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
          errors.add("endpoint: must be an http(s) URL, got '" + url + "'");
        }
      } catch (IllegalArgumentException e) {
        errors.add("endpoint: must be an http(s) URL, got '" + url + "'");
      }
    }
    if (endpoint != null && http.endpoint() != null) {
      errors.add("http::endpoint: cannot be used together with the top-level endpoint; keep one");
    }
    for (String c : new String[] {compression, http.compression()}) {
      if (c != null && !c.isEmpty() && !c.equalsIgnoreCase("snappy")) {
        errors.add("compression: remote write 1.0 requires snappy, got '" + c + "'");
      }
    }
    if (!WRITE_REQUEST_V1.equals(protobufMessage)) {
      errors.add("protobuf_message: only " + WRITE_REQUEST_V1 + " (remote write 1.0) is supported by Telegate yet, got '"
          + protobufMessage + "'");
    }
    if (translationStrategy != null) {
      TranslationStrategy t = TranslationStrategy.parse(translationStrategy);
      if (t == null) {
        errors.add("translation_strategy: invalid value '" + translationStrategy
            + "' (expected one of: UnderscoreEscapingWithSuffixes, UnderscoreEscapingWithoutSuffixes,"
            + " NoUTF8EscapingWithSuffixes, NoTranslation)");
      } else if (!t.escapes()) {
        errors.add("translation_strategy: " + t.configName()
            + " needs remote write 2.0 (UTF-8 names), which Telegate does not send yet");
      }
    }
    externalLabels.forEach((k, v) -> {
      if (k.isEmpty()) {
        errors.add("external_labels: a label name is empty");
      } else if (v == null || v.isEmpty()) {
        errors.add("external_labels::" + k + ": value is empty");
      }
    });
    if (maxBatchSizeBytes < 0) {
      errors.add("max_batch_size_bytes: must not be negative, got " + maxBatchSizeBytes);
    }
    if (maxBatchRequestParallelism != null && maxBatchRequestParallelism < 1) {
      errors.add("max_batch_request_parallelism: must be at least 1, got " + maxBatchRequestParallelism);
    }
    if (remoteWriteQueue.numConsumers() != null && remoteWriteQueue.numConsumers() < 1) {
      errors.add("remote_write_queue::num_consumers: must be at least 1, got " + remoteWriteQueue.numConsumers());
    }
    if (remoteWriteQueue.queueSize() != null && remoteWriteQueue.queueSize() < 1) {
      errors.add("remote_write_queue::queue_size: must be at least 1, got " + remoteWriteQueue.queueSize());
    }
    if (timeout.isNegative()) {
      errors.add("timeout: must not be negative");
    }
    return errors;
  }
}
