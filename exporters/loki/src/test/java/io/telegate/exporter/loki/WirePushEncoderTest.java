package io.telegate.exporter.loki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.telegate.exporter.loki.LokiLabels.Label;
import io.telegate.testing.loki.proto.LokiPush;
import io.telegate.testing.loki.TestLokiServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * The hand-written PushRequest encoder against protoc's classes generated from our transcription
 * of Loki's push.proto: same bytes, same decoded content. The streams are written as the object
 * path's {@link LokiStream}s and turned into the wire path's {@link WireStream}s, lines in one
 * buffer.
 */
class WirePushEncoderTest {

  static List<WireStream> wire(List<LokiStream> streams) {
    ByteText lines = new ByteText(64);
    List<WireStream> out = new java.util.ArrayList<>();
    for (LokiStream s : streams) {
      WireStream w = new WireStream(s.tenant(), s.labels(), new byte[0], 0, lines);
      for (LokiStream.Entry e : s.entries()) {
        int start = lines.size();
        lines.utf8(e.line());
        w.add(e.timestampNanos(), start, lines.size() - start, e.metadata());
      }
      out.add(w);
    }
    return out;
  }

  private static List<LokiStream> streams() {
    LokiStream a = new LokiStream("", List.of(new Label("job", "cart")), "{job=\"cart\"}");
    a.add(new LokiStream.Entry(1_700_000_000_123_456_789L, "first ✓", List.of()));
    a.add(new LokiStream.Entry(1_700_000_001_000_000_000L, "second",
        List.of(new Label("trace_id", "0102"), new Label("user", "u1"))));
    LokiStream b = new LokiStream("", List.of(new Label("job", "b"), new Label("level", "INFO")),
        "{job=\"b\", level=\"INFO\"}");
    b.add(new LokiStream.Entry(0, "", List.of()));
    return List.of(a, b);
  }

  private static LokiPush.EntryAdapter.Builder entry(long seconds, int nanos, String line) {
    return LokiPush.EntryAdapter.newBuilder().setLine(line)
        .setTimestamp(LokiPush.Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos));
  }

  @Test
  void writesTheSameBytesAsProtocGeneratedCode() {
    LokiPush.PushRequest expected = LokiPush.PushRequest.newBuilder()
        .addStreams(LokiPush.StreamAdapter.newBuilder().setLabels("{job=\"cart\"}")
            .addEntries(entry(1_700_000_000L, 123_456_789, "first ✓"))
            .addEntries(entry(1_700_000_001L, 0, "second")
                .addStructuredMetadata(LokiPush.LabelPairAdapter.newBuilder().setName("trace_id").setValue("0102"))
                .addStructuredMetadata(LokiPush.LabelPairAdapter.newBuilder().setName("user").setValue("u1"))))
        .addStreams(LokiPush.StreamAdapter.newBuilder().setLabels("{job=\"b\", level=\"INFO\"}")
            .addEntries(entry(0, 0, "")))
        .build();
    assertArrayEquals(expected.toByteArray(), WirePushEncoder.protobuf(wire(streams())));
  }

  @Test
  void compressesWithSnappyBlockFormat() throws Exception {
    byte[] compressed = WirePushEncoder.protobufCompressed(wire(streams()));
    assertArrayEquals(WirePushEncoder.protobuf(wire(streams())), Snappy.uncompress(compressed));
    List<TestLokiServer.Stream> decoded = TestLokiServer.decodeProtobuf(compressed);
    assertEquals(1_700_000_000_123_456_789L, decoded.get(0).entries().get(0).timestampNanos());
    assertEquals("first ✓", decoded.get(0).entries().get(0).line());
  }

  @Test
  void timestampsBeforeTheEpochUseNonNegativeNanos() throws Exception {
    LokiStream s = new LokiStream("", List.of(new Label("a", "b")), "{a=\"b\"}");
    s.add(new LokiStream.Entry(-1, "x", List.of()));
    LokiPush.PushRequest req = LokiPush.PushRequest.parseFrom(WirePushEncoder.protobuf(wire(List.of(s))));
    assertEquals(-1, req.getStreams(0).getEntries(0).getTimestamp().getSeconds());
    assertEquals(999_999_999, req.getStreams(0).getEntries(0).getTimestamp().getNanos());
  }

  @Test
  void jsonPushFormatHasNanosecondStringsAndMetadataObjects() {
    String json = new String(WirePushEncoder.json(wire(streams())), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("{\"streams\":[{\"stream\":{\"job\":\"cart\"},\"values\":[[\"1700000000123456789\",\"first ✓\"],"
        + "[\"1700000001000000000\",\"second\",{\"trace_id\":\"0102\",\"user\":\"u1\"}]]},"
        + "{\"stream\":{\"job\":\"b\",\"level\":\"INFO\"},\"values\":[[\"0\",\"\"]]}]}", json);
  }

  @Test
  void nonAsciiAndUnpairedSurrogatesMatchProtocBytes() throws Exception {
    String labels = "{job=\"čaj ✓\", pod=\"ü\"}";
    String line = "žluťoučký kůň \uD83D\uDE00 \"quoted\" \u0001";
    String lone = "a\uD800b\uDC00c";
    LokiStream s = new LokiStream("", List.of(new Label("job", "čaj ✓"), new Label("pod", "ü")), labels);
    s.add(new LokiStream.Entry(1_700_000_000_000_000_001L, line, List.of(new Label("usér", "ñ\uD83D\uDE00"))));
    s.add(new LokiStream.Entry(1_700_000_000_000_000_002L, lone, List.of(new Label("x", lone))));
    s.add(new LokiStream.Entry(1_700_000_000_000_000_003L, "é".repeat(200), List.of()));
    LokiPush.PushRequest expected = LokiPush.PushRequest.newBuilder()
        .addStreams(LokiPush.StreamAdapter.newBuilder().setLabels(labels)
            .addEntries(entry(1_700_000_000L, 1, line)
                .addStructuredMetadata(LokiPush.LabelPairAdapter.newBuilder().setName("usér")
                    .setValue("ñ\uD83D\uDE00")))
            .addEntries(entry(1_700_000_000L, 2, lone)
                .addStructuredMetadata(LokiPush.LabelPairAdapter.newBuilder().setName("x").setValue(lone)))
            .addEntries(entry(1_700_000_000L, 3, "é".repeat(200))))
        .build();
    byte[] encoded = WirePushEncoder.protobuf(wire(List.of(s)));
    assertArrayEquals(expected.toByteArray(), encoded);

    List<TestLokiServer.Stream> decoded = TestLokiServer.decodeProtobuf(Snappy.compress(encoded));
    assertEquals(labels, decoded.get(0).labelsText());
    assertEquals(line, decoded.get(0).entries().get(0).line());
    assertEquals(java.util.Map.of("usér", "ñ\uD83D\uDE00"), decoded.get(0).entries().get(0).metadata());
    assertEquals("a?b?c", decoded.get(0).entries().get(1).line(), "unpaired surrogates are written as '?'");
    assertEquals("é".repeat(200), decoded.get(0).entries().get(2).line(), "a length prefix over 127 bytes");
  }
}
