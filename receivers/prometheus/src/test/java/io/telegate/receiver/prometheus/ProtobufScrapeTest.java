package io.telegate.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import io.telegate.core.data.Metrics;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scraping the protobuf format from a real peer, the Prometheus Java client's HTTP server (which
 * answers {@code PrometheusProto} with delimited protobuf, gzip-compressed when asked): the values
 * Telegate reports are what the client recorded, and the same registry scraped as text gives the
 * same series.
 */
class ProtobufScrapeTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final double[] OBSERVED = {0.003, 0.02, 0.02, 0.7, 1.5, 12, 0, -0.4};

  private final List<PrometheusReceiver> receivers = new ArrayList<>();
  private final List<HttpServer> servers = new ArrayList<>();
  private PrometheusRegistry registry;
  private HTTPServer peer;
  private Histogram latency;
  private Counter orders;

  @BeforeEach
  void startPeer() throws IOException {
    registry = new PrometheusRegistry();
    orders = Counter.builder().name("orders").help("Orders taken.").labelNames("status").register(registry);
    orders.labelValues("ok").inc(41);
    orders.labelValues("failed").inc(2);
    Gauge.builder().name("queue_depth").help("Jobs waiting.").register(registry).set(17.5);
    // Classic (the client's default bounds) and native at once, as the client exposes by default.
    latency = Histogram.builder().name("rpc_duration_seconds").help("RPC latency.").labelNames("method")
        .register(registry);
    Histogram.builder().name("payload_bytes").help("Payload sizes.").nativeOnly().register(registry)
        .observe(1500);
    Summary s = Summary.builder().name("batch_size").help("Batch sizes.").quantile(0.5, 0.01).quantile(0.9, 0.01)
        .register(registry);
    for (double v : OBSERVED) {
      latency.labelValues("get").observe(v);
      s.observe(Math.abs(v) * 100);
    }
    peer = HTTPServer.builder().hostname("127.0.0.1").port(FreePorts.next()).registry(registry).buildAndStart();
  }

  @AfterEach
  void stop() {
    receivers.forEach(r -> r.shutdown(Duration.ofSeconds(5)));
    servers.forEach(s -> s.stop(0));
    if (peer != null) {
      peer.close();
    }
  }

  private RecordingConsumer<Metrics> scrape(Map<String, Object> jobKeys, String target) {
    RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
    PrometheusReceiver r = Jobs.receiver("prometheus", Jobs.oneJob("1s", jobKeys, target), sink);
    receivers.add(r);
    r.start(new TestHost());
    return sink;
  }

  private String peerTarget() {
    return "127.0.0.1:" + peer.getPort();
  }

  /** The metrics of the first scrape that has {@code name}, by name and kind. */
  private static Map<String, Metric> firstScrapeWith(RecordingConsumer<Metrics> sink, String name) {
    AtomicReference<Map<String, Metric>> found = new AtomicReference<>();
    Await.until("a scrape with " + name, WAIT, () -> {
      for (Metrics m : sink.received()) {
        Map<String, Metric> byName = new TreeMap<>();
        Jobs.allMetrics(m.request()).forEach(x -> byName.put(x.getName() + "/" + x.getDataCase(), x));
        if (byName.keySet().stream().anyMatch(k -> k.startsWith(name + "/"))) {
          found.set(byName);
          return true;
        }
      }
      return false;
    });
    return found.get();
  }

  @Test
  void valuesScrapedInProtobufAreWhatTheClientRecorded() {
    RecordingConsumer<Metrics> sink = scrape(Map.of("scrape_native_histograms", true), peerTarget());
    Map<String, Metric> m = firstScrapeWith(sink, "rpc_duration_seconds");

    assertEquals(1, m.get("up/GAUGE").getGauge().getDataPoints(0).getAsDouble());
    Map<String, NumberDataPoint> counters = new TreeMap<>();
    m.get("orders_total/SUM").getSum().getDataPointsList()
        .forEach(p -> counters.put(Jobs.attributes(p.getAttributesList()).get("status"), p));
    assertEquals(41, counters.get("ok").getAsDouble());
    assertEquals(2, counters.get("failed").getAsDouble());
    // The client's created timestamp is the series' start.
    CounterSnapshot.CounterDataPointSnapshot ok = orders.collect().getDataPoints().stream()
        .filter(d -> d.getLabels().get("status").equals("ok")).findFirst().orElseThrow();
    assertEquals(ok.getCreatedTimestampMillis() * 1_000_000L, counters.get("ok").getStartTimeUnixNano());
    assertEquals("Orders taken.", m.get("orders_total/SUM").getDescription());
    assertEquals(17.5, m.get("queue_depth/GAUGE").getGauge().getDataPoints(0).getAsDouble());

    SummaryDataPoint summary = m.get("batch_size/SUMMARY").getSummary().getDataPoints(0);
    assertEquals(OBSERVED.length, summary.getCount());
    assertEquals(java.util.Arrays.stream(OBSERVED).map(v -> Math.abs(v) * 100).sum(), summary.getSum(), 1e-9);
    assertEquals(List.of(0.5, 0.9), summary.getQuantileValuesList().stream()
        .map(SummaryDataPoint.ValueAtQuantile::getQuantile).toList());

    // The mixed histogram arrives as its native version only.
    assertTrue(!m.containsKey("rpc_duration_seconds/HISTOGRAM"), m.keySet().toString());
    ExponentialHistogramDataPoint p = m.get("rpc_duration_seconds/EXPONENTIAL_HISTOGRAM").getExponentialHistogram()
        .getDataPoints(0);
    HistogramSnapshot.HistogramDataPointSnapshot recorded = latency.collect().getDataPoints().get(0);
    assertEquals(Map.of("method", "get"), Jobs.attributes(p.getAttributesList()));
    assertEquals(OBSERVED.length, p.getCount());
    assertEquals(java.util.Arrays.stream(OBSERVED).sum(), p.getSum(), 1e-9);
    assertEquals(recorded.getNativeSchema(), p.getScale());
    assertEquals(recorded.getNativeZeroThreshold(), p.getZeroThreshold());
    assertEquals(recorded.getNativeZeroCount(), p.getZeroCount());
    assertEquals(1, p.getZeroCount());
    assertEquals(buckets(recorded.getNativeBucketsForPositiveValues()), buckets(p.getPositive()));
    assertEquals(buckets(recorded.getNativeBucketsForNegativeValues()), buckets(p.getNegative()));
    assertTrue(!buckets(p.getNegative()).isEmpty(), "the negative observation");

    ExponentialHistogramDataPoint payload = m.get("payload_bytes/EXPONENTIAL_HISTOGRAM").getExponentialHistogram()
        .getDataPoints(0);
    assertEquals(1, payload.getCount());
    assertEquals(1500, payload.getSum());
  }

  /** Prometheus's bucket indices and counts, as an OTLP point's buckets give them back. */
  private static Map<Integer, Long> buckets(ExponentialHistogramDataPoint.Buckets b) {
    Map<Integer, Long> out = new TreeMap<>();
    for (int i = 0; i < b.getBucketCountsCount(); i++) {
      if (b.getBucketCounts(i) != 0) {
        out.put(b.getOffset() + i + 1, b.getBucketCounts(i));
      }
    }
    return out;
  }

  private static Map<Integer, Long> buckets(NativeHistogramBuckets b) {
    Map<Integer, Long> out = new TreeMap<>();
    for (int i = 0; i < b.size(); i++) {
      if (b.getCount(i) != 0) {
        out.put(b.getBucketIndex(i), b.getCount(i));
      }
    }
    return out;
  }

  @Test
  void theSameRegistryGivesTheSameSeriesInProtobufAndInText() {
    RecordingConsumer<Metrics> proto = scrape(Map.of("scrape_protocols", List.of("PrometheusProto")), peerTarget());
    RecordingConsumer<Metrics> text = scrape(Map.of("scrape_protocols", List.of("PrometheusText0.0.4")),
        peerTarget());

    Map<String, String> fromProto = series(firstScrapeWith(proto, "rpc_duration_seconds"));
    Map<String, String> fromText = series(firstScrapeWith(text, "rpc_duration_seconds"));

    assertTrue(fromProto.containsKey("rpc_duration_seconds/HISTOGRAM{method=get}"), fromProto.keySet().toString());
    assertTrue(fromProto.containsKey("payload_bytes/HISTOGRAM{}"), fromProto.keySet().toString());
    assertEquals(fromText, fromProto);
  }

  /** Every point of a scrape but the per-scrape report, as name/kind{attributes} = its values. */
  private static Map<String, String> series(Map<String, Metric> metrics) {
    Map<String, String> out = new TreeMap<>();
    for (Metric m : metrics.values()) {
      if (m.getName().startsWith("scrape_") || m.getName().equals("up")) {
        continue;
      }
      String kind = m.getName() + "/" + m.getDataCase();
      switch (m.getDataCase()) {
        case GAUGE -> m.getGauge().getDataPointsList().forEach(p ->
            out.put(kind + Jobs.attributes(p.getAttributesList()), String.valueOf(p.getAsDouble())));
        case SUM -> m.getSum().getDataPointsList().forEach(p ->
            out.put(kind + Jobs.attributes(p.getAttributesList()), String.valueOf(p.getAsDouble())));
        case SUMMARY -> m.getSummary().getDataPointsList().forEach(p ->
            out.put(kind + Jobs.attributes(p.getAttributesList()), p.getCount() + " " + p.getSum() + " "
                + p.getQuantileValuesList().stream().map(q -> q.getQuantile() + "=" + q.getValue()).toList()));
        case HISTOGRAM -> m.getHistogram().getDataPointsList().forEach((HistogramDataPoint p) ->
            out.put(kind + Jobs.attributes(p.getAttributesList()), p.getCount() + " " + p.getSum() + " "
                + p.getExplicitBoundsList() + " " + p.getBucketCountsList()));
        default -> out.put(kind, m.toString());
      }
    }
    return out;
  }

  @Test
  void aGzippedProtobufBodyIsReadAndProtobufIsAskedForFirst() throws IOException {
    AtomicReference<String> accept = new AtomicReference<>();
    String target = serve(accept, gzip(ProtobufParserTest.gauge("temp", 21)));
    RecordingConsumer<Metrics> sink = scrape(Map.of("scrape_native_histograms", true), target);
    Map<String, Metric> m = firstScrapeWith(sink, "temp");
    assertEquals(21, m.get("temp/GAUGE").getGauge().getDataPoints(0).getAsDouble());
    assertEquals(ScrapeProtocols.acceptHeader(ScrapeProtocols.PROTO_FIRST), accept.get());
    assertTrue(accept.get().startsWith("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
        + "encoding=delimited;q=0.6,"), accept.get());
  }

  @Test
  void aMalformedProtobufBodyIsAFailedScrape() throws IOException {
    String target = serve(new AtomicReference<>(), new byte[] {0x7f, 1, 2});
    RecordingConsumer<Metrics> sink = scrape(Map.of(), target);
    Map<String, Metric> m = firstScrapeWith(sink, "up");
    assertEquals(0, m.get("up/GAUGE").getGauge().getDataPoints(0).getAsDouble());
  }

  private String serve(AtomicReference<String> accept, byte[] body) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
    boolean gzipped = body.length > 2 && body[0] == 0x1f && (body[1] & 0xff) == 0x8b;
    s.createContext("/", ex -> {
      accept.set(ex.getRequestHeaders().getFirst("Accept"));
      ex.getResponseHeaders().add("Content-Type",
          "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited");
      if (gzipped) {
        ex.getResponseHeaders().add("Content-Encoding", "gzip");
      }
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    s.start();
    servers.add(s);
    return "127.0.0.1:" + s.getAddress().getPort();
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }
}
