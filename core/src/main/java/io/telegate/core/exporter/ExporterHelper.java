package io.telegate.core.exporter;

import io.telegate.core.component.ComponentId;
import io.telegate.core.component.ComponentKind;
import io.telegate.core.component.Exporter;
import io.telegate.core.component.Host;
import io.telegate.core.component.Signal;
import io.telegate.core.consumer.Completions;
import io.telegate.core.consumer.ConsumerException;
import io.telegate.core.data.ClientContext;
import io.telegate.core.data.TelemetryData;
import io.telegate.core.extension.FileStorageExtension;
import io.telegate.core.flow.Acknowledgement;
import io.telegate.core.flow.MemoryBudget;
import io.telegate.core.health.ComponentHealth;
import io.telegate.core.telemetry.GatewayLogger;
import io.telegate.core.telemetry.MetricRegistry.Counter;
import io.telegate.core.telemetry.MetricRegistry;
import io.telegate.core.time.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

/**
 * Every exporter's chain: queue → batch → retry → timeout → send, with the Collector's
 * {@code sending_queue} (including {@code sending_queue.batch} and {@code wait_for_result}),
 * {@code retry_on_failure} and {@code timeout} settings.
 *
 * <p>With the queue on, a request is acknowledged once queued (in memory: once its bytes fit the
 * gateway's {@link MemoryBudget}; on disk: once written), and up to {@code num_consumers}
 * requests (or batches, with {@code sending_queue.batch}) are sent at once; with {@code
 * wait_for_result} or {@code service.acknowledgements: exported}, or without the queue, the
 * caller's completion is the send's outcome after retries. Batching runs on the queue's read
 * side ({@link QueueBatcher}): queued entries are gathered and sent as one request, and each is
 * acked (removed from the disk queue) only once that request was sent. Retry and timeout are the
 * {@link RetryStage}; per-key ordered delivery, for exporters that need it, is {@link
 * OrderedLanes} inside their sender.
 *
 * <p>This class owns the queue stage: admission, the dispatcher (event-driven, at most {@code
 * num_consumers} sends at once, handed to the host's executor so that the caller's answer never
 * waits for a send), the batcher's flush timer, and the lifecycle.
 *
 * <p>Shutdown stops taking data and drains within the deadline. What is left, including requests
 * waiting for a retry, stays on disk with the persistent queue; with the memory queue it is
 * counted as failed and logged once. Nothing vanishes unaccounted.
 */
public final class ExporterHelper<T extends TelemetryData<?>> implements Exporter<T> {

  /** Buckets of {@code otelcol_exporter_queue_batch_send_size}, as the batch processor's. */
  private static final double[] BATCH_SIZE_BOUNDS = {10, 25, 50, 75, 100, 250, 500, 750, 1000, 2000, 3000, 4000,
      5000, 6000, 7000, 8000, 9000, 10000, 20000, 30000, 50000, 100000};

  private final ComponentId id;
  private final Signal signal;
  private final Sender<T> sender;
  private final QueueConfig queueConfig;
  private volatile Scheduler scheduler;
  private volatile Executor executor = Runnable::run;
  private final Path storageDir;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean dispatchScheduled = new AtomicBoolean();
  private final Object lock = new Object();
  // Guarded by lock.
  private int inFlight;
  private boolean dispatching;
  private boolean dispatchAgain;
  private final RetryStage<T> retrying;
  private QueueBatcher<T> batcher;
  private Scheduler.Cancellable flushTimer;
  private boolean flushDue;
  private boolean waitForResult;

  private volatile boolean stopping;
  private volatile boolean stopped;
  private ExportQueue<T> queue;
  private GatewayLogger log = GatewayLogger.root();
  private ComponentHealth health;
  private Counter sent;
  private Counter sendFailed;
  private Counter enqueueFailed;
  private Counter retries;
  private MetricRegistry.Histogram batchSendSize;

  /**
   * @param scheduler the timer for retries, timeouts and batch flushes; null takes the host's at
   *     start
   * @param storageDir the persistent queue's directory, overriding {@code sending_queue.storage};
   *     null resolves that setting at start
   */
  public ExporterHelper(ComponentId id, Signal signal, Sender<T> sender, QueueConfig queue, RetryConfig retry,
      Duration timeout, Scheduler scheduler, DoubleSupplier random, Path storageDir) {
    this.id = id;
    this.signal = signal;
    this.sender = sender;
    this.queueConfig = queue;
    this.scheduler = scheduler;
    this.storageDir = storageDir;
    this.retrying = new RetryStage<>(id, signal, sender, retry, timeout, random);
  }

