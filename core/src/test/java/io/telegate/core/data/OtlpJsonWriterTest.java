package io.telegate.core.data;

import static io.telegate.testing.data.MetricData.counter;
import static io.telegate.testing.data.MetricData.exponentialHistogram;
import static io.telegate.testing.data.MetricData.exponentialPoint;
import static io.telegate.testing.data.MetricData.gauge;
import static io.telegate.testing.data.MetricData.histogram;
import static io.telegate.testing.data.MetricData.histogramPoint;
import static io.telegate.testing.data.MetricData.intPoint;
import static io.telegate.testing.data.MetricData.point;
import static io.telegate.testing.data.MetricData.summary;
import static io.telegate.testing.data.MetricData.summaryPoint;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
import io.telegate.testing.data.Values;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OtlpJsonWriterTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> ID_KEYS = Set.of("traceId", "spanId", "parentSpanId");

  @Test
  void writesOtlpJsonsIdsIntegersEnumsAndOmitsDefaults() {
    String json = new String(TraceData.spans(1).ids(16, 8).kind(Span.SpanKind.SPAN_KIND_CLIENT)
        .startingAt(1_700_000_000_000_000_000L, 0).json(), StandardCharsets.UTF_8);
    assertEquals("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0102030405060708090a0b0c0d0e0f10\","
        + "\"spanId\":\"0102030405060700\",\"name\":\"span-0\",\"kind\":3,"
        + "\"startTimeUnixNano\":\"1700000000000000000\"}]}]}]}", json);
  }

  @Test
  void otherBytesAreBase64AndAOneofAtItsDefaultIsStillWritten() {
    assertEquals("{\"bytesValue\":\"aGk=\"}", new String(OtlpJsonWriter.write(
        AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")).build()), StandardCharsets.UTF_8));
    assertEquals("{\"intValue\":\"0\"}", new String(OtlpJsonWriter.write(Values.num(0)), StandardCharsets.UTF_8));
  }

  @Test
  void tracesAreWhatJsonFormatWritesWithHexIdsAndReadBackTheSame() throws Exception {
    ExportTraceServiceRequest traces = TraceData.spans(3).ids(16, 8).parentIds(i -> Values.id(8))
        .kind(Span.SpanKind.SPAN_KIND_SERVER).startingAt(1_700_000_000_000_000_000L, 1_000).lasting(5_000)
        .attribute("http.route", "/checkout").attribute("retries", 3L)
        .attribute("payload", i -> AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, -1, 7}))
            .build())
        .attribute("nested", Values.map(Values.kv("list", Values.list(Values.dbl(1.5), Values.bool(true),
            Values.str("\"quoted\" ü \u2028")))))
        .each((s, i) -> s.setTraceState("k=v").setFlags(0x101).setDroppedAttributesCount(2)
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
            .addEvents(Span.Event.newBuilder().setName("e").setTimeUnixNano(-1L).addAttributes(Values.kv("x", -7)))
            .addLinks(Span.Link.newBuilder().setTraceId(Values.id(16)).setSpanId(Values.id(8)).setFlags(1)))
        .resource("service.name", "checkout").resourceSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
        .scope("io.telegate", "1.0").build();
    assertSameAsOracle(traces, ExportTraceServiceRequest.parseFrom(OtlpJsonReader.traces(OtlpJsonWriter.write(traces))));
  }

  @Test
  void everyMetricTypeWithNonFiniteValuesAndExemplarsIsWhatJsonFormatWrites() throws Exception {
    ExportMetricsServiceRequest metrics = MetricData.of(
            gauge("g", "", point(Double.NaN, Long.MAX_VALUE, "k", "v"), point(Double.POSITIVE_INFINITY, 1),
                point(Double.NEGATIVE_INFINITY, 2), point(-0.1, 3), point(1e300, 4)),
            counter("c", "1", intPoint(-3, 1), intPoint(Long.MIN_VALUE, 2)),
            histogram("h", "ms", histogramPoint(7, new double[] {5, 10}, new long[] {1, 2, -1}, 42.0)),
            exponentialHistogram("e", "", exponentialPoint(7, -1, 1, -2, 1, 2)),
            summary("s", "", summaryPoint(7, 3, 6.0, 0.5, 1.0)))
        .each((m, i) -> {
          if (m.hasGauge()) {
            m.getGaugeBuilder().getDataPointsBuilder(0).addExemplars(Exemplar.newBuilder().setAsDouble(2.5)
                .setTimeUnixNano(9).setTraceId(Values.id(16)).setSpanId(Values.id(8))
                .addFilteredAttributes(Values.kv("f", "1")));
          }
        })
        .resource("service.name", "m").build();
    assertSameAsOracle(metrics,
        ExportMetricsServiceRequest.parseFrom(OtlpJsonReader.metrics(OtlpJsonWriter.write(metrics))));
  }

  @Test
  void logsWithEveryBodyKindAreWhatJsonFormatWrites() throws Exception {
    ExportLogsServiceRequest logs = LogData.records(4).ids(16, 8).severity(SeverityNumber.SEVERITY_NUMBER_WARN, "WARN")
        .startingAt(1_700_000_000_000_000_000L, 1)
        .each((r, i) -> {
          switch (i) {
            case 0 -> r.setBody(Values.map(Values.kv("msg", "hi"), Values.kv("n", 1)));
            case 1 -> r.setBody(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("raw")));
            case 2 -> r.setBody(Values.list(Values.num(1), Values.dbl(Double.NaN)));
            default -> r.setBody(Values.str("")).setObservedTimeUnixNano(5).setFlags(1).setEventName("ev");
          }
        })
        .resource("service.name", "l").build();
    assertSameAsOracle(logs, ExportLogsServiceRequest.parseFrom(OtlpJsonReader.logs(OtlpJsonWriter.write(logs))));
  }

  @Test
  void writingToAStreamLeavesItOpenAndAddsNothingAfterTheObject() throws Exception {
    ExportLogsServiceRequest logs = LogData.records(2).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OtlpJsonWriter.write(logs, out);
    out.write('\n');
    OtlpJsonWriter.write(logs, out);
    byte[] one = OtlpJsonWriter.write(logs);
    byte[] expected = new byte[one.length * 2 + 1];
    System.arraycopy(one, 0, expected, 0, one.length);
    expected[one.length] = '\n';
    System.arraycopy(one, 0, expected, one.length + 1, one.length);
    assertArrayEquals(expected, out.toByteArray());
  }

  /**
   * The writer's JSON is, as a JSON value, protobuf-java's JsonFormat's (enums as numbers) with
   * the ids turned from base64 into hex; and what the reader makes of it is the message again.
   */
  private static void assertSameAsOracle(Message message, Message readBack) throws Exception {
    JsonNode oracle = MAPPER.readTree(JsonFormat.printer().printingEnumsAsInts().print(message));
    hexIds(oracle);
    assertEquals(oracle, MAPPER.readTree(OtlpJsonWriter.write(message)));
    assertEquals(message, readBack);
  }

  private static void hexIds(JsonNode node) {
    if (node instanceof ObjectNode obj) {
      for (Map.Entry<String, JsonNode> f : obj.properties()) {
        if (ID_KEYS.contains(f.getKey())) {
          f.setValue(obj.textNode(HexFormat.of().formatHex(Base64.getDecoder().decode(f.getValue().asText()))));
        } else {
          hexIds(f.getValue());
        }
      }
    } else if (node instanceof ArrayNode arr) {
      arr.forEach(OtlpJsonWriterTest::hexIds);
    }
  }
}
