package io.telegate.translator.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real Prometheus (Debian's /usr/bin/prometheus) with the remote write receiver on, for tests. */
public final class PrometheusServer implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/bin/prometheus");

  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private PrometheusServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  public static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /** Starts Prometheus on a free port with no scrape jobs and waits until it is ready. */
  public static PrometheusServer start() throws IOException {
    return start(null);
  }

  /** Starts Prometheus, scraping {@code scrapeTarget} (host:port) every second when not null. */
  public static PrometheusServer start(String scrapeTarget) throws IOException {
    Path dir = Files.createTempDirectory("telegate-prometheus");
    Path config = dir.resolve("prometheus.yml");
    String scrape = scrapeTarget == null ? "" : "scrape_configs:\n  - job_name: telegate\n    scrape_interval: 1s\n"
        + "    static_configs:\n      - targets: ['" + scrapeTarget + "']\n";
    Files.writeString(config, "global:\n  scrape_interval: 15s\n" + scrape);
    int port = FreePorts.next();
    Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--web.enable-remote-write-receiver", "--enable-feature=native-histograms,exemplar-storage")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    PrometheusServer s = new PrometheusServer(p, dir, port);
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
    try {
      Await.until("prometheus ready on " + port, Duration.ofSeconds(60), s::ready);
    } catch (AssertionError e) {
      String log = Files.readString(dir.resolve("prometheus.log"));
      s.close();
      throw new AssertionError(e.getMessage() + "\nprometheus log:\n" + log, e);
    }
    return s;
  }

  private boolean ready() {
    if (!process.isAlive()) {
      throw new AssertionError("prometheus exited with " + process.exitValue());
    }
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  public String writeUrl() {
    return "http://127.0.0.1:" + port + "/api/v1/write";
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** The result vector of an instant query, optionally at {@code timeSeconds}. */
  public JsonNode query(String promql, Double timeSeconds) {
    try {
      String path = "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
          + (timeSeconds == null ? "" : "&time=" + timeSeconds);
      HttpResponse<String> r = get(path);
      JsonNode body = json.readTree(r.body());
      if (!"success".equals(body.path("status").asText())) {
        throw new AssertionError("query " + promql + " failed: " + r.body());
      }
      return body.path("data").path("result");
    } catch (IOException e) {
      throw new AssertionError("query " + promql + " failed", e);
    }
  }

  public JsonNode query(String promql) {
    return query(promql, null);
  }

  /** The exemplar query result between two times (seconds). */
  public JsonNode exemplars(String promql, double start, double end) {
    try {
      HttpResponse<String> r = get("/api/v1/query_exemplars?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
          + "&start=" + start + "&end=" + end);
      return json.readTree(r.body()).path("data");
    } catch (IOException e) {
      throw new AssertionError("exemplar query " + promql + " failed", e);
    }
  }

  /** The single value of an instant query, or NaN when it returned nothing. */
  public double value(String promql, Double timeSeconds) {
    JsonNode result = query(promql, timeSeconds);
    if (result.isEmpty()) {
      return Double.NaN;
    }
    if (result.size() > 1) {
      throw new AssertionError(promql + " returned " + result.size() + " series: " + result);
    }
    return Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  /** Sum of the values of Prometheus' own metric lines that start with {@code prefix}. */
  public double selfMetric(String prefix) {
    try {
      double total = 0;
      for (String line : get("/metrics").body().split("\n")) {
        if (line.startsWith(prefix)) {
          total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return total;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp dir is harmless
    }
  }
}
