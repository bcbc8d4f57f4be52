package io.telegate.receiver.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.telegate.core.data.Metrics;
import io.telegate.core.health.ComponentHealth.Status;
import io.telegate.testing.Await;
import io.telegate.testing.ChildJvm;
import io.telegate.testing.FreePorts;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jvm rules against real JVMs started with JMX remote on a free loopback port. */
class JvmTargetTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void jvmMetricsArriveWithTheGathererNamesUnitsAndPlausibleValues() {
    int port = FreePorts.next();
    try (ChildJvm target = JmxChildren.sleepingTarget(port, List.of())) {
      assertTrue(target.process().isAlive());
      RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
      TestHost host = new TestHost();
      JmxReceiver receiver = Receivers.create("jmx", Map.of("endpoint", "127.0.0.1:" + port, "target_system", "jvm",
          "collection_interval", "300ms", "initial_delay", "0s",
          "resource_attributes", Map.of("service.name", "checkout")), sink);
      receiver.start(host);
      try {
        Await.until("jvm metrics", WAIT, () -> Scrapes.has(sink, "jvm.threads.count", "jvm.gc.collections.count"));

        Metric heapUsed = Scrapes.latest(sink, "jvm.memory.heap.used");
        Metric heapMax = Scrapes.latest(sink, "jvm.memory.heap.max");
        assertEquals("By", heapUsed.getUnit());
        assertTrue(heapUsed.hasGauge());
        double used = Scrapes.single(heapUsed);
        double max = Scrapes.single(heapMax);
        assertTrue(used > 0 && used <= max, "heap used " + used + " of " + max);
        assertTrue(max <= 64 * 1024 * 1024, "child runs with -Xmx64m, max " + max);

        Metric threads = Scrapes.latest(sink, "jvm.threads.count");
        assertEquals("{thread}", threads.getUnit());
        double n = Scrapes.single(threads);
        assertTrue(n >= 2 && n < 500, "threads " + n);

        assertTrue(Scrapes.single(Scrapes.latest(sink, "jvm.classes.loaded")) > 300);
        assertEquals("{class}", Scrapes.latest(sink, "jvm.classes.loaded").getUnit());

        Metric gc = Scrapes.latest(sink, "jvm.gc.collections.count");
        assertTrue(gc.hasSum());
        assertTrue(gc.getSum().getIsMonotonic());
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, gc.getSum().getAggregationTemporality());
        assertEquals("{collection}", gc.getUnit());
        List<String> collectors = Scrapes.points(gc).stream()
            .map(p -> Scrapes.attributes(p.getAttributesList()).get("name")).toList();
        assertTrue(collectors.contains("Copy") && collectors.contains("MarkSweepCompact"), collectors.toString());
        for (NumberDataPoint p : Scrapes.points(gc)) {
          assertTrue(p.getStartTimeUnixNano() > 0 && p.getStartTimeUnixNano() <= p.getTimeUnixNano(), p.toString());
          assertTrue(p.hasAsInt());
        }
        assertEquals("ms", Scrapes.latest(sink, "jvm.gc.collections.elapsed").getUnit());

        Metric pool = Scrapes.latest(sink, "jvm.memory.pool.used");
        assertTrue(Scrapes.points(pool).stream()
            .anyMatch(p -> "Metaspace".equals(Scrapes.attributes(p.getAttributesList()).get("name"))), pool.toString());
        assertTrue(Scrapes.single(Scrapes.latest(sink, "jvm.memory.nonheap.used")) > 0);

        Map<String, String> resource = Scrapes.resource(sink);
        assertEquals("127.0.0.1", resource.get("server.address"));
        assertEquals(String.valueOf(port), resource.get("server.port"));
        assertEquals("checkout", resource.get("service.name"));
        assertEquals(JmxScraper.SCOPE_NAME,
            sink.received().get(0).request().getResourceMetrics(0).getScopeMetrics(0).getScope().getName());

        Await.until("points counted as accepted", WAIT,
            () -> host.value("otelcol_receiver_accepted_metric_points{receiver=\"jmx\",transport=\"jmx\"}") > 0);
        assertEquals(1, host.value("telegate_receiver_jmx_up{receiver=\"jmx\"}"));
        assertEquals(Status.OK, Receivers.health(host, "jmx").status());
      } finally {
        receiver.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void passwordProtectedTargetAcceptsTheRightCredentialsAndReportsWrongOnes(@TempDir Path dir) throws Exception {
    Path passwords = dir.resolve("jmxremote.password");
    Path access = dir.resolve("jmxremote.access");
    Files.writeString(passwords, "monitor s3cret\n");
    Files.writeString(access, "monitor readonly\n");
    Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
    Files.setPosixFilePermissions(access, PosixFilePermissions.fromString("rw-------"));
    int port = FreePorts.next();
    List<String> auth = List.of("-Dcom.sun.management.jmxremote.authenticate=true",
        "-Dcom.sun.management.jmxremote.password.file=" + passwords,
        "-Dcom.sun.management.jmxremote.access.file=" + access);
    try (ChildJvm target = JmxChildren.sleepingTarget(port, auth)) {
      assertTrue(target.process().isAlive());
      TestHost host = new TestHost();
      RecordingConsumer<Metrics> good = new RecordingConsumer<>();
      RecordingConsumer<Metrics> bad = new RecordingConsumer<>();
      RecordingConsumer<Metrics> none = new RecordingConsumer<>();
      Map<String, Object> base = Map.of("endpoint", "127.0.0.1:" + port, "target_system", "jvm",
          "collection_interval", "300ms", "initial_delay", "0s");
      JmxReceiver right = Receivers.create("jmx/right", with(base, "username", "monitor", "password", "s3cret"), good);
      JmxReceiver wrong = Receivers.create("jmx/wrong", with(base, "username", "monitor", "password", "nope"), bad);
      JmxReceiver anonymous = Receivers.create("jmx/anonymous", base, none);
      right.start(host);
      wrong.start(host);
      anonymous.start(host);
      try {
        Await.until("metrics with the right password", WAIT, () -> Scrapes.has(good, "jvm.threads.count"));
        Await.until("the wrong password reported", WAIT,
            () -> Receivers.health(host, "jmx/wrong").status() == Status.RECOVERABLE_ERROR);
        Await.until("missing credentials reported", WAIT,
            () -> Receivers.health(host, "jmx/anonymous").status() == Status.RECOVERABLE_ERROR);
        String error = Receivers.health(host, "jmx/wrong").lastError();
        assertTrue(error.contains("authentication failed"), error);
        assertFalse(error.contains("s3cret") || error.contains("nope"), error);
        assertEquals(Status.OK, Receivers.health(host, "jmx/right").status());
        assertTrue(bad.received().isEmpty());
        assertTrue(none.received().isEmpty());
        assertEquals(0, host.value("telegate_receiver_jmx_up{receiver=\"jmx/wrong\"}"));
        assertTrue(host.value("telegate_receiver_jmx_scrape_errors{receiver=\"jmx/wrong\"}") >= 1);
      } finally {
        right.shutdown(Duration.ofSeconds(5));
        wrong.shutdown(Duration.ofSeconds(5));
        anonymous.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void reconnectsAfterTheTargetIsKilledAndRestartedOnTheSamePort() {
    int port = FreePorts.next();
    TestHost host = new TestHost();
    RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
    JmxReceiver receiver = Receivers.create("jmx/restart", Map.of("endpoint", "127.0.0.1:" + port, "target_system",
        "jvm", "collection_interval", "250ms", "initial_delay", "0s", "timeout", "2s"), sink);
    ChildJvm first = JmxChildren.sleepingTarget(port, List.of());
    try {
      receiver.start(host);
      Await.until("first scrape", WAIT, () -> Scrapes.has(sink, "jvm.gc.collections.count"));
      long firstStart = Scrapes.points(Scrapes.latest(sink, "jvm.gc.collections.count")).get(0).getStartTimeUnixNano();
      assertEquals(Status.OK, Receivers.health(host, "jmx/restart").status());

      first.kill();
      Await.until("the dead target in health", WAIT,
          () -> Receivers.health(host, "jmx/restart").status() == Status.RECOVERABLE_ERROR);
      assertEquals(0, host.value("telegate_receiver_jmx_up{receiver=\"jmx/restart\"}"));
      assertNotNull(Receivers.health(host, "jmx/restart").lastError());

      try (ChildJvm second = JmxChildren.sleepingTarget(port, List.of())) {
        assertTrue(second.process().isAlive());
        Await.until("health ok again", WAIT, () -> Receivers.health(host, "jmx/restart").status() == Status.OK);
        int before = sink.received().size();
        Await.until("scrapes of the new target", WAIT, () -> sink.received().size() > before);
        long secondStart =
            Scrapes.points(Scrapes.latest(sink, "jvm.gc.collections.count")).get(0).getStartTimeUnixNano();
        assertTrue(secondStart > firstStart, "cumulative sums restart with the new connection");
        assertEquals(1, host.value("telegate_receiver_jmx_up{receiver=\"jmx/restart\"}"));
      }
    } finally {
      receiver.shutdown(Duration.ofSeconds(5));
      first.kill();
    }
  }

  @Test
  void tlsTargetIsScrapedWithTheConfiguredTrustStore(@TempDir Path dir) throws Exception {
    Path keyStore = dir.resolve("target.p12");
    Path cert = dir.resolve("target.crt");
    Path trustStore = dir.resolve("trust.p12");
    keytool("-genkeypair", "-alias", "target", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
        "-storepass", "changeit");
    keytool("-exportcert", "-alias", "target", "-keystore", keyStore.toString(), "-storepass", "changeit",
        "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "target", "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", trustStore.toString(), "-storepass", "changeit");
    int port = FreePorts.next();
    // The registry stays plain (as the JDK's default), so the TLS connector needs its own port.
    List<String> tls = List.of("-Dcom.sun.management.jmxremote.ssl=true",
        "-Dcom.sun.management.jmxremote.rmi.port=" + FreePorts.next(),
        "-Djavax.net.ssl.keyStore=" + keyStore, "-Djavax.net.ssl.keyStorePassword=changeit",
        "-Djavax.net.ssl.keyStoreType=PKCS12");
    try (ChildJvm target = JmxChildren.sleepingTarget(port, tls)) {
      assertTrue(target.process().isAlive());
      TestHost host = new TestHost();
      RecordingConsumer<Metrics> sink = new RecordingConsumer<>();
      JmxReceiver receiver = Receivers.create("jmx/tls", Map.of("endpoint", "127.0.0.1:" + port,
          "target_system", "jvm", "collection_interval", "300ms", "initial_delay", "0s",
          "truststore_path", trustStore.toString(), "truststore_password", "changeit", "truststore_type", "PKCS12"),
          sink);
      receiver.start(host);
      try {
        Await.until("metrics over TLS", WAIT, () -> Scrapes.has(sink, "jvm.threads.count"));
      } finally {
        receiver.shutdown(Duration.ofSeconds(5));
      }
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "keytool did not finish");
      assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    } finally {
      p.destroyForcibly();
    }
  }

  private static Map<String, Object> with(Map<String, Object> base, String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new java.util.HashMap<>(base);
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }
}
