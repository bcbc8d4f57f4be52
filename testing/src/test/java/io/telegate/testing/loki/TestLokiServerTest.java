package io.telegate.testing.loki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.testing.loki.proto.LokiPush;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** The test Loki server reads pushes as Loki's push handler does. */
class TestLokiServerTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static int post(TestLokiServer loki, String type, String encoding, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(loki.endpoint()))
        .header("Content-Type", type).header("X-Scope-OrgID", "acme")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      b.header("Content-Encoding", encoding);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void readsSnappyProtobufPushes() throws Exception {
    byte[] body = LokiPush.PushRequest.newBuilder()
        .addStreams(LokiPush.StreamAdapter.newBuilder().setLabels("{job=\"a\", level=\"info\"}")
            .addEntries(LokiPush.EntryAdapter.newBuilder()
                .setTimestamp(LokiPush.Timestamp.newBuilder().setSeconds(2).setNanos(5))
                .setLine("hello")
                .addStructuredMetadata(LokiPush.LabelPairAdapter.newBuilder().setName("trace_id").setValue("ab"))))
        .build().toByteArray();
    try (TestLokiServer loki = new TestLokiServer()) {
      assertEquals(204, post(loki, "application/x-protobuf", null, Snappy.compress(body)));
      TestLokiServer.Push push = loki.pushes().get(0);
      assertEquals("acme", push.tenant());
      assertEquals(Map.of("job", "a", "level", "info"), push.streams().get(0).labels());
      assertEquals(List.of(new TestLokiServer.Entry(2_000_000_005L, "hello", Map.of("trace_id", "ab"))),
          loki.allEntries());
    }
  }

  @Test
  void readsGzippedJsonPushes() throws Exception {
    String json = "{\"streams\":[{\"stream\":{\"job\":\"a\"},\"values\":[[\"7\",\"line\",{\"k\":\"v\"}]]}]}";
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    try (TestLokiServer loki = new TestLokiServer()) {
      assertEquals(204, post(loki, "application/json; charset=utf-8", "gzip", gz.toByteArray()));
      assertEquals(List.of(new TestLokiServer.Entry(7, "line", Map.of("k", "v"))), loki.allEntries());
      assertEquals(Map.of("job", "a"), loki.pushes().get(0).streams().get(0).labels());
    }
  }

  @Test
  void refusesAnUnknownContentEncodingWith415() throws Exception {
    try (TestLokiServer loki = new TestLokiServer()) {
      assertEquals(415, post(loki, "application/json", "br", new byte[] {1, 2}));
      assertTrue(loki.received().isEmpty());
    }
  }

  @Test
  void answersAsScriptedThen204() throws Exception {
    String json = "{\"streams\":[{\"stream\":{\"job\":\"a\"},\"values\":[[\"1\",\"x\"]]}]}";
    try (TestLokiServer loki = new TestLokiServer()) {
      loki.answer(TestLokiServer.Answer.of(429, "slow down", "Retry-After", "3"));
      assertEquals(429, post(loki, "application/json", null, json.getBytes(StandardCharsets.UTF_8)));
      assertEquals(204, post(loki, "application/json", null, json.getBytes(StandardCharsets.UTF_8)));
      assertEquals(2, loki.received().size());
      assertEquals(1, loki.pushes().size());
    }
  }
}