  /**
   * With the host's scheduler and random jitter. {@code sending_queue.storage} is resolved at
   * start: a {@code file_storage[/name]} extension id, or else a directory path.
   */
  /** No queue, no retry, no timeout: for senders that either work at once or not at all (debug, a scrape endpoint). */
  private static final QueueConfig NO_QUEUE = new QueueConfig(false, 1, 1, QueueConfig.Sizer.REQUESTS, false, null,
      QueueConfig.Fsync.NEVER);
  private static final RetryConfig NO_RETRY = new RetryConfig(false, Duration.ofSeconds(1), Duration.ofSeconds(1),
      Duration.ZERO, 1, 0);

  /** A helper without queue, retry or timeout, for a sender that takes data at once or never. */
  public static <T extends TelemetryData<?>> ExporterHelper<T> direct(ComponentId id, Signal signal, Sender<T> sender) {
    return queueOnly(id, signal, sender, NO_QUEUE);
  }

  /**
   * A helper with a {@code sending_queue} but no retry or timeout, for a sender that takes data
   * at once or never but whose exporter has the Collector's queue (built there with {@code
   * WithQueue} only: the {@code prometheus} exporter).
   */
  public static <T extends TelemetryData<?>> ExporterHelper<T> queueOnly(ComponentId id, Signal signal,
      Sender<T> sender, QueueConfig queue) {
    return create(id, signal, sender, queue, NO_RETRY, Duration.ZERO);
  }

  public static <T extends TelemetryData<?>> ExporterHelper<T> create(ComponentId id, Signal signal,
      Sender<T> sender, QueueConfig queue, RetryConfig retry, Duration timeout) {
    return new ExporterHelper<>(id, signal, sender, queue, retry, timeout, null,
        () -> ThreadLocalRandom.current().nextDouble(), null);
  }

  /** The queue directory: the explicit one, the file_storage extension's, or the storage path. */
  private Path queueDirectory(Host host) {
    if (storageDir != null) {
      return storageDir;
    }
    String storage = queueConfig.storage();
    if (storage == null) {
      return null;
    }
    if (storage.equals("file_storage") || storage.startsWith("file_storage/")) {
      return host.requiredExtension(ComponentId.parse(storage), FileStorageExtension.class,
          "a file_storage extension", "exporters::" + id + "::sending_queue::storage").directory();
    }
    return Path.of(storage);
  }

  @Override
  public void start(Host host) throws Exception {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    log = host.logger(ComponentKind.EXPORTER, id).with("otel.signal", signal.id());
    if (scheduler == null) {
      scheduler = host.scheduler();
    }
    executor = host.executor();
    waitForResult = queueConfig.waitForResult() || host.acknowledgement() == Acknowledgement.EXPORTED;
    health = host.health(ComponentKind.EXPORTER, id);
    MetricRegistry m = host.metrics();
    String item = signal.itemName();
    String[] labels = {"exporter", id.toString()};
    sent = m.counter("otelcol_exporter_sent_" + item, "Number of " + item + " successfully sent.", labels);
    sendFailed = m.counter("otelcol_exporter_send_failed_" + item,
        "Number of " + item + " that failed to be sent (permanent errors, retries exhausted, dropped at shutdown).",
        labels);
    enqueueFailed = m.counter("otelcol_exporter_enqueue_failed_" + item,
        "Number of " + item + " refused because the sending queue was full.", labels);
    retries = m.counter("telegate_exporter_retries", "Send attempts that were retried.",
        "exporter", id.toString(), "data_type", signal.id());
    if (queueConfig.enabled()) {
      Path dir = queueDirectory(host);
      queue = dir == null
          ? new MemoryQueue<>(queueConfig.queueSize(), queueConfig.blockOnOverflow(), this::sizeOf,
              host.memoryBudget(), scheduler)
          : PersistentQueue.open(dir.resolve(id.toString().replace('/', '_') + "-" + signal.id()),
              signal, queueConfig, this::sizeOf, log, host.memoryBudget().admissionWait(), scheduler,
              host.threads(ComponentKind.EXPORTER, id));
      String[] qLabels = {"exporter", id.toString(), "data_type", signal.id()};
      ExportQueue<T> q = queue;
      m.gauge("otelcol_exporter_queue_size", "Current size of the sending queue (in the sizer's unit).",
          q::size, qLabels);
      m.gauge("otelcol_exporter_queue_capacity", "Capacity of the sending queue (in the sizer's unit).",
          q::capacity, qLabels);
      if (queueConfig.batch() != null) {
        batcher = new QueueBatcher<>(queueConfig.batch(), queueConfig.sizer());
        batchSendSize = m.histogram("otelcol_exporter_queue_batch_send_size",
            "Number of units in the batch sent by the queue's batcher.", BATCH_SIZE_BOUNDS, qLabels);
      }
    }
    m.gauge("otelcol_exporter_in_flight_requests", "Requests being sent or waiting for a retry.",
        this::inFlight, "exporter", id.toString(), "data_type", signal.id());
    retrying.start(new RetryStage.Context(scheduler, executor, sent, sendFailed, retries, health, log));
    sender.start(host);
    if (queue != null && queue.pendingEntries() > 0) {
      log.info("resuming the persistent queue", "requests", queue.pendingEntries());
      dispatch();
    }
  }

