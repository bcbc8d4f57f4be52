package io.telegate.exporter.debug;

import static io.telegate.testing.data.Values.bool;
import static io.telegate.testing.data.Values.hex;
import static io.telegate.testing.data.Values.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected lines are those of the Collector's {@code debugexporter/internal/normal} tests. */
class NormalTextTest {

  @Test
  void aSpanIsItsNameTraceIdSpanIdAndAttributes() {
    Span span = Span.newBuilder().setName("span-name").setTraceId(hex("0102030405060708090a0b0c0d0e0f10"))
        .setSpanId(hex("1112131415161718")).build();
    assertEquals(List.of("ResourceTraces #0", "ScopeTraces #0", "span-name 0102030405060708090a0b0c0d0e0f10 1112131415161718"),
        NormalText.traces(TraceData.of(span).build()));
    Span withAttributes = span.toBuilder().addAttributes(kv("http.method", "GET")).addAttributes(kv("status", 200)).build();
    assertEquals("span-name 0102030405060708090a0b0c0d0e0f10 1112131415161718 http.method=GET status=200",
        NormalText.traces(TraceData.of(withAttributes).build()).get(2));
  }

  @Test
  void resourceAndScopeLinesCarrySchemaUrlsNameVersionAndAttributes() {
    LogData logs = LogData.of(LogData.record(1, "Single line log message", kv("key1", "value1"), kv("key2", "value2")))
        .resourceSchemaUrl("https://opentelemetry.io/resource-schema-url")
        .resource(kv("resourceKey1", "resourceValue1"), kv("resourceKey2", bool(false)))
        .scope(InstrumentationScope.newBuilder().setName("scope-name").setVersion("1.2.3")
            .addAttributes(kv("scopeKey1", "scopeValue1")).addAttributes(kv("scopeKey2", bool(true))).build())
        .scopeSchemaUrl("http://opentelemetry.io/scope-schema-url");
    assertEquals(List.of(
        "ResourceLog #0 [https://opentelemetry.io/resource-schema-url] resourceKey1=resourceValue1 resourceKey2=false",
        "ScopeLog #0 scope-name@1.2.3 [http://opentelemetry.io/scope-schema-url] scopeKey1=scopeValue1 scopeKey2=true",
        "Single line log message key1=value1 key2=value2"), NormalText.logs(logs.build()));
  }

  @Test
  void numberPointsAreNameAttributesInBracesAndTheValue() {
    MetricData metrics = MetricData.of(
        MetricData.sum("system.cpu.time", "s", true, io.opentelemetry.proto.metrics.v1.AggregationTemporality
            .AGGREGATION_TEMPORALITY_CUMULATIVE, MetricData.point(123.456, 1, "state", "user", "cpu", "0")),
        MetricData.gauge("system.cpu.utilization", "1", MetricData.point(78.901234567, 1, "state", "free", "cpu", "8")),
        MetricData.gauge("queue", "1", MetricData.intPoint(7, 1)));
    assertEquals(List.of("ResourceMetrics #0", "ScopeMetrics #0", "system.cpu.time{state=user,cpu=0} 123.456",
        "system.cpu.utilization{state=free,cpu=8} 78.901234567", "queue{} 7"), NormalText.metrics(metrics.build()));
  }

  @Test
  void histogramsSummariesAndExponentialHistogramsListTheirBuckets() {
    HistogramDataPoint histogram = MetricData.histogramPoint(1, new double[] {0.125, 0.5, 1, 3},
        new long[] {1324, 13, 0, 2, 1}, 99.573).toBuilder().setMin(0.017).setMax(8.13)
        .addAttributes(kv("http.response.status_code", 200)).addAttributes(kv("http.request.method", "GET")).build();
    MetricData metrics = MetricData.of(
        MetricData.histogram("http.server.request.duration", "s", histogram),
        MetricData.summary("summary", "s", MetricData.summaryPoint(1, 1340, 99.573, 0.01, 15).toBuilder()
            .addAttributes(kv("http.response.status_code", 200)).addAttributes(kv("http.request.method", "GET")).build()),
        MetricData.exponentialHistogram("latency", "s", MetricData.exponentialPoint(1, 1, 0, 1, 1, 1)));
    double factor = Math.log(2) / 2;
    assertEquals(List.of("ResourceMetrics #0", "ScopeMetrics #0",
        "http.server.request.duration{http.response.status_code=200,http.request.method=GET} count=1340 sum=99.573 "
            + "min=0.017 max=8.13 le0.125=1324 le0.5=13 le1=0 le3=2 1",
        "summary{http.response.status_code=200,http.request.method=GET} count=1340 sum=99.573000 q0.01=15",
        "latency{} count=2 le" + NormalText.goV(Math.exp(2 * factor)) + "=1 le" + NormalText.goV(Math.exp(3 * factor))
            + "=1"), NormalText.metrics(metrics.build()));
  }

  @Test
  void doublesAreWrittenAsGoPrintsThemWithPercentV() {
    assertEquals("123456.7", NormalText.goV(123456.7));
    assertEquals("1.234567e+06", NormalText.goV(1234567.0));
    assertEquals("100000", NormalText.goV(100000));
    assertEquals("0.0001", NormalText.goV(0.0001));
    assertEquals("1e-05", NormalText.goV(0.00001));
    assertEquals("1e+21", NormalText.goV(1e21));
    assertEquals("-2.5e-100", NormalText.goV(-2.5e-100));
    assertEquals("+Inf", NormalText.goV(Double.POSITIVE_INFINITY));
    assertEquals("99.573000", NormalText.goF(99.573));
  }
}
