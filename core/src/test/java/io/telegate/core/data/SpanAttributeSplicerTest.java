package io.telegate.core.data;

import static io.telegate.testing.data.Values.kv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** protobuf-java is the oracle: the spliced bytes must parse to what its builders produce. */
class SpanAttributeSplicerTest {

  private static final String KEY = "deployment.environment";
  private static final String VALUE = "production";

  @Test
  void insertsTheAttributeAsTheLastOneOfEverySpanThatLacksIt() throws Exception {
    ExportTraceServiceRequest request = request(resourceSpans(scopeSpans(
        span("a", kv("http.route", "/users")), span("b"), span("c", kv("http.status", 200)))));

    byte[] out = SpanAttributeSplicer.insert(request.toByteArray(), KEY, VALUE);

    ExportTraceServiceRequest expected = oracle(request, KEY, VALUE);
    assertEquals(expected, ExportTraceServiceRequest.parseFrom(out));
    assertEquals(expected.getSerializedSize(), out.length);
    assertEquals(KEY, ExportTraceServiceRequest.parseFrom(out).getResourceSpans(0).getScopeSpans(0)
        .getSpans(0).getAttributes(1).getKey());
  }

  @Test
  void leavesSpansThatAlreadyHaveTheKeyUnchangedWhateverItsValueType() throws Exception {
    Span withString = span("string", kv("a", "1"), kv(KEY, "staging"), kv("b", "2"));
    Span withInt = span("int", kv(KEY, 3));
    Span without = span("without", kv("a", "1"));
    ExportTraceServiceRequest request =
        request(resourceSpans(scopeSpans(withString, without, withInt)));

    ExportTraceServiceRequest out = ExportTraceServiceRequest.parseFrom(
        SpanAttributeSplicer.insert(request.toByteArray(), KEY, VALUE));

    ScopeSpans spans = out.getResourceSpans(0).getScopeSpans(0);
    assertEquals(withString, spans.getSpans(0));
    assertEquals(without.toBuilder().addAttributes(kv(KEY, VALUE)).build(), spans.getSpans(1));
    assertEquals(withInt, spans.getSpans(2));
  }

  @Test
  void returnsTheSameArrayWhenEverySpanHasTheKey() {
    byte[] in = request(resourceSpans(scopeSpans(span("a", kv(KEY, "x")), span("b", kv(KEY, "y")))))
        .toByteArray();

    assertSame(in, SpanAttributeSplicer.insert(in, KEY, VALUE));
  }

  @Test
  void returnsAnEmptyRequestAsItIs() {
    byte[] empty = new byte[0];
    assertSame(empty, SpanAttributeSplicer.insert(empty, KEY, VALUE));

    byte[] noSpans = request(resourceSpans(scopeSpans()), ResourceSpans.getDefaultInstance())
        .toByteArray();
    assertSame(noSpans, SpanAttributeSplicer.insert(noSpans, KEY, VALUE));
  }

  @Test
  void handlesSeveralResourcesAndScopesWithUntouchedOnesInBetween() throws Exception {
    ExportTraceServiceRequest request = request(
        resourceSpans(scopeSpans(span("r0s0a"), span("r0s0b", kv(KEY, "x"))),
            scopeSpans(span("r0s1a", kv(KEY, "x")))),
        resourceSpans(scopeSpans(span("r1s0a", kv(KEY, "x")))),
        resourceSpans(scopeSpans(span("r2s0a", kv(KEY, "x"))), scopeSpans(),
            scopeSpans(span("r2s2a"), span("r2s2b"))),
        resourceSpans());

    assertSpliceMatchesOracle(request, KEY, VALUE);
  }

  @Test
  void preservesUnknownFieldsAtEveryLevel() throws Exception {
    Span span = span("a", kv("k", "v")).toBuilder().setUnknownFields(unknown(100)).build();
    ScopeSpans scope = scopeSpans(span, span("b")).toBuilder().setUnknownFields(unknown(101)).build();
    ResourceSpans resource = resourceSpans(scope).toBuilder().setUnknownFields(unknown(102)).build();
    KeyValue odd = kv("odd", "v").toBuilder().setUnknownFields(unknown(103)).build();
    ExportTraceServiceRequest request = request(resource, resourceSpans(scopeSpans(span("c", odd))))
        .toBuilder().setUnknownFields(unknown(104)).build();

    assertSpliceMatchesOracle(request, KEY, VALUE);
  }

