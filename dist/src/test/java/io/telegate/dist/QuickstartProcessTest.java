package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.data.TraceData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a user runs it: a separate JVM on config/quickstart.yaml becomes
 * ready, serves its metrics and health, takes OTLP, and exits 0 on SIGTERM.
 */
class QuickstartProcessTest {

  @TempDir Path dir;
  private Process process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @AfterEach
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private HttpResponse<String> get(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void quickstartStartsServesMetricsAndHealthAcceptsOtlpAndExitsZeroOnSigterm() throws Exception {
    int grpc = FreePorts.next();
    int otlpHttp = FreePorts.next();
    int health = FreePorts.next();
    int metrics = FreePorts.next();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve("gateway.log");
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", classpath, "io.telegate.dist.Main", "run", "--config",
        ValidateCommandTest.CONFIG_DIR.resolve("quickstart.yaml").toString());
    pb.environment().put("TELEGATE_GRPC_ENDPOINT", "127.0.0.1:" + grpc);
    pb.environment().put("TELEGATE_HTTP_ENDPOINT", "127.0.0.1:" + otlpHttp);
    pb.environment().put("TELEGATE_HEALTH_ENDPOINT", "127.0.0.1:" + health);
    pb.environment().put("TELEGATE_METRICS_ADDRESS", "127.0.0.1:" + metrics);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    process = pb.start();

    String base = "http://127.0.0.1:" + metrics;
    Await.until("/health/ready answers 200", Duration.ofSeconds(60), () -> {
      assertTrue(process.isAlive(), () -> "gateway exited: " + read(log));
      HttpResponse<String> r = get(base + "/health/ready");
      return r != null && r.statusCode() == 200;
    });
    assertEquals("{\"status\":\"ready\"}", get(base + "/health/ready").body());
    assertEquals("{\"status\":\"alive\"}", get(base + "/health/live").body());
    HttpResponse<String> full = get(base + "/health");
    assertEquals(200, full.statusCode());
    assertTrue(full.body().contains("\"status\":\"healthy\""), full.body());
    assertTrue(full.body().contains("\"receiver:otlp\":{\"status\":\"ok\""), full.body());
    assertEquals(200, get("http://127.0.0.1:" + health + "/").statusCode());

    byte[] req = TraceData.spans(1).names(i -> "quickstart").ids(16, 8).bytes();
    HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlpHttp + "/v1/traces"))
        .header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(req)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, sent.statusCode(), sent.body());

    String text = get(base + "/metrics").body();
    assertTrue(text.contains("otelcol_process_uptime"), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("otelcol_receiver_accepted_spans_total{")
        && l.contains("transport=\"http\"") && l.endsWith(" 1")), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("otelcol_exporter_sent_spans_total{exporter=\"debug\"")
        && l.endsWith(" 1")), text);

    process.destroy(); // SIGTERM
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "gateway did not stop within 60s");
    assertEquals(0, process.exitValue(), () -> read(log));
    List<String> lines = Files.readAllLines(log);
    assertTrue(lines.stream().anyMatch(l -> l.contains("\"msg\":\"Shutdown complete.\"")), () -> read(log));
    assertTrue(lines.stream().filter(l -> !l.isBlank()).allMatch(l -> l.startsWith("{\"time\":")),
        () -> "every log line is JSON: " + read(log));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "<" + e + ">";
    }
  }

}
