package io.telegate.benchmarks.jmh;

import static io.telegate.testing.data.Values.kv;
import static io.telegate.testing.data.Values.str;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Exporter;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.Logs;
import io.telegate.core.exporter.QueueConfig;
import io.telegate.core.exporter.RetryConfig;
import io.telegate.exporter.loki.LabelsConfig;
import io.telegate.exporter.loki.LokiExporterConfig;
import io.telegate.exporter.loki.LokiExporterFactory;
import io.telegate.exporter.loki.TenantConfig;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.LogData;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xerial.snappy.Snappy;

/**
 * Issue 7: the loki exporter's encode + snappy of 1000 log records. LokiStreamTranslator and
 * LokiPushEncoder are package-private, so the nearest public entry point is measured: the
 * exporter from {@link LokiExporterFactory} (sending queue and retry off, protobuf + snappy, json
 * line format, default labels) pushing to a capturing HTTP server in this JVM, which answers 204.
 * {@link #httpPostBaseline} posts the captured body the same way (JDK HttpClient, HTTP/1.1) so
 * that exporter minus baseline estimates translate + encode + snappy; {@link #snappyOnly}
 * compresses the captured, uncompressed PushRequest.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LokiPushBenchmark {

  public static final int RECORDS = 1000;
  private static final long T0 = 1_764_000_000_000_000_000L;

  private HttpServer server;
  private volatile byte[] lastBody;
  private final AtomicLong posts = new AtomicLong();
  private Exporter<Logs> exporter;
  private byte[] logsBytes;
  private byte[] captured;
  private byte[] pushRequest;
  private HttpClient client;
  private URI uri;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/loki/api/v1/push", x -> {
      try (InputStream in = x.getRequestBody()) {
        lastBody = in.readAllBytes();
      }
      posts.incrementAndGet();
      x.sendResponseHeaders(204, -1);
      x.close();
    });
    server.start();
    uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/loki/api/v1/push");

    QueueConfig noQueue = new QueueConfig(false, 1, 1000, QueueConfig.Sizer.REQUESTS, false, null,
        QueueConfig.Fsync.BATCH);
    RetryConfig noRetry = new RetryConfig(false, Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(300), 1.5, 0.5);
    LokiExporterConfig d = LokiExporterConfig.DEFAULT;
    LokiExporterConfig config = new LokiExporterConfig(uri.toString(), LokiExporterConfig.Encoding.PROTOBUF,
        LokiExporterConfig.LineFormat.JSON, LabelsConfig.DEFAULT, Map.of(), List.of(), TenantConfig.DEFAULT,
        d.maxStreamsPerRequest(), d.labelValueMaxLength(), Map.of(), d.tls(), Duration.ofSeconds(5), noQueue, noRetry,
        null, null, null, null, null, null, null, null);
    exporter = new LokiExporterFactory().createLogs(
        CreateSettings.of(ComponentKind.EXPORTER, ComponentId.of("loki")), config);
    exporter.start(new TestHost());

    logsBytes = logs().toByteArray();
    exporter.consume(Logs.fromBytes(logsBytes, ClientContext.EMPTY)).join();
    captured = lastBody;
    pushRequest = Snappy.uncompress(captured);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    System.out.printf("%nOTLP logs %d B, %d records; push body %d B snappy, %d B PushRequest; posts %d%n",
        logsBytes.length, RECORDS, captured.length, pushRequest.length, posts.get());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    exporter.shutdown(Duration.ofSeconds(5));
    server.stop(0);
    System.out.printf("%nposts %d%n", posts.get());
  }

  /** 1000 records of one service: json-ish message bodies, ids, 4 attributes, INFO/WARN/ERROR. */
  public static ExportLogsServiceRequest logs() {
    Random random = new Random(7);
    SeverityNumber[] sev = {SeverityNumber.SEVERITY_NUMBER_INFO, SeverityNumber.SEVERITY_NUMBER_WARN,
        SeverityNumber.SEVERITY_NUMBER_ERROR};
    String[] sevText = {"INFO", "WARN", "ERROR"};
    return LogData.records(RECORDS)
        .resource("service.name", "user-service", "service.namespace", "shop",
            "service.instance.id", "627cc493-f310-47de-96bd-71410b7dec09",
            "host.name", "ip-10-0-12-34.eu-west-1.compute.internal", "k8s.pod.name", "user-service-7d9f8b6c5d-x2k4p")
        .scope("com.example.users", "1.0.0")
        .startingAt(T0, 1_000_000L)
        .each((r, i) -> {
          int s = i % 10 == 9 ? 2 : i % 10 >= 7 ? 1 : 0;
          byte[] trace = new byte[16];
          byte[] span = new byte[8];
          random.nextBytes(trace);
          random.nextBytes(span);
          r.setObservedTimeUnixNano(r.getTimeUnixNano() + 500_000)
              .setSeverityNumber(sev[s])
              .setSeverityText(sevText[s])
              .setBody(str("user " + (100_000 + random.nextInt(900_000)) + " fetched profile in "
                  + random.nextInt(200) + " ms (cache " + (random.nextBoolean() ? "hit" : "miss") + ")"))
              .setTraceId(ByteString.copyFrom(trace))
              .setSpanId(ByteString.copyFrom(span))
              .addAttributes(kv("thread.name", "http-nio-8080-exec-" + (1 + random.nextInt(200))))
              .addAttributes(kv("code.namespace", "com.example.users.UserController"))
              .addAttributes(kv("code.function", "getUser"))
              .addAttributes(kv("http.route", "/api/v1/users/{id}"));
        })
        .build();
  }

  /** The exporter: parse, translate to streams, encode PushRequest, snappy, POST, 204. */
  @Benchmark
  public void exporterPush() {
    exporter.consume(Logs.fromTrustedBytes(logsBytes, RECORDS, ClientContext.EMPTY)).join();
  }

  /** The POST of the same (captured) body alone. */
  @Benchmark
  public int httpPostBaseline() throws Exception {
    HttpRequest r = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1)
        .POST(HttpRequest.BodyPublishers.ofByteArray(captured))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy").build();
    return client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Snappy of the uncompressed PushRequest the exporter produced. */
  @Benchmark
  public byte[] snappyOnly() throws IOException {
    return Snappy.compress(pushRequest);
  }
}
