package io.telegate.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.data.Metrics;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.LifecycleContract;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The receiver against a local HTTP target: what it sends, what it makes of the answers. */
class PrometheusReceiverTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final List<HttpServer> servers = new ArrayList<>();
  private final List<PrometheusReceiver> receivers = new ArrayList<>();
  private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  private volatile String body = "# TYPE temp gauge\ntemp 21\n";

  @AfterEach
  void stop() {
    receivers.forEach(r -> r.shutdown(Duration.ofSeconds(5)));
    servers.forEach(s -> s.stop(0));
  }

  private String serve(boolean gzip) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
    s.createContext("/", ex -> answer(ex, gzip));
    s.start();
    servers.add(s);
    return "127.0.0.1:" + s.getAddress().getPort();
  }

  private void answer(HttpExchange ex, boolean gzip) throws IOException {
    Map<String, String> h = new ConcurrentHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
    h.put(":path", ex.getRequestURI().toString());
    requests.add(h);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (gzip) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream z = new GZIPOutputStream(out)) {
        z.write(bytes);
      }
      bytes = out.toByteArray();
      ex.getResponseHeaders().add("Content-Encoding", "gzip");
    }
    ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(bytes);
    }
  }

  private PrometheusReceiver start(Map<String, Object> raw, RecordingConsumer<Metrics> sink) {
    PrometheusReceiver r = Jobs.receiver("prometheus", raw, sink);
    receivers.add(r);
    r.start(new TestHost());
    return r;
  }

  private static List<Metric> metricsNamed(RecordingConsumer<Metrics> sink, String name) {
    List<Metric> out = new ArrayList<>();
    for (Metrics m : sink.received()) {
      Jobs.allMetrics(m.request()).stream().filter(x -> x.getName().equals(name)).forEach(out::add);
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> lifecycleContract() {
    List<ComponentFactory<?>> factories = List.of(new PrometheusReceiverFactory());
    return LifecycleContract.testsFor(factories,
        Map.of("prometheus", Jobs.oneJob("1s", Map.of(), "127.0.0.1:" + FreePorts.next())));
  }

  @Test
  void scrapesAsPrometheusDoesAndReadsGzipBodies() throws Exception {
    String target = serve(true);
    RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
    start(Jobs.oneJob("1s", Map.of("metrics_path", "/probe", "params", Map.of("module", List.of("http_2xx")),
        "basic_auth", Map.of("username", "u", "password", "p")), target), sink);
    Await.until("a scrape with temp", WAIT, () -> !metricsNamed(sink, "temp").isEmpty());
    Map<String, String> h = requests.get(0);
    assertEquals("/probe?module=http_2xx", h.get(":path"));
    assertEquals(ScrapeProtocols.acceptHeader(ScrapeProtocols.DEFAULT), h.get("accept"));
    assertEquals("gzip", h.get("accept-encoding"));
    assertEquals("1", h.get("x-prometheus-scrape-timeout-seconds"));
    assertEquals("Basic dTpw", h.get("authorization"));
    assertEquals(21, metricsNamed(sink, "temp").get(0).getGauge().getDataPoints(0).getAsDouble());
    assertEquals(1, metricsNamed(sink, "up").get(0).getGauge().getDataPoints(0).getAsDouble());
  }

  @Test
  void anUnreachableTargetIsDown() throws Exception {
    RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
    start(Jobs.oneJob("1s", Map.of(), "127.0.0.1:" + FreePorts.next()), sink);
    Await.until("an up sample", WAIT, () -> !metricsNamed(sink, "up").isEmpty());
    assertEquals(0, metricsNamed(sink, "up").get(0).getGauge().getDataPoints(0).getAsDouble());
  }

  @Test
  void aSeriesThatStopsBeingExposedIsMarkedStale() throws Exception {
    String target = serve(false);
    body = "a 1\nb 2\n";
    RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
    start(Jobs.oneJob("1s", Map.of(), target), sink);
    Await.until("b scraped", WAIT, () -> !metricsNamed(sink, "b").isEmpty());
    body = "a 1\n";
    Await.until("b marked stale", WAIT, () -> metricsNamed(sink, "b").stream()
        .anyMatch(m -> m.getGauge().getDataPoints(0).getFlags() == 1));
  }

  @Test
  void targetsAreSpreadOverTheIntervalByTheirHash() {
    ScrapeConfig.Resolved job = Jobs.job(Map.of("scrape_interval", "10s"));
    Duration interval = Duration.ofSeconds(10);
    Set<Long> offsets = new java.util.HashSet<>();
    for (int i = 0; i < 50; i++) {
      ScrapeTarget t = Jobs.target(job, "10.0.0." + i + ":9100", Map.of());
      long o = t.offsetNanos(interval, 0, 0);
      assertTrue(o >= 0 && o <= interval.toNanos(), "offset " + o);
      // The same target keeps its place in the interval whenever it is computed.
      assertEquals((t.offsetNanos(interval, 3_000_000_000L, 0) + 3_000_000_000L) % interval.toNanos(),
          o % interval.toNanos());
      offsets.add(o / 1_000_000_000L);
    }
    assertTrue(offsets.size() >= 6, "50 targets fell into only " + offsets.size() + " of the 10 seconds");
  }

  @Test
  void aThousandTargetsNeedNoThreadEach() throws Exception {
    String target = serve(false);
    List<Map<String, Object>> groups = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      groups.add(Map.of("targets", List.of(target), "labels", Map.of("shard", String.valueOf(i))));
    }
    RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
    int before = Thread.activeCount();
    start(Jobs.oneJob("5s", Map.of("static_configs", groups), target), sink);
    Await.until("every target scraped once", WAIT, () -> metricsNamed(sink, "temp").size() >= 1000);
    int grown = Thread.activeCount() - before;
    assertTrue(grown < 40, "threads grew by " + grown);
    assertNotEquals(0, requests.size());
  }
}
