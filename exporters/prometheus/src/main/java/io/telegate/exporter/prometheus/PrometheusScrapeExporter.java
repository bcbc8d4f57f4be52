package io.telegate.exporter.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Host;
import io.telegate.core.component.HostPort;
import io.telegate.core.data.Metrics;
import io.telegate.core.exporter.Sender;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry.Counter;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.translator.prometheus.Labels;
import io.telegate.translator.prometheus.PromSeries;
import io.telegate.translator.prometheus.PrometheusNaming;
import io.telegate.translator.prometheus.PrometheusTranslator;
import io.telegate.translator.prometheus.Translation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@code prometheus} exporter: keeps the newest value (by sample time) of every translated
 * series and serves them in the Prometheus text format on {@code /metrics}; series not updated within {@code
 * metric_expiration} are dropped at the next scrape.
 */
final class PrometheusScrapeExporter implements Sender<Metrics> {

  private final ComponentId id;
  private final PrometheusExporterConfig config;
  private final PrometheusTranslator translator;
  private final Map<Labels, Entry> series = new ConcurrentHashMap<>();
  private final Map<String, Translation.Metadata> metadata = new ConcurrentHashMap<>();
  private final Map<Translation.DropReason, Counter> dropped = new EnumMap<>(Translation.DropReason.class);
  private Clock clock = Clock.systemUTC();
  private GatewayLogger log = GatewayLogger.root();
  private HttpServer server;
  private ExecutorService executor;

  private record Entry(PromSeries.Type type, String family, double value, long timestampMs, long updatedMs) {}

  public PrometheusScrapeExporter(ComponentId id, PrometheusExporterConfig config) {
    this.id = id;
    this.config = config;
    this.translator = new PrometheusTranslator(config.translatorSettings());
  }

  @Override
  public void start(Host host) throws IOException {
    clock = host.clock();
    log = host.logger(ComponentKind.EXPORTER, id);
    MetricRegistry m = host.metrics();
    for (Translation.DropReason r : Translation.DropReason.values()) {
      dropped.put(r, m.counter("otelcol_exporter_prometheus_dropped_data_points",
          "OTLP data points that cannot be exposed for scraping.", "exporter", id.toString(), "reason", r.label()));
    }
    HostPort hp = HostPort.parse(config.endpoint());
    server = HttpServer.create(new InetSocketAddress(hp.host(), hp.port()), 16);
    executor = Executors.newSingleThreadExecutor(host.threads(ComponentKind.EXPORTER, id));
    server.setExecutor(executor);
    server.createContext("/metrics", this::serve);
    server.start();
    log.info("serving metrics for scraping", "endpoint", config.endpoint(), "path", "/metrics");
  }

  /** The bound port; for tests using port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public java.util.concurrent.CompletableFuture<Void> send(Metrics data) {
    Translation t = translator.translate(data);
    long now = clock.millis();
    for (Translation.Drop d : t.drops()) {
      dropped.get(d.reason()).add(d.points());
    }
    metadata.putAll(Map.copyOf(indexMetadata(t)));
    for (PromSeries s : t.series()) {
      if (!s.histograms().isEmpty()) {
        // Native histograms have no text-format representation.
        dropped.get(Translation.DropReason.NOT_EXPOSABLE).add(s.histograms().size());
      }
      if (s.samples().isEmpty()) {
        continue;
      }
      PromSeries.Sample last = s.samples().get(s.samples().size() - 1);
      // The newest sample wins, whatever order requests arrive in (a sending_queue with several
      // consumers stores them concurrently); an older one arriving late changes nothing.
      if (Double.doubleToRawLongBits(last.value()) == PrometheusTranslator.STALE_NAN_BITS) {
        series.computeIfPresent(s.labels(), (l, held) -> held.timestampMs() > last.timestampMs() ? held : null);
      } else {
        Entry e = new Entry(s.type(), s.family(), last.value(), last.timestampMs(), now);
        series.merge(s.labels(), e, (held, fresh) -> held.timestampMs() > fresh.timestampMs() ? held : fresh);
      }
    }
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }

  private static Map<String, Translation.Metadata> indexMetadata(Translation t) {
    Map<String, Translation.Metadata> m = new TreeMap<>();
    for (Translation.Metadata md : t.metadata()) {
      m.put(md.family(), md);
    }
    return m;
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = render().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The text exposition of every live series, grouped by family; expired series are removed. */
  public String render() {
    long cutoff = clock.millis() - config.metricExpiration().toMillis();
    series.values().removeIf(e -> e.updatedMs() < cutoff);
    Map<String, List<Map.Entry<Labels, Entry>>> families = new TreeMap<>();
    for (Map.Entry<Labels, Entry> e : series.entrySet()) {
      families.computeIfAbsent(e.getValue().family(), f -> new ArrayList<>()).add(e);
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, List<Map.Entry<Labels, Entry>>> f : families.entrySet()) {
      String family = f.getKey();
      List<Map.Entry<Labels, Entry>> members = f.getValue();
      Translation.Metadata md = metadata.get(family);
      PromSeries.Type type = members.get(0).getValue().type();
      String help = md == null || md.help().isEmpty() ? family : md.help();
      b.append("# HELP ").append(family).append(' ').append(escapeHelp(help)).append('\n');
      b.append("# TYPE ").append(family).append(' ').append(typeName(type)).append('\n');
      String unit = md == null ? "" : PrometheusNaming.unitSuffixes(md.unit())[0];
      if (!unit.isEmpty() && family.contains(unit)) {
        b.append("# UNIT ").append(family).append(' ').append(unit).append('\n');
      }
      members.sort(Comparator.comparing((Map.Entry<Labels, Entry> e) -> e.getKey().metricName())
          .thenComparing(e -> leOrder(e.getKey())).thenComparing(e -> e.getKey().toString()));
      for (Map.Entry<Labels, Entry> e : members) {
        writeSeries(b, e.getKey(), e.getValue());
      }
    }
    return b.toString();
  }

  /** Buckets in numeric order of {@code le}, so {@code 10} follows {@code 5}. */
  private static double leOrder(Labels l) {
    String le = l.get("le");
    if (le == null) {
      return 0;
    }
    return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
  }

  private void writeSeries(StringBuilder b, Labels l, Entry e) {
    b.append(l.metricName());
    boolean any = false;
    for (int i = 0; i < l.size(); i++) {
      if (l.name(i).equals(Labels.NAME)) {
        continue;
      }
      b.append(any ? ',' : '{').append(l.name(i)).append("=\"").append(escapeValue(l.value(i))).append('"');
      any = true;
    }
    if (any) {
      b.append('}');
    }
    b.append(' ').append(formatValue(e.value()));
    if (config.sendTimestamps()) {
      b.append(' ').append(e.timestampMs());
    }
    b.append('\n');
  }

  private static String typeName(PromSeries.Type t) {
    return switch (t) {
      case COUNTER -> "counter";
      case GAUGE, INFO -> "gauge";
      case HISTOGRAM -> "histogram";
      case SUMMARY -> "summary";
    };
  }

  private static String formatValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static String escapeHelp(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String escapeValue(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Override
  public void shutdown() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
