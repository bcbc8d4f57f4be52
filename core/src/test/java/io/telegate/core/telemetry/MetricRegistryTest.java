package io.telegate.core.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
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
        # HELP otelcol_receiver_accepted_spans_total Spans accepted.
        # TYPE otelcol_receiver_accepted_spans_total counter
        otelcol_receiver_accepted_spans_total{receiver="otlp",transport="grpc",service_name="telegate"} 42
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
  void namesCarryTheirUnitAndCountersTotalByDefault() {
    MetricRegistry r = new MetricRegistry(Map.of());
    r.counterFunction("otelcol_process_uptime", "Uptime.", () -> 3.5);
    r.counterFunction("otelcol_process_cpu_seconds", "CPU.", () -> 1);
    r.gauge("otelcol_process_memory_rss", "RSS.", () -> 1024);
    r.gauge("otelcol_process_runtime_heap_alloc_bytes", "Heap.", () -> 512);
    r.histogram("rpc_server_duration", "Durations.", new double[] {1}).record(0.5);
    String text = scrape(r);
    assertTrue(text.contains("# TYPE otelcol_process_uptime_seconds_total counter\n"
        + "otelcol_process_uptime_seconds_total 3.5\n"), text);
    assertTrue(text.contains("# TYPE otelcol_process_cpu_seconds_total counter\n"), text);
    assertTrue(text.contains("# TYPE otelcol_process_memory_rss_bytes gauge\notelcol_process_memory_rss_bytes 1024\n"),
        text);
    assertTrue(text.contains("\notelcol_process_runtime_heap_alloc_bytes 512\n"), text);
    assertTrue(text.contains("\nrpc_server_duration_milliseconds_bucket{le=\"1\"} 1\n"), text);
  }

  @Test
  void unsuffixedNamingWritesTheInstrumentNames() {
    MetricRegistry r = new MetricRegistry(Map.of());
    r.setNaming(MetricRegistry.Naming.UNSUFFIXED);
    r.counterFunction("otelcol_process_uptime", "Uptime.", () -> 3.5);
    r.counter("otelcol_exporter_sent_spans", "Sent.", "exporter", "otlp").add(2);
    String text = scrape(r);
    assertTrue(text.contains("# TYPE otelcol_process_uptime counter\notelcol_process_uptime 3.5\n"), text);
    assertTrue(text.contains("# TYPE otelcol_exporter_sent_spans counter\notelcol_exporter_sent_spans{exporter=\"otlp\"} 2\n"),
        text);
  }

  @Test
  void unitsAndTypeSuffixAreIndependent() {
    MetricRegistry r = new MetricRegistry(Map.of());
    r.counterFunction("otelcol_process_uptime", "Uptime.", () -> 1);
    r.setNaming(new MetricRegistry.Naming(false, true));
    assertTrue(scrape(r).contains("\notelcol_process_uptime_total 1\n"));
    r.setNaming(new MetricRegistry.Naming(true, false));
    assertTrue(scrape(r).contains("\notelcol_process_uptime_seconds 1\n"));
  }

  @Test
  void targetInfoCarriesTheResourceOnce() {
    MetricRegistry r = new MetricRegistry(Map.of("service_name", "gw"),
        new LinkedHashMap<>(Map.of("service_name", "gw")));
    r.counter("c", "h").inc();
    String text = scrape(r);
    assertTrue(text.startsWith("# HELP target_info Target metadata\n# TYPE target_info gauge\n"
        + "target_info{service_name=\"gw\"} 1\n"), text);
    assertEquals(1, text.split("target_info\\{", -1).length - 1, text);
  }

  @Test
  void noTargetInfoWithoutAResource() {
    MetricRegistry r = new MetricRegistry(Map.of());
    r.counter("c", "h").inc();
    assertFalse(scrape(r).contains("target_info"));
  }

  private static String scrape(MetricRegistry r) {
    StringBuilder sb = new StringBuilder();
    r.writePrometheus(sb);
    return sb.toString();
  }

  @Test
  void sameNameAndLabelsReturnTheSameCounter() {
    MetricRegistry r = new MetricRegistry(Map.of());
    assertSame(r.counter("c", "h", "a", "1"), r.counter("c", "h", "a", "1"));
  }
}
