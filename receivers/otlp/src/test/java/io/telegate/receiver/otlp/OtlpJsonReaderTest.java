package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.data.MalformedDataException;
import io.telegate.core.data.OtlpJsonReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OTLP/JSON as the Collector reads it. */
class OtlpJsonReaderTest {

  /** The reader's output, parsed back by protobuf-java, which also checks it is a valid message. */
  private static final class OtlpJsonDecoder {
    static ExportTraceServiceRequest traces(byte[] body) {
      return parse(() -> ExportTraceServiceRequest.parseFrom(OtlpJsonReader.traces(body)));
    }

    static ExportLogsServiceRequest logs(byte[] body) {
      return parse(() -> ExportLogsServiceRequest.parseFrom(OtlpJsonReader.logs(body)));
    }

    static ExportMetricsServiceRequest metrics(byte[] body) {
      return parse(() -> ExportMetricsServiceRequest.parseFrom(OtlpJsonReader.metrics(body)));
    }

    private interface Parse<M> {
      M get() throws com.google.protobuf.InvalidProtocolBufferException;
    }

    private static <M> M parse(Parse<M> p) {
      try {
        return p.get();
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError("the reader wrote bytes protobuf-java refuses", e);
      }
    }
  }

  private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  private static final String SPAN_ID = "eee19b7ec3c1b174";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Span onlySpan(ExportTraceServiceRequest r) {
    return r.getResourceSpans(0).getScopeSpans(0).getSpans(0);
  }

  @Test
  void readsHexTraceSpanAndParentIds() {
    Span span = onlySpan(OtlpJsonDecoder.traces(utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{"
        + "\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"parentSpanId\":\"0102030405060708\","
        + "\"links\":[{\"traceId\":\"" + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\"}]}]}]}]}")));
    assertEquals(TRACE_ID, OtlpHttpReceiverTest.hex(span.getTraceId().toByteArray()));
    assertEquals(SPAN_ID, OtlpHttpReceiverTest.hex(span.getSpanId().toByteArray()));
    assertEquals("0102030405060708", OtlpHttpReceiverTest.hex(span.getParentSpanId().toByteArray()));
    assertEquals(SPAN_ID, OtlpHttpReceiverTest.hex(span.getLinks(0).getSpanId().toByteArray()));
  }

