package io.telegate.receiver.otlpjsonfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Receiver;
import io.telegate.core.config.ConfigBinder;
import io.telegate.core.config.ConfigErrors;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Metrics;
import io.telegate.core.data.Traces;
import io.telegate.core.extension.ExtensionFactories;
import io.telegate.core.extension.FileStorageConfig;
import io.telegate.testing.Await;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import io.telegate.testing.data.LogData;
import io.telegate.testing.data.MetricData;
import io.telegate.testing.data.TraceData;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpJsonFileReceiverTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private final TestHost host = new TestHost();
  private final List<Receiver> started = new ArrayList<>();
  private final RecordingConsumer<Traces> traces = new RecordingConsumer<>();
  private final RecordingConsumer<Metrics> metrics = new RecordingConsumer<>();
  private final RecordingConsumer<Logs> logs = new RecordingConsumer<>();

  @AfterEach
  void stopAll() {
    started.forEach(r -> r.shutdown(Duration.ofSeconds(10)));
  }

  private OtlpJsonFileReceiverConfig config(Map<String, Object> extra) {
    Map<String, Object> raw = new HashMap<>(Map.of("include", List.of(dir + "/*.json"), "start_at", "beginning",
        "poll_interval", "20ms"));
    raw.putAll(extra);
    ConfigErrors errors = new ConfigErrors();
    OtlpJsonFileReceiverConfig c = ConfigBinder.bind(raw, OtlpJsonFileReceiverConfig.DEFAULT, "", errors);
    assertTrue(errors.isEmpty(), errors::toString);
    assertEquals(List.of(), c.validate());
    return c;
  }

  /** The receiver of every signal of one id, as the pipeline graph creates and starts it. */
  private Receiver start(OtlpJsonFileReceiverConfig config) throws Exception {
    CreateSettings settings = CreateSettings.of(ComponentKind.RECEIVER, ComponentId.of("otlpjsonfile"));
    OtlpJsonFileReceiverFactory f = new OtlpJsonFileReceiverFactory();
    Receiver r = f.createTraces(settings, config, traces);
    assertTrue(r == f.createMetrics(settings, config, metrics), "one instance for all signals");
    assertTrue(r == f.createLogs(settings, config, logs));
    r.start(host);
    started.add(r);
    return r;
  }

  private static void append(Path file, byte[]... lines) throws IOException {
    for (byte[] line : lines) {
      Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Files.write(file, new byte[] {'\n'}, StandardOpenOption.APPEND);
    }
  }

  @Test
  void eachLineGoesToThePipelineOfItsSignalAsTheRequestItHolds() throws Exception {
    TraceData t = TraceData.spans(3).resource("service.name", "a");
    MetricData m = MetricData.gauges(2, 2).resource("service.name", "a");
    LogData l = LogData.records(4).resource("service.name", "a");
    append(dir.resolve("telemetry.json"), t.json(), m.json(), l.json(), "".getBytes(), l.json());
    start(config(Map.of()));

    logs.awaitItems(8, WAIT);
    traces.awaitItems(3, WAIT);
    metrics.awaitItems(4, WAIT);
    assertEquals(t.build(), traces.received().get(0).request());
    assertEquals(m.build(), metrics.received().get(0).request());
    assertEquals(List.of(l.build(), l.build()), logs.received().stream().map(Logs::request).toList());
    Await.until("accepted counted", WAIT,
        () -> host.value("otelcol_receiver_accepted_log_records{receiver=\"otlpjsonfile\",transport=\"file\"") == 8);
  }

  @Test
  void startAtEndReadsOnlyWhatIsAppendedAfterTheStart() throws Exception {
    Path file = dir.resolve("telemetry.json");
    append(file, LogData.records(5).json());
    OtlpJsonFileReceiver r = (OtlpJsonFileReceiver) start(config(Map.of("start_at", "end")));
    // The first poll finds the file and takes its end as its offset; then one more record is added.
    Await.until("first poll", WAIT, () -> r.polls() >= 1);
    append(file, LogData.records(1).json());
    logs.awaitItems(1, WAIT);
    assertEquals(1, logs.received().get(0).itemCount());
  }

  @Test
  void aLineThatIsNotOtlpJsonIsCountedAndReadingGoesOn() throws Exception {
    append(dir.resolve("telemetry.json"), "{\"resourceLogs\": [{\"scopeLogs\": 7}]}".getBytes(),
        "not json at all".getBytes(), LogData.records(2).json());
    start(config(Map.of()));
    logs.awaitItems(2, WAIT);
    assertEquals(1, logs.received().size());
    Await.until("refused counted", WAIT,
        () -> host.value("otelcol_receiver_refused_log_records{receiver=\"otlpjsonfile\"") == 1);
  }

  @Test
  void aRetryableRefusalIsOfferedAgainUntilTakenAndNothingIsReadPastIt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    logs.respondWith(d -> calls.incrementAndGet() <= 2
        ? CompletableFuture.failedFuture(ConsumerException.throttled("full", Duration.ofMillis(10)))
        : CompletableFuture.completedFuture(null));
    append(dir.resolve("telemetry.json"), LogData.records(1).bodies(i -> "first").json(),
        LogData.records(1).bodies(i -> "second").json());
    start(config(Map.of()));
    Await.until("both taken", WAIT, () -> calls.get() == 4);
    List<String> bodies = logs.received().stream()
        .map(d -> d.request().getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getBody().getStringValue())
        .toList();
    assertEquals(List.of("first", "first", "first", "second"), bodies, "in order, the refused one again first");
  }

  @Test
  void withStorageARestartResumesAfterWhatWasRead() throws Exception {
    var storageFactory = ExtensionFactories.fileStorage();
    ConfigErrors errors = new ConfigErrors();
    FileStorageConfig sc = ConfigBinder.bind(Map.of("directory", dir.resolve("state").toString(),
        "create_directory", true), storageFactory.defaultConfig(), "", errors);
    var storage = storageFactory.create(CreateSettings.of(ComponentKind.EXTENSION, ComponentId.of("file_storage")), sc);
    storage.start(host);
    host.addExtension(ComponentId.of("file_storage"), storage);
    Path data = dir.resolve("in");
    Files.createDirectories(data);
    Path file = data.resolve("telemetry.json");
    append(file, LogData.records(2).json());
    OtlpJsonFileReceiverConfig c = config(Map.of("include", List.of(data + "/*.json"), "storage", "file_storage"));
    Receiver first = start(c);
    logs.awaitItems(2, WAIT);
    first.shutdown(Duration.ofSeconds(10));

    append(file, LogData.records(3).json());
    start(c);
    logs.awaitItems(5, WAIT);
    assertEquals(List.of(2, 3), logs.received().stream().map(Logs::itemCount).toList(), "nothing read twice");
  }

  @Test
  void signalOfReadsTheFirstKeyInEitherSpelling() {
    assertEquals(io.telegate.core.component.Signal.TRACES, OtlpJsonFileReceiver.signalOf(" {\"resourceSpans\":[]}".getBytes()));
    assertEquals(io.telegate.core.component.Signal.METRICS, OtlpJsonFileReceiver.signalOf("{\"resource_metrics\":[]}".getBytes()));
    assertEquals(io.telegate.core.component.Signal.LOGS, OtlpJsonFileReceiver.signalOf("{ \"resourceLogs\" : []}".getBytes()));
    assertEquals(null, OtlpJsonFileReceiver.signalOf("{\"other\":1}".getBytes()));
    assertEquals(null, OtlpJsonFileReceiver.signalOf("{\"unterminated".getBytes()));
  }
}
