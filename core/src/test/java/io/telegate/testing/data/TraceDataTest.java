package io.telegate.testing.data;

import static io.telegate.testing.data.Values.kv;
import static io.telegate.testing.data.Values.num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Traces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TraceDataTest {

  private static List<Span> spansOf(ExportTraceServiceRequest r) {
    List<Span> out = new ArrayList<>();
    r.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> out.addAll(ss.getSpansList())));
    return out;
  }

  @Test
  void generatedSpansAreNamedByIndexInOneResourceAndScopeLeftUnset() {
    ExportTraceServiceRequest r = TraceData.spans(3).build();
    assertEquals(1, r.getResourceSpansCount());
    ResourceSpans rs = r.getResourceSpans(0);
    assertFalse(rs.hasResource(), "unset, not empty");
    assertEquals(1, rs.getScopeSpansCount());
    assertFalse(rs.getScopeSpans(0).hasScope());
    assertEquals(List.of("span-0", "span-1", "span-2"), spansOf(r).stream().map(Span::getName).toList());
    assertEquals(Span.newBuilder().setName("span-1").build(), spansOf(r).get(1), "a name and nothing else");
  }

  @Test
  void resourceScopeAndSchemaUrlsAreSetWhereTheyBelong() {
    ExportTraceServiceRequest r = TraceData.spans(1).resource("service.name", "checkout", "host.name", "h1")
        .resource(kv("pid", 7)).resourceSchemaUrl("r/1").scope("lib", "1.0").scopeSchemaUrl("s/1").build();
    ResourceSpans rs = r.getResourceSpans(0);
    assertEquals(List.of(kv("service.name", "checkout"), kv("host.name", "h1"), kv("pid", 7)),
        rs.getResource().getAttributesList());
    assertEquals("r/1", rs.getSchemaUrl());
    ScopeSpans ss = rs.getScopeSpans(0);
    assertEquals("lib", ss.getScope().getName());
    assertEquals("1.0", ss.getScope().getVersion());
    assertEquals("s/1", ss.getSchemaUrl());
  }

  @Test
  void idsHaveTheGivenLengthsAndSpanIdsDifferBySpan() {
    List<Span> spans = spansOf(TraceData.spans(3).ids(16, 8).build());
    for (Span s : spans) {
      assertEquals(16, s.getTraceId().size());
      assertEquals(8, s.getSpanId().size());
      assertEquals(spans.get(0).getTraceId(), s.getTraceId());
      assertNotEquals(0, s.getTraceId().byteAt(0), "not the all-zero id OTLP calls invalid");
    }
    assertEquals(3, spans.stream().map(Span::getSpanId).distinct().count());
    Span odd = spansOf(TraceData.spans(1).ids(3, 17).build()).get(0);
    assertEquals(3, odd.getTraceId().size());
    assertEquals(17, odd.getSpanId().size());
  }

  @Test
  void settingsApplyToEveryGeneratedSpanInTheirOrderThenTheEdits() {
    Span s = spansOf(TraceData.spans(2).named("op-").kind(Span.SpanKind.SPAN_KIND_SERVER).startingAt(1_000, 10)
        .lasting(5).attribute("a", "x").attribute("i", Values::num).attributes(kv("b", 2))
        .each((span, i) -> span.addAttributes(kv("edited", i))).build()).get(1);
    assertEquals("op-1", s.getName());
    assertEquals(Span.SpanKind.SPAN_KIND_SERVER, s.getKind());
    assertEquals(1_010, s.getStartTimeUnixNano());
    assertEquals(1_015, s.getEndTimeUnixNano());
    assertEquals(List.of(kv("a", "x"), kv("i", num(1)), kv("b", 2), kv("edited", 1)), s.getAttributesList());
  }

  @Test
  void generatorsRunSpanAfterSpanInFieldOrderSoASeededRandomGivesTheSameBytes() {
    Random random = new Random(1);
    List<Long> seen = new ArrayList<>();
    TraceData.spans(2).spanIds(i -> {
      seen.add(10L + i);
      return Values.id(8);
    }).durations(i -> {
      seen.add(20L + i);
      return 1;
    }).startingAt(1, 1).attribute("x", i -> {
      seen.add(30L + i);
      return num(random.nextInt());
    }).build();
    assertEquals(List.of(10L, 20L, 30L, 11L, 21L, 31L), seen);
    assertArrayEquals(TraceData.spans(5).attribute("r", i -> num(new Random(i).nextInt())).bytes(),
        TraceData.spans(5).attribute("r", i -> num(new Random(i).nextInt())).bytes());
  }

  @Test
  void explicitSpansAreKeptAsGivenAfterTheGeneratedOnes() {
    Span given = Span.newBuilder().setName("given").build();
    ExportTraceServiceRequest r = TraceData.of(given).named("ignored").build();
    assertEquals(List.of(given), spansOf(r));
  }

  @Test
  void resourcesRepeatTheResourceAndAndAppendsAnotherBuildersResources() {
    ExportTraceServiceRequest r = TraceData.spans(2).resource("service.name", "a").resources(3)
        .and(TraceData.spans(1).resource("service.name", "b")).build();
    assertEquals(4, r.getResourceSpansCount());
    assertEquals(7, Traces.countSpans(r));
    assertEquals("b", r.getResourceSpans(3).getResource().getAttributes(0).getValue().getStringValue());
  }

  @Test
  void ofSizeIsAtLeastTheSizeAndHardlyMoreInSpansOfAtMost64KiB() {
    for (int size : new int[] {1, 100, 127, 128, 4096, 16_383, 16_384, 65_536, 70_000, 2 << 20}) {
      ExportTraceServiceRequest r = TraceData.ofSize(size).build();
      int actual = r.getSerializedSize();
      assertTrue(actual >= size && actual <= Math.max(size, 32) + 24, size + " asked, " + actual + " built");
      for (Span s : spansOf(r)) {
        assertTrue(s.getAttributes(0).getValue().getStringValue().length() <= TraceData.PAD_PER_SPAN);
      }
    }
    assertEquals(32, spansOf(TraceData.ofSize(2 << 20).build()).size(), "2 MiB in 64 KiB spans");
  }

  @Test
  void formsAreTheSameRequestParsedEncodedOrJson() throws Exception {
    TraceData data = TraceData.spans(2).ids(16, 8).resource("service.name", "x");
    ClientContext client = new ClientContext("10.0.0.1:1", Map.of());
    Traces parsed = data.parsed(client);
    Traces encoded = data.encoded(client);
    assertTrue(parsed.hasParsed() && !parsed.hasEncoded());
    assertTrue(encoded.hasEncoded() && !encoded.hasParsed());
    assertEquals(2, encoded.itemCount());
    assertEquals(client, encoded.client());
    assertEquals(data.build(), encoded.request());
    assertArrayEquals(data.bytes(), parsed.encoded());
    assertEquals(data.build(), ExportTraceServiceRequest.parseFrom(
        io.telegate.core.data.OtlpJsonReader.traces(data.json())));
  }
}