  @Test
  void widensLengthPrefixesThatCrossAVarintBoundary() throws Exception {
    // Span bodies around 127 and scopes around 16383 bytes, so prefixes go from 1 to 2 and 2 to 3
    // bytes at some of these sizes.
    for (int nameLength = 90; nameLength < 140; nameLength++) {
      ExportTraceServiceRequest request =
          request(resourceSpans(scopeSpans(span("n".repeat(nameLength)))));
      assertSpliceMatchesOracle(request, KEY, VALUE);
    }
    for (int padding = 16_200; padding < 16_400; padding += 7) {
      ExportTraceServiceRequest request =
          request(resourceSpans(scopeSpans(span("p".repeat(padding)), span("q"))));
      assertSpliceMatchesOracle(request, KEY, VALUE);
    }
  }

  @Test
  void writesEmptyKeysAndValuesAndMultiByteCharacters() throws Exception {
    ExportTraceServiceRequest request = request(resourceSpans(scopeSpans(span("a"), span("b", kv("", "x")))));

    assertSpliceMatchesOracle(request, "", "");
    assertSpliceMatchesOracle(request, "ключ.名前", "värde-🙂");
  }

  @Test
  void keepsEventsLinksAndStatusOfTheSpan() throws Exception {
    Span rich = span("rich", kv("a", "b")).toBuilder()
        .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(5)
            .addAttributes(kv(KEY, "in an event, not on the span")))
        .addLinks(Span.Link.newBuilder().setTraceId(ByteString.copyFrom(new byte[16]))
            .addAttributes(kv(KEY, "in a link")))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
        .setDroppedAttributesCount(2)
        .build();

