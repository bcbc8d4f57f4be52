package io.telegate.translator.prometheus;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.telegate.testing.data.MetricData;
import java.util.List;

/** The Prometheus modules' two request presets and timestamp, on the shared {@link MetricData}. */
public final class Otlp {

  public static final long T = 1_700_000_000_123_456_789L;
  public static final long T_MS = 1_700_000_000_123L;

  private Otlp() {}

  /** {@code metrics} of a resource with these attributes, in scope {@code lib} 1.2. */
  public static ExportMetricsServiceRequest request(List<KeyValue> resource, Metric... metrics) {
    return MetricData.of(metrics).resource(resource).scope("lib", "1.2").build();
  }

  /** A request from service "checkout" without scope, so only the metric's own labels show. */
  public static ExportMetricsServiceRequest plain(Metric... metrics) {
    return MetricData.of(metrics).resource("service.name", "checkout").build();
  }
}
