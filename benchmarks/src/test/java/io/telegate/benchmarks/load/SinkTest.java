package io.telegate.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** The sink counts exactly what the load tool's transports and a remote-write / Loki client send. */
class SinkTest {

  private Sink sink;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    sink = new Sink(0, 0);
  }

  @AfterEach
  void stop() {
    sink.close();
  }

  private static String send(Transport t, byte[] body) throws Exception {
    return t.send(body).get(30, TimeUnit.SECONDS);
  }

  @Test
  void countsOtlpOverGrpc() throws Exception {
    Shapes.Shape traces = Shapes.of("traces-testbed");
    Shapes.Shape metrics = Shapes.of("metrics");
    try (Transport t = new Transport.Grpc("127.0.0.1", sink.grpcPort(), Shapes.Signal.TRACES, false,
        Duration.ofSeconds(30));
        Transport gz = new Transport.Grpc("127.0.0.1", sink.grpcPort(), Shapes.Signal.TRACES, true,
            Duration.ofSeconds(30));
        Transport m = new Transport.Grpc("127.0.0.1", sink.grpcPort(), Shapes.Signal.METRICS, false,
            Duration.ofSeconds(30))) {
      for (int i = 0; i < 3; i++) {
        assertEquals("OK", send(t, traces.bytes()));
      }
      assertEquals("OK", send(gz, traces.bytes()));
      assertEquals("OK", send(m, metrics.bytes()));
      assertEquals("INVALID_ARGUMENT", send(t, new byte[] {0x0a, 0x05, 0x01}));
    }
    assertEquals(400, sink.spans.items.sum());
    assertEquals(4, sink.spans.requests.sum());
    assertEquals(1, sink.spans.malformed.sum());
    assertEquals(700, sink.points.items.sum());
    assertEquals(400 + 700, sink.totalItems());
  }

  @Test
  void countsOtlpOverHttpPlainAndGzip() throws Exception {
    Shapes.Shape logs = Shapes.of("logs");
    Transport plain = new Transport.Http("127.0.0.1", sink.httpPort(), Shapes.Signal.LOGS, false, Duration.ofSeconds(30));
    Transport gzip = new Transport.Http("127.0.0.1", sink.httpPort(), Shapes.Signal.LOGS, true, Duration.ofSeconds(30));
    assertEquals("OK", send(plain, logs.bytes()));
    assertEquals("OK", send(gzip, Transport.gzip(logs.bytes())));
    assertEquals("http_400", send(plain, new byte[] {0x0a, 0x7f}));
    assertEquals(2 * Shapes.LOG_RECORDS, sink.logs.items.sum());
    assertEquals(1, sink.logs.malformed.sum());
  }

  @Test
  void countsRemoteWriteSamplesAndLokiEntries() throws Exception {
    byte[] write = Snappy.compress(WireCountTest.writeRequest(new int[] {7, 7, 7}, new int[] {0, 0, 1}));
    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.httpPort()
        + "/api/v1/write")).header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(write)).build(), HttpResponse.BodyHandlers.discarding());
    assertEquals(204, r.statusCode());
    byte[] push = Snappy.compress(WireCountTest.pushRequest(100, 20));
    r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.httpPort() + "/loki/api/v1/push"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(push)).build(), HttpResponse.BodyHandlers.discarding());
    assertEquals(204, r.statusCode());
    r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.httpPort() + "/loki/api/v1/push"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(),
        HttpResponse.BodyHandlers.discarding());
    assertEquals(400, r.statusCode());
    assertEquals(21, sink.samples.items.sum());
    assertEquals(1, sink.histograms.sum());
    assertEquals(120, sink.lokiEntries.items.sum());
    assertEquals(1, sink.lokiEntries.malformed.sum());
    assertEquals(141, sink.totalItems());
  }

  @Test
  void aSlowSinkAnswersAtItsItemRateAndCountsOnlyWhatItAnswered() throws Exception {
    // 100-span requests at 200 spans/s: 500 ms each, one after another. The margins are wide so that
    // a test thread that the machine delays by a second still sees the sink mid-way.
    sink.limitTo(200);
    Shapes.Shape traces = Shapes.of("traces-testbed");
    try (Transport t = new Transport.Grpc("127.0.0.1", sink.grpcPort(), Shapes.Signal.TRACES, false,
        Duration.ofSeconds(30))) {
      long start = System.nanoTime();
      var answers = new java.util.ArrayList<java.util.concurrent.CompletableFuture<String>>();
      for (int i = 0; i < 5; i++) {
        answers.add(t.send(traces.bytes()));
      }
      var first = answers.get(0).get(30, TimeUnit.SECONDS);
      long firstMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals("OK", first);
      // The first one is answered after its 500 ms; the last one cannot be before 2.5 s. The count is
      // read before the clock, so only a machine that delayed this thread past 2.4 s may see all 500.
      long counted = sink.spans.items.sum();
      long countedMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(counted < 500 || countedMillis >= 2_400,
          "all 500 counted after " + countedMillis + " ms, before the last could be answered");
      for (var a : answers) {
        assertEquals("OK", a.get(30, TimeUnit.SECONDS));
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(firstMillis >= 450, "first answer after " + firstMillis + " ms");
      assertTrue(millis >= 2_400, "5 x 100 spans at 200 spans/s took " + millis + " ms");
    }
    assertEquals(500, sink.spans.items.sum());
    // HTTP: remote write, 21 samples at 100 samples/s.
    sink.limitTo(100);
    byte[] write = Snappy.compress(WireCountTest.writeRequest(new int[] {7, 7, 7}, new int[] {0, 0, 1}));
    long start = System.nanoTime();
    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.httpPort()
        + "/api/v1/write")).header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(write)).build(), HttpResponse.BodyHandlers.discarding());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(204, r.statusCode());
    assertTrue(millis >= 200, "21 samples at 100/s answered after " + millis + " ms");
    assertEquals(21, sink.samples.items.sum());
    sink.limitTo(0);
    assertEquals(0, sink.maxItemsPerSecond());
  }

  @Test
  void aStalledSinkAnswersWhenTheStallEnds() throws Exception {
    sink.stallFor(60_000);
    Shapes.Shape traces = Shapes.of("traces-testbed");
    try (Transport t = new Transport.Grpc("127.0.0.1", sink.grpcPort(), Shapes.Signal.TRACES, false,
        Duration.ofSeconds(120))) {
      var answer = t.send(traces.bytes());
      // Not counted while held (the answer may take a moment to arrive; only the end state is asserted).
      assertEquals(0, sink.spans.items.sum());
      sink.resume();
      assertEquals("OK", answer.get(30, TimeUnit.SECONDS));
    }
    assertEquals(100, sink.spans.items.sum());
  }
}
