package io.telegate.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricRegistryTest {

  @Test
  void writesPrometheusTextWithHelpTypeAndConstantLabels() {
    MetricRegistry r = new MetricRegistry(Map.of("service_name", "telegate"));
    r.counter("otelcol_receiver_accepted_spans", "Spans accepted.", "receiver", "otlp", "transport", "grpc").add(42);
    r.gauge("otelcol_exporter_queue_size", "Queue \"size\".", () -> 7, "exporter", "otlp/a\\b");
    StringBuilder sb = new StringBuilder();
    r.writePrometheus(sb);
    assertEquals("""
        # HELP otelcol_receiver_accepted_spans Spans accepted.
        # TYPE otelcol_receiver_accepted_spans counter
        otelcol_receiver_accepted_spans{receiver="otlp",transport="grpc",service_name="telegate"} 42
        # HELP otelcol_exporter_queue_size Queue "size".
        # TYPE otelcol_exporter_queue_size gauge
        otelcol_exporter_queue_size{exporter="otlp/a\\\\b",service_name="telegate"} 7
        """, sb.toString());
  }

  @Test
  void histogramBucketsAreCumulativeWithInf() {
    MetricRegistry r = new MetricRegistry(Map.of());
    MetricRegistry.Histogram h = r.histogram("otelcol_processor_batch_batch_send_size", "Batch sizes.",
        new double[] {10, 100});
    h.record(5);
    h.record(10);
    h.record(50);
    h.record(1000);
    StringBuilder sb = new StringBuilder();
    r.writePrometheus(sb);
    String text = sb.toString();
    assertEquals(true, text.contains("otelcol_processor_batch_batch_send_size_bucket{le=\"10\"} 2\n"), text);
    assertEquals(true, text.contains("otelcol_processor_batch_batch_send_size_bucket{le=\"100\"} 3\n"), text);
    assertEquals(true, text.contains("otelcol_processor_batch_batch_send_size_bucket{le=\"+Inf\"} 4\n"), text);
    assertEquals(true, text.contains("otelcol_processor_batch_batch_send_size_sum 1065\n"), text);
    assertEquals(true, text.contains("otelcol_processor_batch_batch_send_size_count 4\n"), text);
  }

  @Test
  void sameNameAndLabelsReturnTheSameCounter() {
    MetricRegistry r = new MetricRegistry(Map.of());
    assertSame(r.counter("c", "h", "a", "1"), r.counter("c", "h", "a", "1"));
  }
}
