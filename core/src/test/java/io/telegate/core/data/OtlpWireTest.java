package io.telegate.core.data;

import static io.telegate.testing.data.MetricData.exponentialHistogram;
import static io.telegate.testing.data.MetricData.exponentialPoint;
import static io.telegate.testing.data.MetricData.gauge;
import static io.telegate.testing.data.MetricData.histogram;
import static io.telegate.testing.data.MetricData.histogramPoint;
import static io.telegate.testing.data.MetricData.intPoint;
import static io.telegate.testing.data.MetricData.point;
import static io.telegate.testing.data.MetricData.sum;
import static io.telegate.testing.data.MetricData.summary;
import static io.telegate.testing.data.MetricData.summaryPoint;
import static io.telegate.testing.data.Values.list;
import static io.telegate.testing.data.Values.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OtlpWireTest {

  /** {@code resources} resources of {@code spansEach} spans with ids and a nested non-ASCII attribute. */
  private static ExportTraceServiceRequest traces(int resources, int spansEach) {
    return TraceData.spans(spansEach).names(i -> "GET /users/" + i).ids(16, 8)
        .attribute("nested", list(str("é✓"))).resources(resources).build();
  }

  @Test
  void countsSpansAcrossResourcesAndScopes() {
    assertEquals(12, OtlpWire.TRACES.check(traces(3, 4).toByteArray()));
    assertEquals(0, OtlpWire.TRACES.check(new byte[0]));
  }

  @Test
  void countsDataPointsOfEveryMetricTypeAsTheCollectorDoes() {
    ExportMetricsServiceRequest req = MetricData.of(
        gauge("g", "", intPoint(1, 0), point(2, 0)),
        sum("s", "", false, AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED, intPoint(1, 0)),
        histogram("h", "", histogramPoint(0, new double[] {1.0}, new long[] {1}, null)),
        exponentialHistogram("e", "", exponentialPoint(0, 2, 0, 0), exponentialPoint(0, 3, 0, 0)),
        summary("q", "", summaryPoint(0, 3, 0)),
        Metric.newBuilder().setName("empty").build()).build();
    assertEquals(7, OtlpWire.METRICS.check(req.toByteArray()));
    assertEquals(Metrics.countPoints(req), OtlpWire.METRICS.check(req.toByteArray()));
  }

  @Test
  void countsLogRecords() {
    byte[] req = LogData.of(LogData.record(0, "hello").build(), LogRecord.getDefaultInstance()).bytes();
    assertEquals(2, OtlpWire.LOGS.check(req));
  }

  @Test
  void rejectsTruncatedBytesBadLengthsAndInvalidUtf8WithTheOffset() {
    byte[] good = traces(1, 2).toByteArray();
    MalformedDataException truncated = assertThrows(MalformedDataException.class,
        () -> OtlpWire.TRACES.check(Arrays.copyOf(good, good.length - 1)));
    assertTrue(truncated.getMessage().startsWith("malformed protobuf at byte "), truncated.getMessage());
    byte[] badLength = good.clone();
    badLength[1] = (byte) 0x7f;
    assertThrows(MalformedDataException.class, () -> OtlpWire.TRACES.check(badLength));
    byte[] badWire = {(byte) 0x0f};
    assertThrows(MalformedDataException.class, () -> OtlpWire.TRACES.check(badWire));
    // A span name (string field 5) holding 0xff, which is never valid UTF-8.
    byte[] badUtf8 = TraceData.spans(1).names(i -> "a~").bytes();
    badUtf8[badUtf8.length - 1] = (byte) 0xff; // the name's last byte
    MalformedDataException utf8 = assertThrows(MalformedDataException.class, () -> OtlpWire.TRACES.check(badUtf8));
    assertTrue(utf8.getMessage().contains("not valid UTF-8"), utf8.getMessage());
  }

  private static void assertRefused(String message, int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> OtlpWire.TRACES.check(b));
    assertEquals("malformed protobuf at byte " + message, e.getMessage());
    assertThrows(InvalidProtocolBufferException.class, () -> ExportTraceServiceRequest.parseFrom(b));
  }

  /** The messages a client sees in its 400 / INVALID_ARGUMENT, to the byte offset. */
  @Test
  void namesWhatIsBrokenAndWhere() {
    assertRefused("2: truncated varint", 0x0a, 0x80);
    assertRefused("11: varint longer than 10 bytes", 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    assertRefused("0: field 1 has length 5 beyond the end of its message", 0x0a, 0x05, 0x00);
    assertRefused("2: field 2 has length 5 beyond the end of its message", 0x0a, 0x02, 0x12, 0x05);
    assertRefused("0: invalid wire type 7", 0x0f);
    assertRefused("0: invalid wire type 4", 0x0c);
    assertRefused("2: invalid field number 0", 0x08, 0x00, 0x00);
    assertRefused("0: invalid field number 4294967296", 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00);
    assertRefused("1: truncated fixed-width field", 0x09, 1, 2, 3);
    assertRefused("1: truncated fixed-width field", 0x0d, 1, 2, 3);
    assertRefused("1: unterminated group 1", 0x0b);
    assertRefused("1: group 1 ended by tag of field 2", 0x0b, 0x14);
    assertRefused("3: unterminated group 2", 0x0a, 0x01, 0x13);
  }

  private static ByteString bytes(int n) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) 7);
    return ByteString.copyFrom(b);
  }

  private static void assertRefusedId(OtlpWire wire, byte[] request, String path, int length) {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> wire.check(request));
    assertTrue(e.getMessage().startsWith(path + ": invalid length " + length + " for an id"), e.getMessage());
  }

  @Test
  void refusesTraceAndSpanIdsOfTheWrongLengthInEverySignalLikeTheCollector() {
    for (int bad : new int[] {3, 15, 17, 100}) {
      assertRefusedId(OtlpWire.TRACES, spanWithIds(bytes(bad), bytes(8), ByteString.EMPTY).toByteArray(),
          "resource_spans.scope_spans.spans.trace_id", bad);
    }
    for (int bad : new int[] {1, 7, 9, 16}) {
      assertRefusedId(OtlpWire.TRACES, spanWithIds(bytes(16), bytes(bad), ByteString.EMPTY).toByteArray(),
          "resource_spans.scope_spans.spans.span_id", bad);
      assertRefusedId(OtlpWire.TRACES, spanWithIds(bytes(16), bytes(8), bytes(bad)).toByteArray(),
          "resource_spans.scope_spans.spans.parent_span_id", bad);
    }
    ExportTraceServiceRequest withLink = ExportTraceServiceRequest.newBuilder().addResourceSpans(
        ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
            .setTraceId(bytes(16)).setSpanId(bytes(8))
            .addLinks(Span.Link.newBuilder().setTraceId(bytes(16)).setSpanId(bytes(4)))))).build();
    assertRefusedId(OtlpWire.TRACES, withLink.toByteArray(), "resource_spans.scope_spans.spans.links.span_id", 4);

    byte[] log = LogData.records(1).bodies(i -> null).traceIds(i -> bytes(3)).bytes();
    assertRefusedId(OtlpWire.LOGS, log, "resource_logs.scope_logs.log_records.trace_id", 3);

    ExportMetricsServiceRequest exemplar = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(
        ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder()
            .setName("m").setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(1)
                .addExemplars(io.opentelemetry.proto.metrics.v1.Exemplar.newBuilder().setAsInt(1)
                    .setSpanId(bytes(16)))))))).build();
    assertRefusedId(OtlpWire.METRICS, exemplar.toByteArray(),
        "resource_metrics.scope_metrics.metrics.*.data_points.exemplars.span_id", 16);
  }

  @Test
  void droppingTheParsedFormKeepsTheContentAndParsesAgainOnDemand() {
    ExportTraceServiceRequest request = spanWithIds(bytes(16), bytes(8), ByteString.EMPTY);
    Traces parsedOnly = Traces.of(request);
    parsedOnly.dropParsed();
    assertTrue(parsedOnly.hasEncoded() && !parsedOnly.hasParsed());
    assertEquals(request, parsedOnly.request());
    Traces both = Traces.fromBytes(request.toByteArray(), ClientContext.EMPTY);
    both.request();
    both.dropParsed();
    assertTrue(!both.hasParsed());
    assertEquals(request, both.request());
  }

  @Test
  void acceptsIdsOfTheRightLengthAndEmptyIds() {
    assertEquals(1, OtlpWire.TRACES.check(spanWithIds(bytes(16), bytes(8), bytes(8)).toByteArray()));
    assertEquals(1, OtlpWire.TRACES.check(spanWithIds(ByteString.EMPTY, ByteString.EMPTY, ByteString.EMPTY)
        .toByteArray()));
  }

  private static ExportTraceServiceRequest spanWithIds(ByteString trace, ByteString span, ByteString parent) {
    return TraceData.spans(1).names(i -> "s").traceIds(i -> trace).spanIds(i -> span).parentIds(i -> parent).build();
  }

  @Test
  void rejectsNestingDeeperThanProtobufJavaAccepts() {
    AnyValue v = AnyValue.newBuilder().setStringValue("x").build();
    for (int i = 0; i < 120; i++) {
      v = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
    }
    byte[] deep = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(
        ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder().setBody(v)))).build().toByteArray();
    assertThrows(MalformedDataException.class, () -> OtlpWire.LOGS.check(deep));
  }

  private static byte[] lengthDelimited(int field, byte[] body) {
    byte[] out = new byte[body.length + 6];
    out[0] = (byte) (field << 3 | 2);
    int p = io.telegate.core.data.wire.WireWriter.writeVarint(out, 1, body.length);
    System.arraycopy(body, 0, out, p, body.length);
    return Arrays.copyOf(out, p + body.length);
  }

  /**
   * Unknown groups nested {@code n} deep in the request, a resource, a scope and a span: the walk
   * takes exactly what protobuf-java takes, a group counting as one level of nesting.
   */
  @Test
  void acceptsNestedUnknownGroupsExactlyAsDeepAsProtobufJava() {
    for (int depth = 0; depth <= 3; depth++) {
      for (int n = 96 - depth; n <= 102 - depth; n++) {
        byte[] groups = new byte[2 * n];
        for (int i = 0; i < n; i++) {
          groups[i] = 7 << 3 | 3; // start group 7: no message on the path has a field 7 of that type
          groups[2 * n - 1 - i] = 7 << 3 | 4;
        }
        byte[] request = groups;
        for (int level = depth; level > 0; level--) {
          request = lengthDelimited(level == 1 ? 1 : 2, request);
        }
        boolean ours;
        try {
          OtlpWire.TRACES.check(request);
          ours = true;
        } catch (MalformedDataException e) {
          assertTrue(e.getMessage().endsWith("nesting deeper than 100"), e.getMessage());
          ours = false;
        }
        boolean theirs;
        try {
          ExportTraceServiceRequest.parseFrom(request);
          theirs = true;
        } catch (InvalidProtocolBufferException e) {
          theirs = false;
        }
        assertEquals(theirs, ours, n + " groups at depth " + depth);
        assertEquals(depth + n <= 100, ours, n + " groups at depth " + depth);
      }
    }
  }

  /** protobuf-java refuses field number 0 inside a group, where the walk used to let it through. */
  @Test
  void refusesFieldNumberZeroInsideAnUnknownGroup() {
    assertRefused("1: invalid field number 0", 0x0b, 0x00, 0x00, 0x0c);
  }

  @Test
  void skipsUnknownFieldsLikeProtobufJava() {
    byte[] good = traces(1, 1).toByteArray();
    // Field 99 (varint) and field 100 (length-delimited) at the top level.
    byte[] unknown = {(byte) 0x98, 0x06, 0x01, (byte) 0xa2, 0x06, 0x02, 'h', 'i'};
    byte[] withUnknown = Arrays.copyOf(good, good.length + unknown.length);
    System.arraycopy(unknown, 0, withUnknown, good.length, unknown.length);
    assertEquals(1, OtlpWire.TRACES.check(withUnknown));
  }

  /** Whatever the walk accepts, protobuf-java parses, with the same span count. */
  @Test
  void everyMutationTheWalkAcceptsParsesWithProtobufJava() {
    byte[] good = traces(2, 3).toByteArray();
    Random random = new Random(42);
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] mutated = good.clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      int count;
      try {
        count = OtlpWire.TRACES.check(mutated);
      } catch (MalformedDataException e) {
        continue;
      }
      accepted++;
      try {
        assertEquals(Traces.countSpans(ExportTraceServiceRequest.parseFrom(mutated)), count);
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError("the walk accepted bytes protobuf-java refuses: " + e.getMessage(), e);
      }
    }
    assertTrue(accepted > 100, "too few mutations accepted to mean anything: " + accepted);
  }

  @Test
  void wrappersShareImmutableContentAndRecountWhenReplaced() {
    Traces t = Traces.fromBytes(traces(1, 2).toByteArray(), ClientContext.EMPTY);
    assertEquals(2, t.itemCount());
    Traces copy = t.copy();
    assertNotSame(t, copy);
    assertSame(t.encoded(), copy.encoded());
    copy.set(traces(1, 5));
    assertEquals(5, copy.itemCount());
    assertEquals(2, t.itemCount(), "the original is untouched");
    byte[] spliced = SpanAttributeSplicer.insert(t.encoded(), "k", "v");
    t.setEncodedTrusted(spliced);
    assertEquals("k", t.request().getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributes(1).getKey());
  }
}
