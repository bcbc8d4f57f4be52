package io.telegate.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.testing.Await;
import java.lang.reflect.Field;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every HTTP path, successful or not, releases the buffers it was handed. Netty's leak detector
 * (paranoid in tests) only logs; this test listens to it and fails on a report.
 */
class BufferLeakTest {

  private final List<String> leaks = new CopyOnWriteArrayList<>();
  private ResourceLeakDetector<ByteBuf> detector;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void listen() throws Exception {
    Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
    f.setAccessible(true);
    detector = (ResourceLeakDetector<ByteBuf>) f.get(null);
    detector.setLeakListener((type, records) -> leaks.add(type + ": " + records));
  }

  @AfterEach
  void stopListening() {
    detector.setLeakListener(null);
  }

  /** Collects garbage and allocates, which is when the detector reports what was collected unreleased. */
  private static void collectAndPoll() {
    System.gc();
    for (int i = 0; i < 64; i++) {
      PooledByteBufAllocator.DEFAULT.directBuffer(16).release();
    }
  }

  @Test
  void theDetectorReportsABufferNeverReleased() {
    leak();
    Await.until("the detector reported the leak", Duration.ofSeconds(20), () -> {
      collectAndPoll();
      return !leaks.isEmpty();
    });
  }

  private static void leak() {
    PooledByteBufAllocator.DEFAULT.directBuffer(8).writeLong(1);
  }

  /** Pipelines three requests, the first asking to close: the two behind it are dropped unanswered. */
  private static void closeWithRequestsWaiting(int port, byte[] body) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 3; i++) {
      out.write(("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-protobuf\r\n"
          + (i == 0 ? "Connection: close\r\n" : "") + "Content-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
    }
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(out.toByteArray());
      socket.getInputStream().readAllBytes();
    }
  }

  @Test
  void noPathLeaksABuffer() throws Exception {
    byte[] good = ReceiverFixture.spans(2).bytes();
    try (ReceiverFixture f = ReceiverFixture.start(null, Map.of("max_request_body_size", 4096,
        "cors", Map.of("allowed_origins", List.of("https://a.test"))))) {
      String p = "application/x-protobuf";
      f.post("/v1/traces", p, good);
      f.post("/v1/traces", p, OtlpHttpReceiverTest.gzip(good), "Content-Encoding", "gzip");
      f.post("/v1/traces", "application/json", "{\"resourceSpans\":[{}]}".getBytes(StandardCharsets.UTF_8));
      f.post("/v1/traces", "application/json", "{".getBytes(StandardCharsets.UTF_8));
      f.post("/v1/traces", p, new byte[] {0x0a, 0x7f});
      f.post("/v1/traces", "text/plain", good);
      f.post("/v1/nowhere", p, good);
      f.post("/v1/traces", p, good, "Content-Encoding", "lz4");
      f.post("/v1/traces", p, new byte[] {1, 2, 3}, "Content-Encoding", "gzip");
      f.post("/v1/traces", p, new byte[8192]);
      f.post("/v1/traces", p, OtlpHttpReceiverTest.gzip(new byte[1 << 20]), "Content-Encoding", "gzip");
      f.send(HttpRequest.newBuilder(f.httpUri("/v1/traces")).GET().build());
      f.send(HttpRequest.newBuilder(f.httpUri("/v1/traces")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
          .header("Origin", "https://a.test").header("Access-Control-Request-Method", "POST").build());
      f.traces.failWith(ConsumerException.throttled("full", Duration.ofSeconds(1)));
      f.post("/v1/traces", p, good);
      f.traces.failWith(ConsumerException.retryable("later"));
      f.post("/v1/traces", p, good);
      closeWithRequestsWaiting(f.receiver.httpAddress().getPort(), good);
    }
    for (int i = 0; i < 20; i++) {
      collectAndPoll();
    }
    assertEquals(List.of(), leaks);
  }
}