    assertSpliceMatchesOracle(request(resourceSpans(scopeSpans(rich))), KEY, VALUE);
  }

  @Test
  void usesTheLastKeyOfAKeyValueThatRepeatsItsKeyField() throws Exception {
    // A KeyValue whose key field appears twice means the last one, for protobuf-java too.
    byte[] keyValue = concat(field(1, KEY.getBytes()), field(1, "other".getBytes()),
        field(2, AnyValue.newBuilder().setStringValue("v").build().toByteArray()));
    byte[] spanBytes = concat(field(1, new byte[16]), field(9, keyValue));
    byte[] in = field(1, field(2, field(2, spanBytes)));

    byte[] out = SpanAttributeSplicer.insert(in, KEY, VALUE);

    Span parsed = ExportTraceServiceRequest.parseFrom(out).getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertEquals(2, parsed.getAttributesCount());
    assertEquals("other", parsed.getAttributes(0).getKey());
    assertEquals(kv(KEY, VALUE), parsed.getAttributes(1));
  }

  @Test
  void rewritesOverlongLengthPrefixesOfChangedMessagesOnly() throws Exception {
    byte[] changed = concat(field(1, new byte[16]), field(5, "a".getBytes()));
    byte[] kept = concat(field(1, new byte[16]), field(9, kv(KEY, "x").toByteArray()));
    // Both spans' lengths written in 3 bytes where 1 would do; protobuf-java accepts that.
    byte[] scope = concat(overlongField(2, changed), overlongField(2, kept));
    byte[] in = field(1, field(2, scope));

    byte[] out = SpanAttributeSplicer.insert(in, KEY, VALUE);

    ExportTraceServiceRequest parsedIn = ExportTraceServiceRequest.parseFrom(in);
    assertEquals(oracle(parsedIn, KEY, VALUE), ExportTraceServiceRequest.parseFrom(out));
    byte[] keptAsWritten = overlongField(2, kept);
    assertArrayEquals(keptAsWritten,
        Arrays.copyOfRange(out, out.length - keptAsWritten.length, out.length));
  }

  @Test
  void producesBytesThatPassTheStructuralCheck() {
    byte[] out = SpanAttributeSplicer.insert(
        request(resourceSpans(scopeSpans(span("a"), span("b")))).toByteArray(), KEY, VALUE);

    assertEquals(2, OtlpWire.TRACES.check(out));
  }

  @Test
  void rejectsATruncatedRequest() {
    byte[] in = request(resourceSpans(scopeSpans(span("a"), span("b")))).toByteArray();
    byte[] truncated = Arrays.copyOf(in, in.length - 3);

    assertThrows(MalformedDataException.class, () -> SpanAttributeSplicer.insert(truncated, KEY, VALUE));
  }

  @Test
  void rejectsALengthBeyondTheEndOfItsMessage() {
    byte[] in = {0x0A, 0x05, 0x12, 0x10, 0x00};

    assertThrows(MalformedDataException.class, () -> SpanAttributeSplicer.insert(in, KEY, VALUE));
  }

  @Test
  void reusesOneInstanceAcrossRequests() throws Exception {
    SpanAttributeSplicer splicer = new SpanAttributeSplicer(KEY, VALUE);
    ExportTraceServiceRequest first = request(resourceSpans(scopeSpans(span("a"))));
    ExportTraceServiceRequest second = request(resourceSpans(scopeSpans(span("b"), span("c"))));

    assertEquals(oracle(first, KEY, VALUE), ExportTraceServiceRequest.parseFrom(splicer.insert(first.toByteArray())));
    assertEquals(oracle(second, KEY, VALUE), ExportTraceServiceRequest.parseFrom(splicer.insert(second.toByteArray())));
  }

  // ---- helpers

  private static void assertSpliceMatchesOracle(ExportTraceServiceRequest request, String key, String value)
      throws InvalidProtocolBufferException {
    byte[] out = SpanAttributeSplicer.insert(request.toByteArray(), key, value);
    ExportTraceServiceRequest expected = oracle(request, key, value);
    assertEquals(expected, ExportTraceServiceRequest.parseFrom(out));
    assertEquals(expected.getSerializedSize(), out.length);
  }

  /** What the Collector's "insert" does, written with protobuf-java builders. */
  private static ExportTraceServiceRequest oracle(ExportTraceServiceRequest request, String key, String value) {
    ExportTraceServiceRequest.Builder b = request.toBuilder();
    for (ResourceSpans.Builder rs : b.getResourceSpansBuilderList()) {
      for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
        for (Span.Builder span : ss.getSpansBuilderList()) {
          if (span.getAttributesList().stream().noneMatch(a -> a.getKey().equals(key))) {
            span.addAttributes(kv(key, value));
          }
        }
      }
    }
    return b.build();
  }

  private static ExportTraceServiceRequest request(ResourceSpans... resources) {
    return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(Arrays.asList(resources)).build();
  }

  private static ResourceSpans resourceSpans(ScopeSpans... scopes) {
    return ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(kv("service.name", "checkout")))
        .addAllScopeSpans(Arrays.asList(scopes))
        .setSchemaUrl("https://opentelemetry.io/schemas/1.26.0")
        .build();
  }

  private static ScopeSpans scopeSpans(Span... spans) {
    return ScopeSpans.newBuilder()
        .setScope(InstrumentationScope.newBuilder().setName("io.telegate.test").setVersion("1.0"))
        .addAllSpans(Arrays.asList(spans))
        .build();
  }

  private static Span span(String name, KeyValue... attributes) {
    byte[] traceId = new byte[16];
    traceId[15] = (byte) name.length();
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(traceId))
        .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(1_700_000_000_000_000_000L)
        .setEndTimeUnixNano(1_700_000_000_001_000_000L)
        .addAllAttributes(Arrays.asList(attributes))
        .build();
  }

  private static UnknownFieldSet unknown(int field) {
    return UnknownFieldSet.newBuilder()
        .addField(field, UnknownFieldSet.Field.newBuilder().addVarint(field * 3L)
            .addLengthDelimited(ByteString.copyFromUtf8("unknown-" + field)).build())
        .build();
  }

  private static byte[] field(int number, byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeByteArray(number, body);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] overlongField(int number, byte[] body) {
    if (body.length > 127) {
      throw new IllegalArgumentException("test helper handles bodies up to 127 bytes");
    }
    return concat(new byte[] {(byte) (number << 3 | 2), (byte) (body.length | 0x80), (byte) 0x80, 0x00}, body);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      bytes.writeBytes(p);
    }
    return bytes.toByteArray();
  }

  @Test
  void severalAttributesInOnePassEqualInsertingThemOneAfterAnother() throws InvalidProtocolBufferException {
    ExportTraceServiceRequest request = request(
        resourceSpans(scopeSpans(span("none"), span("has-env", kv("deployment.environment", "staging")),
            span("has-both", kv("region", "eu"), kv("deployment.environment", "dev")))),
        resourceSpans(scopeSpans(span("has-region", kv("region", "us")))));
    List<String[]> inserts = List.of(new String[] {"deployment.environment", "production"},
        new String[] {"region", "eu-west"}, new String[] {"deployment.environment", "ignored: key repeated"});
    byte[] out = new SpanAttributeSplicer(inserts).insert(request.toByteArray());
    ExportTraceServiceRequest expected = oracle(oracle(request, "deployment.environment", "production"),
        "region", "eu-west");
    assertEquals(expected, ExportTraceServiceRequest.parseFrom(out));
    assertEquals(expected.getSerializedSize(), out.length);
  }

  @Test
  void refusesMoreAttributesThanItsMaskHolds() {
    List<String[]> many = new java.util.ArrayList<>();
    for (int i = 0; i <= SpanAttributeSplicer.MAX_ATTRIBUTES; i++) {
      many.add(new String[] {"k" + i, "v"});
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new SpanAttributeSplicer(many));
  }
}
