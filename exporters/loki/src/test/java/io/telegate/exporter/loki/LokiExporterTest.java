package io.telegate.exporter.loki;

import static io.telegate.testing.data.Values.kv;
import static io.telegate.exporter.loki.OtlpLogsBuilder.logs;
import static io.telegate.testing.data.LogData.record;
import static io.telegate.exporter.loki.OtlpLogsBuilder.resource;
import static io.telegate.exporter.loki.OtlpLogsBuilder.withIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Logs;
import io.telegate.core.exporter.ExporterHelper;
import io.telegate.testing.Await;
import io.telegate.testing.FreePorts;
import io.telegate.testing.ManualScheduler;
import io.telegate.testing.TestHost;
import io.telegate.testing.loki.TestLokiServer;
import io.telegate.testing.loki.TestLokiServer.Answer;
import io.telegate.testing.data.Values;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exporter through the core helper against a test Loki server: wire format, tenants, failures, order. */
class LokiExporterTest {

  private static final ComponentId ID = ComponentId.parse("loki/test");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final TestLokiServer loki;
  private final TestHost host = new TestHost();
  private final ManualScheduler time = new ManualScheduler();
  private final List<ExporterHelper<Logs>> started = new ArrayList<>();

  LokiExporterTest() throws Exception {
    loki = new TestLokiServer();
  }

  @AfterEach
  void stop() {
    started.forEach(e -> e.shutdown(Duration.ofSeconds(1)));
    loki.close();
  }

  /** The exporter as the factory makes it, on the manual clock; keys as in YAML. */
  private ExporterHelper<Logs> exporter(Object... keyValues) throws Exception {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("sending_queue", Map.of("enabled", false));
    // No per-attempt timer: the only pending task on the manual clock is then the retry.
    raw.put("timeout", "0s");
    for (int i = 0; i < keyValues.length; i += 2) {
      raw.put((String) keyValues[i], keyValues[i + 1]);
    }
    raw.put("endpoint", loki.endpoint());
    return start(configOf(raw));
  }

  private static Logs twoStreams() {
    return logs(
        resource(List.of(kv("service.name", "cart")),
            withIds(record(2_000, "second", kv("user", "u1")), "0102030405060708090a0b0c0d0e0f10", "1112131415161718"),
            record(1_000, "first")),
        resource(List.of(kv("service.name", "web")), record(3_000, "web line").setSeverityNumberValue(13)));
  }

  private double metric(String nameAndLabels) {
    return host.value(nameAndLabels);
  }

  /** The server's SSL context from the test CA's PEM files, read by the shared client TLS loader. */
  private static javax.net.ssl.SSLContext serverTls(io.telegate.testing.TestCertificates certs) throws Exception {
    return io.telegate.transport.tls.ClientTlsMaterial.load(new io.telegate.transport.tls.ClientTlsConfig(false, false,
        certs.caPem().toString(), null, certs.serverCertPem().toString(), null, certs.serverKeyPem().toString(), null,
        "1.2", null, null, java.time.Duration.ZERO, false)).sslContext();
  }

