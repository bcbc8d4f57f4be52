package io.telegate.receiver.filelog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.telegate.core.component.ComponentFactory;
import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Receiver;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Logs;
import io.telegate.core.extension.ExtensionFactories;
import io.telegate.core.extension.FileStorageConfig;
import io.telegate.testing.LifecycleContract;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class FilelogReceiverTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @TestFactory
  Stream<DynamicTest> lifecycleContract() {
    List<ComponentFactory<?>> factories = List.of(new FilelogReceiverFactory());
    return LifecycleContract.testsFor(factories, Map.of("filelog", Map.of("include", List.of("/nonexistent/*.log"))));
  }

  static FilelogReceiverConfig config(Map<String, ?> raw) {
    ConfigErrors errors = new ConfigErrors();
    FilelogReceiverConfig c = ConfigBinder.bind(raw, FilelogReceiverConfig.DEFAULT, "receivers::filelog", errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(List.of(), c.validate());
    return c;
  }

  private static Receiver create(String id, Map<String, ?> raw, RecordingConsumer<Logs> next) {
    return new FilelogReceiverFactory().createLogs(CreateSettings.of(ComponentKind.RECEIVER, ComponentId.parse(id)),
        config(raw), next);
  }

  private Map<String, Object> base() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("include", List.of(dir.resolve("*.log").toString()));
    raw.put("start_at", "beginning");
    raw.put("poll_interval", "20ms");
    return raw;
  }

  private static List<LogRecord> records(RecordingConsumer<Logs> c) {
    List<LogRecord> out = new ArrayList<>();
    for (Logs l : c.received()) {
      for (ResourceLogs rl : l.request().getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          out.addAll(sl.getLogRecordsList());
        }
      }
    }
    return out;
  }

  private static List<String> bodies(RecordingConsumer<Logs> c) {
    return records(c).stream().map(r -> r.getBody().getStringValue()).toList();
  }

  private static void append(Path p, String text) throws IOException {
    Files.writeString(p, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void linesBecomeLogRecordsWithFileNameConfiguredAttributesAndResource() throws Exception {
    append(dir.resolve("app.log"), "hello\nworld\n");
    Map<String, Object> raw = base();
    raw.put("attributes", Map.of("team", "platform"));
    raw.put("resource", Map.of("service.name", "checkout"));
    RecordingConsumer<Logs> next = new RecordingConsumer<>();
    TestHost host = new TestHost();
    Receiver r = create("filelog", raw, next);
    r.start(host);
    try {
      next.awaitItems(2, WAIT);
    } finally {
      r.shutdown(Duration.ofSeconds(5));
    }
    assertEquals(List.of("hello", "world"), bodies(next));
    Logs first = next.received().get(0);
    ResourceLogs rl = first.request().getResourceLogs(0);
    assertEquals("service.name", rl.getResource().getAttributes(0).getKey());
    assertEquals("checkout", rl.getResource().getAttributes(0).getValue().getStringValue());
    LogRecord rec = records(next).get(0);
    Map<String, String> attrs = new HashMap<>();
    rec.getAttributesList().forEach(kv -> attrs.put(kv.getKey(), kv.getValue().getStringValue()));
    assertEquals(Map.of("team", "platform", "log.file.name", "app.log"), attrs);
    assertTrue(rec.getObservedTimeUnixNano() > 0);
    assertEquals(0, rec.getTimeUnixNano(), "no timestamp without a parser, as in the Collector");
    assertEquals(2.0, host.value("otelcol_receiver_accepted_log_records_total{receiver=\"filelog\""));
  }

  @Test
  void aRefusedBatchIsOfferedAgainUntilAcceptedAndNothingIsLostOrDoubled() throws Exception {
    Path log = dir.resolve("app.log");
    for (int i = 0; i < 100; i++) {
      append(log, "line " + i + "\n");
    }
    AtomicInteger calls = new AtomicInteger();
    RecordingConsumer<Logs> next = new RecordingConsumer<>();
    List<String> accepted = new ArrayList<>();
    next.respondWith(l -> {
      if (calls.incrementAndGet() <= 3) {
        return CompletableFuture.failedFuture(ConsumerException.throttled("full", Duration.ofMillis(1)));
      }
      synchronized (accepted) {
        for (ResourceLogs rl : l.request().getResourceLogsList()) {
          rl.getScopeLogs(0).getLogRecordsList().forEach(x -> accepted.add(x.getBody().getStringValue()));
        }
        accepted.notifyAll();
      }
      return CompletableFuture.completedFuture(null);
    });
    Map<String, Object> raw = base();
    raw.put("retry_on_failure", Map.of("initial_interval", "5ms", "max_interval", "20ms"));
    TestHost host = new TestHost();
    Receiver r = create("filelog", raw, next);
    r.start(host);
    try {
      synchronized (accepted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (accepted.size() < 100 && System.nanoTime() < deadline) {
          accepted.wait(100);
        }
      }
    } finally {
      r.shutdown(Duration.ofSeconds(5));
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add("line " + i);
    }
    assertEquals(expected, accepted);
    assertEquals(3.0, host.value("telegate_receiver_filelog_retries_total{receiver=\"filelog\""));
    assertEquals(0.0, host.value("otelcol_receiver_refused_log_records_total{receiver=\"filelog\""));
  }

  @Test
  void aPermanentRefusalIsCountedAndReadingGoesOn() throws Exception {
    Path log = dir.resolve("app.log");
    append(log, "bad\n");
    AtomicInteger calls = new AtomicInteger();
    RecordingConsumer<Logs> next = new RecordingConsumer<>();
    next.respondWith(l -> calls.incrementAndGet() == 1
        ? CompletableFuture.failedFuture(ConsumerException.permanent("malformed"))
        : CompletableFuture.completedFuture(null));
    TestHost host = new TestHost();
    Receiver r = create("filelog", base(), next);
    r.start(host);
    try {
      next.awaitItems(1, WAIT);
      append(log, "good\n");
      next.awaitItems(2, WAIT);
    } finally {
      r.shutdown(Duration.ofSeconds(5));
    }
    assertEquals(List.of("bad", "good"), bodies(next));
    assertEquals(1.0, host.value("otelcol_receiver_refused_log_records_total{receiver=\"filelog\""));
  }

  @Test
  void withStorageARestartGoesOnFromTheCheckpointedOffsets() throws Exception {
    Path log = dir.resolve("app.log");
    Path storage = Files.createDirectories(dir.resolve("storage"));
    append(log, "before start\n");
    Map<String, Object> raw = base();
    raw.put("start_at", "end");
    raw.put("storage", "file_storage/offsets");
    FileStorageConfig fsConfig = new FileStorageConfig(storage.toString(), false, false, Duration.ofSeconds(1), null);

    RecordingConsumer<Logs> first = new RecordingConsumer<>();
    TestHost host = new TestHost();
    var ext = ExtensionFactories.fileStorage().create(
        CreateSettings.of(ComponentKind.EXTENSION, ComponentId.parse("file_storage/offsets")), fsConfig);
    ext.start(host);
    host.addExtension(ComponentId.parse("file_storage/offsets"), ext);
    Receiver r = create("filelog/app", raw, first);
    r.start(host);
    try {
      io.telegate.testing.Await.until("the first poll's checkpoint", WAIT,
          () -> Files.exists(storage.resolve("receiver_filelog_filelog_app")));
      append(log, "one\n");
      first.awaitItems(1, WAIT);
    } finally {
      r.shutdown(Duration.ofSeconds(5));
    }
    append(log, "two\nthree\n");
    RecordingConsumer<Logs> second = new RecordingConsumer<>();
    Receiver again = create("filelog/app", raw, second);
    again.start(host);
    try {
      second.awaitItems(2, WAIT);
    } finally {
      again.shutdown(Duration.ofSeconds(5));
    }
    assertEquals(List.of("one"), bodies(first));
    assertEquals(List.of("two", "three"), bodies(second));
  }
}
