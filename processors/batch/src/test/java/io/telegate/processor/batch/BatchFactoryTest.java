package io.telegate.processor.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.CreateSettings;
import io.telegate.core.component.Processor;
import io.telegate.core.data.Logs;
import io.telegate.core.data.Traces;
import io.telegate.testing.RecordingConsumer;
import io.telegate.testing.TestHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The processor as the gateway builds it: the host's real-time timer and executor. */
class BatchFactoryTest {

  @Test
  void aTimeoutFlushRunsOnTheHostsTimerAndDeliversWhatWasAcknowledged() throws Exception {
    RecordingConsumer<Traces> sink = new RecordingConsumer<>();
    Processor<Traces> p = new BatchProcessorFactory().createTraces(
        CreateSettings.of(ComponentKind.PROCESSOR, ComponentId.of("batch")),
        BatchConfigTest.bind("timeout: 20ms\nsend_batch_size: 1000"), sink);
    TestHost host = new TestHost();
    p.start(host);
    try {
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        sent.add(p.consume(BatchProcessorTest.spans("svc", "lib", "s" + i, 2)));
      }
      // Acknowledged on admission, long before the 20 ms timer; delivered when it fires.
      assertTrue(sent.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
      sink.awaitItems(10, Duration.ofSeconds(10));
      assertEquals(10, sink.itemCount());
      assertTrue(host.value("otelcol_processor_batch_timeout_trigger_send{processor=\"batch\"}") >= 1);
    } finally {
      p.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void theFactoryCreatesAProcessorForEverySignal() {
    BatchProcessorFactory f = new BatchProcessorFactory();
    CreateSettings s = CreateSettings.of(ComponentKind.PROCESSOR, ComponentId.parse("batch/2"));
    Processor<Logs> logs = f.createLogs(s, f.defaultConfig(), new RecordingConsumer<>());
    assertEquals(false, logs.mutatesData());
    assertEquals(3, f.signals().size());
    assertEquals("batch", f.type());
  }
}
