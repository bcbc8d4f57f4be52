package io.telegate.core.data;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/** A batch of metrics: an {@code ExportMetricsServiceRequest}, encoded-first; items are data points. */
public final class Metrics extends TelemetryData<ExportMetricsServiceRequest> {

  private Metrics(byte[] encoded, ExportMetricsServiceRequest message, int items, ClientContext client) {
    super(encoded, message, items, client);
  }

  /**
   * Wraps request bytes after checking their structure and counting the data points.
   *
   * @throws MalformedDataException if the bytes are not a valid request
   */
  public static Metrics fromBytes(byte[] bytes, ClientContext client) {
    return new Metrics(bytes, null, OtlpWire.METRICS.check(bytes), client);
  }

  /**
   * Wraps bytes made from already checked data without checking them again: a concatenation of
   * checked requests (the batch processor) or a byte-level edit of one. {@code itemCount} must be
   * the items they hold.
   */
  public static Metrics fromTrustedBytes(byte[] bytes, int itemCount, ClientContext client) {
    return new Metrics(bytes, null, itemCount, client);
  }

  public static Metrics of(ExportMetricsServiceRequest request) {
    return new Metrics(null, request, countPoints(request), ClientContext.EMPTY);
  }

  public static Metrics of(ExportMetricsServiceRequest request, ClientContext client) {
    return new Metrics(null, request, countPoints(request), client);
  }

  /** Data points in a request, as the Collector counts them. */
  public static int countPoints(ExportMetricsServiceRequest request) {
    int n = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          n += pointsOf(m);
        }
      }
    }
    return n;
  }

  /** Data points of one metric. */
  public static int pointsOf(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      case DATA_NOT_SET -> 0;
    };
  }

  @Override
  public int resourceCount() {
    return request().getResourceMetricsCount();
  }

  @Override
  String signalName() {
    return "metrics";
  }

  @Override
  ExportMetricsServiceRequest parse(byte[] bytes) throws InvalidProtocolBufferException {
    return ExportMetricsServiceRequest.parseFrom(bytes);
  }

  @Override
  int countItems(ExportMetricsServiceRequest request) {
    return countPoints(request);
  }

  @Override
  public Metrics copy() {
    return new Metrics(rawEncoded(), rawMessage(), itemCount(), client());
  }

  @Override
  Metrics trusted(byte[] bytes, int items, ClientContext client) {
    return fromTrustedBytes(bytes, items, client);
  }
}