  @Test
  void pushesOverTlsWithTheSharedTlsBlockAndRefusesAnUntrustedServer(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    io.telegate.testing.TestCertificates certs = io.telegate.testing.TestCertificates.create(dir);
    TestLokiServer https = new TestLokiServer(serverTls(certs));
    try {
      Map<String, Object> raw = new LinkedHashMap<>(Map.of("sending_queue", Map.of("enabled", false), "timeout", "0s",
          "retry_on_failure", Map.of("enabled", false), "endpoint", https.endpoint(),
          "tls", Map.of("ca_file", certs.caPem().toString())));
      LokiExporterConfig c = configOf(raw);
      ExporterHelper<Logs> trusted = start(c);
      trusted.consume(twoStreams()).get(10, TimeUnit.SECONDS);
      assertEquals(3, https.allEntries().size(), "pushed over TLS to the server the CA vouches for");

      raw.put("tls", Map.of());
      ExporterHelper<Logs> untrusted = start(configOf(raw));
      org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
          () -> untrusted.consume(twoStreams()).get(10, TimeUnit.SECONDS), "the JDK's roots do not know the test CA");
      assertEquals(3, https.allEntries().size());
    } finally {
      https.close();
    }
  }

  private static LokiExporterConfig configOf(Map<String, Object> raw) {
    List<Object> flat = new ArrayList<>();
    raw.forEach((k, v) -> {
      flat.add(k);
      flat.add(v);
    });
    return OtlpLogsBuilder.config(flat.toArray());
  }

  private ExporterHelper<Logs> start(LokiExporterConfig c) throws Exception {
    LokiSender sender = LokiExporterFactory.sender(CreateSettings.of(ComponentKind.EXPORTER, ID), c);
    ExporterHelper<Logs> e = new ExporterHelper<>(ID, Signal.LOGS, sender, c.sendingQueue(), c.retryOnFailure(),
        c.timeout(), time, () -> 0.5, null);
    e.start(host);
    started.add(e);
    return e;
  }

  @Test
  void pushesSnappyProtobufWithStreamsLabelsLinesAndStructuredMetadata() throws Exception {
    exporter("format", "raw", "structured_metadata", List.of("trace_id")).consume(twoStreams()).get(10, TimeUnit.SECONDS);
    assertEquals(1, loki.pushes().size());
    TestLokiServer.Push push = loki.pushes().get(0);
    assertEquals("/loki/api/v1/push", push.path());
    assertEquals("application/x-protobuf", push.contentType());
    assertNull(push.tenant());
    assertEquals(2, push.streams().size());
    TestLokiServer.Stream cart = push.streams().get(0);
    assertEquals("{exporter=\"OTLP\", job=\"cart\"}", cart.labelsText());
    assertEquals(List.of(new TestLokiServer.Entry(1_000, "first", Map.of()),
        new TestLokiServer.Entry(2_000, "second", Map.of("trace_id", "0102030405060708090a0b0c0d0e0f10"))),
        cart.entries(), "sorted by timestamp, trace id beside the line");
    assertEquals(Map.of("exporter", "OTLP", "job", "web", "level", "WARN"), push.streams().get(1).labels());
    assertEquals(3, metric("otelcol_exporter_sent_log_records{exporter=\"loki/test\""));
  }

  @Test
  void jsonEncodingPushesLokisJsonFormat() throws Exception {
    exporter("encoding", "json", "format", "raw", "structured_metadata", List.of("user"))
        .consume(twoStreams()).get(10, TimeUnit.SECONDS);
    TestLokiServer.Push push = loki.pushes().get(0);
    assertEquals("application/json", push.contentType());
    assertEquals(Map.of("exporter", "OTLP", "job", "cart"), push.streams().get(0).labels());
    assertEquals(List.of(new TestLokiServer.Entry(1_000, "first", Map.of()),
        new TestLokiServer.Entry(2_000, "second", Map.of("user", "u1"))), push.streams().get(0).entries());
  }

  @Test
  void sendsOneRequestPerTenantWithItsOrgIdHeader() throws Exception {
    exporter("tenant", Map.of("source", "attributes", "value", "team"), "headers", Map.of("X-Extra", "1"))
        .consume(logs(resource(List.of(kv("team", "a")), record(1, "x")),
            resource(List.of(kv("team", "b")), record(2, "y")),
            resource(List.of(kv("team", "a")), record(3, "z")))).get(10, TimeUnit.SECONDS);
    assertEquals(2, loki.pushes().size());
    Map<String, Integer> entriesByTenant = new ConcurrentHashMap<>();
    loki.pushes().forEach(p -> entriesByTenant.merge(p.tenant(), p.entries(), Integer::sum));
    assertEquals(Map.of("a", 2, "b", 1), entriesByTenant);
  }

  @Test
  void retriesA429AfterItsRetryAfter() throws Exception {
    loki.answer(Answer.of(429, "Ingestion rate limit exceeded", "Retry-After", "7"));
    CompletableFuture<Void> done = exporter().consume(twoStreams());
    Await.until("a retry is scheduled", WAIT, () -> !time.pendingDelays().isEmpty());
    assertEquals(Duration.ofSeconds(7), time.pendingDelays().get(0), "Retry-After beats the 5s backoff");
    time.advance(Duration.ofSeconds(7));
    done.get(10, TimeUnit.SECONDS);
    assertEquals(2, loki.received().size());
    assertEquals(1, loki.pushes().size());
  }

  @Test
  void retriesA500ThenDelivers() throws Exception {
    loki.answer(Answer.of(500, "internal error"));
    CompletableFuture<Void> done = exporter().consume(twoStreams());
    Await.until("a retry is scheduled", WAIT, () -> !time.pendingDelays().isEmpty());
    assertEquals(Duration.ofSeconds(5), time.pendingDelays().get(0));
    time.advance(Duration.ofSeconds(5));
    done.get(10, TimeUnit.SECONDS);
    assertEquals(3, loki.allEntries().size());
    assertEquals(1, metric("telegate_exporter_retries{exporter=\"loki/test\""));
  }

  @Test
  void entryOutOfOrder400IsPermanentCountedAndNotRetried() throws Exception {
    loki.answer(Answer.of(400, "entry with timestamp 1970-01-01 00:00:00.000001 +0000 UTC ignored, reason: "
        + "'entry out of order' for stream: {exporter=\"OTLP\", job=\"cart\"}"));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> exporter().consume(twoStreams()).get(10, TimeUnit.SECONDS));
    assertTrue(((ConsumerException) e.getCause()).isPermanent());
    assertTrue(e.getCause().getMessage().contains("entry out of order"), e.getCause().getMessage());
    assertEquals(1, loki.received().size());
    assertTrue(time.pendingDelays().isEmpty(), "not retried");
    assertEquals(3, metric("telegate_exporter_loki_rejected_log_records{exporter=\"loki/test\",reason=\"out_of_order\""));
    assertEquals(1, metric("telegate_exporter_loki_rejected_requests{exporter=\"loki/test\",reason=\"out_of_order\""));
    assertEquals(3, metric("otelcol_exporter_send_failed_log_records{exporter=\"loki/test\""));
  }

  @Test
  void streamLimit400IsPermanentAndCounted() throws Exception {
    loki.answer(Answer.of(400, "Maximum active stream limit exceeded, reduce the number of active streams "
        + "(reduce labels or reduce label values), or contact your Loki administrator"));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> exporter().consume(twoStreams()).get(10, TimeUnit.SECONDS));
    assertTrue(((ConsumerException) e.getCause()).isPermanent());
    assertEquals(3, metric("telegate_exporter_loki_rejected_log_records{exporter=\"loki/test\",reason=\"stream_limit\""));
    assertEquals(0, metric("telegate_exporter_loki_rejected_log_records{exporter=\"loki/test\",reason=\"other\""));
  }

  @Test
  void aRetrySendsOnlyThePartsLokiDidNotTake() throws Exception {
    boolean[] failedOnce = {false};
    loki.answerBy(p -> {
      if ("b".equals(p.tenant()) && !failedOnce[0]) {
        failedOnce[0] = true;
        return Answer.of(503, "unavailable");
      }
      return null;
    });
    CompletableFuture<Void> done = exporter("tenant", Map.of("source", "attributes", "value", "team"))
        .consume(logs(resource(List.of(kv("team", "a")), record(1, "x")),
            resource(List.of(kv("team", "b")), record(2, "y"))));
    Await.until("a retry is scheduled", WAIT, () -> !time.pendingDelays().isEmpty());
    time.advance(time.pendingDelays().get(0));
    done.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("a", "b", "b"), loki.received().stream().map(TestLokiServer.Push::tenant).sorted().toList(),
        "tenant a was delivered once, not again with the retry");
    assertEquals(2, loki.pushes().size());
  }

  @Test
  void streamsOverTheCapGoToFurtherRequests() throws Exception {
    List<io.opentelemetry.proto.logs.v1.ResourceLogs> rls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rls.add(resource(List.of(kv("service.name", "svc-" + i)), record(i + 1, "line " + i)));
    }
    exporter("max_streams_per_request", 2).consume(logs(rls.toArray(new io.opentelemetry.proto.logs.v1.ResourceLogs[0])))
        .get(10, TimeUnit.SECONDS);
    assertEquals(List.of(2, 2, 1), loki.pushes().stream().map(p -> p.streams().size()).toList());
    assertEquals(5, loki.allEntries().size());
    assertEquals(3, metric("telegate_exporter_loki_streams_deferred{exporter=\"loki/test\""));
  }

  @Test
  void oneStreamsPushesStayInOrderAcrossConcurrentBatches() throws Exception {
    // The server refuses a push older than the last one of its stream, as Loki before 2.4 did.
    Map<String, Long> last = new ConcurrentHashMap<>();
    loki.answerBy(p -> {
      for (TestLokiServer.Stream s : p.streams()) {
        long first = s.entries().get(0).timestampNanos();
        Long prev = last.put(s.labelsText(), s.entries().get(s.entries().size() - 1).timestampNanos());
        if (prev != null && first < prev) {
          return Answer.of(400, "entry out of order");
        }
      }
      return null;
    });
    ExporterHelper<Logs> e = exporter("sending_queue", Map.of("enabled", true, "num_consumers", 4));
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      acks.add(e.consume(logs(resource(List.of(kv("service.name", "svc-" + (i % 3))), record(i, "n" + i)))));
    }
    CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
    Await.until("every record delivered", WAIT, () -> loki.allEntries().size() == 60);
    assertEquals(0, metric("telegate_exporter_loki_rejected_log_records{exporter=\"loki/test\",reason=\"out_of_order\""));
  }

  @Test
  void anUnreachableLokiIsRetried() throws Exception {
    LokiExporterConfig c = OtlpLogsBuilder.config("endpoint", "http://127.0.0.1:" + FreePorts.next() + "/loki/api/v1/push",
        "sending_queue", Map.of("enabled", false));
    LokiSender sender = LokiExporterFactory.sender(CreateSettings.of(ComponentKind.EXPORTER, ID), c);
    sender.start(host);
    try {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> sender.send(twoStreams()).get(10, TimeUnit.SECONDS));
      assertFalse(((ConsumerException) e.getCause()).isPermanent(), e.getCause().getMessage());
    } finally {
      sender.shutdown();
    }
  }
}