  private long sizeOf(T data) {
    return switch (queueConfig.sizer()) {
      case REQUESTS -> 1;
      case ITEMS -> data.itemCount();
      case BYTES -> data.encodedSize();
    };
  }

  private double inFlight() {
    synchronized (lock) {
      return inFlight;
    }
  }

  @Override
  public CompletableFuture<Void> consume(T data) {
    if (stopping || !started.get()) {
      return Completions.failed(ConsumerException.retryable("exporter " + id + " is not running"));
    }
    if (data.isEmpty()) {
      return Completions.done();
    }
    if (queue == null) {
      return send(data);
    }
    CompletableFuture<Void> result = waitForResult ? new CompletableFuture<>() : null;
    CompletableFuture<Void> admitted = queue.offer(data, result);
    if (admitted.isDone() && !admitted.isCompletedExceptionally()) {
      scheduleDispatch();
      return result == null ? admitted : result;
    }
    CompletableFuture<Void> queued = admitted.whenComplete((v, t) -> {
      if (t != null) {
        enqueueFailed.add(data.itemCount());
      } else {
        scheduleDispatch();
      }
    });
    return result == null ? queued : queued.thenCompose(v -> result);
  }

  /**
   * Runs {@link #dispatch} on the host's executor, so that the caller (a receiver about to answer
   * its client) does not wait for a send, and with it a translation, to start. At most one such
   * hand-over is pending at a time.
   */
  private void scheduleDispatch() {
    if (dispatchScheduled.compareAndSet(false, true)) {
      try {
        executor.execute(() -> {
          dispatchScheduled.set(false);
          dispatch();
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        dispatchScheduled.set(false);
        dispatch();
      }
    }
  }

  /**
   * Starts sends while fewer than num_consumers run; loops instead of recursing on quick
   * completions. With a batcher, entries are gathered until a batch is due, and a flush timer
   * covers the oldest one gathered.
   */
  private void dispatch() {
    synchronized (lock) {
      if (dispatching) {
        dispatchAgain = true;
        return;
      }
      dispatching = true;
    }
    while (true) {
      List<ExportQueue.Entry<T>> due = null;
      synchronized (lock) {
        if (!stopped && inFlight < queueConfig.numConsumers()) {
          due = nextLocked();
          if (due != null) {
            inFlight++;
          }
        }
        if (due == null) {
          if (dispatchAgain) {
            dispatchAgain = false;
            continue;
          }
          dispatching = false;
          armFlushTimerLocked();
          return;
        }
      }
      sendEntries(due);
    }
  }

  /** The next entries to send as one request, or null. Caller holds the lock. */
  private List<ExportQueue.Entry<T>> nextLocked() {
    if (batcher == null) {
      ExportQueue.Entry<T> e = queue.poll();
      return e == null ? null : List.of(e);
    }
    if (flushDue || stopping) {
      flushDue = false;
      if (!batcher.isEmpty()) {
        cancelFlushTimerLocked();
        return batcher.take();
      }
    }
    while (true) {
      ExportQueue.Entry<T> e = queue.poll();
      if (e == null) {
        return stopping && !batcher.isEmpty() ? batcher.take() : null;
      }
      List<ExportQueue.Entry<T>> due = batcher.add(e, scheduler.nanoTime());
      if (due != null) {
        cancelFlushTimerLocked();
        return due;
      }
    }
  }

  private void cancelFlushTimerLocked() {
    if (flushTimer != null) {
      flushTimer.cancel();
      flushTimer = null;
    }
  }

  /** Makes sure a timer covers the oldest gathered entry. Caller holds the lock. */
  private void armFlushTimerLocked() {
    if (batcher == null || batcher.isEmpty() || flushTimer != null || stopped) {
      return;
    }
    long delay = Math.max(0, batcher.flushDeadline() - scheduler.nanoTime());
    flushTimer = scheduler.schedule(() -> {
      synchronized (lock) {
        flushTimer = null;
        flushDue = true;
      }
      executor.execute(this::dispatch);
    }, Duration.ofNanos(delay));
  }

  /** Sends entries as one request; acks each once the request was sent or given up on. */
  private void sendEntries(List<ExportQueue.Entry<T>> entries) {
    CompletableFuture<Void> outcome;
    if (entries.size() == 1) {
      outcome = send(entries.get(0).data());
    } else {
      List<T> parts = new ArrayList<>(entries.size());
      long units = 0;
      for (ExportQueue.Entry<T> e : entries) {
        parts.add(e.data());
        units += batcher.sizeOf(e.data());
      }
      batchSendSize.record(units);
      T merged = null;
      try {
        merged = TelemetryData.concat(parts, ClientContext.EMPTY);
      } catch (RuntimeException e) {
        long items = 0;
        for (T p : parts) {
          items += p.itemCount();
        }
        sendFailed.add(items);
        log.error("cannot merge queued requests; dropping them", e, "dropped_items", items);
      }
      outcome = merged != null ? send(merged)
          : Completions.failed(ConsumerException.permanent("cannot merge queued requests"));
    }
    outcome.whenComplete((v, t) -> {
      boolean abandoned = t != null && ConsumerException.from(t) == RetryStage.ABANDONED;
      for (ExportQueue.Entry<T> e : entries) {
        if (!abandoned) {
          queue.ack(e);
        }
        if (e.result() != null) {
          if (t == null) {
            e.result().complete(null);
          } else {
            e.result().completeExceptionally(t);
          }
        }
      }
      synchronized (lock) {
        inFlight--;
        lock.notifyAll();
      }
      dispatch();
    });
  }

  /**
   * Sends through the retry stage; without a queue, counts the request in flight while it is
   * there (with a queue, the dispatcher counts it).
   */
  private CompletableFuture<Void> send(T data) {
    if (queue != null) {
      return retrying.send(data);
    }
    synchronized (lock) {
      inFlight++;
    }
    CompletableFuture<Void> result = retrying.send(data);
    result.whenComplete((v, t) -> {
      synchronized (lock) {
        inFlight--;
        lock.notifyAll();
      }
    });
    return result;
  }

  @Override
  public void shutdown(Duration drainTimeout) {
    if (stopping) {
      return;
    }
    stopping = true;
    if (!started.get()) {
      return;
    }
    retrying.stopRetrying(queue != null && queue.isPersistent());
    if (batcher != null) {
      dispatch(); // flushes what the batcher gathered, without waiting for its timer
    }
    // The drain is a real wait on this thread, so its deadline is on the real clock.
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    synchronized (lock) {
      while ((inFlight > 0 || (queue != null && queue.pendingEntries() > 0)) && !stopped) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          lock.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      stopped = true;
    }
    long abandonedItems = retrying.abandonAll();
    long queuedItems = 0;
    List<ExportQueue.Entry<T>> gathered = List.of();
    synchronized (lock) {
      cancelFlushTimerLocked();
      if (batcher != null) {
        gathered = batcher.take();
      }
    }
    boolean persistentQueue = queue != null && queue.isPersistent();
    for (ExportQueue.Entry<T> e : gathered) {
      // Polled but never sent: the disk queue keeps them (not acked); in memory they are lost.
      queuedItems += e.data().itemCount();
      if (!persistentQueue) {
        queue.ack(e);
      }
      if (e.result() != null) {
        e.result().completeExceptionally(ExportQueue.SHUT_DOWN_BEFORE_SENT);
      }
    }
    queuedItems += queue == null ? 0 : queue.close();
    boolean persistent = queue != null && queue.isPersistent();
    long lost = persistent ? 0 : abandonedItems + queuedItems;
    if (lost > 0) {
      sendFailed.add(lost);
      log.error("shutdown deadline reached; dropping what was not sent", null, "dropped_items", lost,
          "timeout", drainTimeout.toString());
    } else if (persistent && (abandonedItems + queuedItems) > 0) {
      log.info("shutdown deadline reached; unsent data stays in the persistent queue",
          "items", abandonedItems + queuedItems);
    }
    sender.shutdown();
  }
}
