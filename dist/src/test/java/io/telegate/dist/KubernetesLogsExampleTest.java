package io.telegate.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.config.ConfigResolver;
import io.telegate.core.config.ConfigSource;
import io.telegate.core.service.Gateway;
import io.telegate.receiver.filelog.fileconsumer.Checkpoints;
import io.telegate.testing.Await;
import io.telegate.testing.loki.TestLokiServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config/examples/kubernetes-logs.yaml end to end, as the DaemonSet runs it: container log files
 * laid out as the kubelet lays them out under /var/log/pods (CRI lines with partial lines, Docker
 * JSON lines, a rotation, Telegate's own container), holding the platform's slog JSON lines, read
 * by the example as it is (only its paths and endpoints point elsewhere) into a test Loki server.
 */
class KubernetesLogsExampleTest {

  private static final Path EXAMPLE = ValidateCommandTest.CONFIG_DIR.resolve("examples/kubernetes-logs.yaml");
  private static final String PODS = "/var/log/pods";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static final String NAMESPACE = "platform-services";
  private static final Pod IAM = new Pod(NAMESPACE, "iam-6d8f7b9c4-x2x7q", "0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b", "iam");
  private static final Pod BILLING =
      new Pod(NAMESPACE, "billing-5c4b3a2d1-q9w8e", "1a2b3c4d-5e6f-4081-92a3-b4c5d6e7f809", "billing");
  /** The DaemonSet's own pod: what it logs must not come back round. */
  private static final Pod TELEGATE =
      new Pod("observability", "telegate-logs-7xk2p", "2b3c4d5e-6f70-4192-a3b4-c5d6e7f8091a", "telegate");

  @TempDir Path root;

  record Pod(String namespace, String name, String uid, String container) {
    Path dir(Path pods) {
      return pods.resolve(namespace + "_" + name + "_" + uid).resolve(container);
    }
  }

  /** What one slog line must become in Loki. */
  record Expected(Pod pod, String time, String level, String levelLabel, String traceId, String service) {}

  @Test
  void slogLinesFromCriAndDockerFilesArriveInLokiParsedLabelledAndExactlyOnce() throws Exception {
    Path pods = root.resolve("var/log/pods");
    Path storage = root.resolve("var/lib/telegate/filelog");
    Path iamLog = Files.createDirectories(IAM.dir(pods)).resolve("0.log");
    Path billingLog = Files.createDirectories(BILLING.dir(pods)).resolve("0.log");
    Path ownLog = Files.createDirectories(TELEGATE.dir(pods)).resolve("0.log");
    // There before the first start: start_at: end skips it.
    append(iamLog, cri("2026-12-03T18:59:00.000000001Z", "stdout", "F",
        slog("2026-04-22T16:59:00.000Z", "INFO", "before the start", "iam", null)));
    append(ownLog, cri("2026-12-03T18:59:00.000000002Z", "stdout", "F",
        "{\"time\":\"2026-12-03T18:59:00.000Z\",\"level\":\"INFO\",\"msg\":\"telegate starting\"}"));

    Map<String, Expected> expected = new LinkedHashMap<>();
    try (TestLokiServer loki = new TestLokiServer()) {
      Gateway gateway = gateway(pods, storage, loki);
      try {
        gateway.start();
        Path checkpoint = storage.resolve("receiver_filelog_filelog");
        Await.until("the first poll's checkpoint", WAIT, () -> Files.exists(checkpoint));

        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        append(iamLog, cri("2026-12-03T19:00:00.100000000Z", "stdout", "F",
            slog("2026-04-22T17:00:00.000Z", "INFO", "user created", "iam", trace)));
        expected.put("user created", new Expected(IAM, "2026-04-22T17:00:00.000Z", "INFO", "INFO", trace, "iam"));
        // A long line the runtime wrote in three pieces (P, P, F): one record.
        String slow = slog("2026-04-22T17:00:01.250Z", "WARN", "slow query on the users table", "iam",
            "0af7651916cd43dd8448eb211c80319c");
        append(iamLog, cri("2026-12-03T19:00:01.000000000Z", "stdout", "P", slow.substring(0, 20))
            + cri("2026-12-03T19:00:01.000000001Z", "stdout", "P", slow.substring(20, 61)));
        append(ownLog, cri("2026-12-03T19:00:01.5Z", "stdout", "F",
            "{\"time\":\"2026-12-03T19:00:01.500Z\",\"level\":\"INFO\",\"msg\":\"telegate ready\"}"));
        append(iamLog, cri("2026-12-03T19:00:01.000000002Z", "stdout", "F", slow.substring(61)));
        expected.put("slow query on the users table", new Expected(IAM, "2026-04-22T17:00:01.250Z", "WARN", "WARN",
            "0af7651916cd43dd8448eb211c80319c", "iam"));
        append(iamLog, cri("2026-12-03T19:00:02.000000000Z", "stderr", "F",
            slog("2026-04-22T17:00:02.999Z", "ERROR", "vault unreachable", "iam", null)));
        expected.put("vault unreachable", new Expected(IAM, "2026-04-22T17:00:02.999Z", "ERROR", "ERROR", null, "iam"));
        // Not JSON: sent as it is, with the runtime's time.
        append(iamLog, cri("2026-12-03T19:00:03.123456789Z", "stderr", "F", "panic: runtime error: index out of range"));

        append(billingLog, docker("2026-12-03T19:00:04.000000000Z", "stdout",
            slog("2026-04-22T17:00:04.000Z", "INFO", "invoice issued", "billing", "11111111111111111111111111111111")));
        expected.put("invoice issued", new Expected(BILLING, "2026-04-22T17:00:04.000Z", "INFO", "INFO",
            "11111111111111111111111111111111", "billing"));
        // slog's levels between the named ones: INFO+2 is OpenTelemetry's INFO3.
        append(billingLog, docker("2026-12-03T19:00:05.000000000Z", "stdout",
            slog("2026-04-22T17:00:05.000Z", "INFO+2", "payment retried", "billing", null)));
        expected.put("payment retried", new Expected(BILLING, "2026-04-22T17:00:05.000Z", "INFO+2", "INFO3", null,
            "billing"));

        // The kubelet rotates: 0.log is renamed, the runtime reopens a new 0.log. The renamed file
        // is read to its end through the handle opened before, the new one from its start.
        append(iamLog, cri("2026-12-03T19:00:06.000000000Z", "stdout", "F",
            slog("2026-04-22T17:00:06.000Z", "INFO", "last line before rotation", "iam", null)));
        expected.put("last line before rotation", new Expected(IAM, "2026-04-22T17:00:06.000Z", "INFO", "INFO", null,
            "iam"));
        Files.move(iamLog, iamLog.resolveSibling("0.log.20261203-190006"));
        append(iamLog, cri("2026-12-03T19:00:07.000000000Z", "stdout", "F",
            slog("2026-04-22T17:00:07.000Z", "DEBUG", "first line after rotation", "iam", null)));
        expected.put("first line after rotation", new Expected(IAM, "2026-04-22T17:00:07.000Z", "DEBUG", "DEBUG", null,
            "iam"));

        int all = expected.size() + 1;
        Await.until(all + " lines in Loki", WAIT, () -> loki.allEntries().size() >= all,
            () -> lines(loki).toString());
      } finally {
        gateway.shutdown(Duration.ofSeconds(20));
      }

      // The checkpoint has every file at its end (the rotated one under the name it was read by):
      // a restarted pod reads none of it again.
      Map<String, List<Long>> offsets = new HashMap<>();
      for (Checkpoints.Known k : new Checkpoints(storage.resolve("receiver_filelog_filelog"), false).load()) {
        offsets.computeIfAbsent(k.path(), p -> new ArrayList<>()).add(k.offset());
      }
      assertEquals(new TreeSet<>(List.of(Files.size(iamLog), Files.size(iamLog.resolveSibling("0.log.20261203-190006")))),
          new TreeSet<>(offsets.get(iamLog.toString())), offsets::toString);
      assertEquals(List.of(Files.size(billingLog)), offsets.get(billingLog.toString()), offsets::toString);
      assertFalse(offsets.containsKey(ownLog.toString()), () -> "Telegate's own log is excluded: " + offsets);

      // The next pod on this node resumes from the checkpoint.
      append(iamLog, cri("2026-12-03T19:01:00.000000000Z", "stdout", "F",
          slog("2026-04-22T17:01:00.000Z", "INFO", "after the restart", "iam", null)));
      expected.put("after the restart", new Expected(IAM, "2026-04-22T17:01:00.000Z", "INFO", "INFO", null, "iam"));
      Gateway restarted = gateway(pods, storage, loki);
      try {
        restarted.start();
        Await.until("the line written after the restart", WAIT,
            () -> lines(loki).containsKey("after the restart"), () -> lines(loki).toString());
      } finally {
        restarted.shutdown(Duration.ofSeconds(20));
      }

      Map<String, List<Line>> got = lines(loki);
      for (Map.Entry<String, List<Line>> e : got.entrySet()) {
        assertEquals(1, e.getValue().size(), () -> "exactly once: " + e.getKey() + " " + e.getValue());
      }
      List<String> bodies = new ArrayList<>(expected.keySet());
      bodies.add("panic: runtime error: index out of range");
      assertEquals(new TreeSet<>(bodies), new TreeSet<>(got.keySet()),
          "every line, none from before the start or from Telegate's own container");

      for (Map.Entry<String, Expected> e : expected.entrySet()) {
        String msg = e.getKey();
        Expected x = e.getValue();
        Line line = got.get(msg).get(0);
        assertEquals(nanos(x.time()), line.timestampNanos(), msg + ": the timestamp is slog's time");
        assertEquals(x.level(), line.json().path("severity").asText(), msg + ": the severity text is slog's level");
        assertEquals(Map.of("service", x.service(), "level", x.levelLabel(), "k8s_namespace_name", x.pod().namespace()),
            line.labels(), msg + ": labels");
        assertEquals(x.traceId() == null ? "" : x.traceId(), line.json().path("traceid").asText(), msg + ": trace id");
        JsonNode resources = line.json().path("resources");
        assertEquals(x.pod().name(), resources.path("k8s.pod.name").asText(), msg);
        assertEquals(x.pod().uid(), resources.path("k8s.pod.uid").asText(), msg);
        assertEquals(x.pod().container(), resources.path("k8s.container.name").asText(), msg);
        JsonNode attributes = line.json().path("attributes");
        assertEquals("018f1234-5678-7abc-def0-123456789abc", attributes.path("tenant_id").asText(), msg);
        assertEquals(12, attributes.path("duration_ms").asInt(), msg);
        for (String consumed : new String[] {"time", "level", "msg", "trace_id", "service"}) {
          assertTrue(attributes.path(consumed).isMissingNode(), msg + ": " + consumed + " is not left in " + attributes);
        }
      }
      Line panic = got.get("panic: runtime error: index out of range").get(0);
      assertEquals(nanos("2026-12-03T19:00:03.123456789Z"), panic.timestampNanos(), "the runtime's time");
      assertEquals(Map.of("k8s_namespace_name", NAMESPACE), panic.labels());
      assertEquals("stderr", panic.json().path("attributes").path("log.iostream").asText());
    }
  }

  @Test
  void startsOnANodeWithoutAPodsDirectory() throws Exception {
    try (TestLokiServer loki = new TestLokiServer()) {
      Gateway gateway = gateway(root.resolve("var/log/pods"), root.resolve("storage"), loki);
      try {
        gateway.start();
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gateway.adminPort() + "/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
      } finally {
        gateway.shutdown(Duration.ofSeconds(20));
      }
      assertTrue(loki.received().isEmpty());
    }
  }

  /** The example with its pod log paths under {@code pods}, its checkpoints in {@code storage}, Loki there. */
  private static Gateway gateway(Path pods, Path storage, TestLokiServer loki) throws Exception {
    Map<String, String> env = Map.of("FILELOG_STORAGE_DIR", storage.toString(), "LOKI_ENDPOINT", loki.endpoint(),
        "TELEGATE_METRICS_ADDRESS", "127.0.0.1:0");
    ConfigErrors errors = new ConfigErrors();
    Map<String, Object> tree = new ConfigSource(env::get).load(List.of(EXAMPLE), errors);
    assertTrue(errors.isEmpty(), errors::toString);
    @SuppressWarnings("unchecked")
    Map<String, Object> filelog = (Map<String, Object>) ((Map<String, Object>) tree.get("receivers")).get("filelog");
    Map<String, Object> moved = new HashMap<>();
    for (String key : new String[] {"include", "exclude"}) {
      List<String> globs = new ArrayList<>();
      for (Object glob : (List<?>) filelog.get(key)) {
        assertTrue(glob.toString().startsWith(PODS + "/"), key + ": " + glob);
        globs.add(pods + glob.toString().substring(PODS.length()));
      }
      moved.put(key, globs);
    }
    ConfigSource.merge(tree, Map.of("receivers", Map.of("filelog", moved)));
    return new Gateway(new ConfigResolver(BuiltinComponents.all()).resolve(tree), "test", Clock.systemUTC());
  }

  /** A slog JSONHandler line of the platform's services. */
  private static String slog(String time, String level, String msg, String service, String traceId)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", time);
    m.put("level", level);
    m.put("msg", msg);
    m.put("service", service);
    if (traceId != null) {
      m.put("trace_id", traceId);
    }
    m.put("tenant_id", "018f1234-5678-7abc-def0-123456789abc");
    m.put("duration_ms", 12);
    return JSON.writeValueAsString(m);
  }

  /** A line as containerd and CRI-O write it. */
  private static String cri(String time, String stream, String tag, String content) {
    return time + " " + stream + " " + tag + " " + content + "\n";
  }

  /** A line as Docker's json-file driver writes it (cri-dockerd links it under /var/log/pods). */
  private static String docker(String time, String stream, String content) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("log", content + "\n");
    m.put("stream", stream);
    m.put("time", time);
    return JSON.writeValueAsString(m) + "\n";
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static long nanos(String time) {
    Instant i = Instant.parse(time);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** One Loki entry with its stream's labels and its line read as JSON. */
  record Line(long timestampNanos, Map<String, String> labels, JsonNode json) {}

  /** Loki's entries by body. */
  private static Map<String, List<Line>> lines(TestLokiServer loki) {
    Map<String, List<Line>> out = new LinkedHashMap<>();
    for (TestLokiServer.Push p : loki.pushes()) {
      for (TestLokiServer.Stream s : p.streams()) {
        for (TestLokiServer.Entry e : s.entries()) {
          JsonNode json;
          try {
            json = JSON.readTree(e.line());
          } catch (IOException ex) {
            throw new AssertionError("not a json line: " + e.line(), ex);
          }
          out.computeIfAbsent(json.path("body").asText(), k -> new ArrayList<>())
              .add(new Line(e.timestampNanos(), s.labels(), json));
        }
      }
    }
    return out;
  }

}