  @Test
  void readsSnakeCaseKeysStringInt64AndEnumNames() {
    Span span = onlySpan(OtlpJsonDecoder.traces(utf8("{\"resource_spans\":[{\"scope_spans\":[{\"spans\":[{"
        + "\"trace_id\":\"" + TRACE_ID + "\",\"span_id\":\"" + SPAN_ID + "\",\"parent_span_id\":\"\","
        + "\"start_time_unix_nano\":\"1700000000000000001\",\"endTimeUnixNano\":1700000000000000002,"
        + "\"kind\":\"SPAN_KIND_SERVER\",\"status\":{\"code\":\"STATUS_CODE_ERROR\",\"message\":\"boom\"},"
        + "\"dropped_attributes_count\":3}]}]}]}")));
    assertEquals(TRACE_ID, OtlpHttpReceiverTest.hex(span.getTraceId().toByteArray()));
    assertEquals(1700000000000000001L, span.getStartTimeUnixNano());
    assertEquals(1700000000000000002L, span.getEndTimeUnixNano());
    assertEquals(Span.SpanKind.SPAN_KIND_SERVER, span.getKind());
    assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getCode());
    assertEquals(3, span.getDroppedAttributesCount());
    assertTrue(span.getParentSpanId().isEmpty());
  }

  @Test
  void readsEnumsAsNumbers() {
    Span span = onlySpan(OtlpJsonDecoder.traces(utf8(
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":3,\"status\":{\"code\":1}}]}]}]}")));
    assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, span.getKind());
    assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_OK, span.getStatus().getCode());
  }

  @Test
  void readsEveryAnyValueKind() {
    String json = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
        + "{\"stringValue\":\"svc\"}}]},\"scopeLogs\":[{\"scope\":{\"name\":\"s\",\"version\":\"1\"},\"logRecords\":[{"
        + "\"severityNumber\":\"SEVERITY_NUMBER_ERROR\",\"severity_text\":\"ERROR\",\"traceId\":\"" + TRACE_ID + "\","
        + "\"body\":{\"kvlistValue\":{\"values\":[{\"key\":\"nested\",\"value\":{\"arrayValue\":{\"values\":["
        + "{\"intValue\":\"-42\"},{\"doubleValue\":2.5},{\"boolValue\":true},{\"bytesValue\":\"AQID\"},"
        + "{\"stringValue\":\"x\"},{\"intValue\":7},{\"doubleValue\":\"NaN\"}]}}}]}},"
        + "\"attributes\":[{\"key\":\"k\",\"value\":{\"string_value\":\"v\"}}]}]}]}]}";
    ExportLogsServiceRequest req = OtlpJsonDecoder.logs(utf8(json));
    LogRecord r = req.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
    assertEquals("svc", req.getResourceLogs(0).getResource().getAttributes(0).getValue().getStringValue());
    assertEquals("s", req.getResourceLogs(0).getScopeLogs(0).getScope().getName());
    assertEquals(SeverityNumber.SEVERITY_NUMBER_ERROR, r.getSeverityNumber());
    assertEquals("ERROR", r.getSeverityText());
    assertEquals(TRACE_ID, OtlpHttpReceiverTest.hex(r.getTraceId().toByteArray()));
    KeyValue nested = r.getBody().getKvlistValue().getValues(0);
    assertEquals("nested", nested.getKey());
    List<AnyValue> values = nested.getValue().getArrayValue().getValuesList();
    assertEquals(-42, values.get(0).getIntValue());
    assertEquals(2.5, values.get(1).getDoubleValue());
    assertTrue(values.get(2).getBoolValue());
    assertEquals(ByteString.copyFrom(new byte[] {1, 2, 3}), values.get(3).getBytesValue());
    assertEquals("x", values.get(4).getStringValue());
    assertEquals(7, values.get(5).getIntValue());
    assertTrue(Double.isNaN(values.get(6).getDoubleValue()));
    assertEquals("v", r.getAttributes(0).getValue().getStringValue());
  }

  @Test
  void readsMetricsWithExemplarIdsAndTemporalityNames() {
    String json = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":["
        + "{\"name\":\"s\",\"sum\":{\"aggregationTemporality\":\"AGGREGATION_TEMPORALITY_DELTA\",\"isMonotonic\":true,"
        + "\"dataPoints\":[{\"asInt\":\"9007199254740993\",\"exemplars\":[{\"asDouble\":1,\"traceId\":\"" + TRACE_ID
        + "\",\"span_id\":\"" + SPAN_ID + "\"}]}]}},"
        + "{\"name\":\"h\",\"exponential_histogram\":{\"aggregation_temporality\":2,\"data_points\":[{\"count\":\"4\","
        + "\"scale\":3,\"positive\":{\"offset\":-1,\"bucket_counts\":[\"1\",3]}}]}}]}]}]}";
    ExportMetricsServiceRequest req = OtlpJsonDecoder.metrics(utf8(json));
    Metric sum = req.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
    assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, sum.getSum().getAggregationTemporality());
    assertEquals(9007199254740993L, sum.getSum().getDataPoints(0).getAsInt());
    assertEquals(SPAN_ID, OtlpHttpReceiverTest.hex(sum.getSum().getDataPoints(0).getExemplars(0).getSpanId().toByteArray()));
    Metric h = req.getResourceMetrics(0).getScopeMetrics(0).getMetrics(1);
    assertEquals(4, h.getExponentialHistogram().getDataPoints(0).getCount());
    assertEquals(List.of(1L, 3L), h.getExponentialHistogram().getDataPoints(0).getPositive().getBucketCountsList());
  }

  @Test
  void skipsUnknownFieldsAsTheCollectorDoes() {
    Span span = onlySpan(OtlpJsonDecoder.traces(utf8(
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"a\",\"futureField\":{\"x\":1}}]}]}],\"extra\":1}")));
    assertEquals("a", span.getName());
  }

  @Test
  void refusesATraceIdThatIsNotHex() {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> OtlpJsonDecoder.traces(utf8(
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + "g".repeat(32) + "\"}]}]}]}")));
    assertTrue(e.getMessage().contains("resourceSpans[0].scopeSpans[0].spans[0].traceId"), e.getMessage());
  }

  @Test
  void refusesABase64IdBecauseOtlpJsonIdsAreHex() {
    String base64 = Base64.getEncoder().encodeToString(new byte[8]);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> OtlpJsonDecoder.traces(utf8(
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"" + base64 + "\"}]}]}]}")));
    assertTrue(e.getMessage().contains("expected: 16"), e.getMessage());
  }

  @Test
  void refusesAnUnknownEnumName() {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> OtlpJsonDecoder.traces(utf8(
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":\"SPAN_KIND_WIZARD\"}]}]}]}")));
    assertTrue(e.getMessage().contains("SPAN_KIND_WIZARD"), e.getMessage());
  }

  @Test
  void refusesAWrongTypeForAField() {
    assertThrows(MalformedDataException.class, () -> OtlpJsonDecoder.traces(utf8(
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}")));
  }

  @Test
  void refusesATopLevelArray() {
    assertThrows(MalformedDataException.class, () -> OtlpJsonDecoder.logs(utf8("[]")));
  }

  @Test
  void anEmptyBodyIsAnEmptyRequest() {
    assertEquals(ExportLogsServiceRequest.getDefaultInstance(), OtlpJsonDecoder.logs(new byte[0]));
  }

  private static final String ONE_LOG = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":"
      + "{\"stringValue\":\"hi\"}}]}]}]}";

  @Test
  void refusesTrailingGarbageAndTwoConcatenatedObjects() {
    assertEquals(1, OtlpJsonDecoder.logs(utf8(ONE_LOG + " \n")).getResourceLogsCount(), "white space may follow");
    for (String body : new String[] {ONE_LOG + "x", ONE_LOG + ONE_LOG, ONE_LOG + "{}", ONE_LOG + "]"}) {
      assertThrows(MalformedDataException.class, () -> OtlpJsonDecoder.logs(utf8(body)), body);
    }
  }

  @Test
  void refusesBodiesThatAreNotUtf8() {
    for (java.nio.charset.Charset cs : new java.nio.charset.Charset[] {java.nio.charset.StandardCharsets.UTF_16,
        java.nio.charset.StandardCharsets.UTF_16LE, java.nio.charset.StandardCharsets.UTF_16BE,
        java.nio.charset.Charset.forName("UTF-32")}) {
      MalformedDataException e = assertThrows(MalformedDataException.class,
          () -> OtlpJsonDecoder.logs(ONE_LOG.getBytes(cs)), cs.name());
      assertTrue(e.getMessage().contains("UTF-8") || e.getMessage().contains("NUL"), e.getMessage());
    }
    byte[] latin1 = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"caf\u00e9\"}]}}]}"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThrows(MalformedDataException.class, () -> OtlpJsonDecoder.logs(latin1));
  }

  @Test
  void refusesLoneSurrogateEscapesAndAcceptsPairs() {
    String pair = ONE_LOG.replace("hi", "\\ud83d\\ude00");
    assertEquals("\ud83d\ude00", OtlpJsonDecoder.logs(utf8(pair)).getResourceLogs(0).getScopeLogs(0)
        .getLogRecords(0).getBody().getStringValue());
    for (String lone : new String[] {"\\ud800", "\\udc00", "a\\ud83d", "\\ude00\\ud83d"}) {
      MalformedDataException e = assertThrows(MalformedDataException.class,
          () -> OtlpJsonDecoder.logs(utf8(ONE_LOG.replace("hi", lone))), lone);
      assertTrue(e.getMessage().contains("surrogate") && e.getMessage().contains(".resourceLogs[0]"), e.getMessage());
    }
  }

  /** A document with every value kind, long (multi-byte length) and nested values, read by both. */
  @Test
  void readsWhatTheJsonFormatOracleReadsForEveryKindOfValue() {
    String longText = "\u00e9\u4e2d\ud83d\ude00 ".repeat(60); // 2-, 3- and 4-byte UTF-8, 600 bytes
    String logs = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":{\"stringValue\":\""
        + longText + "\"}},{\"key\":\"n\",\"value\":{\"intValue\":-5}},{\"key\":\"zero\",\"value\":"
        + "{\"intValue\":\"0\"}},{\"key\":\"d\",\"value\":{\"doubleValue\":\"NaN\"}},{\"key\":\"inf\","
        + "\"value\":{\"doubleValue\":\"-Infinity\"}},{\"key\":\"b\",\"value\":{\"boolValue\":false}},"
        + "{\"key\":\"bytes\",\"value\":{\"bytesValue\":\"AAECAwQ=\"}},{\"key\":\"empty\",\"value\":{}}],"
        + "\"droppedAttributesCount\":4294967295},\"scopeLogs\":[{\"scope\":{\"name\":\"s\",\"version\":\"\"},"
        + "\"logRecords\":[{\"timeUnixNano\":\"18446744073709551615\",\"observedTimeUnixNano\":1e3,"
        + "\"severityNumber\":9,\"severityText\":\"INFO\",\"flags\":1,\"traceId\":\"" + TRACE_ID + "\","
        + "\"spanId\":\"" + SPAN_ID + "\",\"body\":{\"kvlistValue\":{\"values\":[{\"key\":\"nested\","
        + "\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"" + longText + "\"},{\"intValue\":"
        + "\"-9223372036854775808\"}]}}}]}},\"eventName\":\"e\"}]}]}]}";
    assertEquals(JsonFormatOracle.logs(utf8(logs)), OtlpJsonDecoder.logs(utf8(logs)));
    String metrics = "{\"resource_metrics\":[{\"scope_metrics\":[{\"metrics\":[{\"name\":\"eh\","
        + "\"exponential_histogram\":{\"aggregation_temporality\":\"AGGREGATION_TEMPORALITY_DELTA\","
        + "\"data_points\":[{\"scale\":-3,\"zero_count\":\"7\",\"positive\":{\"offset\":-2,"
        + "\"bucket_counts\":[1,\"2\",3]},\"negative\":{\"offset\":5,\"bucketCounts\":[]},\"sum\":0,"
        + "\"min\":-1.5,\"max\":2.5e10,\"count\":6}]}},{\"name\":\"h\",\"histogram\":{\"dataPoints\":[{"
        + "\"bucketCounts\":[" + "1,".repeat(200) + "0],\"explicitBounds\":[" + "0.5,".repeat(199)
        + "1],\"count\":\"200\"}]}},{\"name\":\"s\",\"summary\":{\"dataPoints\":[{\"quantileValues\":[{"
        + "\"quantile\":0.99,\"value\":-2.5}]}]}},{\"name\":\"g\",\"gauge\":{\"dataPoints\":[{\"asDouble\":0,"
        + "\"exemplars\":[{\"traceId\":\"" + TRACE_ID + "\",\"asInt\":\"0\",\"filteredAttributes\":[]}]}]}},"
        + "{\"name\":\"sum\",\"sum\":{\"isMonotonic\":true,\"aggregationTemporality\":2,\"dataPoints\":"
        + "[{\"asInt\":\"42\",\"startTimeUnixNano\":\"1\",\"timeUnixNano\":2}]}}]}]}]}";
    assertEquals(JsonFormatOracle.metrics(utf8(metrics)), OtlpJsonDecoder.metrics(utf8(metrics)));
    // JsonFormat reads -0.0 as 0.0; the reader keeps the sign, as the Collector's parser (Go's strconv) does.
    double negativeZero = OtlpJsonDecoder.metrics(utf8(metrics.replace("-2.5", "-0.0"))).getResourceMetrics(0)
        .getScopeMetrics(0).getMetrics(2).getSummary().getDataPoints(0).getQuantileValues(0).getValue();
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(negativeZero));
    String traces = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + TRACE_ID
        + "\",\"spanId\":\"" + SPAN_ID + "\",\"parentSpanId\":\"\",\"traceState\":\"a=b\",\"name\":\""
        + longText + "\",\"kind\":\"SPAN_KIND_SERVER\",\"startTimeUnixNano\":\"1\",\"events\":[{\"name\":"
        + "\"ev\",\"timeUnixNano\":\"5\",\"droppedAttributesCount\":1}],\"links\":[{\"traceId\":\""
        + TRACE_ID + "\",\"spanId\":\"" + SPAN_ID + "\",\"flags\":256}],\"status\":{\"code\":2,"
        + "\"message\":\"boom\"},\"flags\":\"769\"}]}]}]}";
    assertEquals(JsonFormatOracle.traces(utf8(traces)), OtlpJsonDecoder.traces(utf8(traces)));
  }

  @Test
  void refusesAFieldGivenTwiceAndTwoMembersOfAOneof() {
    MalformedDataException twice = assertThrows(MalformedDataException.class, () -> OtlpJsonDecoder.traces(utf8(
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + TRACE_ID + "\",\"trace_id\":\""
            + TRACE_ID + "\"}]}]}]}")));
    assertTrue(twice.getMessage().contains("resourceSpans[0].scopeSpans[0].spans[0].traceId"), twice.getMessage());
    MalformedDataException oneof = assertThrows(MalformedDataException.class, () -> OtlpJsonDecoder.logs(utf8(
        "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"a\","
            + "\"intValue\":1}}]}]}]}")));
    assertTrue(oneof.getMessage().contains("oneof"), oneof.getMessage());
  }

  @Test
  void refusesOutOfRangeNumbersAndNullArrayElements() {
    for (String bad : new String[] {"\"droppedAttributesCount\":4294967296", "\"droppedAttributesCount\":-1",
        "\"startTimeUnixNano\":\"18446744073709551616\"", "\"startTimeUnixNano\":1.5",
        "\"startTimeUnixNano\":\" 1\"", "\"events\":[null]", "\"events\":{}", "\"name\":5"}) {
      assertThrows(MalformedDataException.class, () -> OtlpJsonDecoder.traces(utf8(
          "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{" + bad + "}]}]}]}")), bad);
    }
  }
}
