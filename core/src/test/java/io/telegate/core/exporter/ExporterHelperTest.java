package io.telegate.core.exporter;

import static io.telegate.testing.data.TraceData.spans;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.Traces;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.testing.ManualScheduler;
import io.telegate.testing.TestHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ExporterHelperTest {

  private final ManualScheduler time = new ManualScheduler();
  private final TestHost host = new TestHost();
  private final ScriptedSender sender = new ScriptedSender();

  /** A sender whose answers the test scripts; it records every attempt. */
  static final class ScriptedSender implements Sender<Traces> {
    final List<Traces> attempts = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> open = new CopyOnWriteArrayList<>();
    volatile Function<Integer, CompletableFuture<Void>> answer = n -> CompletableFuture.completedFuture(null);

    @Override
    public CompletableFuture<Void> send(Traces data) {
      attempts.add(data);
      CompletableFuture<Void> f = answer.apply(attempts.size());
      open.add(f);
      return f;
    }
  }

  private static final RetryConfig RETRY = new RetryConfig(true, Duration.ofSeconds(5), Duration.ofSeconds(30),
      Duration.ofSeconds(300), 1.5, 0.5);

  private ExporterHelper<Traces> helper(QueueConfig queue, RetryConfig retry, Duration timeout, Path dir)
      throws Exception {
    // random() = 0.5 puts the jitter at the middle: the backoff is exactly the interval.
    ExporterHelper<Traces> h = new ExporterHelper<>(ComponentId.parse("otlp/test"), Signal.TRACES, sender, queue,
        retry, timeout, time, () -> 0.5, dir);
    h.start(host);
    return h;
  }

  private static QueueConfig queue(int consumers, long size, boolean block) {
    return new QueueConfig(true, consumers, size, QueueConfig.Sizer.REQUESTS, block, null, QueueConfig.Fsync.BATCH);
  }

  private double metric(String name) {
    return host.value(name + "{exporter=\"otlp/test\"");
  }

  private static QueueConfig batched(int consumers, long size, QueueConfig.Batch batch) {
    return new QueueConfig(true, consumers, size, QueueConfig.Sizer.REQUESTS, false, null, QueueConfig.Fsync.BATCH,
        false, batch);
  }

  @Test
  void queueBatchGathersQueuedRequestsUntilMinSizeAndSendsThemAsOne() throws Exception {
    ExporterHelper<Traces> h = helper(batched(1, 100, new QueueConfig.Batch(Duration.ofSeconds(1), 10, 0, null)),
        RETRY, Duration.ZERO, null);
    for (int i = 0; i < 3; i++) {
      assertTrue(h.consume(spans(3).parsed()).isDone(), "acknowledged when queued, before the batch is due");
    }
    assertEquals(0, sender.attempts.size(), "9 items: below min_size");
    h.consume(spans(3).parsed());
    assertEquals(1, sender.attempts.size());
    assertEquals(12, sender.attempts.get(0).itemCount());
    assertEquals(4, sender.attempts.get(0).resourceCount(), "one request made of the four, each resource kept");
    assertEquals(12, metric("otelcol_exporter_sent_spans"));
    assertEquals(0, host.value("otelcol_exporter_queue_size{exporter=\"otlp/test\""), "every entry acked");
  }

  @Test
  void queueBatchSendsWhatItGatheredWhenTheFlushTimeoutExpires() throws Exception {
    ExporterHelper<Traces> h = helper(batched(1, 100, new QueueConfig.Batch(Duration.ofMillis(200), 8192, 0, null)),
        RETRY, Duration.ZERO, null);
    h.consume(spans(2).parsed());
    time.advance(Duration.ofMillis(100));
    h.consume(spans(1).parsed());
    time.advance(Duration.ofMillis(99));
    assertEquals(0, sender.attempts.size());
    time.advance(Duration.ofMillis(1));
    assertEquals(1, sender.attempts.size(), "200 ms after the first entry, not the last");
    assertEquals(3, sender.attempts.get(0).itemCount());
  }

  @Test
  void queueBatchClosesABatchBeforeAnEntryWouldTakeItPastMaxSize() throws Exception {
    ExporterHelper<Traces> h = helper(batched(2, 100, new QueueConfig.Batch(Duration.ofSeconds(1), 5, 6, null)),
        RETRY, Duration.ZERO, null);
    h.consume(spans(4).parsed());
    h.consume(spans(3).parsed());
    assertEquals(1, sender.attempts.size());
    assertEquals(4, sender.attempts.get(0).itemCount(), "4 + 3 > max_size 6: the 4 go alone");
    h.consume(spans(3).parsed());
    assertEquals(2, sender.attempts.size());
    assertEquals(6, sender.attempts.get(1).itemCount());
  }

  @Test
  void queueBatchFlushesAtShutdownWithoutWaitingForItsTimer() throws Exception {
    ExporterHelper<Traces> h = helper(batched(1, 100, new QueueConfig.Batch(Duration.ofSeconds(30), 8192, 0, null)),
        RETRY, Duration.ZERO, null);
    h.consume(spans(2).parsed());
    h.consume(spans(2).parsed());
    h.shutdown(Duration.ofSeconds(5));
    assertEquals(1, sender.attempts.size());
    assertEquals(4, sender.attempts.get(0).itemCount());
    assertEquals(4, metric("otelcol_exporter_sent_spans"));
  }

  @Test
  void queueBatchRetriesTheMergedRequestAndAcksEveryEntryOnlyAfterIt() throws Exception {
    sender.answer = n -> n == 1 ? CompletableFuture.failedFuture(ConsumerException.retryable("down"))
        : CompletableFuture.completedFuture(null);
    ExporterHelper<Traces> h = helper(batched(1, 100, new QueueConfig.Batch(Duration.ofSeconds(1), 4, 0, null)),
        RETRY, Duration.ZERO, null);
    h.consume(spans(2).parsed());
    h.consume(spans(2).parsed());
    assertEquals(2, host.value("otelcol_exporter_queue_size{exporter=\"otlp/test\""), "held until sent");
    time.advance(Duration.ofSeconds(5));
    assertEquals(2, sender.attempts.size());
    assertSame(sender.attempts.get(0), sender.attempts.get(1), "the same merged request, retried");
    assertEquals(0, host.value("otelcol_exporter_queue_size{exporter=\"otlp/test\""));
  }

  @Test
  void queueBatchOnADiskQueueResendsEveryGatheredEntryAfterARestart(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    QueueConfig disk = new QueueConfig(true, 1, 100, QueueConfig.Sizer.REQUESTS, false, dir.toString(),
        QueueConfig.Fsync.BATCH, false, new QueueConfig.Batch(Duration.ofSeconds(30), 8192, 0, null));
    ExporterHelper<Traces> first = helper(disk, RETRY, Duration.ZERO, dir);
    first.consume(spans(1).parsed()).get();
    first.consume(spans(2).parsed()).get();
    // Shut down before the batch was due and with no time to send: what it gathered stays on disk.
    sender.answer = n -> new CompletableFuture<>();
    first.shutdown(Duration.ZERO);
    ScriptedSender up = new ScriptedSender();
    ExporterHelper<Traces> second = new ExporterHelper<>(ComponentId.parse("otlp/test"), Signal.TRACES, up, disk,
        RETRY, Duration.ZERO, time, () -> 0.5, dir);
    second.start(new TestHost());
    second.shutdown(Duration.ofSeconds(5));
    assertEquals(3, up.attempts.stream().mapToInt(Traces::itemCount).sum(), "both entries, sent after the restart");
  }

  private static final QueueConfig WAIT_FOR_RESULT = new QueueConfig(true, 1, 10, QueueConfig.Sizer.REQUESTS, false,
      null, QueueConfig.Fsync.BATCH, true, null);

  @Test
  void waitForResultAnswersTheCallerOnlyOnceTheRequestWasSent() throws Exception {
    sender.answer = n -> new CompletableFuture<>();
    ExporterHelper<Traces> h = helper(WAIT_FOR_RESULT, RETRY, Duration.ZERO, null);
    CompletableFuture<Void> answer = h.consume(spans(1).parsed());
    assertFalse(answer.isDone(), "queued, not yet sent");
    sender.open.get(0).complete(null);
    assertTrue(answer.isDone() && !answer.isCompletedExceptionally());
  }

  @Test
  void waitForResultPassesAPermanentSendFailureToTheCaller() throws Exception {
    sender.answer = n -> CompletableFuture.failedFuture(ConsumerException.permanent("400 bad request"));
    ExporterHelper<Traces> h = helper(WAIT_FOR_RESULT, RETRY, Duration.ZERO, null);
    CompletableFuture<Void> answer = h.consume(spans(1).parsed());
    ConsumerException e = ConsumerException.from(answer.handle((v, t) -> t).join());
    assertTrue(e.isPermanent() && e.getMessage().contains("400"), e.getMessage());
  }

  @Test
  void endToEndAcknowledgementMakesEveryQueueWaitForTheResult() throws Exception {
    host.withAcknowledgement(io.telegate.core.flow.Acknowledgement.EXPORTED);
    sender.answer = n -> new CompletableFuture<>();
    ExporterHelper<Traces> h = helper(queue(1, 10, false), RETRY, Duration.ZERO, null);
    CompletableFuture<Void> answer = h.consume(spans(1).parsed());
    assertFalse(answer.isDone());
    sender.open.get(0).complete(null);
    assertTrue(answer.isDone());
  }

  @Test
  void theMemoryQueueHoldsNoMoreBytesThanTheGatewaysBudget() throws Exception {
    Traces sample = spans(10).parsed();
    host.withMemoryBudget(new io.telegate.core.flow.MemoryBudget(sample.encodedSize() * 3L, "service::buffers"));
    sender.answer = n -> new CompletableFuture<>();
    ExporterHelper<Traces> h = helper(queue(1, 1000, false), RETRY, Duration.ZERO, null);
    for (int i = 0; i < 3; i++) {
      assertTrue(h.consume(spans(10).parsed()).isDone());
    }
    CompletableFuture<Void> refused = h.consume(spans(10).parsed());
    ConsumerException e = ConsumerException.from(refused.handle((v, t) -> t).join());
    assertTrue(e.throttle().isPresent(), "throttled: 429 / RESOURCE_EXHAUSTED for the client");
    assertTrue(e.getMessage().contains("service::buffers"), e.getMessage());
    assertEquals(10, metric("otelcol_exporter_enqueue_failed_spans"));
    sender.open.get(0).complete(null);
    assertTrue(h.consume(spans(10).parsed()).isDone(), "an ack gave the bytes back");
    assertEquals(sample.encodedSize() * 3L, host.memoryBudget().used());
  }

  @Test
  void acknowledgesOnceQueuedAndCountsSentItems() throws Exception {
    ExporterHelper<Traces> h = helper(queue(2, 10, false), RETRY, Duration.ofSeconds(5), null);
    h.consume(spans(3).parsed()).get();
    assertEquals(1, sender.attempts.size());
    assertEquals(3, metric("otelcol_exporter_sent_spans"));
    assertEquals(10, host.value("otelcol_exporter_queue_capacity{exporter=\"otlp/test\""));
  }

  @Test
  void sendsAtMostNumConsumersRequestsAtOnce() throws Exception {
    sender.answer = n -> new CompletableFuture<>();
    ExporterHelper<Traces> h = helper(queue(2, 10, false), RETRY, Duration.ZERO, null);
    for (int i = 0; i < 5; i++) {
      assertTrue(h.consume(spans(1).parsed()).isDone(), "acknowledged when queued");
    }
    assertEquals(2, sender.attempts.size());
    assertEquals(5, host.value("otelcol_exporter_queue_size{exporter=\"otlp/test\""));
    sender.open.get(0).complete(null);
    assertEquals(3, sender.attempts.size());
    assertEquals(4, host.value("otelcol_exporter_queue_size{exporter=\"otlp/test\""));
  }

  @Test
  void retriesRetryableFailuresWithExponentialBackoffUntilSuccess() throws Exception {
    sender.answer = n -> n <= 3
        ? CompletableFuture.failedFuture(ConsumerException.retryable("503 Service Unavailable"))
        : CompletableFuture.completedFuture(null);
    ExporterHelper<Traces> h = helper(queue(1, 10, false), RETRY, Duration.ofSeconds(5), null);
    h.consume(spans(2).parsed()).get();
    assertEquals(1, sender.attempts.size());
    assertEquals(List.of(Duration.ofSeconds(5)), time.pendingDelays());
    time.advance(Duration.ofSeconds(5));
    assertEquals(List.of(Duration.ofMillis(7500)), time.pendingDelays());
    time.advance(Duration.ofMillis(7500));
    assertEquals(List.of(Duration.ofMillis(11250)), time.pendingDelays());
    time.advance(Duration.ofMillis(11250));
    assertEquals(4, sender.attempts.size());
    assertEquals(2, metric("otelcol_exporter_sent_spans"));
    assertEquals(-1, metric("otelcol_exporter_send_failed_spans") > 0 ? 1 : -1);
    assertEquals(3, host.value("telegate_exporter_retries{exporter=\"otlp/test\""));
  }

  @Test
  void honoursAThrottleDelayLongerThanTheBackoff() throws Exception {
    sender.answer = n -> n == 1
        ? CompletableFuture.failedFuture(ConsumerException.throttled("RESOURCE_EXHAUSTED", Duration.ofSeconds(42)))
        : CompletableFuture.completedFuture(null);
    ExporterHelper<Traces> h = helper(queue(1, 10, false), RETRY, Duration.ofSeconds(5), null);
    h.consume(spans(1).parsed()).get();
    assertEquals(List.of(Duration.ofSeconds(42)), time.pendingDelays());
    time.advance(Duration.ofSeconds(41));
    assertEquals(1, sender.attempts.size());
    time.advance(Duration.ofSeconds(1));
    assertEquals(2, sender.attempts.size());
  }

  @Test
  void doesNotRetryPermanentErrorsAndCountsThem() throws Exception {
    sender.answer = n -> CompletableFuture.failedFuture(ConsumerException.permanent("400 Bad Request"));
    ExporterHelper<Traces> h = helper(queue(1, 10, false), RETRY, Duration.ofSeconds(5), null);
    h.consume(spans(4).parsed()).get();
    assertEquals(1, sender.attempts.size());
    assertTrue(time.pendingDelays().isEmpty());
    assertEquals(4, metric("otelcol_exporter_send_failed_spans"));
  }

  @Test
  void givesUpAfterMaxElapsedTimeAndCountsTheDrop() throws Exception {
    sender.answer = n -> CompletableFuture.failedFuture(ConsumerException.retryable("connection refused"));
    RetryConfig shortRetry = new RetryConfig(true, Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofSeconds(20), 1.5, 0.5);
    ExporterHelper<Traces> h = helper(queue(1, 10, false), shortRetry, Duration.ofSeconds(5), null);
    h.consume(spans(7).parsed()).get();
    time.advance(Duration.ofMinutes(5));
    // 0s, 5s, 12.5s; the next wait (11.25s) would pass 20s.
    assertEquals(3, sender.attempts.size());
    assertEquals(7, metric("otelcol_exporter_send_failed_spans"));
    assertEquals(0, host.value("otelcol_exporter_queue_size{exporter=\"otlp/test\""));
  }

  @Test
  void fullQueueRefusesWithAThrottledErrorAndCountsIt() throws Exception {
    sender.answer = n -> new CompletableFuture<>();
    ExporterHelper<Traces> h = helper(queue(1, 2, false), RETRY, Duration.ZERO, null);
    h.consume(spans(1).parsed()).get();
    h.consume(spans(1).parsed()).get();
    CompletableFuture<Void> refused = h.consume(spans(5).parsed());
    assertTrue(refused.isCompletedExceptionally());
    ConsumerException e = ConsumerException.from(refused.handle((v, t) -> t).join());
    assertFalse(e.isPermanent());
    assertTrue(e.throttle().isPresent());
    assertEquals(5, metric("otelcol_exporter_enqueue_failed_spans"));
  }

  @Test
  void withAnAdmissionWaitAFullQueueHoldsTheCallerThatLongThenRefusesAsThrottled() throws Exception {
    host.withMemoryBudget(new MemoryBudget(Long.MAX_VALUE, "service::buffers", Duration.ofSeconds(1)));
    sender.answer = n -> new CompletableFuture<>();
    ExporterHelper<Traces> h = helper(queue(1, 1, false), RETRY, Duration.ZERO, null);
    h.consume(spans(1).parsed()).get();
    CompletableFuture<Void> admitted = h.consume(spans(2).parsed());
    CompletableFuture<Void> refused = h.consume(spans(3).parsed());
    assertFalse(admitted.isDone() || refused.isDone(), "both wait for room");
    sender.open.get(0).complete(null);
    assertTrue(admitted.isDone() && !admitted.isCompletedExceptionally(), "the first in line takes the room");
    time.advance(Duration.ofSeconds(1));
    assertTrue(refused.isCompletedExceptionally(), "the second's second is over");
    assertTrue(ConsumerException.from(refused.handle((v, t) -> t).join()).throttle().isPresent());
    assertEquals(3, metric("otelcol_exporter_enqueue_failed_spans"));
  }

  @Test
  void withAnAdmissionWaitAFullDiskQueueHoldsTheCallerUntilAnAckMakesRoom(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    host.withMemoryBudget(new MemoryBudget(Long.MAX_VALUE, "service::buffers", Duration.ofSeconds(1)));
    sender.answer = n -> new CompletableFuture<>();
    QueueConfig disk = new QueueConfig(true, 1, 1, QueueConfig.Sizer.REQUESTS, false, dir.toString(),
        QueueConfig.Fsync.BATCH);
    ExporterHelper<Traces> h = helper(disk, RETRY, Duration.ZERO, dir);
    h.consume(spans(1).parsed()).get(10, TimeUnit.SECONDS);
    io.telegate.testing.Await.until("the first request sent", Duration.ofSeconds(10), () -> sender.open.size() == 1);
    CompletableFuture<Void> waiting = h.consume(spans(2).parsed());
    assertFalse(waiting.isDone());
    sender.open.get(0).complete(null);
    waiting.get(10, TimeUnit.SECONDS);
    h.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void blockOnOverflowHoldsTheCallerUntilThereIsRoomWithoutBlockingAThread() throws Exception {
    sender.answer = n -> new CompletableFuture<>();
    ExporterHelper<Traces> h = helper(queue(1, 1, true), RETRY, Duration.ZERO, null);
    h.consume(spans(1).parsed()).get();
    CompletableFuture<Void> waiting = h.consume(spans(1).parsed());
    assertFalse(waiting.isDone());
    sender.open.get(0).complete(null);
    assertTrue(waiting.isDone() && !waiting.isCompletedExceptionally());
    assertEquals(2, sender.attempts.size());
  }

  @Test
  void withoutAQueueTheCallerGetsTheOutcomeAfterRetries() throws Exception {
    sender.answer = n -> n == 1
        ? CompletableFuture.failedFuture(ConsumerException.retryable("503"))
        : CompletableFuture.completedFuture(null);
    QueueConfig off = new QueueConfig(false, 1, 1, QueueConfig.Sizer.REQUESTS, false, null, QueueConfig.Fsync.BATCH);
    ExporterHelper<Traces> h = helper(off, RETRY, Duration.ofSeconds(5), null);
    CompletableFuture<Void> result = h.consume(spans(1).parsed());
    assertFalse(result.isDone());
    time.advance(Duration.ofSeconds(5));
    assertTrue(result.isDone() && !result.isCompletedExceptionally());
  }

  @Test
  void anAttemptThatOutlivesTheTimeoutIsCancelledAndRetried() throws Exception {
    sender.answer = n -> n == 1 ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    ExporterHelper<Traces> h = helper(queue(1, 10, false), RETRY, Duration.ofSeconds(5), null);
    h.consume(spans(1).parsed()).get();
    time.advance(Duration.ofSeconds(5));
    assertTrue(sender.open.get(0).isCancelled() || sender.open.get(0).isCompletedExceptionally());
    time.advance(Duration.ofSeconds(5));
    assertEquals(2, sender.attempts.size());
    assertEquals(1, metric("otelcol_exporter_sent_spans"));
  }

  @Test
  void shutdownCountsWhatTheMemoryQueueCouldNotSendIncludingItemsWaitingForARetry() throws Exception {
    sender.answer = n -> CompletableFuture.failedFuture(ConsumerException.retryable("down"));
    ExporterHelper<Traces> h = helper(queue(1, 10, false), RETRY, Duration.ofSeconds(5), null);
    h.consume(spans(3).parsed()).get();
    h.consume(spans(4).parsed()).get();
    assertEquals(1, sender.attempts.size(), "the first request waits for its retry, the second is queued");
    h.shutdown(Duration.ofMillis(50));
    assertEquals(7, metric("otelcol_exporter_send_failed_spans"));
    assertTrue(time.pendingDelays().isEmpty());
    assertTrue(h.consume(spans(1).parsed()).isCompletedExceptionally(), "takes nothing after shutdown");
  }

  @Test
  void persistentQueueKeepsUnsentDataAcrossARestartAndSendsIt(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    QueueConfig disk = new QueueConfig(true, 1, 100, QueueConfig.Sizer.REQUESTS, false, dir.toString(),
        QueueConfig.Fsync.BATCH);
    sender.answer = n -> CompletableFuture.failedFuture(ConsumerException.retryable("backend down"));
    ExporterHelper<Traces> first = helper(disk, RETRY, Duration.ofSeconds(5), dir);
    for (int i = 1; i <= 5; i++) {
      first.consume(spans(i).parsed()).get();
    }
    first.shutdown(Duration.ofMillis(50));
    assertEquals(-1, metric("otelcol_exporter_send_failed_spans") > 0 ? 1 : -1, "nothing counted as lost");

    ScriptedSender up = new ScriptedSender();
    ExporterHelper<Traces> second = new ExporterHelper<>(ComponentId.parse("otlp/test"), Signal.TRACES, up, disk,
        RETRY, Duration.ofSeconds(5), time, () -> 0.5, dir);
    second.start(new TestHost());
    io.telegate.testing.Await.until("all five requests resent", Duration.ofSeconds(10),
        () -> up.attempts.size() == 5);
    List<Integer> sizes = new ArrayList<>();
    up.attempts.forEach(t -> sizes.add(t.itemCount()));
    assertEquals(List.of(1, 2, 3, 4, 5), sizes);
    second.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void storageNamingAFileStorageExtensionPutsTheQueueInItsDirectory(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    var factory = io.telegate.core.extension.ExtensionFactories.fileStorage();
    var ext = factory.create(io.telegate.core.component.CreateSettings.of(
        io.telegate.core.component.ComponentKind.EXTENSION, ComponentId.parse("file_storage/q")),
        new io.telegate.core.extension.FileStorageConfig(dir.toString(), false, false, Duration.ofSeconds(1), null));
    ext.start(host);
    host.addExtension(ComponentId.parse("file_storage/q"), ext);
    QueueConfig disk = new QueueConfig(true, 1, 100, QueueConfig.Sizer.REQUESTS, false, "file_storage/q",
        QueueConfig.Fsync.BATCH);
    sender.answer = n -> new CompletableFuture<>();
    ExporterHelper<Traces> h = new ExporterHelper<>(ComponentId.parse("otlp/test"), Signal.TRACES, sender, disk,
        RETRY, Duration.ZERO, time, () -> 0.5, null);
    h.start(host);
    h.consume(spans(2).parsed()).get();
    assertTrue(java.nio.file.Files.isDirectory(dir.resolve("otlp_test-traces")), "queue directory in the extension's");
    h.shutdown(Duration.ofMillis(10));
  }

  @Test
  void storageNamingAnUnconfiguredExtensionFailsTheStart() {
    QueueConfig disk = new QueueConfig(true, 1, 100, QueueConfig.Sizer.REQUESTS, false, "file_storage/missing",
        QueueConfig.Fsync.BATCH);
    ExporterHelper<Traces> h = new ExporterHelper<>(ComponentId.parse("otlp/test"), Signal.TRACES, sender, disk,
        RETRY, Duration.ZERO, time, () -> 0.5, null);
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> h.start(host));
    assertTrue(e.getMessage().startsWith("exporters::otlp/test::sending_queue::storage: 'file_storage/missing' is not "
        + "a started extension"), e.getMessage());
  }
}
